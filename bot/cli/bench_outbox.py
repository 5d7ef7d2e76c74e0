"""Benchmark: n sign-ups stored through the sign-up service into a temporary SQLite file, then
forwarded through the outbox sender (`drain_outbox`) to the coordinator chats.

The messages go over real HTTP to the Bot API emulator on loopback when Node.js and the emulator
(`tests/e2e/emulator`, run from a source checkout) are available; otherwise to an in-process fake
Bot API (no network). The output says which. The no-loss check reads back what arrived: every
sign-up must be in every coordinator chat exactly once.

    python -m bot bench-outbox [n] [--fake]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from telegram import Bot

from bot.cli import testkit
from bot.domain import SignupData
from bot.knowledge.loader import default_programme_rules
from bot.signup.municipalities import default_municipalities
from bot.signup.service import SignupService
from bot.storage.sqlite import SqliteStorage
from bot.telegram.outbox import RetryPolicy, drain_outbox

COORDINATOR_CHATS = ("-1001", "-1002")
FAKE_TOKEN = "123456:BenchToken"
_ID_RE = re.compile(r"\(#(\d+)\)")


def store_signups(service: SignupService, n: int) -> None:
    """Submit `n` sign-ups with HTML and emoji in their fields (most end on the waiting list)."""
    names = default_municipalities().names
    roles = default_programme_rules().role_ids
    for index in range(n):
        data = SignupData(
            name=f"Deelnemer {index} <b>&</b> 😀",
            gemeente=names[(index // len(roles)) % len(names)],
            role=roles[index % len(roles)],
            email=f"deelnemer{index}@example.nl",
            phone="+31 6 12345678",
            remarks="Opmerking met <html> & emoji 🎉",
        )
        service.submit(f"bench:{index}", data)


async def _drain_all(bot: Bot, storage: SqliteStorage) -> tuple[int, int]:
    """Run outbox rounds until nothing is pending; (rounds, items sent)."""
    policy = RetryPolicy(batch_size=200, base_delay=0.1, max_delay=1.0)
    rounds = sent = 0
    while storage.pending_count():
        result = await drain_outbox(bot, storage, policy=policy)
        rounds += 1
        sent += len(result.sent)
        if not result.sent:
            await asyncio.sleep(0.1)  # only after a failed round: wait out the back-off
    return rounds, sent


def _ids_per_chat(texts: dict[int, list[str]]) -> dict[int, list[int]]:
    return {
        chat: [int(m.group(1)) for text in chat_texts if (m := _ID_RE.search(text))]
        for chat, chat_texts in texts.items()
    }


async def _forward(storage: SqliteStorage, use_emulator: bool) -> tuple[str, int, int, Any]:
    """Forward everything; (transport, rounds, sent, texts per chat)."""
    if use_emulator:
        harness = testkit.load_emulator_harness()
        with harness.BotApiEmulator() as emulator:
            bot = Bot(emulator.token, base_url=emulator.base_url)
            async with bot:
                rounds, sent = await _drain_all(bot, storage)
            texts: dict[int, list[str]] = {}
            for chat in COORDINATOR_CHATS:
                messages = await emulator.bot_messages(int(chat))
                texts[int(chat)] = [message.text or "" for message in messages]
            return f"Bot API emulator over loopback HTTP ({emulator.url})", rounds, sent, texts
    fake = testkit.load("tests.auxil.bot_api").InProcessBotApi(group_chat_type="supergroup")
    bot = Bot(FAKE_TOKEN, request=fake, get_updates_request=fake)
    async with bot:
        rounds, sent = await _drain_all(bot, storage)
    return "in-process fake Bot API (no HTTP)", rounds, sent, fake.texts_by_chat()


def _emulator_available() -> bool:
    return testkit.emulator_missing() is None


def run(n: int = 1000, *, use_emulator: bool | None = None, verbose: bool = True) -> dict[str, Any]:
    """Store `n` sign-ups and forward them through the outbox; returns (and prints) figures."""
    if use_emulator is None:
        use_emulator = _emulator_available()
    with tempfile.TemporaryDirectory() as tmp:
        storage = SqliteStorage(Path(tmp) / "bench.sqlite3")
        service = SignupService(storage, COORDINATOR_CHATS)
        start = time.perf_counter()
        store_signups(service, n)
        stored_at = time.perf_counter()
        enqueued = storage.pending_count()
        transport, rounds, sent, texts = asyncio.run(_forward(storage, use_emulator))
        forwarded_at = time.perf_counter()
        signups = storage.list_signups()
        signup_ids = sorted(signup.id for signup in signups)
        placed = sum(1 for signup in signups if not signup.waitlisted)
        counts = storage.outbox_counts()
        storage.close()
    received = _ids_per_chat(texts)
    per_chat_ok = {
        chat: sorted(received.get(int(chat), [])) == signup_ids for chat in COORDINATOR_CHATS
    }
    figures: dict[str, Any] = {
        "n": n,
        "transport": transport,
        "stored": len(signup_ids),
        "placed": placed,
        "enqueued": enqueued,
        "sent": sent,
        "rounds": rounds,
        "received": sum(len(ids) for ids in received.values()),
        "pending_after": counts["pending"],
        "every_signup_once_in_every_chat": all(per_chat_ok.values()),
        "store_seconds": round(stored_at - start, 3),
        "forward_seconds": round(forwarded_at - stored_at, 3),
    }
    if verbose:
        print(f"transport: {figures['transport']}")
        print(
            f"{figures['stored']} sign-ups stored in {figures['store_seconds']} s "
            f"({figures['placed']} placed, the rest on the waiting list); "
            f"{figures['enqueued']} outbox items forwarded to {len(COORDINATOR_CHATS)} chats in "
            f"{figures['forward_seconds']} s ({figures['rounds']} rounds); sent "
            f"{figures['sent']}, received {figures['received']}, still pending "
            f"{figures['pending_after']}; every sign-up exactly once in every chat: "
            f"{figures['every_signup_once_in_every_chat']}"
        )
    return figures


def main(argv: list[str] | None = None) -> int:
    """`python -m bot bench-outbox [N] [--fake]`: exit 0 when nothing was lost."""
    parser = argparse.ArgumentParser(
        prog="python -m bot bench-outbox",
        description="Benchmark: N sign-ups stored and forwarded through the outbox to two "
        "coordinator chats; prints the figures and checks that nothing was lost.",
    )
    parser.add_argument("n", type=int, nargs="?", default=1000, help="sign-ups (default 1000)")
    parser.add_argument(
        "--fake",
        action="store_true",
        help="use the in-process fake Bot API instead of the emulator",
    )
    args = parser.parse_args(argv)
    try:
        result = run(args.n, use_emulator=False if args.fake else None)
    except testkit.TestKitMissing as missing:
        print(f"bench-outbox: {missing}", file=sys.stderr)
        return 2
    return 0 if result["every_signup_once_in_every_chat"] and not result["pending_after"] else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
