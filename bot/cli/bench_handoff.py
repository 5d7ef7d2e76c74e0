"""Benchmark: n hand-offs forwarded to the coordinators and answered, through the outbox, with
one simulated Telegram outage in the middle.

1. n users each ask something the bot does not know and press the hand-off choice (the real
   core on a temporary SQLite file): n hand-offs, one outbox item per coordinator chat each.
2. The outbox sender (`drain_outbox`) forwards them over real HTTP to the Bot API emulator on
   loopback. After the first round the emulator answers the next OUTAGE_CALLS `sendMessage`
   calls with 502 Bad Gateway (the outage); the sender backs off and retries.
3. A coordinator answers every notice the way the Telegram reply handler does
   (`HandoffService.answer`, keyed by the notice's chat and message id), and every answer is
   relayed to the asker's private chat through the outbox.
4. Read back from the emulator: every hand-off exactly once in every coordinator chat, every
   answer exactly once in its asker's chat.

    python -m bot bench-handoff [n]      (default 200; needs Node.js and the emulator)
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from telegram import Bot

from bot.cli import testkit
from bot.core.factory import build_assistant
from bot.domain import CoreIntent, Origin
from bot.storage.sqlite import SqliteStorage
from bot.telegram.outbox import RetryPolicy, drain_outbox

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


async def _drain(bot: Bot, storage: SqliteStorage, emulator: Any, outage: bool) -> dict[str, int]:
    """Rounds until nothing is pending; with `outage`, the outage starts after round one."""
    policy = RetryPolicy(batch_size=50, base_delay=0.1, max_delay=1.0)
    rounds = sent = failed = 0
    while storage.pending_count():
        result = await drain_outbox(bot, storage, policy=policy)
        rounds += 1
        sent += len(result.sent)
        failed += len(result.retried)
        if outage and rounds == 1:
            await emulator.fail_next(
                "sendMessage", count=OUTAGE_CALLS, error_code=502, description="Bad Gateway"
            )
        if not result.sent:
            await asyncio.sleep(0.1)
    return {"rounds": rounds, "sent": sent, "failed_sends": failed}


async def _answer_all(storage: SqliteStorage, emulator: Any) -> int:
    """Answer every notice in the first coordinator chat, as the reply handler does."""
    from bot.handoff.service import HandoffService

    service = HandoffService(storage, COORDINATOR_CHATS)
    answered = 0
    for message in await emulator.bot_messages(int(COORDINATOR_CHATS[0])):
        handoff = storage.handoff_for_notice(COORDINATOR_CHATS[0], message.message_id)
        if handoff is None:
            continue
        relayed = service.answer(
            handoff.id,
            coordinator="Piet",
            text=f"antwoord-op-{handoff.id}",
            source_ref=f"tg:{COORDINATOR_CHATS[0]}:{message.message_id}",
        )
        answered += relayed is not None
    return answered


async def _run(db_path: Path, n: int) -> dict[str, Any]:
    harness = testkit.load_emulator_harness()
    storage = SqliteStorage(db_path)
    try:
        with harness.BotApiEmulator() as emulator:
            transport = f"Bot API emulator over loopback HTTP ({emulator.url})"
            bot = Bot(emulator.token, base_url=emulator.base_url)
            async with bot:
                start = time.perf_counter()
                forward = await _drain(bot, storage, emulator, outage=True)
                forwarded_at = time.perf_counter()
                answered = await _answer_all(storage, emulator)
                relay = await _drain(bot, storage, emulator, outage=False)
                relayed_at = time.perf_counter()
            notices = Counter[int]()
            for chat in COORDINATOR_CHATS:
                for message in await emulator.bot_messages(int(chat)):
                    if found := _HANDOFF_RE.search(message.text or ""):
                        notices[int(found.group(1))] += 1
            answers = Counter[int]()
            for index in range(n):
                for message in await emulator.bot_messages(FIRST_ASKER_ID + index):
                    if found := _ANSWER_RE.search(message.text or ""):
                        answers[int(found.group(1))] += 1
                        if message.chat_id != FIRST_ASKER_ID + int(found.group(1)) - 1:
                            answers[-1] += 1  # an answer in the wrong chat
    finally:
        pending = storage.pending_count()
        handoffs = len(storage.list_handoffs(open_only=False))
        still_open = len(storage.list_handoffs(open_only=True))
        storage.close()
    ids = range(1, n + 1)
    return {
        "n": n,
        "transport": transport,
        "handoffs": handoffs,
        "forward": forward,
        "forward_seconds": round(forwarded_at - start, 2),
        "answered": answered,
        "relay": relay,
        "relay_seconds": round(relayed_at - forwarded_at, 2),
        "notices_lost": sum(max(0, len(COORDINATOR_CHATS) - notices[i]) for i in ids),
        "notices_doubled": sum(max(0, notices[i] - len(COORDINATOR_CHATS)) for i in ids),
        "answers_lost": sum(1 for i in ids if answers[i] == 0),
        "answers_doubled": sum(max(0, answers[i] - 1) for i in ids),
        "answers_in_wrong_chat": answers[-1],
        "pending_after": pending,
        "open_after": still_open,
    }


def run(n: int = 200) -> dict[str, Any]:
    """Ask, forward (with the outage), answer and relay; print and return the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "bench.sqlite3"
        started = time.perf_counter()
        ask(db_path, n)
        asked_seconds = round(time.perf_counter() - started, 2)
        figures = asyncio.run(_run(db_path, n))
    figures["ask_seconds"] = asked_seconds
    forward, relay = figures["forward"], figures["relay"]
    print(f"transport: {figures['transport']}")
    print(
        f"{n} users asked and pressed the hand-off in {asked_seconds} s: "
        f"{figures['handoffs']} hand-offs"
    )
    print(
        f"forwarded to {len(COORDINATOR_CHATS)} coordinator chats in "
        f"{figures['forward_seconds']} s "
        f"({forward['rounds']} rounds, {forward['sent']} sent, {forward['failed_sends']} sends "
        f"failed during the outage of {OUTAGE_CALLS} x 502 after round 1)"
    )
    print(
        f"{figures['answered']} answered by a coordinator; relayed in {figures['relay_seconds']} s "
        f"({relay['rounds']} rounds, {relay['sent']} sent)"
    )
    print(
        f"notices lost {figures['notices_lost']}, doubled {figures['notices_doubled']}; answers "
        f"lost {figures['answers_lost']}, doubled {figures['answers_doubled']}, in a wrong chat "
        f"{figures['answers_in_wrong_chat']}; outbox pending {figures['pending_after']}, "
        f"hand-offs still open {figures['open_after']}"
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
    clean = not any(figures[key] for key in (*bad, "answers_in_wrong_chat", "pending_after"))
    return 0 if clean and figures["handoffs"] == args.n else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
