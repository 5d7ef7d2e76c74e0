"""Running the real Telegram bot (`bot.telegram.app`) against the Bot API emulator in tests.

The bot is configured exactly as in production, through `load_settings` with
`TELEGRAM_API_BASE_URL` pointing at the emulator, and the core is built on a real SQLite file in
the test's data directory.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import BotApiEmulator

from bot.config import Settings, load_settings
from bot.domain import Origin, Reply
from bot.telegram.app import TelegramApp, build_application, start_application, stop_application
from bot.telegram.render import ButtonTexts, render_reply

COORDINATOR_CHAT = -999_001


def bot_settings(emulator: BotApiEmulator, data_dir: Path, **extra: str) -> Settings:
    """Settings as the bot reads them from its environment, pointed at the emulator."""
    environ = {
        "TELEGRAM_BOT_TOKEN": emulator.token,
        "TELEGRAM_API_BASE_URL": emulator.url,
        "COORDINATOR_CHAT_IDS": str(COORDINATOR_CHAT),
        "BOT_DATA_DIR": str(data_dir),
        "FORM_TTL_MINUTES": "60",
        **extra,
    }
    return load_settings(environ, env_file=None)


def build_core(settings: Settings) -> Any:
    """The real assistant on the settings' SQLite file (the same way `run_telegram` builds it)."""
    from bot.core.factory import build_assistant

    return build_assistant(
        knowledge_dir=None,
        db_path=settings.db_path,
        coordinator_chat_ids=list(settings.coordinator_chat_ids),
        form_ttl_seconds=settings.form_ttl_seconds,
    )


def close_core(assistant: Any) -> None:
    """Close the assistant's storage, if it has a close method."""
    close = getattr(assistant, "close", None)
    if callable(close):
        close()


@dataclass
class RunningBot:
    """A started bot: its application, settings and core."""

    application: TelegramApp
    settings: Settings
    assistant: Any


@asynccontextmanager
async def running_bot(
    emulator: BotApiEmulator,
    data_dir: Path,
    *,
    wrap: Callable[[Any], Any] | None = None,
    **extra: str,
) -> AsyncIterator[RunningBot]:
    """Start the bot (polling, or webhook when WEBHOOK_URL is in `extra`) on `data_dir`;
    stop it and close its storage at exit. `wrap` may wrap the core (see the long-reply test)."""
    settings = bot_settings(emulator, data_dir, **extra)
    assistant = build_core(settings)
    if wrap is not None:
        assistant = wrap(assistant)
    application = build_application(settings, assistant)
    try:
        await start_application(application, settings)
        try:
            yield RunningBot(application, settings, assistant)
        finally:
            await stop_application(application)
    finally:
        close_core(assistant)


class CoreProbe:
    """The same core on a separate throw-away SQLite file: what the channel should show for a
    conversation, computed without Telegram."""

    def __init__(self, emulator: BotApiEmulator, data_dir: Path) -> None:
        self.settings = bot_settings(emulator, data_dir)
        self.assistant = build_core(self.settings)
        self.buttons = ButtonTexts(self.assistant.states)

    def ask(self, conversation: list[str], *, key: str = "probe:1") -> Reply:
        """Run the texts through one conversation; the reply to the last one."""
        origin = Origin(channel="telegram", user_id="1")
        reply: Reply | None = None
        for text in conversation:
            reply = self.assistant.handle(key, text, origin)
        assert reply is not None
        return reply

    def html(self, reply: Reply) -> list[str]:
        """The HTML messages the channel renders for `reply`."""
        return [message.html for message in render_reply(reply, self.buttons)]

    def close(self) -> None:
        close_core(self.assistant)
