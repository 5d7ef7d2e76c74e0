"""Webhook mode end to end: with WEBHOOK_URL set the bot serves a webhook on loopback (with a
secret token), registers it at the emulator, and the emulator POSTs updates to it."""

from __future__ import annotations

import socket
from pathlib import Path

from harness import BotApiEmulator, TgChat
from tg_bot import running_bot

from bot.telegram.app import describe_mode
from tests.auxil.texts import WELCOME_HTML

SECRET = "e2e-webhook-Secret_123"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def test_webhook_mode_answers_and_refuses_requests_without_the_secret(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/webhook"
    async with running_bot(
        emulator,
        tmp_path / "data",
        WEBHOOK_URL=url,
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_PORT=str(port),
        WEBHOOK_SECRET_TOKEN=SECRET,
    ) as bot:
        assert describe_mode(bot.settings) == f"webhook on 127.0.0.1:{port}"
        assert bot.application.updater is not None and bot.application.updater.running
        anna = emulator.new_user("Anna")
        chat = TgChat.private(anna)

        await emulator.send_command(chat, anna, "start")
        [welcome] = await emulator.wait_for_replies(chat, 1)
        assert welcome.text == WELCOME_HTML

        await emulator.send_message(chat, anna, "Wat is een dagdeel?")
        [answer] = await emulator.wait_for_replies(chat, 1)
        assert answer.text

        # Someone who does not know the secret cannot inject updates.
        forged = {
            "update_id": 999_999,
            "message": {
                "message_id": 1,
                "date": 1_700_000_000,
                "chat": chat.to_api(),
                "from": anna.to_api(),
                "text": "/start",
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            },
        }
        assert await emulator.post_update_to_webhook(url, forged) == 403
        assert await emulator.post_update_to_webhook(url, forged, secret_token="wrong") == 403
        assert await emulator.post_update_to_webhook(url, forged, secret_token=SECRET) == 200
        [again] = await emulator.wait_for_replies(chat, 1)
        assert again.text == WELCOME_HTML
