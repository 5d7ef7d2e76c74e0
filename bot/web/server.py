"""Running the web chat: on its own (`python -m bot web`) or beside the Telegram bot in the same
process and event loop (`python -m bot run` with WEB_PORT set), on the same storage."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator

import uvicorn

from bot.core.assistant import Assistant
from bot.web.app import create_app
from bot.web.chat import WebChat
from bot.web.settings import WebSettings

logger = logging.getLogger(__name__)


class EmbeddedServer(uvicorn.Server):
    """A uvicorn server that leaves signal handling to its host (python-telegram-bot)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def server_config(assistant: Assistant, settings: WebSettings) -> uvicorn.Config:
    """uvicorn's configuration for the web chat on `assistant`."""
    return uvicorn.Config(
        create_app(WebChat(assistant), settings),
        host=settings.host,
        port=settings.port,
        log_level="warning",
        access_log=False,  # request lines would show nothing useful, and no personal data
        server_header=False,
        proxy_headers=False,
        lifespan="off",
    )


def serve_web(assistant: Assistant, settings: WebSettings) -> None:
    """Serve until SIGINT/SIGTERM."""
    uvicorn.Server(server_config(assistant, settings)).run()


class WebTask:
    """The web chat as a task in a running event loop (started and stopped by its host)."""

    def __init__(self, assistant: Assistant, settings: WebSettings) -> None:
        self.server = EmbeddedServer(server_config(assistant, settings))
        self.settings = settings
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Start serving; returns once the socket listens (raises when it cannot)."""
        self._task = asyncio.create_task(self._serve())
        while not self.server.started:
            if self._task.done():
                self._task.result()  # raises the start-up error
                raise RuntimeError(
                    f"the web chat could not listen on {self.settings.host}:{self.settings.port}"
                )
            await asyncio.sleep(0.02)
        logger.info("Web chat on http://%s:%d/", self.settings.host, self.settings.port)

    async def _serve(self) -> None:
        try:
            await self.server.serve()
        except SystemExit:  # uvicorn exits when it cannot bind
            raise RuntimeError(
                f"the web chat could not listen on {self.settings.host}:{self.settings.port}"
            ) from None

    async def stop(self) -> None:
        """Stop serving and wait for open requests to finish."""
        if self._task is None:
            return
        self.server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None
