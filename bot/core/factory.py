"""Build a ready Assistant: knowledge base, brain, SQLite storage and the sign-up service."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from bot.brain.brain import Brain
from bot.config import Settings
from bot.core.assistant import DEFAULT_REMINDER_AFTER_SECONDS, Assistant
from bot.core.startup import long_lived
from bot.handoff.desk import HandoffDesk
from bot.handoff.service import HandoffService
from bot.knowledge.loader import load_knowledge
from bot.signup.municipalities import MunicipalityIndex
from bot.signup.service import DEFAULT_FORM_TTL_SECONDS, SignupService
from bot.storage.sqlite import SqliteStorage
from bot.storage.state import MemoryStateStore


def build_assistant(
    *,
    knowledge_dir: Path | None = None,
    db_path: Path | str,
    coordinator_chat_ids: Iterable[int | str] = (),
    form_ttl_seconds: float = DEFAULT_FORM_TTL_SECONDS,
    reminder_after_seconds: float | None = None,
    clock: Callable[[], float] = time.time,
    ephemeral_conversations: bool = False,
) -> Assistant:
    """An Assistant on the real knowledge base and the SQLite file `db_path`. Call
    `assistant.close()` when done.
    With `ephemeral_conversations` the conversation state stays in memory (the batch channel:
    each run starts fresh) while sign-ups are still stored in SQLite."""
    with long_lived():
        kb = load_knowledge(knowledge_dir)
        brain = Brain(kb)
    rules = kb.programme_rules
    storage = SqliteStorage(db_path, rules)
    coordinators = [str(chat_id) for chat_id in coordinator_chat_ids]
    service = SignupService(
        storage,
        coordinators,
        clock=clock,
        form_ttl_seconds=form_ttl_seconds,
        municipalities=MunicipalityIndex(kb.municipalities),
        rules=rules,
        texts=kb.texts,
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
        handoffs=HandoffDesk(
            HandoffService(storage, coordinators, clock=clock, contact=rules.contact),
            clock=clock,
            texts=kb.texts,
        ),
    )


def build_assistant_for(settings: Settings, *, ephemeral_conversations: bool = False) -> Assistant:
    """The assistant every command uses: on the settings' data directory (checked writable:
    ConfigError in one line otherwise), with the configured coordinator chats."""
    settings.writable_data_dir()
    return build_assistant(
        knowledge_dir=settings.knowledge_dir,
        db_path=settings.db_path,
        coordinator_chat_ids=settings.coordinator_chat_ids,
        form_ttl_seconds=settings.form_ttl_seconds,
        ephemeral_conversations=ephemeral_conversations,
    )
