"""One conversation's plumbing under the Telegram handlers: its key and lock (one update of a
conversation at a time), the language to speak to the sender, and delivering the core's
replies; in a group, anything personal becomes a deep-link button to a private chat.
"""

from __future__ import annotations

import asyncio
import weakref
from dataclasses import replace

from telegram import (
    CallbackQuery,
    Chat,
    Message,
    Update,
    User,
)
from telegram.ext import ContextTypes

from bot.core.assistant import Assistant
from bot.domain import Action, CoreIntent, Language, Origin, Reply
from bot.knowledge.bilingual import Bilingual
from bot.knowledge.channel_texts import TelegramTexts
from bot.knowledge.commands import Commands
from bot.telegram.chats import ChatKeys, app_language, is_private, origin_for, thread
from bot.telegram.commands import PAYLOAD_BY_INTENT, SIGNUP_PAYLOAD
from bot.telegram.outbox import kick_outbox
from bot.telegram.render import (
    ButtonTexts,
    OutgoingMessage,
    StateLike,
    render_reply,
    url_keyboard,
)
from bot.telegram.sending import acknowledge, send_messages


class TelegramConversations:
    """The conversations of one assistant on Telegram: keys, locks, language and replies."""

    def __init__(
        self,
        assistant: Assistant,
        states: StateLike,
    ) -> None:
        self.assistant = assistant
        self.buttons = ButtonTexts(states)
        self.keys = ChatKeys(states)
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    async def _converse(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        text: str,
        *,
        user: User | None = None,
        chat: Chat | None = None,
        message: Message | None = None,
        query: CallbackQuery | None = None,
    ) -> None:
        """Send `text` to the core as `user` in `chat` and deliver the reply; a button press
        (`query`) is acknowledged once the core has committed its effect."""
        chat = chat or update.effective_chat
        message = message or update.effective_message
        if chat is None or message is None:
            return
        sender = user or update.effective_user
        key, origin = self._conversation(chat, sender, message, update.update_id)
        async with self.lock(key):
            # SQLite writes (synchronous=FULL) and the brain run off the event loop.
            reply = await asyncio.to_thread(self.assistant.handle, key, text, origin)
            if query is not None:
                await acknowledge(query)
            await self._send_reply(update, chat, message, context, reply)
        if reply.intent == CoreIntent.HANDOFF_SENT:
            kick_outbox(context.application)  # the question goes to the coordinators now

    async def _send_reply(
        self,
        update: Update,
        chat: Chat,
        message: Message,
        context: ContextTypes.DEFAULT_TYPE,
        reply: Reply,
    ) -> None:
        """Show `reply`; in a group, anything personal becomes a deep link to a private chat."""
        if reply.intent == CoreIntent.REDELIVERED:
            return  # answered before this update was delivered again
        if not is_private(chat) and (reply.private_only or reply.action == Action.SIGNUP):
            payload = (
                SIGNUP_PAYLOAD
                if reply.action == Action.SIGNUP
                else PAYLOAD_BY_INTENT.get(reply.intent or "", "")
            )
            if reply.preface:  # a question asked with the wish: its answer is no secret
                answered = Reply(text=reply.preface, language=reply.language)
                await self._send(chat, render_reply(answered, None), reply_to=thread(message, chat))
            await self._send_private_handoff(update, chat, message, context, payload)
            return
        outgoing = render_reply(reply, self.buttons)
        await self._send(chat, outgoing, reply_to=thread(message, chat))

    async def _send_private_handoff(
        self,
        update: Update,
        chat: Chat,
        message: Message,
        context: ContextTypes.DEFAULT_TYPE,
        payload: str,
    ) -> None:
        """Point the sender to a private chat with the bot, opening it with `payload`."""
        url = f"https://t.me/{context.bot.username}"
        if payload:
            url += f"?start={payload}"
        language = await self._language(update, chat)
        button = self.said.private_handoff_button.say(language)
        text = self.said.private_handoff.say(language)
        await self._send(chat, [OutgoingMessage(text, url_keyboard(button, url))], reply_to=message)

    @property
    def said(self) -> TelegramTexts:
        """The channel's own texts (knowledge/texts.yaml `telegram`)."""
        return self.assistant.texts.telegram

    @property
    def commands(self) -> Commands:
        """The commands' names in both languages (knowledge/texts.yaml `commands`)."""
        return self.assistant.texts.commands

    async def _language(
        self, update: Update, chat: Chat, typed: Language | None = None
    ) -> Language:
        """The language to speak to the sender: their conversation's so far, else `typed`
        (English for a command typed by its English name), else their Telegram app's."""
        user = update.effective_user

        def known() -> Language | None:  # SQLite reads, off the event loop
            return self.assistant.known_language(self.keys.key_for(chat, user))

        return await asyncio.to_thread(known) or typed or app_language(user)

    async def _say(
        self,
        update: Update,
        chat: Chat,
        text: Bilingual,
        *,
        reply_to: Message | None,
        typed: Language | None = None,
        **values: str,
    ) -> None:
        """Send one of the channel's own HTML templates, in the sender's language (`typed`:
        see _language); `values` must already be escaped."""
        html = text.say(await self._language(update, chat, typed), **values)
        await self._send(chat, [OutgoingMessage(html)], reply_to=reply_to)

    async def _send(
        self, chat: Chat, outgoing: list[OutgoingMessage], *, reply_to: Message | None
    ) -> None:
        """Send `outgoing` to `chat`, the first message as a reply to `reply_to`."""
        await send_messages(chat, outgoing, reply_to=reply_to)

    def _conversation(
        self,
        chat: Chat,
        user: User | None,
        message: Message | None = None,
        update_id: int | None = None,
    ) -> tuple[str, Origin]:
        """The conversation key and the origin of a message from `user` in `chat`."""
        origin = replace(origin_for(chat, user, message), sequence=update_id)
        return self.keys.key_for(chat, user), origin

    def lock(self, key: str) -> asyncio.Lock:
        """The lock of conversation `key`: one update of a conversation at a time (made on
        first use, dropped when unused)."""
        return self._locks.setdefault(key, asyncio.Lock())
