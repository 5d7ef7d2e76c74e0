"""Recognising a message delivered twice: the channel's increasing message number (Telegram's
update_id) is kept in the conversation's state, saved in the same transaction as the state."""

from __future__ import annotations

from typing import Any

from bot.domain import CoreIntent, Origin, Reply

SEQUENCE_KEY = "last_sequence"


def is_redelivery(state: dict[str, Any], origin: Origin) -> bool:
    """True when the message `origin` numbers was handled in this conversation already."""
    last = state.get(SEQUENCE_KEY)
    return origin.sequence is not None and isinstance(last, int) and origin.sequence <= last


def mark_handled(state: dict[str, Any], origin: Origin) -> None:
    """Remember the message number with the state (saved in the same transaction)."""
    if origin.sequence is not None:
        state[SEQUENCE_KEY] = max(origin.sequence, int(state.get(SEQUENCE_KEY) or 0))


def redelivered_reply() -> Reply:
    """The reply to a message delivered twice: channels send nothing."""
    return Reply(text="", intent=CoreIntent.REDELIVERED)
