"""Sending to a chat, acknowledging button presses, and the error handler (never logging what
a user wrote)."""

from __future__ import annotations

import logging
import traceback

from telegram import CallbackQuery, Chat, Message, ReplyParameters, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.knowledge.bilingual import Bilingual
from bot.telegram.chats import app_language, thread
from bot.telegram.render import OutgoingMessage

logger = logging.getLogger(__name__)


async def send_messages(
    chat: Chat, outgoing: list[OutgoingMessage], *, reply_to: Message | None
) -> None:
    """Send messages in order; the first is threaded to `reply_to` when given."""
    for index, part in enumerate(outgoing):
        reply_parameters = (
            ReplyParameters(message_id=reply_to.message_id, allow_sending_without_reply=True)
            if reply_to is not None and index == 0
            else None
        )
        await chat.get_bot().send_message(  # HTML, no link previews: the bot's Defaults
            chat_id=chat.id,
            text=part.html,
            reply_markup=part.keyboard,
            reply_parameters=reply_parameters,
            message_thread_id=reply_to.message_thread_id
            if reply_to is not None and reply_to.is_topic_message
            else None,
        )


async def acknowledge(query: CallbackQuery) -> None:
    """Answer a button press (stops the client's spinner); a failure here loses nothing."""
    try:
        await query.answer()
    except TelegramError as error:
        logger.info("Could not acknowledge a button press: %s", type(error).__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE, apology: Bilingual) -> None:
    """Log the failure with its stack trace (no personal data) and tell the user `apology`,
    in their Telegram app's language (the failure may be the storage: no state is read)."""
    error = context.error
    kind = "unknown"
    chat: Chat | None = None
    message: Message | None = None
    if isinstance(update, Update):
        chat, message = update.effective_chat, update.effective_message
        kind = next(
            (
                name
                for name in ("message", "edited_message", "callback_query", "my_chat_member")
                if getattr(update, name, None) is not None
            ),
            "other",
        )
    if error is None:
        logger.error("Error handler called without an error (update kind %s)", kind)
        return
    if update is None and isinstance(error, TelegramError):
        return  # a polling error: the bot (bot.telegram.resilience) logged one line already
    frames = "".join(traceback.format_tb(error.__traceback__))
    # Only the exception type: its message may quote what a user wrote.
    logger.error(
        "Error while handling a %s update in a %s chat: %s\nTraceback (most recent call last):\n%s",
        kind,
        chat.type if chat is not None else "unknown",
        type(error).__name__,
        frames.rstrip(),
    )
    if chat is None:
        return
    try:
        user = update.effective_user if isinstance(update, Update) else None
        text = apology.say(app_language(user))
        await send_messages(chat, [OutgoingMessage(text)], reply_to=thread(message, chat))
    except TelegramError as send_error:
        logger.warning("Could not tell the user about the error: %s", type(send_error).__name__)
