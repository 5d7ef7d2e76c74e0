"""The outbox sender: delivers queued messages (sign-ups, withdrawals, notices) to Telegram.

Sign-up core code never talks to Telegram; it queues items in the outbox table (`OutboxStore`).
`drain_outbox` sends the due items and marks each one sent right after Telegram accepted it,
so an item is never forwarded twice by this process. Failures keep the item in the outbox:

* `RetryAfter` (429 flood wait): retried after the time Telegram asks for;
* `NetworkError` / `TimedOut` / 5xx: retried with exponential back-off (capped);
* permanent errors (chat not found, bot blocked/removed, ...): the error is recorded and the
  item is retried only after a long back-off, so an operator can fix the chat id.

`register_outbox_job` runs `drain_outbox` every few seconds from the PTB `JobQueue`; because the
outbox lives in the database, items still pending at shutdown are sent after a restart.

Logs name items by id and kind only: never the message text, names or e-mail addresses.
"""

from __future__ import annotations

import asyncio
import html
import logging
import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import Application, ContextTypes

from bot.domain import (
    STATUS_CONFIRMED,
    STATUS_CONTACTED,
    STATUS_NEW,
    STATUS_REJECTED,
    STATUS_WITHDRAWN,
    Capacity,
    Signup,
)
from bot.storage.base import OutboxItem, OutboxStore

logger = logging.getLogger(__name__)

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

try:
    DISPLAY_TZ: Any = ZoneInfo("Europe/Amsterdam")
except ZoneInfoNotFoundError:  # pragma: no cover - systems without tz data
    from datetime import UTC

    DISPLAY_TZ = UTC

_BOT_DATA_STORE = "wvdb_outbox_store"
_BOT_DATA_POLICY = "wvdb_outbox_policy"
_JOB_NAME = "wvdb-outbox"


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How long to wait before retrying a failed item (all in seconds)."""

    base_delay: float = 5.0
    max_delay: float = 15 * 60.0
    permanent_delay: float = 6 * 3600.0
    retry_after_margin: float = 1.0
    batch_size: int = 50

    def backoff(self, attempts: int) -> float:
        """Exponential back-off for an item that already failed `attempts` times, capped."""
        exponent = max(0, min(attempts, 30))
        return float(min(self.max_delay, self.base_delay * (2**exponent)))


@dataclass(slots=True)
class DrainResult:
    """What one `drain_outbox` round did (item ids per outcome)."""

    sent: list[int] = field(default_factory=list)
    retried: list[int] = field(default_factory=list)
    failed_permanently: list[int] = field(default_factory=list)
    dropped: list[int] = field(default_factory=list)
    stopped_early: bool = False


# ---------------------------------------------------------------------------------------------
# Rendering (shared with the coordinator handlers)
# ---------------------------------------------------------------------------------------------


def esc(value: object) -> str:
    """HTML-escape any dynamic value for Telegram's HTML parse mode."""
    return html.escape(str(value), quote=True)


def format_when(at: float) -> str:
    """A timestamp as Dutch coordinators read it, e.g. "12-03-2025 14:05"."""
    return datetime.fromtimestamp(at, DISPLAY_TZ).strftime("%d-%m-%Y %H:%M")


def _count_for(per_gemeente: Mapping[str, int], gemeente: str) -> int:
    if gemeente in per_gemeente:
        return per_gemeente[gemeente]
    folded = gemeente.casefold()
    return sum(count for name, count in per_gemeente.items() if name.casefold() == folded)


def capacity_line(capacity: Capacity, gemeente: str) -> str:
    """The fill level as plain text: "gemeente X: 2/3, 7/10 gemeenten" (not escaped)."""
    taken = _count_for(capacity.per_gemeente, gemeente)
    return (
        f"gemeente {gemeente}: {taken}/{capacity.max_per_gemeente}, "
        f"{capacity.gemeenten}/{capacity.max_gemeenten} gemeenten"
    )


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


