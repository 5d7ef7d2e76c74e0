"""Telegram update handlers: one typed callback per step, all routed to the channel-free core.

Private chats are conversations of their own ("tg:private:<chat_id>"); in groups each user has
a conversation of their own ("tg:group:<chat_id>:<user_id>"), where the chat id is the group's
*first* id, so a group upgraded to a supergroup keeps its conversations. In groups the bot only
speaks when addressed (an @mention, a reply to one of its messages, or a command) and never asks
for or shows personal data there: that moves to a private chat through a deep-link button.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from typing import Any

from telegram import Chat, Message, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.domain import CoreIntent, Language, Reply
from bot.knowledge.bilingual import Bilingual
from bot.knowledge.commands import Command
from bot.telegram.chats import addressed_text, has_words, is_private, replies_to_bot, thread
from bot.telegram.commands import CONTENT_COMMANDS, CORE_COMMANDS, CoreCommand
from bot.telegram.conversations import TelegramConversations
from bot.telegram.render import escape, render_reply
from bot.telegram.sending import acknowledge, on_error
from bot.telegram.texts import MAX_TEXT_LENGTH

logger = logging.getLogger(__name__)


class TelegramHandlers(TelegramConversations):
    """The bot's update handlers, bound to one assistant."""

    # ----------------------------------------------------------------- registration

    def register(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Add the command, message and button handlers (not the fallbacks)."""
        messages = filters.UpdateType.MESSAGE
        application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, self.on_migration))
        application.add_handler(
            MessageHandler(
                filters.StatusUpdate.NEW_CHAT_MEMBERS | filters.StatusUpdate.CHAT_CREATED,
                self.on_added_to_group,
            )
        )
        # Every command by its Dutch and its English name (knowledge/texts.yaml `commands`).
        names = self.commands.names
        handlers = (
            (names(Command.START), self.on_start),
            (names(Command.HELP), self.on_help),
            (names(*CONTENT_COMMANDS), self.on_content_command),
            (names(*CORE_COMMANDS), self.on_core_command),
        )
        for commands, callback in handlers:
            application.add_handler(CommandHandler(commands, callback, filters=messages))
        application.add_handler(CallbackQueryHandler(self.on_button))

    def register_fallbacks(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Add the catch-all handlers; call after every other module registered its commands."""
        messages = filters.UpdateType.MESSAGE
        application.add_handler(MessageHandler(messages & filters.COMMAND, self.on_unknown_command))
        application.add_handler(MessageHandler(messages & filters.TEXT, self.on_text))
        application.add_handler(
            MessageHandler(filters.UpdateType.EDITED_MESSAGE, self.on_edited_message)
        )
        application.add_handler(
            MessageHandler(messages & ~filters.StatusUpdate.ALL, self.on_unsupported)
        )
        application.add_error_handler(self.on_error)

    # ----------------------------------------------------------------- commands

    async def on_start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/start, with deep-link payloads such as `/start aanmelden`."""
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None:
            return
        payload = self.commands.find(context.args[0]) if context.args else None
        command = CORE_COMMANDS.get(payload) if payload is not None else None
        if command is not None:
            await self._run_core_command(update, context, command)
            return
        said = self.said
        if is_private(chat):
            await self._say(update, chat, said.welcome, reply_to=None)
        else:
            username = escape(context.bot.username)
            await self._say(update, chat, said.group_intro, reply_to=message, username=username)

    async def on_help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/hulp and /help; "/help" before the conversation has a language answers in English
        (as the core does for /signup), else the conversation's or the app's language."""
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None:
            return
        typed = self.commands.parse(message.text or "")
        named = self.commands.language_of(typed.typed) if typed is not None else None
        username = escape(context.bot.username)
        await self._say(
            update,
            chat,
            self.said.help,
            reply_to=thread(message, chat),
            typed=Language.EN if named is Language.EN else None,
            username=username,
        )

    async def on_content_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/programma, /toolkit, /projecten (/programme, /projects): the core asks the
        command's question, in the conversation's language, else the name's, else the app's."""
        message = update.effective_message
        if message is None or not message.text:
            return
        await self._converse(update, context, message.text.strip())

    async def on_core_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/aanmelden, /annuleer, /mijngegevens, /verwijder (/signup, /cancel, /mydata,
        /delete)."""
        message = update.effective_message
        typed = self.commands.parse(message.text or "") if message is not None else None
        command = CORE_COMMANDS.get(typed.command) if typed and typed.command else None
        if typed is not None and command is not None:
            english = self.commands.language_of(typed.typed) is Language.EN
            await self._run_core_command(update, context, command, Language.EN if english else None)

    async def _run_core_command(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        command: CoreCommand,
        typed: Language | None = None,
    ) -> None:
        """Run a core command; one needing personal data moves from a group to private.
        `typed`: English when typed by its English name ("/mydata"), which the core speaks
        before the conversation has a language (as it does for the English app)."""
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None:
            return
        if command.private and not is_private(chat):
            await self._send_private_handoff(update, chat, message, context, command.payload)
            return
        key, origin = self._conversation(chat, update.effective_user, message, update.update_id)
        origin = replace(origin, language=typed or origin.language)
        async with self.lock(key):
            # SQLite writes (synchronous=FULL) and the brain run off the event loop.
            reply = await asyncio.to_thread(command.run, self.assistant, key, origin)
            await self._send_reply(update, chat, message, context, reply)

    async def on_unknown_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An unknown command: a friendly hint in private, silence in groups unless meant for us."""
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None or not message.text:
            return
        if not is_private(chat):
            command = message.text.split()[0]
            target = command.split("@", 1)[1] if "@" in command else ""
            if target.lower() != (context.bot.username or "").lower() and not replies_to_bot(
                message, context.bot.id
            ):
                return
        await self._say(update, chat, self.said.unknown_command, reply_to=thread(message, chat))

    # ----------------------------------------------------------------- messages

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Free text: to the core in private; in groups only when addressed."""
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None or message.text is None:
            return
        text = message.text
        if not is_private(chat):
            addressed = addressed_text(message, context.bot.username or "", context.bot.id)
            if addressed is None:
                return  # ordinary chatter between colleagues
            if not addressed:
                username = escape(context.bot.username)
                hint = self.said.empty_mention
                await self._say(update, chat, hint, reply_to=message, username=username)
                return
            text = addressed
        said = self.assistant.texts.channel
        if len(text) > MAX_TEXT_LENGTH:
            await self._refuse(update, chat, message, said.too_long)
            return
        if not has_words(text):
            await self._refuse(update, chat, message, said.no_words)
            return
        await self._converse(update, context, text.strip())

    async def _refuse(self, update: Update, chat: Chat, message: Message, said: Bilingual) -> None:
        """A short "too long" / "only words" reply (threaded in groups); inside the sign-up
        form it repeats the form's question, in the form's language, so the user knows what to
        answer."""
        key, _origin = self._conversation(chat, update.effective_user)
        prompt = await asyncio.to_thread(self.assistant.form_question, key)
        language = Language.of(prompt.language if prompt is not None else None)
        text = said.say(language, most=MAX_TEXT_LENGTH)
        reply = Reply(text=text, intent=CoreIntent.UNKNOWN)
        if prompt is not None:
            reply = Reply(text=f"{text}\n\n{prompt.text}", choices=prompt.choices)
        await self._send(chat, render_reply(reply, self.buttons), reply_to=thread(message, chat))

    async def on_edited_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Edited messages are not re-answered; a short note in private, silence in groups."""
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None or not is_private(chat):
            return
        await self._say(update, chat, self.said.edited_message, reply_to=None)

    async def on_unsupported(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stickers, photos, voice, files and the like: a hint in private, silence in groups."""
        chat = update.effective_chat
        if chat is None or not is_private(chat):
            return
        await self._say(update, chat, self.said.unsupported_media, reply_to=None)

    async def on_added_to_group(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Introduce the bot in two lines when it is added to a group."""
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None or is_private(chat):
            return
        if not message.group_chat_created and not any(
            member.id == context.bot.id for member in message.new_chat_members
        ):
            return
        username = escape(context.bot.username)
        await self._say(update, chat, self.said.group_intro, reply_to=None, username=username)

    async def on_migration(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A group became a supergroup: keep its conversations under the new chat id."""
        message = update.effective_message
        if message is None:
            return
        if message.migrate_to_chat_id is not None:
            self.keys.record_migration(message.chat.id, message.migrate_to_chat_id)
        elif message.migrate_from_chat_id is not None:
            self.keys.record_migration(message.migrate_from_chat_id, message.chat.id)
        logger.info("Group migrated to a supergroup; conversations kept")

    # ----------------------------------------------------------------- buttons

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A pressed inline button answers as if its question had been typed."""
        query = update.callback_query
        if query is None:
            return
        text = self.buttons.decode(query.data)
        message = query.message if isinstance(query.message, Message) else None
        chat = message.chat if message is not None else None
        if chat is None or text is None:
            await acknowledge(query)
            if chat is not None:
                stale = self.said.stale_button
                await self._say(update, chat, stale, reply_to=thread(message, chat))
            return
        # Acknowledged only after the core committed the press (see _converse).
        await self._converse(
            update, context, text, user=query.from_user, chat=chat, message=message, query=query
        )

    # ----------------------------------------------------------------- errors

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Any handler's failure: logged, and the user gets an apology."""
        await on_error(update, context, self.said.error)
