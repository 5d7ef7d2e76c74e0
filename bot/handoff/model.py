"""Plain data of the hand-off and feedback features (no Telegram, no storage)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Vote(StrEnum):
    """A 👍 or 👎 on a factual answer (stored as its value)."""

    UP = "up"
    DOWN = "down"


class HandoffKind(StrEnum):
    """Outbox item kinds of the hand-off (the Telegram outbox sender renders them)."""

    QUESTION = "handoff"  # the question, to every coordinator chat
    ANSWER = "handoff_answer"  # a coordinator's answer, to the asker's chat


@dataclass(frozen=True, slots=True)
class HandoffRequest:
    """A question a user asked to pass on, as stored (before it has an id)."""

    channel: str  # Origin.channel: "telegram", "web", "terminal", ...
    conversation_key: str  # where the answer belongs (the web channel reads it by this key)
    user_key: str  # who counts against the daily limit ("telegram:42", a web session, ...)
    first_name: str  # the only thing shared about the asker
    question: str
    place: str  # "" for a private chat, else the group's title
    is_group: bool
    chat_ref: str | None  # the channel's address of the asker's chat (Telegram chat id)
    message_ref: str | None  # the channel's id of the question message (threading the answer)
    bot_answer: str  # what the bot answered or suggested
    intent: str | None
    confidence: float
    asked_at: float
    offer_key: str | None = None  # one hand-off per offer: a second press changes nothing


@dataclass(frozen=True, slots=True)
class Handoff:
    """A stored hand-off."""

    id: int
    request: HandoffRequest
    answered_at: float | None = None
    answered_by: str | None = None  # first name of the coordinator who answered first

    @property
    def is_open(self) -> bool:
        """True while no coordinator has answered."""
        return self.answered_at is None


@dataclass(frozen=True, slots=True)
class HandoffAnswer:
    """A coordinator's answer to a hand-off, relayed to the asker (and kept for the web chat
    and the curator)."""

    id: int  # increasing: a channel polls with `answers_for(key, after=<last id seen>)`
    handoff_id: int
    conversation_key: str
    coordinator: str  # the coordinator's first name
    text: str
    question: str
    at: float


@dataclass(frozen=True, slots=True)
class FeedbackEntry:
    """One 👍/👎, stored without who gave it."""

    question: str
    intent: str | None
    source: str | None
    vote: Vote
    at: float


def notice_key_prefix(handoff_id: int) -> str:
    """The outbox dedupe-key prefix of a hand-off's coordinator notices ("handoff:7:")."""
    return f"{HandoffKind.QUESTION.value}:{handoff_id}:"
