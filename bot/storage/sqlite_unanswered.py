"""Questions the bot could not answer, stored without who asked (e-mail addresses and phone
numbers redacted), grouped by their folded text."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.storage.sqlite_base import SqliteDatabase
from bot.text import words

MAX_UNANSWERED_CHARS = 300
_EMAIL_RE = re.compile(r"[^\s@]+@[^\s@]+")
_LONG_NUMBER_RE = re.compile(r"\+?\d[\d\s\-.]{5,}\d")
_SPACES_RE = re.compile(r"\s+")


def redact(text: str, names: Sequence[str] = ()) -> str:
    """`text` with e-mail addresses, long numbers (phone numbers) and the words of `names`
    (the asker's own name) replaced, trimmed."""
    for word in _name_words(names):
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", "[naam]", text, flags=re.IGNORECASE)
    text = _EMAIL_RE.sub("[e-mail]", text)
    text = _LONG_NUMBER_RE.sub("[nummer]", text)
    text = _SPACES_RE.sub(" ", text).strip()
    return text[:MAX_UNANSWERED_CHARS]


def _name_words(names: Sequence[str]) -> list[str]:
    """The words of `names` worth redacting (two letters or more), longest first."""
    found = {word for name in names for word in re.findall(r"\w[\w'-]+", name)}
    return sorted(found, key=len, reverse=True)


def question_group_key(text: str) -> str:
    """The key that groups the same question asked in slightly different ways."""
    return words(text, keep="[]")


class SqliteUnanswered(SqliteDatabase):
    """`bot.storage.base.UnansweredStore` on the SQLite file."""

    def record_unanswered(self, text: str, at: float, *, names: Sequence[str] = ()) -> None:
        shown = redact(text, names)
        key = question_group_key(shown)
        if not key:
            return
        with self._write() as conn:
            conn.execute(
                """INSERT INTO unanswered (group_key, text, count, last_asked) VALUES (?, ?, 1, ?)
                ON CONFLICT (group_key) DO UPDATE SET count = count + 1,
                    text = excluded.text, last_asked = MAX(last_asked, excluded.last_asked)""",
                (key, shown, at),
            )

    def forget_names(self, names: Sequence[str]) -> int:
        """Drop every recorded question that mentions a word of `names` (after a deletion)."""
        wanted = {question_group_key(word) for word in _name_words(names)} - {""}
        if not wanted:
            return 0
        with self._write() as conn:
            rows = conn.execute("SELECT group_key FROM unanswered").fetchall()
            doomed = [str(row[0]) for row in rows if wanted & set(str(row[0]).split())]
            conn.executemany("DELETE FROM unanswered WHERE group_key = ?", [(k,) for k in doomed])
        return len(doomed)

    def unanswered_summary(self, limit: int = 50) -> list[tuple[str, int, float]]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT text, count, last_asked FROM unanswered "
                "ORDER BY last_asked DESC, group_key LIMIT ?",
                (limit,),
            ).fetchall()
        return [(str(row[0]), int(row[1]), float(row[2])) for row in rows]
