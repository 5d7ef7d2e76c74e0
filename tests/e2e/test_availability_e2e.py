"""Availability of the real bot process (`python -m bot run`) against the Bot API emulator:
a poison update, a group flood, 404/401 bursts, start-up against a dead endpoint and a second
process on the same data directory. Every wait is bounded; nothing here measures speed."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from botprocess import BotProcess, bot_environment
from harness import BotApiEmulator, TgChat

SECRET_NAME = "Geheime Gerda van Poison"
SECRET_EMAIL = "gerda.poison@example.nl"


@pytest.fixture
def start_bot(emulator: BotApiEmulator, tmp_path: Path) -> Iterator[object]:
    """start_bot(**env) -> a ready BotProcess on this test's emulator token and data dir."""
    processes: list[BotProcess] = []

    def start(ready: bool = True, data_dir: Path | None = None, **extra: str) -> BotProcess:
        env = bot_environment(emulator.url, emulator.token, data_dir or tmp_path / "data", **extra)
        process = BotProcess(env).start()
        processes.append(process)
        return process.wait_ready() if ready else process

    yield start
    for process in processes:
        process.close()


def poison_updates(chat: TgChat, user_api: dict[str, object]) -> list[dict[str, object]]:
    """Updates python-telegram-bot cannot read, each carrying personal data in its text."""
    text = f"Ik ben {SECRET_NAME}, {SECRET_EMAIL}"
    chat_api = chat.to_api()
    return [
        {"message": {"message_id": 1, "chat": chat_api, "from": user_api, "text": text}},
        {
            "message": {
                "message_id": 2,
                "date": 1,
                "chat": {"id": chat.id},
                "from": user_api,
                "text": text,
            }
        },
        {
            "message": {
                "message_id": 3,
                "date": 1,
                "chat": chat_api,
                "from": user_api,
                "text": text,
                "entities": [{"type": "bold", "length": 3}],
            }
        },
    ]


async def test_a_poison_update_is_skipped_once_and_everyone_else_is_answered(
    emulator: BotApiEmulator, start_bot: object
) -> None:
    bot = start_bot(LOG_LEVEL="DEBUG")  # type: ignore[operator]
    poisoner, anna = emulator.new_user("Gerda"), emulator.new_user("Anna")
    poisoned_chat, chat = TgChat.private(poisoner), TgChat.private(anna)
    for update in poison_updates(poisoned_chat, poisoner.to_api()):
        await emulator.send_update(update)
    await emulator.send_message(chat, anna, "Wat is het Leernetwerk?")
    replies = await emulator.wait_for_replies(chat, 1, timeout=30)
    assert replies and replies[0].text
    await emulator.send_message(chat, anna, "Hoeveel dagdelen zijn er?")
    assert await emulator.wait_for_replies(chat, 1, timeout=30)

    log = bot.log()
    assert log.count("Skipped an update that could not be read") == 3, log[-3000:]
    for secret in (SECRET_NAME, SECRET_EMAIL, "Gerda", "Leernetwerk?", "dagdelen"):
        assert secret not in log, f"{secret!r} leaked into the log"
    assert "Traceback" not in log
    assert await emulator.new_replies(poisoned_chat) == []


async def test_a_group_flood_never_silences_a_private_user(
    emulator: BotApiEmulator, start_bot: object
) -> None:
    start_bot()  # type: ignore[operator]
    group = emulator.new_group("Team Flood")
    flooders = [emulator.new_user(f"Flo{n}") for n in range(4)]
    anna = emulator.new_user("Anna")
    chat = TgChat.private(anna)
    for n in range(60):
        text = f"{emulator.mention} wat is dagdeel {n}?"
        await emulator.send_message(group, flooders[n % 4], text)
    await emulator.send_message(chat, anna, "Wat is het Leernetwerk?")
    [answer] = await emulator.wait_for_replies(chat, 1, timeout=30)
    assert "rustig" not in (answer.text or "")

    group_messages = await emulator.bot_messages(group, min_count=6, wait=30)
    slow_downs = [m for m in group_messages if "Even rustig aan" in (m.text or "")]
    assert len(slow_downs) == 1
    # The group's budget (5 at once) plus the one "even rustig aan": the rest is ignored.
    assert len(group_messages) <= 5 * 2 + 1


