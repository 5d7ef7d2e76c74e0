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

import csv
import importlib
import io
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, Protocol

from telegram import InputFile, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)

from bot.config import Settings
from bot.storage.base import (
    ROLES,
    STATUS_CONFIRMED,
    STATUS_REJECTED,
    STATUS_WITHDRAWN,
    Capacity,
    OutboxStore,
    Signup,
    SignupStore,
    UnansweredStore,
)
from bot.telegram.outbox import (
    CALLBACK_PREFIX,
    DISPLAY_TZ,
    STATUS_LABELS,
    capacity_line,
    esc,
    format_when,
    kick_outbox,
    parse_status_callback,
    signup_html,
    status_keyboard,
)

logger = logging.getLogger(__name__)

# Handlers run in this group, before the general conversation handlers, and stop there.
COORDINATOR_HANDLER_GROUP = -10
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

APPLICANT_NOTICES: dict[str, str] = {
    STATUS_CONFIRMED: (
        "Goed nieuws! Je aanmelding voor het Leernetwerk Werken volgens de Bedoeling is "
        "bevestigd door de coördinatoren. Je hoort van hen hoe het verder gaat."
    ),
    STATUS_REJECTED: (
        "Je aanmelding voor het Leernetwerk Werken volgens de Bedoeling is helaas niet "
        "geaccepteerd. Heb je vragen? Neem dan contact op met de coördinatoren via rpo@vng.nl."
    ),
}

CSV_COLUMNS = (
    "id",
    "naam",
    "gemeente",
    "rol",
    "e-mail",
    "telefoon",
    "opmerkingen",
    "status",
    "wachtlijst",
    "aangemeld op",
    "gewijzigd op",
    "laatst gewijzigd door",
)


class CoordinatorStore(SignupStore, OutboxStore, UnansweredStore, Protocol):
    """What the coordinator side needs from storage."""


# ---------------------------------------------------------------------------------------------
# Pure helpers (testable without Telegram)
# ---------------------------------------------------------------------------------------------


