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
import logging
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from telegram import Bot, ReplyParameters
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

from bot.storage.base import OutboxItem, OutboxStore
from bot.telegram.coordinator_messages import OutboxMessage, render_item

logger = logging.getLogger(__name__)

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
    should_stop: Callable[[], bool] | None = None,
) -> DrainResult:
    """Send every item that is due at `now` (default: the clock) and record the outcome.

    Items are marked sent one by one right after Telegram accepted them. A flood wait or a
    network error stops the round (the next round picks up the rest); a permanent error for one
    chat only delays that item. Concurrent calls for the same store run one after the other.
    `should_stop` ends the round between two items (the bot is shutting down).
    """
    policy = policy or RetryPolicy()
    async with _lock_for(store):
        start = clock() if now is None else now
        result = DrainResult()
        for item in store.due_items(start, limit=policy.batch_size):
            if should_stop is not None and should_stop():
                result.stopped_early = True
                break
            if not await _send_one(bot, store, item, policy, clock, result):
                result.stopped_early = True
                break
        return result


def repeat_note(item: OutboxItem) -> str:
    """The line that marks a resend whose earlier attempt may have arrived ("" otherwise).

    Telegram has no idempotency key: a send that timed out, or was cut off by a kill, may
    have been delivered. The resend says so, naming the notice (the sign-up number)."""
    if not item.in_doubt:
        return ""
    number = item.signup_id if item.signup_id is not None else item.id
    return (
        f"⚠️ <i>Mogelijk een herhaling van melding #{number}: een eerdere verzending is "
        "misschien al aangekomen.</i>\n\n"
    )


async def _deliver(bot: Bot, item: OutboxItem, message: OutboxMessage) -> int | None:
    """Send (or, for a withdrawal, edit the known copies of) one item; the message id."""
    edit_ids = item.payload.get("edit") if item.kind == "withdrawn" else None
    if isinstance(edit_ids, list) and edit_ids:
        edited = [m for m in edit_ids if await _edit(bot, item.chat_id, int(m), message.text)]
        if edited:
            return int(edited[0])
    sent = await bot.send_message(  # HTML without link previews: the bot's Defaults
        chat_id=_chat_id(item.chat_id),
        text=repeat_note(item) + message.text,
        reply_markup=message.keyboard,
        reply_parameters=ReplyParameters(message.reply_to, allow_sending_without_reply=True)
        if message.reply_to is not None
        else None,
    )
    return sent.message_id if sent is not None else None


async def _edit(bot: Bot, chat_id: str, message_id: int, text: str) -> bool:
    """Replace a copy's text and drop its buttons; False when that copy is gone or too old."""
    try:
        await bot.edit_message_text(
            text, chat_id=_chat_id(chat_id), message_id=message_id, reply_markup=None
        )
    except BadRequest as exc:
        return "not modified" in str(exc).lower()
    return True


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
    store.mark_sending(item.id, clock())
    try:
        message_id = await _deliver(bot, item, message)
    except RetryAfter as exc:
        wait = _retry_after_seconds(exc) + policy.retry_after_margin
        store.mark_failed(item.id, _error_text(exc), clock() + wait)
        result.retried.append(item.id)
        logger.warning("outbox: flood wait of %.0f s (item %s)", wait, item.id)
        return False
    except InvalidToken as exc:
        # HTTP 401/404: usually a short hiccup of the API endpoint, not a revoked token (the
        # poller decides when to give up). Retried with back-off, never parked for hours.
        delay = policy.backoff(item.attempts)
        store.mark_failed(item.id, _error_text(exc), clock() + delay)
        result.retried.append(item.id)
        logger.warning(
            "outbox item %s: Telegram refused the token, retry in %.0f s", item.id, delay
        )
        return False
    except (Forbidden, BadRequest, ChatMigrated) as exc:
        # BadRequest is a NetworkError subclass in PTB, so it must be caught before it.
        store.mark_failed(item.id, _error_text(exc), clock() + policy.permanent_delay)
        result.failed_permanently.append(item.id)
        logger.error(
            "outbox item %s (%s) failed permanently: %s", item.id, item.kind, type(exc).__name__
        )
        return True
    except (NetworkError, TelegramError) as exc:
        # TimedOut, connection lost, 5xx: transient, and Telegram may have delivered it.
        delay = policy.backoff(item.attempts)
        in_doubt = isinstance(exc, NetworkError)
        store.mark_failed(item.id, _error_text(exc), clock() + delay, in_doubt=in_doubt)
        result.retried.append(item.id)
        logger.warning(
            "outbox item %s (%s): %s, retry in %.0f s",
            item.id,
            item.kind,
            type(exc).__name__,
            delay,
        )
        return False
    store.mark_sent(item.id, message_id, clock())
    result.sent.append(item.id)
    logger.debug("outbox item %s (%s) sent", item.id, item.kind)
    return True


# ---------------------------------------------------------------------------------------------
# Wiring into a PTB Application
# ---------------------------------------------------------------------------------------------


async def _outbox_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The JobQueue tick: starts a drain unless one runs already (one run at a time, by
    design), so the job itself returns at once and never overlaps with itself."""
    application = context.application
    store = application.bot_data.get(_BOT_DATA_STORE)
    if store is None or not application.running or _lock_for(store).locked():
        return  # nothing to send, shutting down, or a drain is running already
    application.create_task(_drain_backlog(application, store), name="wvdb-outbox")


async def _drain_backlog(
    application: Application[Any, Any, Any, Any, Any, Any], store: Any
) -> None:
    """Drain round after round while full batches go out; one INFO line when a backlog of
    several messages is gone (single sends are logged at DEBUG only)."""
    policy: RetryPolicy = application.bot_data.get(_BOT_DATA_POLICY) or RetryPolicy()
    started, sent, failed = time.monotonic(), 0, 0
    try:
        for _round in range(1000):  # bounded: 1000 batches per drain
            result = await drain_outbox(
                application.bot, store, policy=policy, should_stop=lambda: not application.running
            )
            sent += len(result.sent)
            failed += len(result.retried) + len(result.failed_permanently)
            done = len(result.sent) + len(result.dropped) + len(result.failed_permanently)
            if result.stopped_early or done < policy.batch_size:
                break
    except Exception:  # the job must survive a broken database moment; retried next tick
        logger.exception("outbox round failed")
        return
    if sent > 1:
        logger.info(
            "Outbox: %d messages sent in %.1f s (%d waiting for a retry)",
            sent,
            time.monotonic() - started,
            failed,
        )


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
