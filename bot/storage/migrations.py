"""The SQLite schema as ordered migrations, and applying them."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import partial

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
    # 4: hand-offs to the coordinators, their answers, and feedback on answers (no identity).
    (
        """CREATE TABLE handoffs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            channel TEXT NOT NULL,
            conversation_key TEXT NOT NULL,
            user_key TEXT NOT NULL,
            first_name TEXT NOT NULL,
            question TEXT NOT NULL,
            place TEXT NOT NULL,
            is_group INTEGER NOT NULL,
            chat_ref TEXT,
            message_ref TEXT,
            bot_answer TEXT NOT NULL,
            intent TEXT,
            confidence REAL NOT NULL,
            asked_at REAL NOT NULL,
            answered_at REAL,
            answered_by TEXT,
            offer_key TEXT UNIQUE
        )""",
        "CREATE INDEX handoffs_user ON handoffs (user_key, asked_at)",
        "CREATE INDEX handoffs_open ON handoffs (answered_at, asked_at)",
        """CREATE TABLE handoff_answers (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            handoff_id INTEGER NOT NULL REFERENCES handoffs (id),
            conversation_key TEXT NOT NULL,
            coordinator TEXT NOT NULL,
            text TEXT NOT NULL,
            source_ref TEXT NOT NULL UNIQUE,
            at REAL NOT NULL
        )""",
        "CREATE INDEX handoff_answers_conversation ON handoff_answers (conversation_key, id)",
        """CREATE TABLE feedback (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            question TEXT NOT NULL,
            intent TEXT,
            source TEXT,
            vote TEXT NOT NULL,
            at REAL NOT NULL
        )""",
    ),
    # 5: in-doubt sends (an attempt started, its outcome unknown: the resend says it may be a
    # repeat) and every known copy of a coordinator notice (a status button edits them all).
    (
        "ALTER TABLE outbox ADD COLUMN sending_at REAL",
        """CREATE TABLE notice_copies (
            signup_id INTEGER NOT NULL,
            chat_id TEXT NOT NULL,
            message_id INTEGER NOT NULL,
            PRIMARY KEY (chat_id, message_id)
        )""",
        "CREATE INDEX notice_copies_signup ON notice_copies (signup_id)",
    ),
    # 6: the language the applicant filled in the form in ("nl" or "en"), so news about the
    # sign-up (confirmed, not placed) reaches them in that language.
    ("ALTER TABLE signups ADD COLUMN language TEXT NOT NULL DEFAULT 'nl'",),
)
SCHEMA_VERSION = len(MIGRATIONS)


class SchemaError(RuntimeError):
    """The database file has a schema this code cannot handle."""


def apply_migrations(conn: sqlite3.Connection, *, target: int = SCHEMA_VERSION) -> int:
    """Bring `conn`'s schema up to version `target`; returns the version it was at.

    `conn` must be in autocommit mode (isolation_level=None). Each migration runs in its own
    transaction together with the version bump, so a crash leaves a consistent version.
    """
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    # Two processes may start on one new file at once: the version is read and each step
    # applied under the write lock, so the second finds the work done instead of redoing it.
    start = _locked(conn, lambda: _current_version(conn))
    if start > SCHEMA_VERSION:
        raise SchemaError(
            f"database schema version {start} is newer than this code ({SCHEMA_VERSION})"
        )
    for version in range(start + 1, target + 1):
        _locked(conn, partial(_apply, conn, version))
    return start


def _current_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT version FROM schema_version").fetchone()
    if row is None:
        conn.execute("INSERT INTO schema_version (version) VALUES (0)")
        return 0
    return int(row[0])


def _apply(conn: sqlite3.Connection, version: int) -> int:
    """Migration `version`, unless another process applied it meanwhile."""
    if _current_version(conn) >= version:
        return version
    for statement in MIGRATIONS[version - 1]:
        conn.execute(statement)
    conn.execute("UPDATE schema_version SET version = ?", (version,))
    return version


def _locked(conn: sqlite3.Connection, work: Callable[[], int]) -> int:
    """`work` in one write transaction (BEGIN IMMEDIATE), committed on success."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = work()
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return result