def signup_html(
    signup: Signup,
    capacity: Capacity | None,
    *,
    heading: str = "Nieuwe aanmelding Leernetwerk",
) -> str:
    """A sign-up with all its fields for a coordinator chat, every value HTML-escaped."""
    data = signup.data
    lines = [f"📝 <b>{esc(heading)}</b> (#{signup.id})", ""]
    lines.append(f"<b>Naam:</b> {esc(data.name)}")
    lines.append(f"<b>Gemeente:</b> {esc(data.gemeente)}")
    lines.append(f"<b>Rol:</b> {esc(data.role)}")
    lines.append(f"<b>E-mail:</b> {esc(data.email)}")
    lines.append(f"<b>Telefoon:</b> {esc(data.phone) if data.phone else '–'}")
    lines.append(f"<b>Opmerkingen:</b> {esc(data.remarks) if data.remarks else '–'}")
    lines.append("")
    status = STATUS_LABELS.get(signup.status, signup.status)
    if signup.waitlisted:
        status += " (wachtlijst)"
    lines.append(f"<b>Status:</b> {esc(status)}")
    if signup.acted_by and signup.acted_at is not None:
        when = format_when(signup.acted_at)
        lines.append(f"<i>Laatst gewijzigd door {esc(signup.acted_by)} op {esc(when)}</i>")
    lines.append(f"<b>Aangemeld op:</b> {esc(format_when(signup.created_at))}")
    if capacity is not None:
        lines.append(f"<b>Capaciteit:</b> {esc(capacity_line(capacity, data.gemeente))}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Turning an outbox item into a message
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Message:
    text: str
    keyboard: InlineKeyboardMarkup | None = None


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


def render_item(item: OutboxItem, store: object) -> _Message | None:
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
            return _Message(ready_html, keyboard)
        if signup is None:
            raise ValueError("a sign-up item without html whose sign-up cannot be read")
        heading = ("Gewijzigde" if payload.get("updated") else "Nieuwe") + " aanmelding"
        return _Message(signup_html(signup, _capacity(store), heading=heading), keyboard)
    if isinstance(ready_html, str) and ready_html.strip():
        return _Message(ready_html)
    text = payload.get("text")
    if isinstance(text, str) and text.strip():
        return _Message(esc(text))
    raise ValueError(f"outbox item of kind {item.kind!r} has nothing to send")


# ---------------------------------------------------------------------------------------------
# Sending
# ---------------------------------------------------------------------------------------------


def _retry_after_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value: Any = exc.retry_after
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value)


def _chat_id(raw: str) -> int | str:
    text = raw.strip()
    if text.lstrip("-").isdigit():
        return int(text)
    return text  # "@channelname"


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]


_locks: dict[tuple[int, int], asyncio.Lock] = {}


def _lock_for(store: object) -> asyncio.Lock:
    """One lock per store and event loop, so overlapping rounds never send an item twice."""
    key = (id(store), id(asyncio.get_running_loop()))
    lock = _locks.get(key)
    if lock is None:
        lock = _locks[key] = asyncio.Lock()
    return lock


async def drain_outbox(
    bot: Bot,
    store: OutboxStore,
    now: float | None = None,
    *,
    policy: RetryPolicy | None = None,
    clock: Callable[[], float] = time.time,
) -> DrainResult:
    """Send every item that is due at `now` (default: the clock) and record the outcome.

    Items are marked sent one by one right after Telegram accepted them. A flood wait or a
    network error stops the round (the next round picks up the rest); a permanent error for one
    chat only delays that item. Concurrent calls for the same store run one after the other.
    """
    policy = policy or RetryPolicy()
    async with _lock_for(store):
        start = clock() if now is None else now
        result = DrainResult()
        for item in store.due_items(start, limit=policy.batch_size):
            if not await _send_one(bot, store, item, policy, clock, result):
                result.stopped_early = True
                break
        return result


