"""Turning a core `Reply` into Telegram messages: escaped HTML, clean splits, inline buttons.

Every piece of dynamic text is escaped with `html.escape`; only the markup written here (the
italic source line) is HTML. Buttons carry their question either inline in the callback data
("q:<text>", when it fits Telegram's 64-byte limit) or as a short hash ("h:<hash>") whose text is
kept server-side in the state store, so buttons keep working after a restart.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain import Choice, Reply

MAX_MESSAGE_LENGTH = 4096  # Telegram's limit for one message's text
MAX_CALLBACK_DATA_BYTES = 64  # Telegram's limit for callback_data
INLINE_PREFIX = "q:"
HASHED_PREFIX = "h:"
FEEDBACK_PREFIX = "fb"  # callback data of the 👍/👎 buttons (bot.telegram.handoff handles them)
_BUTTON_STATE_PREFIX = "tg:button:"


class StateLike(Protocol):
    """The part of the core's StateStore that the button store needs."""

    def load_state(self, key: str) -> dict[str, Any] | None: ...

    def save_state(self, key: str, state: dict[str, Any]) -> None: ...


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """One Telegram message to send: HTML text and, on the last part, the buttons."""

    html: str
    keyboard: InlineKeyboardMarkup | None = None


class ButtonTexts:
    """Maps callback data to the question text a button sends, and back."""

    def __init__(self, states: StateLike) -> None:
        self._states = states

    def encode(self, text: str) -> str:
        """Callback data for a button that sends `text` (always at most 64 bytes)."""
        inline = INLINE_PREFIX + text
        if len(inline.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
            return inline
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]
        self._states.save_state(_BUTTON_STATE_PREFIX + digest, {"text": text})
        return HASHED_PREFIX + digest

    def decode(self, data: str | None) -> str | None:
        """The text a button sends, or None when the data is unknown, stale or forged."""
        if not data:
            return None
        if data.startswith(INLINE_PREFIX):
            text = data[len(INLINE_PREFIX) :].strip()
            return text or None
        if data.startswith(HASHED_PREFIX):
            digest = data[len(HASHED_PREFIX) :]
            if not digest.isalnum() or len(digest) > 64:
                return None
            state = self._states.load_state(_BUTTON_STATE_PREFIX + digest)
            stored = state.get("text") if state else None
            return stored if isinstance(stored, str) and stored.strip() else None
        return None


def escape(text: str) -> str:
    """Escape dynamic text for Telegram's HTML parse mode."""
    return html.escape(text, quote=False)


def telegram_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def render_reply(
    reply: Reply, buttons: ButtonTexts | None = None, *, limit: int = MAX_MESSAGE_LENGTH
) -> list[OutgoingMessage]:
    """The messages that show `reply`: escaped text split under `limit`, the source line in
    italics, and the reply's choices as inline buttons on the last message."""
    parts = [escape(piece) for piece in split_plain_text(reply.text, limit)]
    if reply.source:
        source_line = f"<i>{reply.source_label}: {escape(_clip(reply.source, limit - 20))}</i>"
        if parts and telegram_length(f"{parts[-1]}\n\n{source_line}") <= limit:
            parts[-1] = f"{parts[-1]}\n\n{source_line}"
        else:
            parts.append(source_line)
    keyboard = choices_keyboard(reply.choices, buttons) if buttons is not None else None
    if reply.feedback_token:
        rows = [*(keyboard.inline_keyboard if keyboard else ()), feedback_row(reply.feedback_token)]
        keyboard = InlineKeyboardMarkup(rows)
    messages = [OutgoingMessage(part) for part in parts]
    if not messages:
        messages = [OutgoingMessage("…")]
    if keyboard is not None:
        messages[-1] = OutgoingMessage(messages[-1].html, keyboard)
    return messages


def feedback_row(token: str) -> list[InlineKeyboardButton]:
    """The 👍/👎 buttons under a factual answer ("fb:up:<token>", "fb:down:<token>")."""
    return [
        InlineKeyboardButton("👍", callback_data=f"{FEEDBACK_PREFIX}:up:{token}"),
        InlineKeyboardButton("👎", callback_data=f"{FEEDBACK_PREFIX}:down:{token}"),
    ]


def choices_keyboard(
    choices: Sequence[Choice], buttons: ButtonTexts
) -> InlineKeyboardMarkup | None:
    """One inline button per row for each choice; None when there are none."""
    rows = [
        [
            InlineKeyboardButton(
                _button_label(choice.label), callback_data=buttons.encode(choice.text)
            )
        ]
        for choice in choices
        if choice.text.strip()
    ]
    return InlineKeyboardMarkup(rows) if rows else None


def url_keyboard(label: str, url: str) -> InlineKeyboardMarkup:
    """A single button that opens `url` (used for the deep link to a private chat)."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, url=url)]])


def split_plain_text(text: str, limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
    """Split plain `text` into pieces whose escaped form fits `limit`: on paragraph boundaries
    first, then lines, then words, and only as a last resort inside a word."""
    pieces = _split(text.strip(), limit, ("\n\n", "\n", " ", ""))
    return [piece.strip() for piece in pieces if piece.strip()]


def _cost(text: str) -> int:
    return telegram_length(escape(text))


def _split(text: str, limit: int, separators: tuple[str, ...]) -> list[str]:
    if _cost(text) <= limit:
        return [text]
    separator, finer = separators[0], separators[1:]
    if separator == "":
        return _hard_cut(text, limit)
    chunks: list[str] = []
    current: str | None = None
    for part in text.split(separator):
        if _cost(part) > limit:
            if current is not None:
                chunks.append(current)
                current = None
            chunks.extend(_split(part, limit, finer))
            continue
        candidate = part if current is None else current + separator + part
        if _cost(candidate) <= limit:
            current = candidate
        else:
            if current is not None:
                chunks.append(current)
            current = part
    if current is not None:
        chunks.append(current)
    return chunks


def _hard_cut(text: str, limit: int) -> list[str]:
    chunks: list[str] = []
    current = ""
    for char in text:
        if current and _cost(current + char) > limit:
            chunks.append(current)
            current = ""
        current += char
    if current:
        chunks.append(current)
    return chunks


def _clip(text: str, limit: int) -> str:
    """`text` shortened so that its escaped form fits `limit`."""
    text = " ".join(text.split())
    if _cost(text) <= limit:
        return text
    while text and _cost(text + "…") > limit:
        text = text[: -max(1, (_cost(text + "…") - limit) // 6)]
    return text + "…"


def _button_label(label: str) -> str:
    label = " ".join(label.split())
    return label if len(label) <= 60 else label[:59] + "…"
