"""The outbox table: messages to coordinators, sent at least once and recorded exactly once."""

from __future__ import annotations

import json
import sqlite3
import time
from typing import Any

from bot.storage.base import OutboxItem, OutboxRequest
from bot.storage.sqlite_base import SqliteDatabase

SCRUBBED_PAYLOAD: dict[str, Any] = {"scrubbed": True}
# Notice kinds whose payload holds personal data of an already deleted sign-up: their payload
# is scrubbed as soon as they are sent.
SCRUB_AFTER_SEND_KINDS = frozenset({"withdrawn", "duplicate"})
# Notices that carry the status buttons of a sign-up: each sent copy is remembered.
COPY_KINDS = frozenset({"signup"})


class SqliteOutbox(SqliteDatabase):
    """`bot.storage.base.OutboxStore` on the SQLite file."""

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
                in_doubt=row["sending_at"] is not None,
            )
            for row in rows
        ]

    def mark_sending(self, item_id: int, at: float) -> None:
        """Record that an attempt starts now: if its outcome is never learnt (a time-out, a
        kill), the next attempt is in doubt and says it may be a repeat."""
        with self._write() as conn:
            conn.execute("UPDATE outbox SET sending_at = ? WHERE id = ?", (at, item_id))

    def mark_sent(self, item_id: int, message_id: int | None, at: float) -> None:
        with self._write() as conn:
            conn.execute(
                """UPDATE outbox SET sent_at = ?, message_id = ?, attempts = attempts + 1,
                    last_error = NULL, sending_at = NULL
                WHERE id = ? AND sent_at IS NULL""",
                (at, message_id, item_id),
            )
            row = conn.execute(
                "SELECT kind, chat_id, signup_id FROM outbox WHERE id = ?", (item_id,)
            ).fetchone()
            if row is not None and row[0] in COPY_KINDS and row[2] is not None and message_id:
                self._add_copy(conn, int(row[2]), str(row[1]), message_id)
            placeholders = ",".join("?" for _ in SCRUB_AFTER_SEND_KINDS)
            conn.execute(
                f"UPDATE outbox SET payload_json = ? WHERE id = ? AND kind IN ({placeholders})",
                (json.dumps(SCRUBBED_PAYLOAD), item_id, *sorted(SCRUB_AFTER_SEND_KINDS)),
            )

    def mark_failed(
        self, item_id: int, error: str, retry_at: float, *, in_doubt: bool = False
    ) -> None:
        """A failed attempt; `in_doubt` when Telegram may have delivered it all the same."""
        with self._write() as conn:
            conn.execute(
                """UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
                    sending_at = CASE WHEN ? THEN sending_at ELSE NULL END
                WHERE id = ? AND sent_at IS NULL""",
                (error[:500], retry_at, int(in_doubt), item_id),
            )

    # -- copies of coordinator notices ----------------------------------------------------

    @staticmethod
    def _add_copy(conn: sqlite3.Connection, signup_id: int, chat_id: str, message_id: int) -> None:
        conn.execute(
            "INSERT OR IGNORE INTO notice_copies (signup_id, chat_id, message_id) VALUES (?, ?, ?)",
            (signup_id, chat_id, message_id),
        )

    def add_notice_copy(self, signup_id: int, chat_id: str, message_id: int) -> None:
        """Remember a message that shows sign-up `signup_id` (e.g. a copy whose send timed out
        and that a coordinator pressed a button on)."""
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM signups WHERE id = ?", (signup_id,)).fetchone():
                self._add_copy(conn, signup_id, chat_id, message_id)

    def notice_copies(self, signup_id: int, chat_id: str) -> list[int]:
        """The message ids of every known copy of sign-up `signup_id`'s notice in `chat_id`."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT message_id FROM notice_copies WHERE signup_id = ? AND chat_id = ? "
                "ORDER BY message_id",
                (signup_id, chat_id),
            ).fetchall()
        return [int(row[0]) for row in rows]

    @staticmethod
    def _known_copies(conn: sqlite3.Connection, signup_id: int) -> dict[str, tuple[int, ...]]:
        """Chats that received a notice about `signup_id`, with the message ids of its copies."""
        copies: dict[str, set[int]] = {}
        for (chat_id,) in conn.execute(
            "SELECT chat_id FROM outbox WHERE signup_id = ? AND sent_at IS NOT NULL",
            (signup_id,),
        ):
            copies.setdefault(str(chat_id), set())
        for chat_id, message_id in conn.execute(
            "SELECT chat_id, message_id FROM notice_copies WHERE signup_id = ?", (signup_id,)
        ):
            copies.setdefault(str(chat_id), set()).add(int(message_id))
        return {chat: tuple(sorted(ids)) for chat, ids in copies.items()}

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
