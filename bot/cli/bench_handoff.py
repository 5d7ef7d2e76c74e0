"""Benchmark: n hand-offs forwarded to the coordinators and answered, through the outbox of the
running Telegram bot, with one simulated Telegram outage in the middle.

1. n users each ask something the bot does not know and press the hand-off choice (the real
   core on a temporary SQLite file): n hand-offs, one outbox item per coordinator chat each.
2. The real bot application (`build_application`, polling) starts against the Bot API emulator
   on loopback; its outbox job forwards the notices over HTTP. When a quarter of them are sent,
   the emulator answers the next OUTAGE_CALLS `sendMessage` calls with 502 Bad Gateway (the
   outage); the outbox backs off and retries.
3. A coordinator replies to every notice in the coordinator chat (a Telegram reply update); the
   bot's reply handler stores the answer and relays it to the asker through the outbox.
4. Read back from the emulator: every hand-off exactly once in every coordinator chat, every
   answer exactly once, in its asker's chat.

    python -m bot bench-handoff [n]      (default 200; needs Node.js and the emulator)
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.cli import testkit
from bot.config import load_settings
from bot.core.factory import build_assistant, build_assistant_for
from bot.domain import CoreIntent, Origin
from bot.storage.sqlite import SqliteStorage
from bot.telegram.app import build_application, start_application, stop_application
from bot.telegram.outbox import RetryPolicy, register_outbox_job

COORDINATOR_CHATS = ("-1001", "-1002")
OUTAGE_CALLS = 20
FIRST_ASKER_ID = 500_000
_HANDOFF_RE = re.compile(r"\(#(\d+)\)")
_ANSWER_RE = re.compile(r"antwoord-op-(\d+)")


def ask(db_path: Path, n: int) -> None:
    """n users ask an unknown question and press the hand-off choice."""
    assistant = build_assistant(db_path=db_path, coordinator_chat_ids=COORDINATOR_CHATS)
    try:
        for index in range(n):
            user = str(FIRST_ASKER_ID + index)
            origin = Origin("telegram", user, first_name=f"Vrager{index}", chat_ref=user)
            key = f"tg:private:{user}"
            offer = assistant.handle(
                key, f"Mag ik <b>{index}</b> honden & katten meenemen?", origin
            )
            sent = assistant.handle(key, offer.choices[-1].text, origin)
            if sent.intent != CoreIntent.HANDOFF_SENT:
                raise RuntimeError(f"hand-off {index} not sent: {sent.intent}")
    finally:
        assistant.close()


async def _until(done: Callable[[], bool], timeout: float, what: str) -> None:
    """Wait (bounded) until `done()`."""
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError(f"bench-handoff: {what} not done within {timeout:.0f} s")
        await asyncio.sleep(0.05)


async def _read_back(emulator: Any, n: int) -> tuple[Counter[int], Counter[int]]:
    """(notices per hand-off id over the coordinator chats, answers per hand-off id); an
    answer in another asker's chat counts under -1."""
    notices: Counter[int] = Counter()
    for chat in COORDINATOR_CHATS:
        for message in await emulator.bot_messages(int(chat)):
            if found := _HANDOFF_RE.search(message.text or ""):
                notices[int(found.group(1))] += 1
    answers: Counter[int] = Counter()
    for index in range(n):
        for message in await emulator.bot_messages(FIRST_ASKER_ID + index):
            if found := _ANSWER_RE.search(message.text or ""):
                handoff_id = int(found.group(1))
                answers[handoff_id if handoff_id == index + 1 else -1] += 1
    return notices, answers


