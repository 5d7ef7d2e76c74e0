"""What a browser sees of its conversation, kept in the core's state store.

Telegram keeps the chat history itself; the web channel keeps it here, under
`web:log:<session id>`, so a reload, a second tab or a restart shows the same conversation,
including coordinators' answers that arrive later. At most MAX_MESSAGES are kept.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import Any

from bot.domain import Choice, Reply
from bot.storage.state import StateStore

MAX_MESSAGES = 200
LOG_KEY_PREFIX = "web:log:"


class Role(StrEnum):
    """Who wrote a message in the web chat."""

    USER = "user"
    BOT = "bot"
    COORDINATOR = "coordinator"


@dataclass(frozen=True, slots=True)
class WebMessage:
    """One message as the browser shows it (plain text; the browser renders it as text)."""

    id: int
    role: Role
    text: str
    lang: str = "nl"
    source: str | None = None
    choices: list[Choice] = field(default_factory=list)
    author: str | None = None  # the coordinator's first name, for Role.COORDINATOR
    feedback: str | None = None  # the core's feedback token: the page shows 👍/👎
    thanks: str | None = None  # what replaced 👍/👎 once pressed
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
            choices=[Choice(str(c["label"]), str(c["text"])) for c in data.get("choices", [])],
            author=data.get("author"),
            feedback=data.get("feedback"),
            thanks=data.get("thanks"),
            at=float(data.get("at") or 0.0),
        )


def reply_message(reply: Reply, lang: str) -> dict[str, Any]:
    """The fields of a bot message showing `reply` (id and time are added on append)."""
    return {
        "role": Role.BOT,
        "text": reply.text,
        "lang": lang,
        "source": reply.source,
        "choices": [Choice(c.label, c.text) for c in reply.choices if c.text.strip()],
        "feedback": reply.feedback_token,
    }


class Transcripts:
    """Append-only message logs per browser session, on a StateStore."""

    def __init__(self, states: StateStore, clock: Callable[[], float] = time.time) -> None:
        self._states = states
        self._clock = clock

    def _load(self, session_id: str) -> dict[str, Any]:
        return self._states.load_state(LOG_KEY_PREFIX + session_id) or {}

    def _save(self, session_id: str, log: dict[str, Any]) -> None:
        log["messages"] = log.get("messages", [])[-MAX_MESSAGES:]
        self._states.save_state(LOG_KEY_PREFIX + session_id, log)

    def messages(self, session_id: str, after: int = 0) -> list[WebMessage]:
        """The kept messages with an id above `after`, oldest first."""
        return [
            WebMessage.from_json(item)
            for item in self._load(session_id).get("messages", [])
            if int(item.get("id", 0)) > after
        ]

    def append(
        self, session_id: str, *fields: dict[str, Any], answers_seen: int | None = None
    ) -> list[WebMessage]:
        """Add messages (given as WebMessage fields without id and time); the stored ones.
        `answers_seen` records the last coordinator answer shown, in the same write."""
        log = self._load(session_id)
        next_id = int(log.get("next_id", 1))
        kept: list[dict[str, Any]] = list(log.get("messages", []))
        added: list[WebMessage] = []
        for item in fields:
            message = WebMessage(id=next_id, at=self._clock(), **item)
            next_id += 1
            kept.append(message.to_json())
            added.append(message)
        log.update(next_id=next_id, messages=kept)
        if answers_seen is not None:
            log["answers_seen"] = answers_seen
        self._save(session_id, log)
        return added

    def update(self, session_id: str, message_id: int, **changes: Any) -> WebMessage | None:
        """Change fields of a kept message (the 👍/👎 replaced by thanks); the new message."""
        log = self._load(session_id)
        for index, item in enumerate(log.get("messages", [])):
            if int(item.get("id", 0)) == message_id:
                message = replace(WebMessage.from_json(item), **changes)
                log["messages"][index] = message.to_json()
                self._save(session_id, log)
                return message
        return None

    def answers_seen(self, session_id: str) -> int:
        """The id of the last coordinator answer added to this log."""
        return int(self._load(session_id).get("answers_seen", 0))

    def clear(self, session_id: str) -> None:
        """Forget the messages (after "Verwijder"); ids keep rising so open pages stay in
        step."""
        log = self._load(session_id)
        log["messages"] = []
        self._save(session_id, log)
