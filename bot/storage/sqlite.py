"""SQLite implementation of `bot.storage.base.Storage`: conversation state and sign-ups here,
the outbox and unanswered questions in their own modules, all in one file (see sqlite_base).
Every method commits before it returns; capacity checks and the writes they guard run in one
`BEGIN IMMEDIATE` transaction, so they cannot interleave with another writer.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from bot.domain import (
    STATUS_REJECTED,
    STATUS_WITHDRAWN,
    Capacity,
    Language,
    ProgrammeRules,
    Signup,
    SignupData,
)
from bot.knowledge.loader import default_programme_rules
from bot.storage.base import (
    DuplicateNoticeBuilder,
    NoticeBuilder,
    SubmitResult,
    WaitlistRule,
    WithdrawNoticeBuilder,
)
from bot.storage.sqlite_handoffs import SqliteHandoffs
from bot.storage.sqlite_outbox import SCRUBBED_PAYLOAD, SqliteOutbox
from bot.storage.sqlite_unanswered import SqliteUnanswered


class SqliteStorage(SqliteHandoffs, SqliteOutbox, SqliteUnanswered):
    """Everything the bot stores, in one SQLite file. Capacity is measured against `rules`
    (default: those of knowledge/leernetwerk.yaml)."""

    def __init__(self, path: str | Path, rules: ProgrammeRules | None = None) -> None:
        super().__init__(path)
        self.rules = rules or default_programme_rules()

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
            language=row["language"],
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
        capacity = Capacity(self.rules)
        for row in rows:
            gemeente, role = str(row[0]), str(row[1])
            capacity.per_gemeente[gemeente] = capacity.per_gemeente.get(gemeente, 0) + 1
            capacity.roles_per_gemeente.setdefault(gemeente, []).append(role)
        capacity.gemeenten = len(capacity.per_gemeente)
        return capacity

    def _own_signup(
        self, conn: sqlite3.Connection, user_key: str, data: SignupData
    ) -> tuple[Signup | None, Signup | None]:
        """(this user's sign-up that `data` updates, another user's sign-up with its e-mail)."""
        by_email = self._get_by_email(conn, data.email)
        if by_email is not None:
            return (by_email, None) if by_email.user_key == user_key else (None, by_email)
        # A new e-mail address: the same person correcting theirs updates their own sign-up.
        for row in conn.execute(
            "SELECT * FROM signups WHERE user_key = ? ORDER BY id", (user_key,)
        ):
            own = self._signup_from_row(row)
            if _folded(own.data.name) == _folded(data.name):
                return own, None
        return None, None

    def _upsert(
        self,
        conn: sqlite3.Connection,
        user_key: str,
        data: SignupData,
        waitlisted: bool,
        at: float,
        existing: Signup | None,
        language: str,
    ) -> tuple[Signup, bool, bool]:
        """Insert, or update `existing`, inside an open transaction: (signup, created, changed)."""
        if existing is None:
            cursor = conn.execute(
                """INSERT INTO signups (user_key, name, gemeente, role, email, phone, remarks,
                    status, waitlisted, created_at, updated_at, version, language)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'nieuw', ?, ?, ?, 1, ?)""",
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
                    language,
                ),
            )
            signup = self._get(conn, int(cursor.lastrowid or 0))
            assert signup is not None
            return signup, True, True
        if existing.data == data and existing.waitlisted == waitlisted:
            return existing, False, False
        conn.execute(
            """UPDATE signups SET name = ?, gemeente = ?, role = ?, email = ?, phone = ?,
                remarks = ?, waitlisted = ?, updated_at = ?, version = version + 1,
                language = ?
            WHERE id = ?""",
            (
                data.name,
                data.gemeente,
                data.role,
                data.email,
                data.phone,
                data.remarks,
                int(waitlisted),
                at,
                language,
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
            own, _other = self._own_signup(conn, user_key, data)
            language = own.language if own is not None else Language.NL
            signup, created, _changed = self._upsert(
                conn, user_key, data, waitlisted, time.time(), own, language
            )
        return signup, created

    def submit_signup(
        self,
        user_key: str,
        data: SignupData,
        *,
        at: float,
        waitlist_rule: WaitlistRule,
        notices: NoticeBuilder,
        duplicate_notices: DuplicateNoticeBuilder | None = None,
        language: str = "nl",
    ) -> SubmitResult:
        with self._write() as conn:
            own, other = self._own_signup(conn, user_key, data)
            if other is not None:  # never overwrite or reveal another user's sign-up
                capacity = self._capacity(conn)
                requests = duplicate_notices(data, other.id) if duplicate_notices else ()
                enqueued = sum(
                    1 for request in requests if self._insert_outbox(conn, request, None, at)
                )
                return SubmitResult(other, False, False, None, capacity, enqueued, duplicate=True)
            before = self._capacity(conn, exclude_id=own.id if own else None)
            reason = waitlist_rule(before, data)
            signup, created, changed = self._upsert(
                conn, user_key, data, reason is not None, at, own, language
            )
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
                told = self._known_copies(conn, signup.id)
                conn.execute(
                    "DELETE FROM outbox WHERE signup_id = ? AND sent_at IS NULL", (signup.id,)
                )
                conn.execute(
                    "UPDATE outbox SET payload_json = ? WHERE signup_id = ?",
                    (json.dumps(SCRUBBED_PAYLOAD), signup.id),
                )
                conn.execute("DELETE FROM signups WHERE id = ?", (signup.id,))
                conn.execute("DELETE FROM notice_copies WHERE signup_id = ?", (signup.id,))
                for request in notices(signup, told):
                    # Not linked to the (deleted) sign-up id: ids are never reused
                    # (AUTOINCREMENT), but the notice must survive a later scrub.
                    self._insert_outbox(conn, request, None, now)
        return deleted

    def capacity(self) -> Capacity:
        with self._lock:
            return self._capacity(self._conn)


def _folded(name: str) -> str:
    return " ".join(name.casefold().split())
