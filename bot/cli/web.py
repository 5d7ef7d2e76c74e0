"""`python -m bot web`: the web chat on WEB_HOST:WEB_PORT (default 127.0.0.1:8080).

It uses the same data directory and storage as `python -m bot run`: sign-ups and questions for
the coordinators made on the web wait in the same outbox, which the Telegram bot sends (in this
process when `python -m bot run` serves the web chat too, with WEB_PORT set).
"""

from __future__ import annotations

import sys

from bot.config import Settings
from bot.web.settings import WebSettings, with_secret


def run_web(settings: Settings, web: WebSettings) -> int:
    """Serve the web chat until stopped."""
    from bot.core.factory import build_assistant_for
    from bot.web.server import serve_web

    assistant = build_assistant_for(settings)  # checks the data directory first
    web = with_secret(web, settings.data_dir)
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
