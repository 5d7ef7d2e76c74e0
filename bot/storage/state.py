"""Conversation-state stores: a key ("tg:private:42") maps to a JSON-safe dict."""

from __future__ import annotations

import copy
from typing import Any, Protocol


class StateStore(Protocol):
    """Where per-conversation state (dialogue context, form in progress) lives."""

    def load_state(self, key: str) -> dict[str, Any] | None:
        """The stored state for `key`, or None."""
        ...

    def save_state(self, key: str, state: dict[str, Any]) -> None:
        """Store `state` for `key`, replacing what was there."""
        ...

    def delete_state(self, key: str) -> None:
        """Forget `key`."""
        ...


class MemoryStateStore:
    """A StateStore in memory: for the batch channel and for tests."""

    def __init__(self) -> None:
        self._states: dict[str, dict[str, Any]] = {}

    def load_state(self, key: str) -> dict[str, Any] | None:
        state = self._states.get(key)
        return copy.deepcopy(state) if state is not None else None

    def save_state(self, key: str, state: dict[str, Any]) -> None:
        self._states[key] = copy.deepcopy(state)

    def delete_state(self, key: str) -> None:
        self._states.pop(key, None)
