"""What a browser sees of its conversation, kept in the core's state store.

Telegram keeps the chat history itself; the web channel keeps it here, under
`web:log:<session id>`, so a reload, a second tab or a restart shows the same conversation,
including coordinators' answers that arrive later. At most MAX_MESSAGES are kept.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from bot.domain import Reply
from bot.storage.state import StateStore

MAX_MESSAGES = 200
LOG_KEY_PREFIX = "web:log:"


class Role(StrEnum):
    """Who wrote a message in the web chat."""

    USER = "user"
    BOT = "bot"
    COORDINATOR = "coordinator"


@dataclass(frozen=True, slots=True)
class WebChoice:
    """A button under a message: its label and the text that pressing it sends."""

    label: str
    text: str


@dataclass(frozen=True, slots=True)
class WebMessage:
    """One message as the browser shows it (plain text; the browser renders it as text)."""

    id: int
    role: Role
    text: str
    lang: str = "nl"
    source: str | None = None
    choices: list[WebChoice] = field(default_factory=list)
    author: str | None = None  # the coordinator's first name, for Role.COORDINATOR
    at: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """A JSON-safe dict for the API."""
        data = asdict(self)
        data["role"] = self.role.value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WebMessage:
        """Rebuild from `to_json` output."""
        return cls(
            id=int(data["id"]),
            role=Role(data["role"]),
            text=str(data["text"]),
            lang=str(data.get("lang") or "nl"),
            source=data.get("source"),
            choices=[WebChoice(str(c["label"]), str(c["text"])) for c in data.get("choices", [])],
            author=data.get("author"),
            at=float(data.get("at") or 0.0),
        )


def reply_message(reply: Reply, lang: str) -> dict[str, Any]:
    """The fields of a bot message showing `reply` (id and time are added on append)."""
    return {
        "role": Role.BOT,
        "text": reply.text,
        "lang": lang,
        "source": reply.source,
        "choices": [WebChoice(c.label, c.text) for c in reply.choices if c.text.strip()],
    }


class Transcripts:
    """Append-only message logs per browser session, on a StateStore."""

    def __init__(self, states: StateStore, clock: Callable[[], float] = time.time) -> None:
        self._states = states
        self._clock = clock

    def messages(self, session_id: str, after: int = 0) -> list[WebMessage]:
        """The kept messages with an id above `after`, oldest first."""
        log = self._states.load_state(LOG_KEY_PREFIX + session_id) or {}
        return [
            WebMessage.from_json(item)
            for item in log.get("messages", [])
            if int(item.get("id", 0)) > after
        ]

    def append(self, session_id: str, *fields: dict[str, Any]) -> list[WebMessage]:
        """Add messages (given as WebMessage fields without id and time); the stored ones."""
        key = LOG_KEY_PREFIX + session_id
        log = self._states.load_state(key) or {}
        next_id = int(log.get("next_id", 1))
        kept: list[dict[str, Any]] = list(log.get("messages", []))
        added: list[WebMessage] = []
        for item in fields:
            message = WebMessage(id=next_id, at=self._clock(), **item)
            next_id += 1
            kept.append(message.to_json())
            added.append(message)
        self._states.save_state(key, {"next_id": next_id, "messages": kept[-MAX_MESSAGES:]})
        return added

    def clear(self, session_id: str) -> None:
        """Forget the log (after "Verwijder"); ids keep rising so open pages stay in step."""
        key = LOG_KEY_PREFIX + session_id
        log = self._states.load_state(key) or {}
        self._states.save_state(key, {"next_id": int(log.get("next_id", 1)), "messages": []})
