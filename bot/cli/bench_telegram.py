"""Load benchmark of the Telegram channel (not a test): simulated users against the Bot API
emulator on loopback, with the bot in its own process (`python -m bot run`).

Each user is a private chat that asks its questions one after the other (waiting for each
answer, as a person would); all users run concurrently. Reported: replies received versus
questions sent, p50/p99 reply latency (question posted -> first reply message visible at the
emulator) and replies per second over the whole run. Bounded in count and time; loopback only.
Needs Node.js and the emulator (`npm ci --prefix tests/e2e/emulator`).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from bot.cli import testkit

QUESTIONS = (
    "Wat kost deelname aan het leernetwerk?",
    "Wat is dagdeel 3?",
    "Wanneer is dat?",
    "Welke projecten had Breda?",
    "Welke werkpakketten heeft de toolkit?",
    "Hoeveel gemeenten kunnen meedoen?",
    "Wat is het programma van het leernetwerk?",
    "leidinggeven op afstand",
    "Geef alle projecten",
    "Wie organiseert het leernetwerk?",
)
POLL_SECONDS = 0.05
MAX_USERS = 200
MAX_QUESTIONS = 100


@dataclass
class Results:
    """What the run measured."""

    sent: int = 0
    received: int = 0
    latencies: list[float] = field(default_factory=list)
    timeouts: int = 0


def percentile(values: list[float], fraction: float) -> float:
    """The `fraction` percentile (nearest rank) of `values`."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


async def _user(
    emulator: Any,
    client: httpx.AsyncClient,
    user_number: int,
    questions: int,
    reply_timeout: float,
    results: Results,
) -> None:
    TgChat = testkit.load_emulator_harness().TgChat

    user = emulator.new_user(f"Gebruiker{user_number}")
    chat = TgChat.private(user)
    last_seen = 0
    for index in range(questions):
        text = QUESTIONS[(user_number + index) % len(QUESTIONS)]
        started = time.perf_counter()
        # Posted with the shared client (the harness's send_message opens a new client per
        # call, whose set-up CPU time would otherwise dominate the measured latency).
        response = await client.post(
            f"{emulator.url}/sendMessage",
            json={
                "botToken": emulator.token,
                "from": user.to_api(),
                "chat": chat.to_api(),
                "date": int(time.time()),
                "text": text,
            },
        )
        response.raise_for_status()
        results.sent += 1
        deadline = started + reply_timeout
        while True:
            messages = await emulator.bot_messages(chat, after=last_seen, client=client)
            if messages:
                results.latencies.append(time.perf_counter() - started)
                results.received += 1
                last_seen = messages[-1].message_id
                break
            if time.perf_counter() >= deadline:
                results.timeouts += 1
                break
            await asyncio.sleep(POLL_SECONDS)


async def _wait_until_ready(
    emulator: Any, process: subprocess.Popen[bytes], timeout: float
) -> None:
    """The bot registers its command menu in post_init: once it is there, it is polling."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the bot process exited early with code {process.returncode}")
        if await emulator.bot_commands():
            return
        await asyncio.sleep(0.1)
    raise RuntimeError(f"the bot did not start within {timeout} s")


async def run_load(users: int, questions: int, reply_timeout: float, run_timeout: float) -> int:
    """Start emulator and bot process, run the load, print the figures; exit code."""
    BotApiEmulator = testkit.load_emulator_harness().BotApiEmulator

    with BotApiEmulator() as emulator, tempfile.TemporaryDirectory(prefix="bench-tg-") as data:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": emulator.token,
            "TELEGRAM_API_BASE_URL": emulator.url,
            "COORDINATOR_CHAT_IDS": "-1",
            "BOT_DATA_DIR": data,
            "LOG_LEVEL": "WARNING",
        }
        for name in ("BOT_DB_PATH", "WEBHOOK_URL"):
            env.pop(name, None)
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            cwd=testkit.REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
        )
        try:
            await _wait_until_ready(emulator, process, timeout=60.0)
            results = Results()
            started = time.perf_counter()
            async with httpx.AsyncClient(timeout=30.0) as client:
                tasks = [
                    _user(emulator, client, number, questions, reply_timeout, results)
                    for number in range(users)
                ]
                try:
                    await asyncio.wait_for(asyncio.gather(*tasks), timeout=run_timeout)
                except TimeoutError:
                    print(f"stopped after the run time limit of {run_timeout:.0f} s")
            elapsed = time.perf_counter() - started
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    expected = users * questions
    share = 100.0 * results.received / results.sent if results.sent else 0.0
    print(f"Telegram load benchmark: {users} users x {questions} questions through the emulator")
    print(f"  questions sent     {results.sent} of {expected}")
    print(f"  replies received   {results.received} ({share:.1f} %), timeouts {results.timeouts}")
    if results.latencies:
        print(f"  reply latency p50  {percentile(results.latencies, 0.50) * 1000:.0f} ms")
        print(f"  reply latency p99  {percentile(results.latencies, 0.99) * 1000:.0f} ms")
        print(f"  mean               {statistics.fmean(results.latencies) * 1000:.0f} ms")
    print(f"  wall time          {elapsed:.1f} s")
    print(f"  throughput         {results.received / elapsed:.1f} replies/s")
    return 0 if results.sent == expected and results.received == expected else 1


def main(argv: list[str] | None = None) -> int:
    """Entry point: `python -m bot bench-telegram [--users 50] [--questions 20]`."""
    parser = argparse.ArgumentParser(
        prog="python -m bot bench-telegram",
        description="Load benchmark: simulated users ask questions through the Bot API "
        "emulator on loopback, the bot in its own process; prints reply latency and throughput.",
    )
    parser.add_argument("--users", type=int, default=50, help="concurrent users (default 50)")
    parser.add_argument("--questions", type=int, default=20, help="questions per user (default 20)")
    parser.add_argument(
        "--reply-timeout", type=float, default=60.0, help="seconds to wait for a reply"
    )
    parser.add_argument(
        "--run-timeout", type=float, default=600.0, help="seconds the whole run may take"
    )
    args = parser.parse_args(argv)
    if not (1 <= args.users <= MAX_USERS and 1 <= args.questions <= MAX_QUESTIONS):
        parser.error(f"--users must be 1..{MAX_USERS} and --questions 1..{MAX_QUESTIONS}")
    missing = testkit.emulator_missing()
    if missing is not None:
        print(f"bench-telegram: {missing}", file=sys.stderr)
        return 2
    return asyncio.run(run_load(args.users, args.questions, args.reply_timeout, args.run_timeout))


if __name__ == "__main__":
    raise SystemExit(main())