def _excel_safe(value: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection): prefix =, +, -, @ with a quote."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def signups_csv(signups: Iterable[Signup]) -> bytes:
    """All sign-ups as CSV bytes that open cleanly in (Dutch) Excel.

    UTF-8 with a byte-order mark (so Excel detects the encoding), `;` as separator (the Dutch
    list separator), CRLF line ends, every field quoted where needed, formulas neutralised.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for signup in signups:
        data = signup.data
        row = [
            str(signup.id),
            data.name,
            data.gemeente,
            data.role,
            data.email,
            data.phone or "",
            data.remarks or "",
            signup.status,
            "ja" if signup.waitlisted else "nee",
            format_when(signup.created_at),
            format_when(signup.updated_at),
            signup.acted_by or "",
        ]
        writer.writerow([_excel_safe(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def _status_text(signup: Signup) -> str:
    label = STATUS_LABELS.get(signup.status, signup.status)
    return f"{label}, wachtlijst" if signup.waitlisted else label


def _is_active(signup: Signup) -> bool:
    return not signup.waitlisted and signup.status not in (STATUS_REJECTED, STATUS_WITHDRAWN)


def signups_overview_html(signups: Sequence[Signup], capacity: Capacity) -> list[str]:
    """The /aanmeldingen answer as HTML messages (split to fit Telegram's length limit)."""
    if not signups:
        return ["Er zijn nog geen aanmeldingen."]
    lines = [f"<b>Aanmeldingen Leernetwerk</b> ({len(signups)})", ""]
    for signup in sorted(signups, key=lambda s: (s.created_at, s.id)):
        data = signup.data
        lines.append(
            f"#{signup.id} · {esc(data.name)} · {esc(data.gemeente)} · {esc(data.role)} · "
            f"<i>{esc(_status_text(signup))}</i>"
        )
    active = [s for s in signups if _is_active(s)]
    lines += ["", "<b>Per gemeente</b> (actief, zonder wachtlijst):"]
    per_gemeente = Counter(s.data.gemeente for s in active)
    if per_gemeente:
        for gemeente, _count in sorted(per_gemeente.items(), key=lambda kv: kv[0].casefold()):
            lines.append(f"• {esc(capacity_line(capacity, gemeente))}")
    else:
        lines.append("• nog geen")
    lines.append(f"Totaal: {capacity.gemeenten}/{capacity.max_gemeenten} gemeenten")
    lines += ["", "<b>Per rol</b> (actief, zonder wachtlijst):"]
    per_role = Counter(s.data.role for s in active)
    for role in (*ROLES, *sorted(set(per_role) - set(ROLES))):
        lines.append(f"• {esc(role)}: {per_role.get(role, 0)}")
    waiting = sum(1 for s in signups if s.waitlisted and s.status != STATUS_WITHDRAWN)
    per_status = Counter(s.status for s in signups)
    lines += ["", f"<b>Wachtlijst:</b> {waiting}"]
    lines.append(
        "<b>Per status:</b> "
        + ", ".join(f"{esc(status)}: {count}" for status, count in sorted(per_status.items()))
    )
    return chunk_lines(lines)


def waitlist_html(signups: Sequence[Signup]) -> list[str]:
    """The /wachtlijst answer: waiting sign-ups in order of arrival."""
    waiting = [s for s in signups if s.waitlisted and s.status != STATUS_WITHDRAWN]
    if not waiting:
        return ["De wachtlijst is leeg."]
    lines = [f"<b>Wachtlijst Leernetwerk</b> ({len(waiting)})", ""]
    for position, signup in enumerate(sorted(waiting, key=lambda s: (s.created_at, s.id)), 1):
        data = signup.data
        lines.append(
            f"{position}. #{signup.id} · {esc(data.name)} · {esc(data.gemeente)} · "
            f"{esc(data.role)} · {esc(data.email)} · sinds {esc(format_when(signup.created_at))}"
        )
    return chunk_lines(lines)


def unanswered_html(summary: Sequence[tuple[str, int, float]]) -> list[str]:
    """The /onbeantwoord answer: question, how often, when last asked; newest first."""
    if not summary:
        return ["Er zijn geen onbeantwoorde vragen."]
    rows = sorted(summary, key=lambda row: row[2], reverse=True)
    lines = [
        f"<b>Onbeantwoorde vragen</b> ({len(rows)}, nieuwste eerst)",
        "",
    ]
    for question, count, last_asked in rows:
        lines.append(f"• {count}× {esc(question)} <i>(laatst {esc(format_when(last_asked))})</i>")
    return chunk_lines(lines)


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


def applicant_chat_id(user_key: str) -> int | None:
    """The private chat of the applicant for a "telegram:<user id>" key, else None."""
    channel, _, rest = user_key.partition(":")
    if channel not in ("telegram", "tg"):
        return None
    rest = rest.removeprefix("private:")
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


def _resolve_store(
    assistant: object, application: Application[Any, Any, Any, Any, Any, Any]
) -> Any:
    """Find the storage object: explicit bot_data entry, the assistant, or its sign-up service."""
    for candidate in (
        application.bot_data.get("storage"),
        getattr(assistant, "storage", None),
        getattr(assistant, "store", None),
        getattr(getattr(assistant, "signups", None), "store", None),
        getattr(getattr(assistant, "signup_service", None), "store", None),
    ):
        if candidate is not None and callable(getattr(candidate, "list_signups", None)):
            return candidate
    return None


def _export_function(assistant: object) -> Callable[[Iterable[Signup]], bytes]:
    """The sign-up service's CSV export if it has one, else `signups_csv`."""
    for module_name in ("bot.signup.export", "bot.signup.service"):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        function = getattr(module, "signups_csv", None)
        if callable(function):
            return function  # type: ignore[no-any-return]
    return signups_csv


class CoordinatorHandlers:
    """The coordinator commands and the status-button callback, bound to one store."""

    def __init__(
        self,
        store: CoordinatorStore,
        access: CoordinatorAccess,
        *,
        export: Callable[[Iterable[Signup]], bytes] = signups_csv,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.access = access
        self.export_csv = export
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

    async def _reply_chunks(self, update: Update, chunks: Sequence[str]) -> None:
        message = update.effective_message
        if message is None:
            return
        for chunk in chunks:
            await message.reply_text(chunk, parse_mode=ParseMode.HTML)

    async def signups(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/aanmeldingen."""
        if await self._guard(update):
            chunks = signups_overview_html(self.store.list_signups(), self.store.capacity())
            await self._reply_chunks(update, chunks)
        raise ApplicationHandlerStop

    async def waitlist(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/wachtlijst."""
        if await self._guard(update):
            waiting = self.store.list_signups(waitlisted=True)
            await self._reply_chunks(update, waitlist_html(waiting))
        raise ApplicationHandlerStop

    async def unanswered(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/onbeantwoord."""
        if await self._guard(update):
            await self._reply_chunks(update, unanswered_html(self.store.unanswered_summary(50)))
        raise ApplicationHandlerStop

    async def export(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/export: the CSV document."""
        if await self._guard(update):
            signups = self.store.list_signups()
            content = self.export_csv(signups)
            stamp = datetime.fromtimestamp(self.clock(), DISPLAY_TZ).strftime("%Y%m%d-%H%M")
            message = update.effective_message
            if message is not None:
                await message.reply_document(
                    document=InputFile(content, filename=f"aanmeldingen-{stamp}.csv"),
                    caption=f"{len(signups)} aanmeldingen (CSV, UTF-8, scheidingsteken ;)",
                )
        raise ApplicationHandlerStop

    async def status_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A press on Bevestigen / Afwijzen / Contact opgenomen."""
        query = update.callback_query
        if query is None:
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
        signup = self.store.get_signup(signup_id)
        if signup is None:
            await query.answer(GONE_TEXT, show_alert=True)
            return
        if signup.status == STATUS_WITHDRAWN:
            await query.answer(WITHDRAWN_TEXT, show_alert=True)
            return
        if signup.status == status:
            await query.answer(f"De status is al: {STATUS_LABELS.get(status, status)}.")
            return
        actor = query.from_user.full_name or f"coördinator {query.from_user.id}"
        now = self.clock()
        updated = self.store.set_status(signup_id, status, actor=actor, at=now)
        if updated is None:
            await query.answer(GONE_TEXT, show_alert=True)
            return
        await query.answer(f"Status gewijzigd: {STATUS_LABELS.get(status, status)}.")
        logger.info("sign-up %s status changed to %s", signup_id, status)
        await self._refresh_message(update, updated)
        self._notify_applicant(updated, now, context)

    async def _refresh_message(self, update: Update, signup: Signup) -> None:
        query = update.callback_query
        assert query is not None
        text = signup_html(signup, self.store.capacity(), heading="Aanmelding Leernetwerk")
        try:
            await query.edit_message_text(
                text,
                parse_mode=ParseMode.HTML,
                reply_markup=status_keyboard(signup.id),
                disable_web_page_preview=True,
            )
        except BadRequest as exc:
            if "not modified" not in str(exc).lower():
                logger.warning("could not update a coordinator message: %s", type(exc).__name__)
        except TelegramError as exc:
            logger.warning("could not update a coordinator message: %s", type(exc).__name__)

    def _notify_applicant(
        self, signup: Signup, at: float, context: ContextTypes.DEFAULT_TYPE
    ) -> None:
        notice = APPLICANT_NOTICES.get(signup.status)
        chat_id = applicant_chat_id(signup.user_key)
        if notice is None or chat_id is None:
            return
        self.store.enqueue(
            str(chat_id),
            "notice",
            {"text": notice, "signup_id": signup.id, "status": signup.status},
            dedupe_key=f"applicant:{signup.id}:{signup.status}:{at:.3f}",
            signup_id=signup.id,
        )
        kick_outbox(context.application)


def register_coordinator_handlers(
    application: Application[Any, Any, Any, Any, Any, Any],
    settings: Settings,
    assistant: object,
    *,
    store: CoordinatorStore | None = None,
) -> CoordinatorHandlers:
    """Add the coordinator commands and the status-button handler to `application`.

    `store` defaults to the storage found on the assistant (or `bot_data["storage"]`).
    """
    resolved = store if store is not None else _resolve_store(assistant, application)
    if resolved is None:
        raise RuntimeError("register_coordinator_handlers: no sign-up storage found")
    handlers = CoordinatorHandlers(
        resolved,
        CoordinatorAccess(settings.coordinator_chat_ids, settings.coordinator_user_ids),
        export=_export_function(assistant),
    )
    group = COORDINATOR_HANDLER_GROUP
    application.add_handler(CommandHandler("aanmeldingen", handlers.signups), group)
    application.add_handler(CommandHandler("export", handlers.export), group)
    application.add_handler(CommandHandler("wachtlijst", handlers.waitlist), group)
    application.add_handler(CommandHandler("onbeantwoord", handlers.unanswered), group)
    application.add_handler(
        CallbackQueryHandler(handlers.status_button, pattern=rf"^{CALLBACK_PREFIX}:"), group
    )
    return handlers
