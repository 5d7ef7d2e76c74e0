"""Coordinator messages in Telegram: the status buttons and their callback data, and each
outbox item rendered as escaped HTML with its keyboard."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain import (
    STATUS_CONFIRMED,
    STATUS_CONTACTED,
    STATUS_NEW,
    STATUS_REJECTED,
    STATUS_WITHDRAWN,
    Capacity,
    Signup,
)
from bot.signup.capacity import capacity_line
from bot.signup.notices import signup_html
from bot.storage.base import OutboxItem

# Callback data of the coordinator buttons: "co:<action>:<signup_id>" (well under 64 bytes).
CALLBACK_PREFIX = "co"
ACTION_STATUS: dict[str, str] = {
    "bevestig": STATUS_CONFIRMED,
    "afwijs": STATUS_REJECTED,
    "contact": STATUS_CONTACTED,
}

STATUS_LABELS: dict[str, str] = {
    STATUS_NEW: "nieuw",
    STATUS_CONFIRMED: "bevestigd ✅",
    STATUS_REJECTED: "afgewezen ❌",
    STATUS_CONTACTED: "contact opgenomen 📞",
    STATUS_WITHDRAWN: "ingetrokken",
}

# ---------------------------------------------------------------------------------------------
# Rendering (shared with the coordinator handlers)
# ---------------------------------------------------------------------------------------------


def esc(value: object) -> str:
    """HTML-escape any dynamic value for Telegram's HTML parse mode."""
    return html.escape(str(value), quote=True)


def status_keyboard(signup_id: int) -> InlineKeyboardMarkup:
    """The Bevestigen / Afwijzen / Contact opgenomen buttons of one sign-up."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    "Bevestigen", callback_data=f"{CALLBACK_PREFIX}:bevestig:{signup_id}"
                ),
                InlineKeyboardButton(
                    "Afwijzen", callback_data=f"{CALLBACK_PREFIX}:afwijs:{signup_id}"
                ),
            ],
            [
                InlineKeyboardButton(
                    "Contact opgenomen", callback_data=f"{CALLBACK_PREFIX}:contact:{signup_id}"
                )
            ],
        ]
    )


def parse_status_callback(data: str | None) -> tuple[str, int] | None:
    """("bevestigd", 12) for "co:bevestig:12"; None for anything malformed or unknown."""
    if not data or len(data) > 64:
        return None
    parts = data.split(":")
    if len(parts) != 3 or parts[0] != CALLBACK_PREFIX or parts[1] not in ACTION_STATUS:
        return None
    if not parts[2].isdigit() or len(parts[2]) > 12:
        return None
    return ACTION_STATUS[parts[1]], int(parts[2])


# ---------------------------------------------------------------------------------------------
# Turning an outbox item into a message
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class OutboxMessage:
    """What the outbox sends for one item: HTML text, buttons, the message it answers."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None
    reply_to: int | None = None  # the message it answers (a relayed hand-off answer)


def _reply_to(payload: Mapping[str, Any]) -> int | None:
    raw = payload.get("reply_to_message_id")
    return int(raw) if isinstance(raw, int | str) and str(raw).isdigit() else None


def _signup_id(payload: Mapping[str, Any], linked: int | None = None) -> int | None:
    raw = payload.get("signup_id", linked)
    if raw is None and isinstance(payload.get("signup"), Mapping):
        raw = payload["signup"].get("id")
    try:
        return int(raw) if raw is not None else None
    except (TypeError, ValueError):
        return None


def _current_signup(store: object, item: OutboxItem) -> tuple[bool, Signup | None]:
    """(store_knows, signup): the sign-up as stored now, if the store can tell us."""
    signup_id = _signup_id(item.payload, item.signup_id)
    get_signup = getattr(store, "get_signup", None)
    if signup_id is not None and callable(get_signup):
        found = get_signup(signup_id)
        return True, found if isinstance(found, Signup) else None
    return False, None


def _capacity(store: object) -> Capacity | None:
    capacity = getattr(store, "capacity", None)
    if callable(capacity):
        result = capacity()
        return result if isinstance(result, Capacity) else None
    return None


def render_item(item: OutboxItem, store: object) -> OutboxMessage | None:
    """The message for `item`, or None when there is nothing (left) to send.

    The sign-up core stores ready HTML in the payload (`html`, every value escaped there);
    plain `text` is escaped here. A sign-up item gets the status buttons; it is skipped when
    the sign-up no longer exists or a newer version of it is queued (its own notice follows).
    Without `html`, a sign-up item is rendered here from the stored sign-up.
    """
    payload = item.payload
    if payload.get("scrubbed"):
        return None
    ready_html = payload.get("html")
    if item.kind == "signup":
        store_knows, signup = _current_signup(store, item)
        if store_knows and (signup is None or signup.status == STATUS_WITHDRAWN):
            return None
        version = payload.get("version")
        if signup is not None and isinstance(version, int) and version < signup.version:
            return None
        signup_id = signup.id if signup is not None else _signup_id(payload, item.signup_id)
        keyboard = status_keyboard(signup_id) if signup_id is not None else None
        if isinstance(ready_html, str) and ready_html.strip():
            return OutboxMessage(ready_html, keyboard)
        if signup is None:
            raise ValueError("a sign-up item without html whose sign-up cannot be read")
        capacity = _capacity(store)
        capacity_text = capacity_line(capacity, signup.data.gemeente) if capacity else None
        created = not payload.get("updated")
        return OutboxMessage(signup_html(signup, capacity_text, created=created), keyboard)
    if isinstance(ready_html, str) and ready_html.strip():
        return OutboxMessage(ready_html, reply_to=_reply_to(payload))
    text = payload.get("text")
    if isinstance(text, str) and text.strip():
        return OutboxMessage(esc(text))
    raise ValueError(f"outbox item of kind {item.kind!r} has nothing to send")
