"""Fair update processing: one chat over its budget never delays the other chats.

`FairUpdateProcessor` replaces python-telegram-bot's simple processor:

* updates of one chat run one after the other (so a chat holds at most one of the concurrent
  slots, and its conversation sees its messages in order); different chats run concurrently, up
  to `max_concurrent` at a time;
* every chat has a budget (`ChatBudget`, a token bucket). A chat over its budget gets one short
  "even rustig aan" and is then ignored for a cool-down. In a group only updates that address the
  bot count (commands, @mentions, replies to the bot, button presses);
* `cancel_running()` cancels what still runs at shutdown, so a stop completes within seconds even
  when handlers wait on Telegram's rate limits.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import BaseUpdateProcessor

logger = logging.getLogger(__name__)

SLOW_DOWN_PRIVATE = (
    "Even rustig aan: je stuurt me veel berichten tegelijk. Over een minuut lees ik weer mee."
)
SLOW_DOWN_GROUP = (
    "Even rustig aan: ik krijg hier veel berichten tegelijk. Over een minuut reageer ik weer."
)
NOTICE_TIMEOUT_SECONDS = 5.0
# Far above any real chat's pace, so each of PTB's queued updates gets a task at once; the real
# limit on concurrent handlers is `max_concurrent` (per chat: one).
_UNBOUNDED = 100_000


@dataclass(frozen=True, slots=True)
class Budget:
    """A token bucket: `burst` updates at once, refilled at `per_second`; `cool_down` seconds
    of silence after the budget ran out."""

    burst: float
    per_second: float
    cool_down: float


# Private chats: a person types and presses buttons (a whole sign-up form takes 8 messages);
# 20 at once, then one a second.
PRIVATE_BUDGET = Budget(burst=20, per_second=1.0, cool_down=60.0)
# Groups: Telegram lets a bot send 20 messages a minute to one group; answers may take two
# messages, so the bot accepts 10 addressed updates a minute (5 at once).
GROUP_BUDGET = Budget(burst=5, per_second=1 / 6, cool_down=60.0)


class Verdict(Enum):
    """What to do with an update."""

    HANDLE = "handle"
    SLOW_DOWN = "slow_down"  # over budget just now: tell the chat once, then ignore
    IGNORE = "ignore"  # in cool-down


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float
    silent_until: float = 0.0


class ChatBudget:
    """Per-chat token buckets with a cool-down once a bucket is empty."""

    def __init__(
        self,
        private: Budget = PRIVATE_BUDGET,
        group: Budget = GROUP_BUDGET,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_chats: int = 10_000,
    ) -> None:
        self.private = private
        self.group = group
        self._clock = clock
        self._max_chats = max_chats
        self._buckets: dict[int, _Bucket] = {}

    def admit(self, chat_id: int, *, is_group: bool) -> Verdict:
        """Take one unit of `chat_id`'s budget."""
        budget = self.group if is_group else self.private
        now = self._clock()
        bucket = self._buckets.get(chat_id)
        if bucket is None:
            if len(self._buckets) >= self._max_chats:
                self._forget_idle(now)
            bucket = self._buckets[chat_id] = _Bucket(budget.burst, now)
        if now < bucket.silent_until:
            return Verdict.IGNORE
        refill = (now - bucket.updated) * budget.per_second
        bucket.tokens = min(budget.burst, bucket.tokens + refill)
        bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return Verdict.HANDLE
        bucket.silent_until = now + budget.cool_down
        bucket.tokens = budget.burst  # a fresh budget after the cool-down
        bucket.updated = bucket.silent_until
        return Verdict.SLOW_DOWN

    def _forget_idle(self, now: float) -> None:
        """Drop buckets that are full again and not cooling down (bounded memory)."""
        for chat_id in [c for c, b in self._buckets.items() if b.silent_until <= now]:
            del self._buckets[chat_id]


def chat_of(update: object) -> tuple[int, bool] | None:
    """(chat id, is group) of `update`, or None for updates without a chat."""
    if not isinstance(update, Update):
        return None
    chat = update.effective_chat
    if chat is not None:
        return chat.id, chat.type != ChatType.PRIVATE
    user = update.effective_user
    return (user.id, False) if user is not None else None


def addresses_bot(update: Update, username: str, bot_id: int) -> bool:
    """True for updates the bot answers in a group: commands, @mentions, replies to it, buttons."""
    if update.callback_query is not None:
        return True
    message = update.message
    if not isinstance(message, Message):
        return False
    text = message.text or message.caption or ""
    if text.startswith("/"):
        return True
    if username and f"@{username.lower()}" in text.lower():
        return True
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.id == bot_id)


class FairUpdateProcessor(BaseUpdateProcessor):
    """One chat at a time per chat, `max_concurrent` chats at a time, budgets per chat."""

    def __init__(self, max_concurrent: int = 16, budget: ChatBudget | None = None) -> None:
        super().__init__(_UNBOUNDED)
        self.budget = budget or ChatBudget()
        self._slots = asyncio.Semaphore(max_concurrent)
        self._chat_locks: weakref.WeakValueDictionary[int, asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )
        self._running: set[asyncio.Task[Any]] = set()
        self.ignored = 0

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down (running updates are cancelled by `cancel_running`)."""

    def cancel_running(self) -> int:
        """Cancel every update still being handled; the number cancelled."""
        tasks = [task for task in self._running if not task.done()]
        for task in tasks:
            task.cancel()
        return len(tasks)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run `coroutine` (the handling of `update`) within its chat's order and budget."""
        where = chat_of(update)
        if where is None:
            await coroutine
            return
        chat_id, is_group = where
        if isinstance(update, Update) and self._counts(update, is_group):
            verdict = self.budget.admit(chat_id, is_group=is_group)
            if verdict is not Verdict.HANDLE:
                _close(coroutine)
                self.ignored += 1
                if verdict is Verdict.SLOW_DOWN:
                    logger.warning("A %s chat is over its budget: paused", _kind(is_group))
                    await self._slow_down(update, chat_id, is_group)
                return
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
        try:
            async with self._lock(chat_id), self._slots:
                await coroutine
        finally:
            if task is not None:
                self._running.discard(task)

    @staticmethod
    def _counts(update: Update, is_group: bool) -> bool:
        if not is_group:
            return True
        bot = update.get_bot()
        return addresses_bot(update, bot.username or "", bot.id)

    def _lock(self, chat_id: int) -> asyncio.Lock:
        """The lock of a chat's updates, made on first use and dropped when unused."""
        return self._chat_locks.setdefault(chat_id, asyncio.Lock())

    @staticmethod
    async def _slow_down(update: Update, chat_id: int, is_group: bool) -> None:
        text = SLOW_DOWN_GROUP if is_group else SLOW_DOWN_PRIVATE
        with contextlib.suppress(TelegramError, TimeoutError):
            async with asyncio.timeout(NOTICE_TIMEOUT_SECONDS):
                await update.get_bot().send_message(chat_id, text)


def _kind(is_group: bool) -> str:
    return "group" if is_group else "private"


def _close(coroutine: Awaitable[Any]) -> None:
    close = getattr(coroutine, "close", None)
    if callable(close):
        close()
