"""The coordinators' side of sign-ups in Telegram.

Commands (only in coordinator chats, or in a private chat with a coordinator user id):

* `/aanmeldingen`: every sign-up with its status, plus counts per gemeente and per role;
* `/export`: all sign-ups as a CSV document (UTF-8 with BOM, `;`-separated: opens in Excel);
* `/wachtlijst`: the waiting list, first come first served;
* `/onbeantwoord`: questions the bot could not answer, with counts, newest first.

Everyone else gets a polite refusal. The status buttons under a forwarded sign-up
(Bevestigen / Afwijzen / Contact opgenomen) update the status, show who acted and when, and tell
the applicant in their private chat when the sign-up was confirmed or rejected (via the outbox,
so a Telegram hiccup does not lose that message either).

Personal data is shown only in coordinator chats or a coordinator's private chat, and is never
logged.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from telegram import InputFile, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)

from bot.config import Settings
from bot.domain import STATUS_WITHDRAWN
from bot.signup import reports
from bot.signup.reports import TIMEZONE
from bot.signup.service import SignupService, StatusChange
from bot.telegram.coordinator_messages import (
    CALLBACK_PREFIX,
    STATUS_LABELS,
    esc,
    parse_status_callback,
    status_keyboard,
)
from bot.telegram.outbox import kick_outbox, register_outbox_job

logger = logging.getLogger(__name__)

# Handlers run in this group, before the general conversation handlers, and stop there.
COORDINATOR_HANDLER_GROUP = -10
DEFAULT_OUTBOX_INTERVAL_SECONDS = 3.0
MAX_MESSAGE_CHARS = 4000  # Telegram's limit is 4096; keep a margin for the HTML tags

REFUSAL_TEXT = (
    "Sorry, dit commando is alleen voor de coördinatoren van het Leernetwerk. "
    "Wil je je zelf aanmelden? Stuur dan /aanmelden."
)
NOT_HERE_TEXT = (
    "Dit overzicht bevat persoonsgegevens, dus dat toon ik niet in deze groep. "
    "Stuur het commando in een privégesprek met mij of in de coördinatorengroep."
)
BUTTON_REFUSAL_TEXT = "Alleen de coördinatoren kunnen de status van een aanmelding wijzigen."
STALE_BUTTON_TEXT = (
    "Deze knop is verlopen of ongeldig. Gebruik /aanmeldingen voor de actuele lijst."
)
GONE_TEXT = "Deze aanmelding bestaat niet meer (de aanvrager heeft haar mogelijk verwijderd)."
WITHDRAWN_TEXT = "Deze aanmelding is ingetrokken door de aanvrager."


def chunk_lines(lines: Sequence[str], limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """Join lines into messages of at most `limit` characters, never splitting a line."""
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for line in lines:
        line = line if len(line) <= limit else line[: limit - 1] + "…"
        if current and size + len(line) + 1 > limit:
            chunks.append("\n".join(current))
            current, size = [], 0
        current.append(line)
        size += len(line) + 1
    if current:
        chunks.append("\n".join(current))
    return chunks


def text_to_html_chunks(text: str) -> list[str]:
    """Plain text (from the sign-up service) as escaped HTML messages; the first line bold."""
    lines = [esc(line) for line in text.split("\n")]
    if len(lines) > 1 and lines[0]:
        lines[0] = f"<b>{lines[0]}</b>"
    return chunk_lines(lines)


def applicant_chat_id(user_key: str) -> int | None:
    """The applicant's private chat for "tg:private:<chat id>" / "telegram:<user id>" keys.

    None for anything else (terminal, batch, group keys): those are not told via Telegram.
    """
    channel, _, rest = user_key.partition(":")
    if channel == "tg" and rest.startswith("private:"):
        rest = rest.removeprefix("private:")
    elif channel != "telegram":
        return None
    return int(rest) if rest.isdigit() else None


# ---------------------------------------------------------------------------------------------
# Telegram handlers
# ---------------------------------------------------------------------------------------------


class CoordinatorAccess:
    """Who counts as a coordinator, and where personal data may be shown."""

    def __init__(self, chat_ids: Iterable[int], user_ids: Iterable[int]) -> None:
        self.chat_ids = frozenset(int(c) for c in chat_ids)
        self.user_ids = frozenset(int(u) for u in user_ids)

    def may_view(self, chat_id: int | None, chat_type: str | None, user_id: int | None) -> str:
        """Verdict: "ok", "not_here" (coordinator in a non-coordinator group) or "refused"."""
        if chat_id is not None and chat_id in self.chat_ids:
            return "ok"
        if user_id is not None and user_id in self.user_ids:
            return "ok" if chat_type == ChatType.PRIVATE else "not_here"
        return "refused"

    def may_act(self, chat_id: int | None, user_id: int | None) -> bool:
        """Status buttons work in coordinator chats and for coordinator users."""
        return (chat_id is not None and chat_id in self.chat_ids) or (
            user_id is not None and user_id in self.user_ids
        )


class CoordinatorHandlers:
    """The coordinator commands and the status-button callback, bound to one sign-up service."""

    def __init__(
        self,
        service: SignupService,
        access: CoordinatorAccess,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.service = service
        self.store = service.storage
        self.access = access
        self.clock = clock

    async def _guard(self, update: Update) -> bool:
        """Reply with a refusal and return False unless the sender may see coordinator data."""
        chat = update.effective_chat
        user = update.effective_user
        verdict = self.access.may_view(
            chat.id if chat else None, chat.type if chat else None, user.id if user else None
        )
        if verdict == "ok":
            return True
        message = update.effective_message
        if message is not None:
            await message.reply_text(NOT_HERE_TEXT if verdict == "not_here" else REFUSAL_TEXT)
        logger.info("coordinator command refused (%s)", verdict)
        return False

    async def _reply_text(self, update: Update, text: str) -> None:
        message = update.effective_message
        if message is None:
            return
        for chunk in text_to_html_chunks(text):
            await message.reply_text(chunk)  # HTML: the bot's Defaults

    async def signups(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/aanmeldingen: every sign-up with status, counts per gemeente and per role."""
        if await self._guard(update):
            await self._reply_text(update, reports.list_text(self.store))
        raise ApplicationHandlerStop

    async def waitlist(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/wachtlijst: the waiting list."""
        if await self._guard(update):
            await self._reply_text(update, reports.waitlist_text(self.store))
        raise ApplicationHandlerStop

    async def unanswered(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/onbeantwoord: unanswered questions with counts, newest first (no identities)."""
        if await self._guard(update):
            await self._reply_text(update, reports.unanswered_text(self.store))
        raise ApplicationHandlerStop

    async def export(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/export: all sign-ups as a CSV document for Excel."""
        if await self._guard(update):
            content = reports.export_csv(self.store)
            count = len(self.store.list_signups())
            stamp = datetime.fromtimestamp(self.clock(), TIMEZONE).strftime("%Y%m%d-%H%M")
            message = update.effective_message
            if message is not None:
                await message.reply_document(
                    document=InputFile(content, filename=f"aanmeldingen-{stamp}.csv"),
                    caption=f"{count} aanmeldingen (CSV, UTF-8, scheidingsteken ;)",
                )
        raise ApplicationHandlerStop

    async def status_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A press on Bevestigen / Afwijzen / Contact opgenomen."""
        if update.callback_query is None:
            return
        try:
            await self._handle_status_button(update, context)
        except TelegramError as exc:
            logger.warning("status button failed: %s", type(exc).__name__)
        raise ApplicationHandlerStop

    async def _handle_status_button(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE
    ) -> None:
        query = update.callback_query
        assert query is not None
        message = query.message
        chat_id = message.chat.id if message is not None else None
        if not self.access.may_act(chat_id, query.from_user.id):
            await query.answer(BUTTON_REFUSAL_TEXT, show_alert=True)
            logger.info("status button refused for a non-coordinator")
            return
        parsed = parse_status_callback(query.data)
        if parsed is None:
            await query.answer(STALE_BUTTON_TEXT, show_alert=True)
            return
        status, signup_id = parsed
        current = self.store.get_signup(signup_id)
        if current is None:
            await query.answer(GONE_TEXT, show_alert=True)
            return
        if current.status == STATUS_WITHDRAWN:
            await query.answer(WITHDRAWN_TEXT, show_alert=True)
            return
        if current.status == status:
            await query.answer(f"De status is al: {STATUS_LABELS.get(status, status)}.")
            return
        actor = query.from_user.full_name or f"coördinator {query.from_user.id}"
        change = self.service.set_status(signup_id, status, actor)
        if change is None:
            await query.answer(GONE_TEXT, show_alert=True)
            return
        await query.answer(f"Status gewijzigd: {STATUS_LABELS.get(status, status)}.")
        logger.info("sign-up %s status changed to %s", signup_id, status)
        await self._refresh_message(update, change)
        self._notify_applicant(change, context)

    async def _refresh_message(self, update: Update, change: StatusChange) -> None:
        """Show the new status, who acted and when, in the pressed coordinator message and in
        every other known copy of it in that chat (a resend in doubt makes two copies)."""
        query = update.callback_query
        assert query is not None
        message = query.message
        copies = [message.message_id] if message is not None else []
        if message is not None:
            chat_id = str(message.chat.id)
            self.store.add_notice_copy(change.signup.id, chat_id, message.message_id)
            copies += [
                copy
                for copy in self.store.notice_copies(change.signup.id, chat_id)
                if copy != message.message_id
            ]
        for message_id in copies:
            try:
                await query.get_bot().edit_message_text(
                    change.coordinator_html,
                    chat_id=message.chat.id if message is not None else None,
                    message_id=message_id,
                    reply_markup=status_keyboard(change.signup.id),
                )
            except BadRequest as exc:
                if "not modified" not in str(exc).lower():
                    logger.warning("could not update a coordinator message: %s", type(exc).__name__)
            except TelegramError as exc:
                logger.warning("could not update a coordinator message: %s", type(exc).__name__)

    def _notify_applicant(self, change: StatusChange, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Queue the applicant's notice (bevestigd / afgewezen) for their private chat."""
        reply = change.applicant_reply
        chat_id = applicant_chat_id(change.applicant_key)
        if reply is None or chat_id is None:
            return
        signup = change.signup
        self.store.enqueue(
            str(chat_id),
            "notice",
            {"text": reply.plain_text(), "signup_id": signup.id, "status": signup.status},
            dedupe_key=f"applicant:{signup.id}:{signup.status}:{signup.acted_at}",
            signup_id=signup.id,
        )
        kick_outbox(context.application)


def register_coordinator_handlers(
    application: Application[Any, Any, Any, Any, Any, Any],
    settings: Settings,
    service: SignupService | None,
    *,
    outbox_interval_seconds: float | None = DEFAULT_OUTBOX_INTERVAL_SECONDS,
) -> CoordinatorHandlers | None:
    """Add the coordinator commands, the status-button handler and the outbox job.

    Uses the assistant's sign-up service; without one (an assistant without sign-ups)
    nothing is registered and None is returned. `outbox_interval_seconds`
    None leaves the outbox job out (a caller that drains the outbox itself).
    """
    if service is None:
        logger.warning("no sign-up service: coordinator commands and outbox are not active")
        return None
    handlers = CoordinatorHandlers(
        service, CoordinatorAccess(settings.coordinator_chat_ids, settings.coordinator_user_ids)
    )
    group = COORDINATOR_HANDLER_GROUP
    application.add_handler(CommandHandler("aanmeldingen", handlers.signups), group)
    application.add_handler(CommandHandler("export", handlers.export), group)
    application.add_handler(CommandHandler("wachtlijst", handlers.waitlist), group)
    application.add_handler(CommandHandler("onbeantwoord", handlers.unanswered), group)
    application.add_handler(
        CallbackQueryHandler(handlers.status_button, pattern=rf"^{CALLBACK_PREFIX}:"), group
    )
    if outbox_interval_seconds is not None:
        register_outbox_job(application, service.storage, outbox_interval_seconds)
    return handlers