async def _send_one(
    bot: Bot,
    store: OutboxStore,
    item: OutboxItem,
    policy: RetryPolicy,
    clock: Callable[[], float],
    result: DrainResult,
) -> bool:
    """Send one item; False when the round should stop (Telegram unreachable or flooding)."""
    try:
        message = render_item(item, store)
    except Exception as exc:  # a bug or a broken payload: keep the item, do not loop on it
        logger.exception("outbox item %s (%s) could not be rendered", item.id, item.kind)
        store.mark_failed(item.id, _error_text(exc), clock() + policy.permanent_delay)
        result.failed_permanently.append(item.id)
        return True
    if message is None:
        # Nothing to send any more (e.g. the applicant deleted the sign-up): close the item.
        store.mark_sent(item.id, None, clock())
        result.dropped.append(item.id)
        logger.info("outbox item %s (%s) has nothing left to send; closed", item.id, item.kind)
        return True
    try:
        sent = await bot.send_message(
            chat_id=_chat_id(item.chat_id),
            text=message.text,
            parse_mode=ParseMode.HTML,
            reply_markup=message.keyboard,
            disable_web_page_preview=True,
        )
    except RetryAfter as exc:
        wait = _retry_after_seconds(exc) + policy.retry_after_margin
        store.mark_failed(item.id, _error_text(exc), clock() + wait)
        result.retried.append(item.id)
        logger.warning("outbox: flood wait of %.0f s (item %s)", wait, item.id)
        return False
    except (Forbidden, BadRequest, ChatMigrated, InvalidToken) as exc:
        # BadRequest is a NetworkError subclass in PTB, so it must be caught before it.
        store.mark_failed(item.id, _error_text(exc), clock() + policy.permanent_delay)
        result.failed_permanently.append(item.id)
        logger.error(
            "outbox item %s (%s) failed permanently: %s", item.id, item.kind, type(exc).__name__
        )
        return not isinstance(exc, InvalidToken)
    except (NetworkError, TelegramError) as exc:
        # TimedOut, connection refused, 5xx, unexpected Telegram answers: transient.
        delay = policy.backoff(item.attempts)
        store.mark_failed(item.id, _error_text(exc), clock() + delay)
        result.retried.append(item.id)
        logger.warning(
            "outbox item %s (%s): %s, retry in %.0f s",
            item.id,
            item.kind,
            type(exc).__name__,
            delay,
        )
        return False
    store.mark_sent(item.id, sent.message_id if sent is not None else None, clock())
    result.sent.append(item.id)
    logger.info("outbox item %s (%s) sent", item.id, item.kind)
    return True


# ---------------------------------------------------------------------------------------------
# Wiring into a PTB Application
# ---------------------------------------------------------------------------------------------


async def _outbox_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    store = context.application.bot_data.get(_BOT_DATA_STORE)
    if store is None:
        return
    policy = context.application.bot_data.get(_BOT_DATA_POLICY)
    try:
        await drain_outbox(context.bot, store, policy=policy)
    except Exception:  # the job must survive a broken database moment; retried next tick
        logger.exception("outbox round failed")


def register_outbox_job(
    application: Application[Any, Any, Any, Any, Any, Any],
    store: OutboxStore,
    interval_seconds: float = 3.0,
    *,
    policy: RetryPolicy | None = None,
) -> None:
    """Run the outbox sender every `interval_seconds` (first run right after start-up).

    Calling it again replaces the earlier job (e.g. a test that wants a shorter interval).
    """
    application.bot_data[_BOT_DATA_STORE] = store
    application.bot_data[_BOT_DATA_POLICY] = policy or RetryPolicy()
    job_queue = application.job_queue
    if job_queue is None:
        raise RuntimeError(
            "The outbox needs PTB's JobQueue: install python-telegram-bot[job-queue]."
        )
    for old in job_queue.get_jobs_by_name(_JOB_NAME):
        old.schedule_removal()
    job_queue.run_repeating(
        _outbox_job,
        interval=interval_seconds,
        first=0.5,
        name=_JOB_NAME,
        job_kwargs={"max_instances": 1, "coalesce": True},
    )


def kick_outbox(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Run the outbox sender now (e.g. right after queueing an item) instead of at the next tick."""
    job_queue = application.job_queue
    if job_queue is None or _BOT_DATA_STORE not in application.bot_data:
        return
    job_queue.run_once(_outbox_job, when=0)
