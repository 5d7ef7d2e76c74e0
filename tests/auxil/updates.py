"""Telegram updates as the Bot API delivers them (JSON dicts), written once for every offline
test. Feed them with `application.process_update(Update.de_json(data, application.bot))`."""

from __future__ import annotations

import itertools
from typing import Any

JSONDict = dict[str, Any]
FAKE_DATE = 1_700_000_000


def user(user_id: int, first_name: str = "Anna", last_name: str | None = None) -> JSONDict:
    """A (human) Telegram user."""
    data: JSONDict = {"id": user_id, "is_bot": False, "first_name": first_name}
    if last_name is not None:
        data["last_name"] = last_name
    return data


def chat(chat_id: int, *, chat_type: str | None = None, title: str = "Groep") -> JSONDict:
    """A chat: private for a positive id, else a group (`chat_type` overrides)."""
    kind = chat_type or ("private" if chat_id > 0 else "group")
    data: JSONDict = {"id": chat_id, "type": kind}
    if kind == "private":
        data["first_name"] = "Anna"
    else:
        data["title"] = title
    return data


class UpdateFactory:
    """Messages, commands, button presses and edits, with fresh ids; `chat` and `sender` are
    the defaults for every update made."""

    def __init__(self, *, chat: JSONDict, sender: JSONDict, bot_id: int = 42) -> None:
        self.chat = chat
        self.sender = sender
        self.bot_user: JSONDict = {"id": bot_id, "is_bot": True, "first_name": "WvdB"}
        self._ids = itertools.count(1)

    def message(
        self, chat: JSONDict | None = None, sender: JSONDict | None = None, **fields: Any
    ) -> JSONDict:
        """A message object (not an update) with the given fields."""
        return {
            "message_id": next(self._ids),
            "date": FAKE_DATE,
            "chat": chat or self.chat,
            "from": sender or self.sender,
            **fields,
        }

    def text(
        self,
        text: str,
        *,
        chat: JSONDict | None = None,
        sender: JSONDict | None = None,
        reply_to: JSONDict | None = None,
        edited: bool = False,
    ) -> JSONDict:
        """A text message update; a leading /command gets its bot_command entity."""
        fields: JSONDict = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            fields["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        if reply_to is not None:
            fields["reply_to_message"] = reply_to
        if edited:
            fields["edit_date"] = FAKE_DATE + 100
        message = self.message(chat, sender, **fields)
        kind = "edited_message" if edited else "message"
        return {"update_id": next(self._ids), kind: message}

    def other(
        self, *, chat: JSONDict | None = None, sender: JSONDict | None = None, **fields: Any
    ) -> JSONDict:
        """A message update with arbitrary fields (stickers, photos, service messages)."""
        return {"update_id": next(self._ids), "message": self.message(chat, sender, **fields)}

    def button(
        self,
        data: str,
        *,
        chat: JSONDict | None = None,
        sender: JSONDict | None = None,
        message_id: int | None = None,
        message_text: str = "Bedoelde je …?",
    ) -> JSONDict:
        """A press on an inline button of one of the bot's messages."""
        bot_message = self.bot_message(chat or self.chat, text=message_text)
        if message_id is not None:
            bot_message["message_id"] = message_id
        return {
            "update_id": next(self._ids),
            "callback_query": {
                "id": f"cb{next(self._ids)}",
                "from": sender or self.sender,
                "chat_instance": "ci-1",
                "message": bot_message,
                "data": data,
            },
        }

    def bot_message(self, chat: JSONDict, text: str = "…") -> JSONDict:
        """A message the bot sent (to reply to, or carrying buttons)."""
        return self.message(chat, self.bot_user, text=text)
