"""SQLite implementation of `bot.storage.base.Storage`.

One file, WAL journal, `synchronous=FULL` (a commit survives a crash or power loss before the
user is told anything), a `schema_version` table with ordered migrations, and `BEGIN IMMEDIATE`
for every write, so capacity checks and the writes they guard cannot interleave with another
writer. Every method commits before it returns. A lock makes one instance safe to share between
the threads of one process (e.g. an asyncio loop plus `asyncio.to_thread`).
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bot.domain import STATUS_REJECTED, STATUS_WITHDRAWN, Capacity, Signup, SignupData
from bot.storage.base import (
    NoticeBuilder,
    OutboxItem,
    OutboxRequest,
    SubmitResult,
    WaitlistRule,
    WithdrawNoticeBuilder,
)

# Ordered migrations: index + 1 is the schema version each one produces. Never edit a released
# entry; append a new one instead.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: the first schema.
    (
        """CREATE TABLE conversation_state (
            key TEXT PRIMARY KEY,
            state_json TEXT NOT NULL,
            updated_at REAL NOT NULL
        )""",
        """CREATE TABLE signups (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_key TEXT NOT NULL,
            name TEXT NOT NULL,
            gemeente TEXT NOT NULL,
            role TEXT NOT NULL,
            email TEXT NOT NULL UNIQUE,
            phone TEXT,
            remarks TEXT,
            status TEXT NOT NULL,
            waitlisted INTEGER NOT NULL DEFAULT 0,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            acted_by TEXT,
            acted_at REAL
        )""",
        "CREATE INDEX signups_user_key ON signups (user_key)",
        """CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            chat_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            payload_json TEXT NOT NULL,
            dedupe_key TEXT NOT NULL UNIQUE,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL,
            sent_at REAL,
            message_id INTEGER,
            last_error TEXT,
            created_at REAL NOT NULL
        )""",
        "CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at)",
        """CREATE TABLE unanswered (
            group_key TEXT PRIMARY KEY,
            text TEXT NOT NULL,
            count INTEGER NOT NULL,
            last_asked REAL NOT NULL
        )""",
    ),
    # 2: a version per sign-up (dedupe of update notices) and the outbox's link to its sign-up
    # (so a deletion can drop and scrub the notices about it).
    (
        "ALTER TABLE signups ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
        "ALTER TABLE outbox ADD COLUMN signup_id INTEGER",
        "CREATE INDEX outbox_signup ON outbox (signup_id)",
    ),
    # 3: when a conversation's form was last touched, to find idle forms without a full scan.
    (
        "ALTER TABLE conversation_state ADD COLUMN form_active_at REAL",
        "CREATE INDEX conversation_form_active ON conversation_state (form_active_at)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)

SCRUBBED_PAYLOAD: dict[str, Any] = {"scrubbed": True}
# Notice kinds whose payload holds personal data of an already deleted sign-up: their payload
# is scrubbed as soon as they are sent.
SCRUB_AFTER_SEND_KINDS = frozenset({"withdrawn"})

MAX_UNANSWERED_CHARS = 300
_EMAIL_RE = re.compile(r"[^\s@]+@[^\s@]+")
_LONG_NUMBER_RE = re.compile(r"\+?\d[\d\s\-.]{5,}\d")
_SPACES_RE = re.compile(r"\s+")


class SchemaError(RuntimeError):
    """The database file has a schema this code cannot handle."""


def apply_migrations(conn: sqlite3.Connection, *, target: int = SCHEMA_VERSION) -> int:
    """Bring `conn`'s schema up to version `target`; returns the version it was at.

    `conn` must be in autocommit mode (isolation_level=None). Each migration runs in its own
    transaction together with the version bump, so a crash leaves a consistent version.
    """
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = conn.execute("SELECT version FROM schema_version").fetchone()
    if row is None:
        conn.execute("INSERT INTO schema_version (version) VALUES (0)")
        start = 0
    else:
        start = int(row[0])
    if start > SCHEMA_VERSION:
        raise SchemaError(
            f"database schema version {start} is newer than this code ({SCHEMA_VERSION})"
        )
    for version in range(start + 1, target + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in MIGRATIONS[version - 1]:
                conn.execute(statement)
            conn.execute("UPDATE schema_version SET version = ?", (version,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return start


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


class SqliteStorage:
    """Everything the bot stores, in one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(
            str(path), isolation_level=None, check_same_thread=False, timeout=30.0
        )
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=FULL")
        self._conn.execute("PRAGMA foreign_keys=ON")
        with self._lock:
            apply_migrations(self._conn)

    # -- plumbing -------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction taken up front (BEGIN IMMEDIATE), committed on success."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def schema_version(self) -> int:
        """The schema version of the open file."""
        with self._lock:
            row = self._conn.execute("SELECT version FROM schema_version").fetchone()
        return int(row[0])

    def journal_mode(self) -> str:
        """The journal mode in effect ("wal")."""
        with self._lock:
            row = self._conn.execute("PRAGMA journal_mode").fetchone()
        return str(row[0])

    def close(self) -> None:
        """Close the file (a WAL checkpoint runs on close)."""
        with self._lock:
            self._conn.close()

    # -- conversation state ---------------------------------------------------------------

    def load_state(self, key: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT state_json FROM conversation_state WHERE key = ?", (key,)
            ).fetchone()
        if row is None:
            return None
        state: dict[str, Any] = json.loads(row[0])
        return state

    def save_state(self, key: str, state: dict[str, Any]) -> None:
        form = state.get("form")
        form_active_at = form.get("updated_at") if isinstance(form, dict) else None
        encoded = json.dumps(state, ensure_ascii=False)
        with self._write() as conn:
            conn.execute(
                """INSERT INTO conversation_state (key, state_json, updated_at, form_active_at)
                VALUES (?, ?, ?, ?)
                ON CONFLICT (key) DO UPDATE SET state_json = excluded.state_json,
                    updated_at = excluded.updated_at, form_active_at = excluded.form_active_at""",
                (key, encoded, time.time(), form_active_at),
            )

    def delete_state(self, key: str) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM conversation_state WHERE key = ?", (key,))

    def forms_idle_since(self, before: float) -> list[tuple[str, dict[str, Any]]]:
        with self._lock:
            rows = self._conn.execute(
                """SELECT key, state_json FROM conversation_state
                WHERE form_active_at IS NOT NULL AND form_active_at <= ? ORDER BY key""",
                (before,),
            ).fetchall()
        return [(str(row[0]), json.loads(row[1])) for row in rows]

    # -- sign-ups -------------------------------------------------------------------------

    @staticmethod
    def _signup_from_row(row: sqlite3.Row) -> Signup:
        return Signup(
            id=int(row["id"]),
            user_key=row["user_key"],
            data=SignupData(
                name=row["name"],
                gemeente=row["gemeente"],
                role=row["role"],
                email=row["email"],
                phone=row["phone"],
                remarks=row["remarks"],
            ),
            status=row["status"],
            waitlisted=bool(row["waitlisted"]),
            created_at=float(row["created_at"]),
            updated_at=float(row["updated_at"]),
            acted_by=row["acted_by"],
            acted_at=row["acted_at"],
            version=int(row["version"]),
        )

    def _get_by_email(self, conn: sqlite3.Connection, email: str) -> Signup | None:
        row = conn.execute("SELECT * FROM signups WHERE email = ?", (email,)).fetchone()
        return self._signup_from_row(row) if row is not None else None

    def _get(self, conn: sqlite3.Connection, signup_id: int) -> Signup | None:
        row = conn.execute("SELECT * FROM signups WHERE id = ?", (signup_id,)).fetchone()
        return self._signup_from_row(row) if row is not None else None

    def _capacity(self, conn: sqlite3.Connection, exclude_id: int | None = None) -> Capacity:
        rows = conn.execute(
            """SELECT gemeente, role FROM signups
            WHERE waitlisted = 0 AND status NOT IN (?, ?) AND id IS NOT ?
            ORDER BY id""",
            (STATUS_WITHDRAWN, STATUS_REJECTED, exclude_id),
        ).fetchall()
        capacity = Capacity()
        for row in rows:
            gemeente, role = str(row[0]), str(row[1])
            capacity.per_gemeente[gemeente] = capacity.per_gemeente.get(gemeente, 0) + 1
            capacity.roles_per_gemeente.setdefault(gemeente, []).append(role)
        capacity.gemeenten = len(capacity.per_gemeente)
        return capacity

    def _insert_outbox(
        self, conn: sqlite3.Connection, request: OutboxRequest, signup_id: int | None, now: float
    ) -> int | None:
        cursor = conn.execute(
            """INSERT INTO outbox (chat_id, kind, payload_json, dedupe_key, next_attempt_at,
                created_at, signup_id)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING""",
            (
                request.chat_id,
                request.kind,
                json.dumps(request.payload, ensure_ascii=False),
                request.dedupe_key,
                now,
                now,
                signup_id,
            ),
        )
        return cursor.lastrowid if cursor.rowcount == 1 else None

    def _upsert(
        self, conn: sqlite3.Connection, user_key: str, data: SignupData, waitlisted: bool, at: float
    ) -> tuple[Signup, bool, bool]:
        """Insert or update by e-mail inside an open transaction: (signup, created, changed)."""
        existing = self._get_by_email(conn, data.email)
        if existing is None:
            cursor = conn.execute(
                """INSERT INTO signups (user_key, name, gemeente, role, email, phone, remarks,
                    status, waitlisted, created_at, updated_at, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'nieuw', ?, ?, ?, 1)""",
                (
                    user_key,
                    data.name,
                    data.gemeente,
                    data.role,
                    data.email,
                    data.phone,
                    data.remarks,
                    int(waitlisted),
                    at,
                    at,
                ),
            )
            signup = self._get(conn, int(cursor.lastrowid or 0))
            assert signup is not None
            return signup, True, True
        unchanged = (
            existing.data == data
            and existing.waitlisted == waitlisted
            and existing.user_key == user_key
        )
        if unchanged:
            return existing, False, False
        conn.execute(
            """UPDATE signups SET user_key = ?, name = ?, gemeente = ?, role = ?, phone = ?,
                remarks = ?, waitlisted = ?, updated_at = ?, version = version + 1
            WHERE id = ?""",
            (
                user_key,
                data.name,
                data.gemeente,
                data.role,
                data.phone,
                data.remarks,
                int(waitlisted),
                at,
                existing.id,
            ),
        )
        signup = self._get(conn, existing.id)
        assert signup is not None
        return signup, False, True

    def save_signup(
        self, user_key: str, data: SignupData, *, waitlisted: bool
    ) -> tuple[Signup, bool]:
        with self._write() as conn:
            signup, created, _changed = self._upsert(conn, user_key, data, waitlisted, time.time())
        return signup, created

    def submit_signup(
        self,
        user_key: str,
        data: SignupData,
        *,
        at: float,
        waitlist_rule: WaitlistRule,
        notices: NoticeBuilder,
    ) -> SubmitResult:
        with self._write() as conn:
            existing = self._get_by_email(conn, data.email)
            before = self._capacity(conn, exclude_id=existing.id if existing else None)
            reason = waitlist_rule(before, data)
            signup, created, changed = self._upsert(conn, user_key, data, reason is not None, at)
            after = self._capacity(conn)
            enqueued = 0
            if changed:
                for request in notices(signup, after, created):
                    if self._insert_outbox(conn, request, signup.id, at) is not None:
                        enqueued += 1
        return SubmitResult(signup, created, changed, reason, after, enqueued)

    def get_signup(self, signup_id: int) -> Signup | None:
        with self._lock:
            return self._get(self._conn, signup_id)

    def signups_for_user(self, user_key: str) -> list[Signup]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT * FROM signups WHERE user_key = ? ORDER BY id", (user_key,)
            ).fetchall()
        return [self._signup_from_row(row) for row in rows]

    def list_signups(self, *, waitlisted: bool | None = None) -> list[Signup]:
        with self._lock:
            if waitlisted is None:
                rows = self._conn.execute("SELECT * FROM signups ORDER BY id").fetchall()
            else:
                rows = self._conn.execute(
                    "SELECT * FROM signups WHERE waitlisted = ? ORDER BY id", (int(waitlisted),)
                ).fetchall()
        return [self._signup_from_row(row) for row in rows]

    def set_status(self, signup_id: int, status: str, *, actor: str, at: float) -> Signup | None:
        with self._write() as conn:
            conn.execute(
                "UPDATE signups SET status = ?, acted_by = ?, acted_at = ? WHERE id = ?",
                (status, actor, at, signup_id),
            )
            return self._get(conn, signup_id)

    def delete_user_signups(self, user_key: str) -> list[Signup]:
        return self.withdraw_user_signups(user_key, lambda _signup, _chats: ())

    def withdraw_user_signups(self, user_key: str, notices: WithdrawNoticeBuilder) -> list[Signup]:
        now = time.time()
        with self._write() as conn:
            rows = conn.execute(
                "SELECT * FROM signups WHERE user_key = ? ORDER BY id", (user_key,)
            ).fetchall()
            deleted = [self._signup_from_row(row) for row in rows]
            for signup in deleted:
                told = frozenset(
                    str(row[0])
                    for row in conn.execute(
                        "SELECT DISTINCT chat_id FROM outbox WHERE signup_id = ? "
                        "AND sent_at IS NOT NULL",
                        (signup.id,),
                    )
                )
                conn.execute(
                    "DELETE FROM outbox WHERE signup_id = ? AND sent_at IS NULL", (signup.id,)
                )
                conn.execute(
                    "UPDATE outbox SET payload_json = ? WHERE signup_id = ?",
                    (json.dumps(SCRUBBED_PAYLOAD), signup.id),
                )
                conn.execute("DELETE FROM signups WHERE id = ?", (signup.id,))
                for request in notices(signup, told):
                    # Not linked to the (deleted) sign-up id: ids are never reused
                    # (AUTOINCREMENT), but the notice must survive a later scrub.
                    self._insert_outbox(conn, request, None, now)
        return deleted

    def capacity(self) -> Capacity:
        with self._lock:
            return self._capacity(self._conn)

    # -- outbox ---------------------------------------------------------------------------

    def enqueue(
        self,
        chat_id: str,
        kind: str,
        payload: dict[str, Any],
        dedupe_key: str,
        *,
        signup_id: int | None = None,
    ) -> int | None:
        with self._write() as conn:
            return self._insert_outbox(
                conn, OutboxRequest(chat_id, kind, payload, dedupe_key), signup_id, time.time()
            )

    def due_items(self, now: float, limit: int = 50) -> list[OutboxItem]:
        with self._lock:
            rows = self._conn.execute(
                """SELECT * FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= ?
                ORDER BY next_attempt_at, id LIMIT ?""",
                (now, limit),
            ).fetchall()
        return [
            OutboxItem(
                id=int(row["id"]),
                chat_id=row["chat_id"],
                kind=row["kind"],
                payload=json.loads(row["payload_json"]),
                attempts=int(row["attempts"]),
                next_attempt_at=float(row["next_attempt_at"]),
                last_error=row["last_error"],
                signup_id=row["signup_id"],
            )
            for row in rows
        ]

    def mark_sent(self, item_id: int, message_id: int | None, at: float) -> None:
        with self._write() as conn:
            conn.execute(
                """UPDATE outbox SET sent_at = ?, message_id = ?, attempts = attempts + 1,
                    last_error = NULL
                WHERE id = ? AND sent_at IS NULL""",
                (at, message_id, item_id),
            )
            placeholders = ",".join("?" for _ in SCRUB_AFTER_SEND_KINDS)
            conn.execute(
                f"UPDATE outbox SET payload_json = ? WHERE id = ? AND kind IN ({placeholders})",
                (json.dumps(SCRUBBED_PAYLOAD), item_id, *sorted(SCRUB_AFTER_SEND_KINDS)),
            )

    def mark_failed(self, item_id: int, error: str, retry_at: float) -> None:
        with self._write() as conn:
            conn.execute(
                """UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?
                WHERE id = ? AND sent_at IS NULL""",
                (error[:500], retry_at, item_id),
            )

    def pending_count(self) -> int:
        with self._lock:
            row = self._conn.execute("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").fetchone()
        return int(row[0])

    def outbox_counts(self) -> dict[str, int]:
        """{"pending": n, "sent": n} over the whole outbox."""
        with self._lock:
            row = self._conn.execute(
                "SELECT SUM(sent_at IS NULL), SUM(sent_at IS NOT NULL) FROM outbox"
            ).fetchone()
        return {"pending": int(row[0] or 0), "sent": int(row[1] or 0)}

    def sent_message_id(self, dedupe_key: str) -> int | None:
        """The Telegram message id recorded for the item with `dedupe_key`, if sent."""
        with self._lock:
            row = self._conn.execute(
                "SELECT message_id FROM outbox WHERE dedupe_key = ? AND sent_at IS NOT NULL",
                (dedupe_key,),
            ).fetchone()
        return int(row[0]) if row is not None and row[0] is not None else None

    # -- unanswered questions -------------------------------------------------------------

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
