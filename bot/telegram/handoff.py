"""The hand-off and feedback in Telegram (the core side is `bot.handoff`).

* 👍/👎 under a factual answer (callback data "fb:up:<token>" / "fb:down:<token>"): the core
  stores the vote; the two buttons are replaced by one inert "Bedankt!" button; after a 👎 a
  new message offers the hand-off.
* A coordinator answers a forwarded question by replying to its notice in a coordinator chat.
  The answer is stored and relayed to the asker through the outbox (in the group, as a reply
  to the question), the coordinator gets a short confirmation, and every copy of the notice is
  marked answered. Later replies are relayed too. Replies from anyone who is not a
  coordinator, and redelivered updates, change nothing.
* `/vragen` (open questions, oldest first, with their age) and `/feedback` (👍/👎 per intent,
  the 👎 questions newest first): coordinators only, like the other coordinator commands.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.config import Settings
from bot.core.assistant import Assistant
from bot.domain import Vote
from bot.handoff.feedback import feedback_lines
from bot.handoff.service import HandoffService, RelayedAnswer
from bot.telegram.chats import origin_for
from bot.telegram.conversations import TelegramConversations
from bot.telegram.coordinators import (
    COORDINATOR_HANDLER_GROUP,
    NOT_HERE_TEXT,
    REFUSAL_TEXT,
    CoordinatorAccess,
    text_to_html_chunks,
)
from bot.telegram.outbox import kick_outbox
from bot.telegram.render import FEEDBACK_PREFIX, render_reply

logger = logging.getLogger(__name__)

MAX_ANSWER_CHARS = 3500  # room for the header within Telegram's 4096
THANKS_DATA = f"{FEEDBACK_PREFIX}:done"
ONLY_TEXT = "Alleen tekst kan ik doorsturen. Reageer met je antwoord in woorden."
CONFIRMED = "✅ Doorgestuurd naar {name}."


def parse_feedback(data: str | None) -> tuple[Vote, str] | None:
    """(Vote.UP, "ab12cd34") for "fb:up:ab12cd34"; None for anything else."""
    parts = (data or "").split(":")
    if len(parts) != 3 or parts[0] != FEEDBACK_PREFIX or parts[1] not in ("up", "down"):
        return None
    token = parts[2]
    if not token.isalnum() or len(token) > 32:
        return None
    return Vote(parts[1]), token


def may_answer(access: CoordinatorAccess, chat_id: int, user_id: int | None) -> bool:
    """A hand-off is answered in a coordinator chat, by a coordinator: with COORDINATOR_USER_IDS
    set, only those users count; without it, every member of a coordinator chat does."""
    if chat_id not in access.chat_ids:
        return False
    return not access.user_ids or (user_id is not None and user_id in access.user_ids)


class HandoffHandlers:
    """Feedback buttons, coordinators' replies and the /vragen and /feedback overviews."""

    def __init__(
        self,
        assistant: Assistant,
        service: HandoffService,
        access: CoordinatorAccess,
        conversations: TelegramConversations,
    ) -> None:
        self.assistant = assistant
        self.service = service
        self.access = access
        self.conversations = conversations

    # -- 👍/👎 -----------------------------------------------------------------------------

    async def on_feedback(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A press on 👍 or 👎 (or on the inert thanks button)."""
        query = update.callback_query
        if query is None:
            return
        parsed = parse_feedback(query.data)
        message = query.message if isinstance(query.message, Message) else None
        if parsed is None or message is None:
            await query.answer()
            raise ApplicationHandlerStop
        vote, token = parsed
        chat, user = message.chat, query.from_user
        key = self.conversations.keys.key_for(chat, user)
        origin = origin_for(chat, user, message)
        async with self.conversations.lock(key):
            outcome = self.assistant.record_feedback(key, origin, token, vote)
        await query.answer(outcome.thanks)
        rows = [
            row
            for row in (message.reply_markup.inline_keyboard if message.reply_markup else ())
            if not any(str(b.callback_data or "").startswith(FEEDBACK_PREFIX) for b in row)
        ]
        rows.append((InlineKeyboardButton(outcome.thanks, callback_data=THANKS_DATA),))
        try:
            await query.edit_message_reply_markup(InlineKeyboardMarkup(rows))
        except TelegramError as error:
            logger.info("feedback buttons not replaced: %s", type(error).__name__)
        if outcome.follow_up is not None:
            for part in render_reply(outcome.follow_up, self.conversations.buttons):
                await context.bot.send_message(
                    chat.id, part.html, parse_mode=ParseMode.HTML, reply_markup=part.keyboard
                )
        logger.info("feedback %s recorded=%s", vote.value, outcome.recorded)
        raise ApplicationHandlerStop

    # -- coordinators' replies ------------------------------------------------------------

    async def on_reply(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A reply to one of the bot's messages: an answer when it replies to a hand-off
        notice in a coordinator chat; anything else goes on to the other handlers."""
        message, chat, user = update.effective_message, update.effective_chat, update.effective_user
        if message is None or chat is None or message.reply_to_message is None:
            return
        replied = message.reply_to_message
        if replied.from_user is None or replied.from_user.id != context.bot.id:
            return
        handoff = self.service.store.handoff_for_notice(str(chat.id), replied.message_id)
        if handoff is None:
            return
        if not may_answer(self.access, chat.id, user.id if user else None):
            logger.info("reply to hand-off #%s by a non-coordinator ignored", handoff.id)
            raise ApplicationHandlerStop
        text = (message.text or "").strip()
        if not text:
            await message.reply_text(ONLY_TEXT)
            raise ApplicationHandlerStop
        coordinator = (user.first_name if user else "") or "een coördinator"
        relayed = self.service.answer(
            handoff.id,
            coordinator=coordinator,
            text=text[:MAX_ANSWER_CHARS],
            source_ref=f"tg:{chat.id}:{message.message_id}",
        )
        if relayed is None:  # the same reply again (a redelivered update)
            raise ApplicationHandlerStop
        kick_outbox(context.application)
        logger.info("hand-off #%s answered; relay queued", handoff.id)
        name = handoff.request.first_name or "de vraagsteller"
        await message.reply_text(CONFIRMED.format(name=name))
        await self._mark_answered(context, relayed)
        raise ApplicationHandlerStop

    async def _mark_answered(
        self, context: ContextTypes.DEFAULT_TYPE, relayed: RelayedAnswer
    ) -> None:
        """Show who answered in every coordinator chat's copy of the notice."""
        for chat_id, message_id, notice_html in self.service.store.handoff_notices(
            relayed.handoff.id
        ):
            try:
                await context.bot.edit_message_text(
                    self.service.answered_html(notice_html, relayed),
                    chat_id=int(chat_id),
                    message_id=message_id,
                    parse_mode=ParseMode.HTML,
                )
            except TelegramError as error:
                logger.info("hand-off notice not marked: %s", type(error).__name__)

    # -- overviews ------------------------------------------------------------------------

    async def _guard(self, update: Update) -> bool:
        chat, user, message = update.effective_chat, update.effective_user, update.effective_message
        verdict = self.access.may_view(
            chat.id if chat else None, chat.type if chat else None, user.id if user else None
        )
        if verdict != "ok" and message is not None:
            await message.reply_text(NOT_HERE_TEXT if verdict == "not_here" else REFUSAL_TEXT)
        return verdict == "ok"

    async def _reply_lines(self, update: Update, lines: list[str]) -> None:
        message = update.effective_message
        if message is None:
            return
        for chunk in text_to_html_chunks("\n".join(lines)):
            await message.reply_text(chunk, parse_mode=ParseMode.HTML)

    async def on_questions(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/vragen: the open questions, oldest first, with their age."""
        if await self._guard(update):
            await self._reply_lines(update, self.service.open_lines())
        raise ApplicationHandlerStop

    async def on_feedback_overview(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE
    ) -> None:
        """/feedback: 👍/👎 per intent and the 👎 questions, newest first."""
        if await self._guard(update):
            await self._reply_lines(update, feedback_lines(self.service.store.list_feedback()))
        raise ApplicationHandlerStop


def register_handoff_handlers(
    application: Application[Any, Any, Any, Any, Any, Any],
    settings: Settings,
    assistant: Assistant,
    conversations: TelegramConversations,
) -> HandoffHandlers | None:
    """Add the feedback, coordinator-reply and overview handlers (before the fallbacks);
    nothing when the assistant has no hand-off desk."""
    desk = assistant.handoffs
    if desk is None:
        return None
    access = CoordinatorAccess(settings.coordinator_chat_ids, settings.coordinator_user_ids)
    handlers = HandoffHandlers(assistant, desk.service, access, conversations)
    group = COORDINATOR_HANDLER_GROUP
    application.add_handler(
        CallbackQueryHandler(handlers.on_feedback, pattern=rf"^{FEEDBACK_PREFIX}:"), group
    )
    application.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & filters.REPLY & ~filters.COMMAND, handlers.on_reply
        ),
        group,
    )
    application.add_handler(CommandHandler("vragen", handlers.on_questions), group)
    application.add_handler(CommandHandler("feedback", handlers.on_feedback_overview), group)
    return handlers
