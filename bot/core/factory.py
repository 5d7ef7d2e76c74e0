"""Build a ready Assistant: knowledge base, brain, SQLite storage and the sign-up service."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from bot.brain.brain import Brain
from bot.core.assistant import DEFAULT_REMINDER_AFTER_SECONDS, Assistant
from bot.handoff.desk import HandoffDesk
from bot.handoff.service import HandoffService
from bot.knowledge.loader import load_knowledge
from bot.signup.service import DEFAULT_FORM_TTL_SECONDS, SignupService
from bot.storage.sqlite import SqliteStorage
from bot.storage.state import MemoryStateStore

DEFAULT_DATA_DIR = Path("data")
DB_FILE_NAME = "bot.sqlite3"


def default_db_path(environ: Mapping[str, str] | None = None) -> Path:
    """`BOT_DB_PATH`, else `<BOT_DATA_DIR>/bot.sqlite3` (BOT_DATA_DIR defaults to `data/`)."""
    env = os.environ if environ is None else environ
    explicit = (env.get("BOT_DB_PATH") or "").strip()
    if explicit:
        return Path(explicit)
    data_dir = Path((env.get("BOT_DATA_DIR") or "").strip() or DEFAULT_DATA_DIR)
    return data_dir / DB_FILE_NAME


def build_assistant(
    *,
    knowledge_dir: Path | None = None,
    db_path: Path | str | None = None,
    coordinator_chat_ids: Iterable[int | str] = (),
    form_ttl_seconds: float = DEFAULT_FORM_TTL_SECONDS,
    reminder_after_seconds: float | None = None,
    clock: Callable[[], float] = time.time,
    ephemeral_conversations: bool = False,
) -> Assistant:
    """An Assistant on the real knowledge base and a SQLite file (`db_path`, default from the
    environment, see `default_db_path`). Call `assistant.close()` when done.
    With `ephemeral_conversations` the conversation state stays in memory (the batch channel:
    each run starts fresh) while sign-ups are still stored in SQLite."""
    brain = Brain(load_knowledge(knowledge_dir))
    storage = SqliteStorage(db_path if db_path is not None else default_db_path())
    coordinators = [str(chat_id) for chat_id in coordinator_chat_ids]
    service = SignupService(
        storage,
        coordinators,
        clock=clock,
        form_ttl_seconds=form_ttl_seconds,
    )
    if reminder_after_seconds is None:
        # Remind halfway, but never later than the default reminder time.
        reminder_after_seconds = min(DEFAULT_REMINDER_AFTER_SECONDS, form_ttl_seconds / 2)
    return Assistant(
        brain,
        MemoryStateStore() if ephemeral_conversations else storage,
        signups=service,
        unanswered=storage,
        clock=clock,
        reminder_after_seconds=reminder_after_seconds,
        storage=storage,
        handoffs=HandoffDesk(HandoffService(storage, coordinators, clock=clock), clock=clock),
    )
