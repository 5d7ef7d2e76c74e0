"""Questions the bot could not answer, stored without who asked (e-mail addresses and phone
numbers redacted), grouped by their folded text."""

from __future__ import annotations

import re
import unicodedata

from bot.storage.sqlite_base import SqliteDatabase

MAX_UNANSWERED_CHARS = 300
_EMAIL_RE = re.compile(r"[^\s@]+@[^\s@]+")
_LONG_NUMBER_RE = re.compile(r"\+?\d[\d\s\-.]{5,}\d")
_SPACES_RE = re.compile(r"\s+")


def redact(text: str) -> str:
    """`text` with e-mail addresses and long numbers (phone numbers) replaced, trimmed."""
    text = _EMAIL_RE.sub("[e-mail]", text)
    text = _LONG_NUMBER_RE.sub("[nummer]", text)
    text = _SPACES_RE.sub(" ", text).strip()
    return text[:MAX_UNANSWERED_CHARS]


def question_group_key(text: str) -> str:
    """The key that groups the same question asked in slightly different ways."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = re.sub(r"[^\w\s\[\]]", " ", folded)
    return _SPACES_RE.sub(" ", folded).strip()


class SqliteUnanswered(SqliteDatabase):
    """`bot.storage.base.UnansweredStore` on the SQLite file."""

    def record_unanswered(self, text: str, at: float) -> None:
        shown = redact(text)
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

    def unanswered_summary(self, limit: int = 50) -> list[tuple[str, int, float]]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT text, count, last_asked FROM unanswered "
                "ORDER BY last_asked DESC, group_key LIMIT ?",
                (limit,),
            ).fetchall()
        return [(str(row[0]), int(row[1]), float(row[2])) for row in rows]
