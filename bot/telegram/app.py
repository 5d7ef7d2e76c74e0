"""Wiring the Telegram application: builder, rate limiter, handlers, start-up and run mode.

Conversation state is not kept by python-telegram-bot's persistence: it lives in the core's
storage (SQLite), keyed per private chat and per user within a group, so a restart keeps
follow-up subjects and forms in progress.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    ContextTypes,
)
from telegram.request import BaseRequest

from bot import health
from bot.config import DEFAULT_API_BASE_URL, ConfigError, Settings
from bot.core.assistant import Assistant
from bot.telegram.coordinators import register_coordinator_handlers
from bot.telegram.handlers import TelegramHandlers, command_menu
from bot.telegram.handoff import register_handoff_handlers
from bot.telegram.render import StateLike, render_reply
from bot.web.settings import WebSettings

logger = logging.getLogger(__name__)

TelegramApp = Application[Any, Any, Any, Any, Any, Any]
LifecycleHook = Callable[[TelegramApp], Awaitable[None]]

_STARTUP_HOOKS = "wvdb.startup_hooks"
_SHUTDOWN_HOOKS = "wvdb.shutdown_hooks"
_SETTINGS = "wvdb.settings"
_TASKS = "wvdb.tasks"
_HANDLERS = "wvdb.handlers"
REMINDER_INTERVAL_SECONDS = 60.0
PRIVATE_KEY_PREFIX = "tg:private:"
_DEFAULT = object()


def build_application(
    settings: Settings,
    assistant: Assistant,
    *,
    states: StateLike | None = None,
    rate_limiter: BaseRateLimiter[Any] | object | None = _DEFAULT,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    concurrent_updates: int = 16,
    reminder_interval: float = REMINDER_INTERVAL_SECONDS,
) -> TelegramApp:
    """The Telegram Application for `assistant`: handlers, rate limiter and start-up hook.

    `states` keeps button texts and group migrations (default: the assistant's own store).
    `request`/`get_updates_request` replace the HTTP layer (used by the offline tests).
    """
    if not settings.telegram_bot_token:
        raise ConfigError("TELEGRAM_BOT_TOKEN is missing: set it to the token from @BotFather")
    _quiet_token_leaking_loggers()

    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        Application.builder()
        .token(settings.telegram_bot_token)
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.telegram_file_base_url)
        .concurrent_updates(concurrent_updates)
        .post_init(_post_init)
        .post_stop(_post_stop)
        .post_shutdown(_post_shutdown)
    )
    if rate_limiter is _DEFAULT:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
    elif isinstance(rate_limiter, BaseRateLimiter):
        builder = builder.rate_limiter(rate_limiter)
    if request is not None:
        builder = builder.request(request)
    if get_updates_request is not None:
        builder = builder.get_updates_request(get_updates_request)
    application: TelegramApp = builder.build()

    store = states if states is not None else assistant.states
    handlers = TelegramHandlers(assistant, store)
    application.bot_data[_SETTINGS] = settings
    application.bot_data[_STARTUP_HOOKS] = []
    application.bot_data[_SHUTDOWN_HOOKS] = []
    application.bot_data[_TASKS] = []
    application.bot_data[_HANDLERS] = handlers
    # The coordinators' module looks for the sign-up storage here (the same SQLite storage).
    application.bot_data.setdefault("storage", store)
    handlers.register(application)
    register_coordinator_handlers(application, settings, assistant.signups)  # before the fallbacks
    register_handoff_handlers(application, settings, assistant, handlers)
    handlers.register_fallbacks(application)

    async def start_reminders(app: TelegramApp) -> None:
        task = asyncio.create_task(_reminder_loop(app, reminder_interval))
        app.bot_data[_TASKS].append(task)

    add_startup_hook(application, start_reminders)
    return application


async def send_due_reminders(application: TelegramApp, now: float | None = None) -> int:
    """Send the core's reminders for idle sign-up forms in private chats; the number sent."""
    handlers: TelegramHandlers = application.bot_data[_HANDLERS]
    sent = 0
    for key, reply in handlers.assistant.due_reminders(time.time() if now is None else now):
        if not key.startswith(PRIVATE_KEY_PREFIX):
            continue  # forms only run in private chats; other channels remind themselves
        chat_id = int(key.removeprefix(PRIVATE_KEY_PREFIX))
        for part in render_reply(reply, handlers.buttons):
            await application.bot.send_message(
                chat_id, part.html, parse_mode="HTML", reply_markup=part.keyboard
            )
        sent += 1
    return sent


async def _reminder_loop(application: TelegramApp, interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            await send_due_reminders(application)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # keep reminding after a failure; no personal data logged
            logger.warning("Sending form reminders failed: %s", type(error).__name__)


def add_startup_hook(application: TelegramApp, hook: LifecycleHook) -> None:
    """Run `hook` after start-up (e.g. the coordinators' outbox sender)."""
    application.bot_data[_STARTUP_HOOKS].append(hook)


def add_shutdown_hook(application: TelegramApp, hook: LifecycleHook) -> None:
    """Run `hook` when the application shuts down."""
    application.bot_data[_SHUTDOWN_HOOKS].append(hook)


def describe_mode(settings: Settings) -> str:
    """A short, secret-free description of how updates arrive."""
    if settings.webhook_url:
        return f"webhook on {settings.webhook_listen}:{settings.webhook_port}"
    return "polling"


async def start_application(application: TelegramApp, settings: Settings) -> None:
    """Start `application` inside a running event loop (tests, benchmark, embedding).

    Mirrors `run_polling`/`run_webhook`: initialize, post_init, updater, start.
    """
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    updater = application.updater
    if updater is None:
        raise RuntimeError("the application has no updater")
    if settings.webhook_url:
        await updater.start_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=settings.webhook_path,
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret_token,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        await updater.start_polling(
            poll_interval=settings.poll_interval, allowed_updates=Update.ALL_TYPES
        )
    await application.start()


async def stop_application(application: TelegramApp) -> None:
    """Stop what `start_application` started, including the shutdown hooks."""
    updater = application.updater
    if updater is not None and updater.running:
        await updater.stop()
    if application.running:
        await application.stop()
    if application.post_stop is not None:
        await application.post_stop(application)
    await application.shutdown()
    if application.post_shutdown is not None:
        await application.post_shutdown(application)


def run_application(application: TelegramApp, settings: Settings) -> None:
    """Run until stopped (SIGINT/SIGTERM): webhook when WEBHOOK_URL is set, else polling."""
    if settings.webhook_url:
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=settings.webhook_path,
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret_token,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        application.run_polling(
            poll_interval=settings.poll_interval, allowed_updates=Update.ALL_TYPES
        )


def run_telegram(settings: Settings, *, web: WebSettings | None = None) -> None:
    """Build the assistant on the data directory and run the Telegram bot until stopped;
    with `web`, the web chat is served by the same process on the same storage."""
    settings.require_telegram()
    from bot.core.factory import build_assistant_for

    assistant = build_assistant_for(settings)
    application = build_application(settings, assistant)
    register_heartbeat(application, settings.data_dir)
    if web is not None:
        from bot.web.server import WebTask
        from bot.web.settings import with_secret

        web_task = WebTask(assistant, with_secret(web, settings.data_dir))
        add_startup_hook(application, lambda _app: web_task.start())
        add_shutdown_hook(application, lambda _app: web_task.stop())
    try:
        run_application(application, settings)
    finally:
        health.stop(settings.data_dir)
        assistant.close()


def register_heartbeat(application: TelegramApp, data_dir: Path) -> None:
    """Touch the heartbeat file (bot/health.py) from the job queue while the bot runs."""

    async def beat(context: ContextTypes.DEFAULT_TYPE) -> None:
        health.beat(data_dir)

    assert application.job_queue is not None  # the job-queue extra is a dependency
    application.job_queue.run_repeating(
        beat, interval=health.HEARTBEAT_INTERVAL_SECONDS, first=1.0, name="wvdb-heartbeat"
    )


async def _post_init(application: TelegramApp) -> None:
    """Register the Dutch command menu, log one line saying what runs, run start-up hooks."""
    settings: Settings = application.bot_data[_SETTINGS]
    try:
        await application.bot.set_my_commands(command_menu())
    except TelegramError as error:
        logger.warning("Could not register the command menu: %s", type(error).__name__)
    api = (
        ""
        if settings.telegram_api_base_url == DEFAULT_API_BASE_URL
        else f", Bot API at {settings.telegram_api_base_url.removesuffix('/bot')}"
    )
    logger.info(
        "Telegram bot @%s running (%s, data dir %s%s)",
        application.bot.username,
        describe_mode(settings),
        settings.data_dir,
        api,
    )
    for hook in application.bot_data[_STARTUP_HOOKS]:
        await hook(application)


async def _post_stop(application: TelegramApp) -> None:
    tasks: list[asyncio.Task[None]] = application.bot_data.get(_TASKS, [])
    for task in tasks:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(asyncio.CancelledError):
            await task
    tasks.clear()


async def _post_shutdown(application: TelegramApp) -> None:
    for hook in application.bot_data.get(_SHUTDOWN_HOOKS, []):
        await hook(application)


def _quiet_token_leaking_loggers() -> None:
    """Keep secrets and personal data out of library logs: httpx logs request URLs (which hold
    the bot token) at INFO, python-telegram-bot logs whole updates (user text) at DEBUG."""
    for name, floor in (
        ("httpx", logging.WARNING),
        ("httpcore", logging.WARNING),
        ("telegram", logging.INFO),
    ):
        named = logging.getLogger(name)
        if named.getEffectiveLevel() < floor:
            named.setLevel(floor)
