"""The assistant: routes one message of one conversation to the brain (or the sign-up form).

Every channel (Telegram, terminal chat, batch) calls `Assistant.handle`; the conversation's
state is loaded from and saved to a StateStore, so follow-ups survive restarts.
"""

from __future__ import annotations

from typing import Any

from bot.brain.brain import Brain
from bot.brain.context import DialogueContext
from bot.core.types import Origin, Reply
from bot.storage.state import StateStore


class Assistant:
    """Channel-independent conversation handling."""

    def __init__(self, brain: Brain, states: StateStore) -> None:
        self.brain = brain
        self.states = states

    def handle(self, key: str, text: str, origin: Origin) -> Reply:
        """Answer `text` sent in conversation `key`."""
        state = self.states.load_state(key) or {}
        context = DialogueContext.from_dict(state.get("dialogue"))
        answer = self.brain.answer(text, context)
        state["dialogue"] = answer.context.to_dict()
        self.states.save_state(key, state)
        return answer.reply

    def reset(self, key: str) -> None:
        """Forget everything about conversation `key`."""
        self.states.delete_state(key)

    def state_of(self, key: str) -> dict[str, Any]:
        """The stored state of `key` (for tests and diagnostics)."""
        return self.states.load_state(key) or {}
