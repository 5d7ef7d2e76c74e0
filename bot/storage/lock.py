"""An exclusive lock on the data directory: one bot process per directory.

Two bot processes on one data directory (a rolling deploy, a forgotten test run) would both
drain the outbox and forward every sign-up twice. `DataDirLock` takes an advisory `flock` on
`<data dir>/bot.lock`; the operating system releases it when the process ends, even on kill -9,
so a stale lock never blocks a restart.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

LOCK_FILE_NAME = "bot.lock"


class DataDirLocked(RuntimeError):
    """Another process holds the data directory; the message is one line naming it."""


class DataDirLock:
    """Hold `<directory>/bot.lock` exclusively while the bot runs (a context manager)."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / LOCK_FILE_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock now, or raise DataDirLocked when another process has it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise DataDirLocked(
                f"another bot process (pid {holder}) is already using the data directory "
                f"{self.path.parent}; stop it first, or set BOT_DATA_DIR to another directory"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        self._fd = fd

    def release(self) -> None:
        """Let go of the lock (also happens when the process ends)."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> DataDirLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
