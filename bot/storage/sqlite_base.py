"""The SQLite file under every store: one connection, WAL journal, `synchronous=FULL` (a commit
survives a crash or power loss before the user is told anything), the schema migrated on open,
`BEGIN IMMEDIATE` for every write, and `secure_delete`, so deleted data is overwritten. A lock
makes one instance safe to share between the threads of one process (e.g. an asyncio loop plus
`asyncio.to_thread`)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.storage.migrations import apply_migrations


class SqliteDatabase:
    """One SQLite file: the connection, its lock and write transactions."""

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
        # Deleted content is overwritten with zeros, so a deletion leaves no copy in the file.
        self._conn.execute("PRAGMA secure_delete=ON")
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

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the file and empty it (after a deletion, so the log
        keeps no earlier copy of the deleted pages)."""
        with self._lock:
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        """Close the file (a WAL checkpoint runs on close)."""
        with self._lock:
            self._conn.close()
