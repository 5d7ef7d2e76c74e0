"""Wiring the Telegram application: builder, rate limiter, handlers, start-up and run mode.

Conversation state is not kept by python-telegram-bot's persistence: it lives in the core's
storage (SQLite), keyed per private chat and per user within a group, so a restart keeps
follow-up subjects and forms in progress.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from pathlib import Path
from typing import Any

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    ContextTypes,
    Defaults,
)
from telegram.request import BaseRequest, HTTPXRequest

from bot import health
from bot.config import DEFAULT_API_BASE_URL, ConfigError, Settings
from bot.core.assistant import Assistant
from bot.domain import Language
from bot.storage.lock import DataDirLock, DataDirLocked
from bot.telegram.commands import command_menu
from bot.telegram.coordinators import register_coordinator_handlers
from bot.telegram.flood import FairUpdateProcessor
from bot.telegram.handlers import TelegramHandlers
from bot.telegram.handoff import register_handoff_handlers
from bot.telegram.render import StateLike, render_reply
from bot.telegram.resilience import ResilientBot
from bot.web.settings import WebSettings

logger = logging.getLogger(__name__)

TelegramApp = Application[Any, Any, Any, Any, Any, Any]

_SETTINGS = "wvdb.settings"
_HANDLERS = "wvdb.handlers"
_PROCESSOR = "wvdb.processor"
_OWN_SIGNALS = "wvdb.own_signals"
_WEB = "wvdb.web"
REMINDER_INTERVAL_SECONDS = 60.0
# After SIGTERM, updates still being handled get this long; then they are cancelled, so the
# whole stop stays within 10 s even while handlers wait on Telegram's rate limits.
SHUTDOWN_GRACE_SECONDS = 5.0
PRIVATE_KEY_PREFIX = "tg:private:"
_DEFAULT = object()

# Exit codes of `python -m bot run` (besides 2, configuration, and 3, knowledge base).
EXIT_TOKEN_REFUSED = 4
EXIT_DATA_DIR_LOCKED = 5
EXIT_TELEGRAM_UNREACHABLE = 6

# Every message is HTML (all user text is escaped) without link previews, set once here.
BOT_DEFAULTS = Defaults(
    parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
)


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
    """The Telegram Application for `assistant`: handlers, rate limiter, jobs and start-up.

    `states` keeps button texts and group migrations (default: the assistant's own store).
    `request`/`get_updates_request` replace the HTTP layer (used by the offline tests).
    """
    if not settings.telegram_bot_token:
        raise ConfigError("TELEGRAM_BOT_TOKEN is missing: set it to the token from @BotFather")
    _quiet_library_loggers()

    limiter: BaseRateLimiter[Any] | None
    if rate_limiter is _DEFAULT:
        limiter = AIORateLimiter(max_retries=3)
    else:
        limiter = rate_limiter if isinstance(rate_limiter, BaseRateLimiter) else None
    bot = ResilientBot(
        token=settings.telegram_bot_token,
        base_url=settings.telegram_api_base_url,
        base_file_url=settings.telegram_file_base_url,
        defaults=BOT_DEFAULTS,
        request=request or HTTPXRequest(connection_pool_size=256),
        get_updates_request=get_updates_request or HTTPXRequest(connection_pool_size=1),
        rate_limiter=limiter,
        auth_error_limit=settings.auth_error_limit_seconds,
    )
    processor = FairUpdateProcessor(concurrent_updates)
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        Application.builder()
        .bot(bot)
        .concurrent_updates(processor)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    application: TelegramApp = builder.build()
    bot.health.on_auth_failure = application.stop_running

    store = states if states is not None else assistant.states
    handlers = TelegramHandlers(assistant, store)
    application.bot_data[_SETTINGS] = settings
    application.bot_data[_HANDLERS] = handlers
    application.bot_data[_PROCESSOR] = processor
    # The coordinators' module looks for the sign-up storage here (the same SQLite storage).
    application.bot_data.setdefault("storage", store)
    handlers.register(application)
    register_coordinator_handlers(application, settings, assistant.signups)  # before the fallbacks
    register_handoff_handlers(application, settings, assistant, handlers)
    handlers.register_fallbacks(application)
    if application.job_queue is not None:
        application.job_queue.run_repeating(
            _reminder_job,
            interval=reminder_interval,
            first=reminder_interval,
            name="wvdb-reminders",
            job_kwargs={"max_instances": 1, "coalesce": True},
        )
    return application


async def send_due_reminders(application: TelegramApp, now: float | None = None) -> int:
    """Send the core's reminders for idle sign-up forms in private chats; the number sent."""
    handlers: TelegramHandlers = application.bot_data[_HANDLERS]
    sent = 0
    due = handlers.assistant.due_reminders
    for key, reply in await asyncio.to_thread(due, time.time() if now is None else now):
        if not key.startswith(PRIVATE_KEY_PREFIX):
            continue  # forms only run in private chats; other channels remind themselves
        chat_id = int(key.removeprefix(PRIVATE_KEY_PREFIX))
        for part in render_reply(reply, handlers.buttons):
            await application.bot.send_message(chat_id, part.html, reply_markup=part.keyboard)
        sent += 1
    return sent


async def _reminder_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The JobQueue job: remind idle forms; a failure is logged and retried next time."""
    try:
        await send_due_reminders(context.application)
    except TelegramError as error:  # no personal data logged
        logger.warning("Sending form reminders failed: %s", type(error).__name__)


def describe_mode(settings: Settings) -> str:
    """A short, secret-free description of how updates arrive."""
    if settings.webhook_url:
        return f"webhook on {settings.webhook_listen}:{settings.webhook_port}"
    return "polling"


async def start_application(application: TelegramApp, settings: Settings) -> None:
    """Start `application` inside an event loop the caller runs (tests and benchmarks; the bot
    itself uses `run_polling`/`run_webhook`): initialize, post_init, updater, start."""
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
    """Stop what `start_application` started."""
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
    """Run until stopped (SIGINT/SIGTERM): webhook when WEBHOOK_URL is set, else polling.

    Start-up retries reaching Telegram with back-off (`bootstrap_retries`); the stop signals are
    handled in `_post_init`, so a stop never waits on handlers longer than the grace period.
    """
    application.bot_data[_OWN_SIGNALS] = True
    if settings.webhook_url:
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=settings.webhook_path,
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret_token,
            allowed_updates=Update.ALL_TYPES,
            bootstrap_retries=settings.startup_retries,
        )
    else:
        application.run_polling(
            poll_interval=settings.poll_interval,
            allowed_updates=Update.ALL_TYPES,
            bootstrap_retries=settings.startup_retries,
        )


def run_telegram(settings: Settings, *, web: WebSettings | None = None) -> int:
    """Build the assistant on the data directory and run the Telegram bot until stopped; with
    `web`, the web chat is served by the same process on the same storage (started in
    post_init, stopped in post_shutdown).

    Holds an exclusive lock on the data directory meanwhile; returns the exit code.
    """
    settings.require_telegram()
    from bot.core.factory import build_assistant_for

    lock = DataDirLock(settings.writable_data_dir())
    try:
        lock.acquire()
    except DataDirLocked as error:
        print(f"Not started: {error}", flush=True)
        return EXIT_DATA_DIR_LOCKED
    try:
        assistant = build_assistant_for(settings)
        try:
            application = build_application(settings, assistant)
            register_heartbeat(application, settings.data_dir)
            if web is not None:
                from bot.web.server import WebTask
                from bot.web.settings import with_secret

                application.bot_data[_WEB] = WebTask(assistant, with_secret(web, settings.data_dir))
            return _run_until_stopped(application, settings)
        finally:
            health.stop(settings.data_dir)
            assistant.close()
    finally:
        lock.release()


def _run_until_stopped(application: TelegramApp, settings: Settings) -> int:
    try:
        run_application(application, settings)
    except InvalidToken:
        logger.critical("Telegram rejected TELEGRAM_BOT_TOKEN at start-up: check the token")
        return EXIT_TOKEN_REFUSED
    except TelegramError as error:
        logger.critical(
            "Telegram not reachable after %d start-up attempts (%s): giving up",
            settings.startup_retries + 1,
            type(error).__name__,
        )
        return EXIT_TELEGRAM_UNREACHABLE
    bot = application.bot
    if isinstance(bot, ResilientBot) and bot.gave_up:
        return EXIT_TOKEN_REFUSED
    return 0


def register_heartbeat(application: TelegramApp, data_dir: Path) -> None:
    """Touch the heartbeat file (bot/health.py) from the job queue while the bot runs."""

    async def beat(context: ContextTypes.DEFAULT_TYPE) -> None:
        health.beat(data_dir)

    assert application.job_queue is not None  # the job-queue extra is a dependency
    application.job_queue.run_repeating(
        beat, interval=health.HEARTBEAT_INTERVAL_SECONDS, first=1.0, name="wvdb-heartbeat"
    )


async def _post_init(application: TelegramApp) -> None:
    """Register the command menu (Dutch, English for English apps), take over the stop
    signals, log one line."""
    settings: Settings = application.bot_data[_SETTINGS]
    handlers: TelegramHandlers = application.bot_data[_HANDLERS]
    menu = handlers.said.menu
    try:
        commands = handlers.assistant.texts.commands
        await application.bot.set_my_commands(command_menu(menu, commands, Language.NL))
        english = command_menu(menu, commands, Language.EN)
        await application.bot.set_my_commands(english, language_code=Language.EN.value)
    except TelegramError as error:
        logger.warning("Could not register the command menu: %s", type(error).__name__)
    if application.bot_data.get(_OWN_SIGNALS):
        _handle_stop_signals(application)
    web = application.bot_data.get(_WEB)
    if web is not None:
        await web.start()  # the web chat, in this process on the same storage
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


async def _post_shutdown(application: TelegramApp) -> None:
    """Stop the web chat, when this process serves it."""
    web = application.bot_data.get(_WEB)
    if web is not None:
        await web.stop()


def _handle_stop_signals(application: TelegramApp) -> None:
    """SIGTERM/SIGINT stop the application; updates still running after the grace period are
    cancelled (their state is committed per message, so nothing half-written remains)."""
    processor = application.bot_data.get(_PROCESSOR)
    loop = asyncio.get_running_loop()

    def stop() -> None:
        logger.info("Stop signal received: stopping")
        if isinstance(processor, FairUpdateProcessor):
            loop.call_later(SHUTDOWN_GRACE_SECONDS, processor.cancel_running)
        application.stop_running()

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop)


def _quiet_library_loggers() -> None:
    """Keep secrets and personal data out of library logs: httpx logs request URLs (which hold
    the bot token) at INFO; python-telegram-bot logs whole updates and API parameters (user
    text) at DEBUG, and its retry loops log tracebacks whose messages may hold the token (our
    own one-line messages replace those); APScheduler logs every job run at INFO."""
    for name, floor in (
        ("httpx", logging.WARNING),
        ("httpcore", logging.WARNING),
        ("telegram", logging.INFO),
        ("telegram.ext.Updater", logging.CRITICAL + 1),
        ("apscheduler", logging.WARNING),
    ):
        named = logging.getLogger(name)
        if named.getEffectiveLevel() < floor:
            named.setLevel(floor)
    ext = logging.getLogger("telegram.ext")
    if _drop_retry_loop_records not in ext.filters:
        ext.addFilter(_drop_retry_loop_records)


def _drop_retry_loop_records(record: logging.LogRecord) -> bool:
    """False for python-telegram-bot's retry-loop records (it logs them on "telegram.ext")."""
    return record.module != "networkloop"