async def _run(data_dir: Path, n: int) -> dict[str, Any]:
    harness = testkit.load_emulator_harness()
    with harness.BotApiEmulator() as emulator:
        transport = f"Bot API emulator over loopback HTTP ({emulator.url})"
        settings = load_settings(
            {
                "TELEGRAM_BOT_TOKEN": emulator.token,
                "TELEGRAM_API_BASE_URL": emulator.url,
                "COORDINATOR_CHAT_IDS": ",".join(COORDINATOR_CHATS),
                "BOT_DATA_DIR": str(data_dir),
            },
            env_file=None,
        )
        started = time.perf_counter()
        ask(settings.db_path, n)
        asked = time.perf_counter()
        assistant = build_assistant_for(settings)
        storage = assistant.storage
        assert isinstance(storage, SqliteStorage)
        # No rate limiter: the emulator has no flood limits, and the group limit (20 messages
        # a minute) would turn the coordinators' confirmations into the whole measurement.
        application = build_application(settings, assistant, rate_limiter=None)
        await start_application(application, settings)
        policy = RetryPolicy(batch_size=50, base_delay=0.2, max_delay=2.0)
        register_outbox_job(application, storage, 0.1, policy=policy)
        try:
            notices_total = n * len(COORDINATOR_CHATS)
            await _until(
                lambda: storage.outbox_counts()["sent"] >= notices_total // 4, 120, "first notices"
            )
            await emulator.fail_next(
                "sendMessage", count=OUTAGE_CALLS, error_code=502, description="Bad Gateway"
            )
            await _until(lambda: storage.pending_count() == 0, 600, "forwarding")
            forwarded = time.perf_counter()
            coordinators = harness.TgChat(
                id=int(COORDINATOR_CHATS[0]), type="supergroup", title="Coördinatoren"
            )
            piet = emulator.new_user("Piet")
            for message in await emulator.bot_messages(coordinators.id):
                if found := _HANDOFF_RE.search(message.text or ""):
                    answer = f"antwoord-op-{found.group(1)}"
                    await emulator.send_message(coordinators, piet, answer, reply_to=message)
            await _until(
                lambda: not storage.list_handoffs(open_only=True) and not storage.pending_count(),
                600,
                "answering",
            )
            answered = time.perf_counter()
            notices, answers = await _read_back(emulator, n)
        finally:
            await stop_application(application)
            handoffs = len(storage.list_handoffs(open_only=False))
            assistant.close()
    ids = range(1, n + 1)
    return {
        "n": n,
        "transport": transport,
        "handoffs": handoffs,
        "ask_seconds": round(asked - started, 2),
        "forward_seconds": round(forwarded - asked, 2),
        "answer_seconds": round(answered - forwarded, 2),
        "notices_lost": sum(max(0, len(COORDINATOR_CHATS) - notices[i]) for i in ids),
        "notices_doubled": sum(max(0, notices[i] - len(COORDINATOR_CHATS)) for i in ids),
        "answers_lost": sum(1 for i in ids if answers[i] == 0),
        "answers_doubled": sum(max(0, answers[i] - 1) for i in ids),
        "answers_in_wrong_chat": answers[-1],
    }


class _FailureCount(logging.Handler):
    """Counts the outbox's warnings about failed sends (each failed attempt logs one)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def run(n: int = 200) -> dict[str, Any]:
    """Ask, forward (with the outage), answer and relay; print and return the figures."""
    failures = _FailureCount()
    outbox_log = logging.getLogger("bot.telegram.outbox")
    outbox_log.addHandler(failures)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            figures = asyncio.run(_run(Path(tmp) / "data", n))
    finally:
        outbox_log.removeHandler(failures)
    figures["failed_sends"] = failures.count
    print(
        f"transport: {figures['transport']}; the real bot application, polling, "
        "without its rate limiter"
    )
    print(
        f"{n} users asked and pressed the hand-off in {figures['ask_seconds']} s: "
        f"{figures['handoffs']} hand-offs"
    )
    print(
        f"{n * len(COORDINATOR_CHATS)} notices forwarded to {len(COORDINATOR_CHATS)} coordinator "
        f"chats by the outbox job in {figures['forward_seconds']} s; outage of {OUTAGE_CALLS} x "
        f"502 after a quarter: {figures['failed_sends']} failed sends logged and retried"
    )
    print(
        f"a coordinator replied to every notice; all answered and relayed in "
        f"{figures['answer_seconds']} s"
    )
    print(
        f"notices lost {figures['notices_lost']}, doubled {figures['notices_doubled']}; answers "
        f"lost {figures['answers_lost']}, doubled {figures['answers_doubled']}, in a wrong chat "
        f"{figures['answers_in_wrong_chat']}"
    )
    return figures


def main(argv: list[str] | None = None) -> int:
    """`python -m bot bench-handoff [N]`: exit 0 when nothing was lost or doubled."""
    parser = argparse.ArgumentParser(
        prog="python -m bot bench-handoff", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("n", type=int, nargs="?", default=200, help="hand-offs (default 200)")
    args = parser.parse_args(argv)
    try:
        figures = run(args.n)
    except testkit.TestKitMissing as missing:
        print(f"bench-handoff: {missing}", file=sys.stderr)
        return 2
    bad = ("notices_lost", "notices_doubled", "answers_lost", "answers_doubled")
    clean = not any(figures[key] for key in (*bad, "answers_in_wrong_chat"))
    return 0 if clean and figures["handoffs"] == args.n else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
