"""Telegram chats as the channel sees them: who is addressed in a group, where replies are
threaded, and conversation keys: one per private chat ("tg:private:<chat_id>") and one per
user within a group ("tg:group:<chat_id>:<user_id>"), where the chat id is the group's *first*
id, so a group upgraded to a supergroup keeps its conversations."""

from __future__ import annotations

import re

from telegram import Chat, Message, User
from telegram.constants import ChatType

from bot.domain import Language, Origin
from bot.telegram.render import StateLike

_ALIAS_PREFIX = "tg:chat-alias:"


class ChatKeys:
    """Conversation keys per private chat and per user within a group, surviving migration."""

    def __init__(self, states: StateLike) -> None:
        self._states = states
        self._aliases: dict[int, int] = {}

    def canonical_chat_id(self, chat_id: int) -> int:
        """The id a group's conversations are stored under (its id before any migration)."""
        if chat_id in self._aliases:
            return self._aliases[chat_id]
        state = self._states.load_state(f"{_ALIAS_PREFIX}{chat_id}")
        canonical = state.get("canonical") if state else None
        result = canonical if isinstance(canonical, int) else chat_id
        self._aliases[chat_id] = result
        return result

    def record_migration(self, old_chat_id: int, new_chat_id: int) -> None:
        """Remember that `new_chat_id` continues the group `old_chat_id`."""
        canonical = self.canonical_chat_id(old_chat_id)
        if canonical == new_chat_id:
            return
        self._states.save_state(f"{_ALIAS_PREFIX}{new_chat_id}", {"canonical": canonical})
        self._aliases[new_chat_id] = canonical

    def key_for(self, chat: Chat, user: User | None) -> str:
        """The conversation key for `user` writing in `chat`."""
        if chat.type == ChatType.PRIVATE:
            return f"tg:private:{chat.id}"
        user_part = user.id if user is not None else "anon"
        return f"tg:group:{self.canonical_chat_id(chat.id)}:{user_part}"


def origin_for(chat: Chat, user: User | None, message: Message | None = None) -> Origin:
    """Who writes, as the core sees it: ids, first name, the group's title and where a later
    answer goes (this chat, threaded to `message`)."""
    return Origin(
        channel="telegram",
        user_id=str(user.id) if user is not None else None,
        is_group=not is_private(chat),
        display_name=user.full_name if user is not None else None,
        first_name=user.first_name if user is not None else None,
        chat_title=chat.title if not is_private(chat) else None,
        chat_ref=str(chat.id),
        message_ref=str(message.message_id) if message is not None else None,
        language=app_language(user) if user is not None else None,
    )


def is_private(chat: Chat) -> bool:
    """True for a one-to-one chat with the bot."""
    return chat.type == ChatType.PRIVATE


def has_words(text: str) -> bool:
    """True when `text` holds at least one letter or digit (not only emoji or punctuation)."""
    return any(char.isalnum() for char in text)


def thread(message: Message | None, chat: Chat) -> Message | None:
    """In groups replies are threaded to the asker's message; in private they are not."""
    return None if is_private(chat) else message


def replies_to_bot(message: Message, bot_id: int) -> bool:
    """Whether `message` replies to one of the bot's messages."""
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.id == bot_id)


def addressed_text(message: Message, username: str, bot_id: int) -> str | None:
    """The text meant for the bot with the @mention removed, or None when not addressed."""
    text = message.text or ""
    mention = re.compile(rf"(?<![\w@])@{re.escape(username)}\b", re.IGNORECASE)
    mentioned = bool(username) and mention.search(text) is not None
    if not mentioned and not replies_to_bot(message, bot_id):
        return None
    stripped = mention.sub(" ", text) if mentioned else text
    return " ".join(stripped.split()).strip(" ,:;")


def app_language(user: User | None) -> Language:
    """The language of `user`'s Telegram app: English for "en", "en-GB", ...; else Dutch."""
    code = (user.language_code or "") if user is not None else ""
    return Language.EN if code.lower().startswith("en") else Language.NL