async def test_sigterm_during_a_flood_stops_the_process(
    emulator: BotApiEmulator, start_bot: object
) -> None:
    bot = start_bot()  # type: ignore[operator]
    group = emulator.new_group("Team Flood")
    flooder = emulator.new_user("Flo")
    for n in range(40):
        await emulator.send_message(group, flooder, f"{emulator.mention} vraag {n}")
    await emulator.bot_messages(group, min_count=1, wait=20)
    code, _seconds = bot.stop(timeout=30)
    assert code == 0, bot.log()[-3000:]
    assert "Traceback" not in bot.log()


async def test_a_404_burst_on_polling_does_not_stop_the_bot(
    emulator: BotApiEmulator, start_bot: object
) -> None:
    bot = start_bot()  # type: ignore[operator]
    await emulator.fail_next("getUpdates", count=4, error_code=404, description="Not Found")
    bot.wait_for_log("Telegram refused the bot token while polling", timeout=60)
    anna = emulator.new_user("Anna")
    chat = TgChat.private(anna)
    await emulator.send_message(chat, anna, "Wat is het Leernetwerk?")
    assert await emulator.wait_for_replies(chat, 1, timeout=60)
    log = bot.log()
    assert log.count("Telegram refused the bot token while polling") == 1
    assert "Polling Telegram works again" in log
    assert "Traceback" not in log
    assert bot.running()


async def test_only_a_long_run_of_auth_errors_ends_the_process_with_one_line(
    emulator: BotApiEmulator, start_bot: object
) -> None:
    bot = start_bot(TELEGRAM_AUTH_ERROR_LIMIT_SECONDS="3")  # type: ignore[operator]
    await emulator.fail_next("getUpdates", count=1000, error_code=401, description="Unauthorized")
    code = bot.wait_exit(timeout=60)
    log = bot.log()
    assert code == 4, log[-3000:]
    assert log.count("has refused the bot token") == 1
    assert "Traceback" not in log
    assert emulator.token.split(":")[1] not in log


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_start_up_against_a_dead_endpoint_retries_one_line_per_attempt(
    emulator: BotApiEmulator, start_bot: object
) -> None:
    dead = f"http://127.0.0.1:{_closed_port()}"
    bot = start_bot(ready=False, TELEGRAM_API_BASE_URL=dead)  # type: ignore[operator]
    log = bot.wait_for_log("Telegram not reachable at start-up", count=3, timeout=60)
    code, _seconds = bot.stop(timeout=30)
    log = bot.log()
    assert code == 0
    assert "attempt 1)" in log and "attempt 2)" in log
    assert "Traceback" not in log


async def test_start_up_gives_up_after_the_configured_retries_in_one_line(
    emulator: BotApiEmulator, start_bot: object
) -> None:
    dead = f"http://127.0.0.1:{_closed_port()}"
    bot = start_bot(  # type: ignore[operator]
        ready=False, TELEGRAM_API_BASE_URL=dead, TELEGRAM_STARTUP_RETRIES="2"
    )
    code = bot.wait_exit(timeout=60)
    log = bot.log()
    assert code == 6, log[-3000:]
    assert log.count("Telegram not reachable at start-up") == 3
    assert "Traceback" not in log


async def test_a_second_process_on_the_same_data_directory_exits_with_one_line(
    emulator: BotApiEmulator, start_bot: object, tmp_path: Path
) -> None:
    first = start_bot()  # type: ignore[operator]
    second = start_bot(ready=False)  # type: ignore[operator]
    code = second.wait_exit(timeout=60)
    lines = [line for line in second.log().splitlines() if line.strip()]
    assert code == 5
    assert len(lines) == 1, lines
    assert "already using the data directory" in lines[0]
    assert str(first.pid) in lines[0]
    assert first.running()
