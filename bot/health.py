"""Liveness for the container's HEALTHCHECK, in polling and webhook mode alike: the running bot
touches a heartbeat file in its data directory from its job queue (so only a turning event
loop keeps it fresh), and removes it on a clean stop. `python -m bot health` reads it."""

from __future__ import annotations

import os
import time
from pathlib import Path

HEARTBEAT_FILE = "heartbeat"
HEARTBEAT_INTERVAL_SECONDS = 10.0
MAX_AGE_SECONDS = 60.0  # several missed beats: the bot is stuck or gone


def heartbeat_path(data_dir: Path) -> Path:
    """Where the running bot keeps its heartbeat."""
    return data_dir / HEARTBEAT_FILE


def beat(data_dir: Path, now: float | None = None) -> None:
    """Record that the bot is alive now."""
    path = heartbeat_path(data_dir)
    path.touch()
    if now is not None:
        os.utime(path, (now, now))


def stop(data_dir: Path) -> None:
    """Forget the heartbeat: the bot stopped on purpose."""
    heartbeat_path(data_dir).unlink(missing_ok=True)


def problem(
    data_dir: Path, now: float | None = None, max_age: float = MAX_AGE_SECONDS
) -> str | None:
    """None when the bot beat within `max_age` seconds, else one line saying what is wrong."""
    path = heartbeat_path(data_dir)
    try:
        age = (time.time() if now is None else now) - path.stat().st_mtime
    except FileNotFoundError:
        return f"not running: no heartbeat at {path}"
    if age > max_age:
        return f"not responding: last heartbeat {age:.0f} s ago at {path}"
    return None
