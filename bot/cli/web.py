"""`python -m bot web`: the web chat on WEB_HOST:WEB_PORT (default 127.0.0.1:8080).

It uses the same data directory and storage as `python -m bot run`: sign-ups and questions for
the coordinators made on the web wait in the same outbox, which the Telegram bot sends (in this
process when `python -m bot run` serves the web chat too, with WEB_PORT set).
"""

from __future__ import annotations

import sys

from bot.config import Settings
from bot.core.assistant import Assistant
from bot.web.settings import WebSettings


def build_web_assistant(settings: Settings) -> Assistant:
    """The core on the settings' data directory, as the Telegram bot builds it."""
    from bot.core.factory import build_assistant

    return build_assistant(
        knowledge_dir=None,
        db_path=settings.db_path,
        coordinator_chat_ids=list(settings.coordinator_chat_ids),
        form_ttl_seconds=settings.form_ttl_seconds,
    )


def run_web(settings: Settings, web: WebSettings) -> int:
    """Serve the web chat until stopped."""
    from bot.web.server import serve_web

    settings.db_path.parent.mkdir(parents=True, exist_ok=True)
    assistant = build_web_assistant(settings)
    print(
        f"Web chat on http://{web.host}:{web.port}/ (data dir {settings.data_dir}; "
        "sign-ups and hand-offs wait in the outbox for the Telegram bot)",
        file=sys.stderr,
    )
    try:
        serve_web(assistant, web)
    finally:
        assistant.close()
    return 0
