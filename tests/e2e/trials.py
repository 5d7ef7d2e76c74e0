"""Fault trials on the real bot process (`python -m bot run`) against the Bot API emulator.

Prints figures; asserts nothing. Loopback only; every loop is bounded in count and time.

    .venv/bin/python tests/e2e/trials.py kill --trials 30      # kill -9 mid sign-up + redelivery
    .venv/bin/python tests/e2e/trials.py flood                 # group flood, others' reply times
    .venv/bin/python tests/e2e/trials.py outage --trials 10    # frozen network: in-doubt resends

kill:  each trial walks one new user through the sign-up form. At a random step the process is
       killed with SIGKILL a random 0-300 ms after the message was sent; Telegram's redelivery of
       unconfirmed updates is played by redelivering the last two updates of that user; then the
       process restarts. A step without an answer is sent again, as a person would. Counted:
       lost (no stored sign-up after the user saw the confirmation), wrong data, processed twice
       (more bot messages than steps answered), forwarded twice (more than one notice for one
       sign-up in the coordinator chat, split by whether the copy says it may be a repeat).
outage: the bot talks to the emulator through a proxy that, for notices to the coordinator
       chat, passes the request on but holds the answer past python-telegram-bot's read timeout
       (a frozen network: Telegram got the message, the bot never hears so). Counted: notices
       forwarded twice without a mark, resends marked as a possible repeat, and whether a status
       button pressed on the first copy updated both copies.
flood: 200 @mentions in 10 s from one group while 10 private users ask 5 questions each; prints
       the private users' reply times (p50, p95, max), what the group got, and how long SIGTERM
       took right after the flood.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from botprocess import COORDINATOR_CHAT, BotProcess, bot_environment
from harness import BotApiEmulator, BotMessage, TgChat, TgUser
from proxy import FlakyProxy

GEMEENTEN = ("Meierijstad", "Tilburg", "Apeldoorn", "Utrecht", "Zwolle", "Breda", "Delft")
ROLES = ("control", "gemeentesecretaris", "veranderkundig profiel")
STEP_TIMEOUT = 8.0


def form_steps(trial: int) -> list[str]:
    """What a user types to sign up, one message per step."""
    return [
        "/aanmelden",
        f"Trial Persoon {trial}",
        GEMEENTEN[trial % len(GEMEENTEN)],
        ROLES[trial % len(ROLES)],
        f"trial{trial}@example.nl",
        "overslaan",
        "geen",
        "bevestigen",
    ]


def stored_signup(db_path: Path, email: str) -> tuple[int, str, str, str] | None:
    """(id, name, gemeente, role) of the stored sign-up with `email` (read-only)."""
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=10) as conn:
        row = conn.execute(
            "SELECT id, name, gemeente, role FROM signups WHERE email = ?", (email,)
        ).fetchone()
    return (int(row[0]), str(row[1]), str(row[2]), str(row[3])) if row else None


async def walk_form(
    emulator: BotApiEmulator,
    user: TgUser,
    steps: list[str],
    kill_at: int | None,
    restart: object,
) -> tuple[int, int]:
    """Send the steps, killing the bot once at `kill_at`; (answers expected, resends)."""
    chat = TgChat.private(user)
    sent_ids: list[int] = []
    resends = 0
    for index, text in enumerate(steps):
        sent = await emulator.send_message(chat, user, text)
        sent_ids.append(sent.update_id)
        if index == kill_at:
            await asyncio.sleep(random.uniform(0.0, 0.3))
            await restart(sent_ids[-2:])  # type: ignore[operator]
        for _attempt in range(3):
            try:
                await emulator.wait_for_replies(chat, 1, timeout=STEP_TIMEOUT)
                break
            except AssertionError:
                resends += 1  # no answer: the person sends it again
                await emulator.send_message(chat, user, text)
    return len(steps) + resends, resends


async def kill_trials(count: int, seed: int) -> None:
    random.seed(seed)
    emulator = BotApiEmulator().start()
    work = Path(tempfile.mkdtemp(prefix="kill-trials-"))
    data_dir = work / "data"
    env = bot_environment(emulator.url, emulator.token, data_dir)
    process = BotProcess(env).start().wait_ready()
    figures = dict(trials=0, lost=0, wrong=0, twice=0, forwarded_twice=0, flagged=0, resent=0)

    async def restart(redeliver: list[int]) -> None:
        nonlocal process
        process.kill()
        process.close()
        for update_id in redeliver:
            await emulator.redeliver(update_id)
        process = BotProcess(env).start().wait_ready()

    try:
        for trial in range(count):
            user = emulator.new_user(f"Trial{trial}")
            steps = form_steps(trial)
            kill_at = random.randrange(1, len(steps))
            expected, resends = await walk_form(emulator, user, steps, kill_at, restart)
            await asyncio.sleep(1.0)  # a redelivered update answered twice shows up here
            messages = await emulator.bot_messages(TgChat.private(user))
            figures["trials"] += 1
            figures["resent"] += resends
            figures["twice"] += max(0, len(messages) - expected)
            stored = stored_signup(data_dir / "bot.sqlite3", f"trial{trial}@example.nl")
            if stored is None:
                figures["lost"] += 1
                continue
            signup_id, name, gemeente, role = stored
            if (name, gemeente, role) != (steps[1], steps[2], steps[3]):
                figures["wrong"] += 1
            notices = await wait_notices(emulator, signup_id)
            figures["flagged"] += sum(1 for text in notices if "herhaling" in text)
            plain = [text for text in notices if "herhaling" not in text]
            figures["forwarded_twice"] += max(0, len(plain) - 1)
    finally:
        process.close()
        emulator.stop()
    print(
        "kill trials: {trials} trials, {lost} lost, {wrong} with wrong data, {twice} updates "
        "processed twice, {forwarded_twice} forwarded twice (+{flagged} resends marked as a "
        "possible repeat), {resent} steps sent again by the user".format(**figures)
    )


async def wait_notices(emulator: BotApiEmulator, signup_id: int) -> list[str]:
    """The coordinator notices about `signup_id` once the outbox delivered (bounded wait)."""
    pattern = re.compile(rf"\(#{signup_id}\)")
    deadline = time.monotonic() + 20
    while True:
        texts = [m.text or "" for m in await emulator.bot_messages(COORDINATOR_CHAT)]
        found = [text for text in texts if pattern.search(text)]
        if found or time.monotonic() > deadline:
            return found
        await asyncio.sleep(0.2)


async def outage_trials(count: int) -> None:
    emulator = BotApiEmulator().start()
    proxy = FlakyProxy(emulator.url, hold_chat=COORDINATOR_CHAT)
    await proxy.start()
    work = Path(tempfile.mkdtemp(prefix="outage-trials-"))
    env = bot_environment(proxy.url, emulator.token, work / "data")
    process = BotProcess(env).start()
    await asyncio.to_thread(process.wait_ready)  # the proxy runs on this event loop
    coordinators = TgChat(id=COORDINATOR_CHAT, type="supergroup", title="Coördinatoren")
    coordinator = emulator.new_user("Coco")
    figures = dict(trials=0, unmarked_twice=0, marked=0, lost=0, both_updated=0)
    try:
        for trial in range(count):
            user = emulator.new_user(f"Outage{trial}")
            proxy.hold_next = 1  # the first notice about this sign-up: delivered, answer lost
            for text in form_steps(1000 + trial):
                await emulator.send_message(TgChat.private(user), user, text)
                await emulator.wait_for_replies(TgChat.private(user), 1, timeout=STEP_TIMEOUT)
            stored = stored_signup(work / "data" / "bot.sqlite3", f"trial{1000 + trial}@example.nl")
            figures["trials"] += 1
            if stored is None:
                figures["lost"] += 1
                continue
            notices = await wait_notice_messages(emulator, stored[0], at_least=2, seconds=40)
            marked = [m for m in notices if "herhaling" in (m.text or "")]
            plain = [m for m in notices if "herhaling" not in (m.text or "")]
            figures["marked"] += len(marked)
            figures["unmarked_twice"] += max(0, len(plain) - 1)
            if plain and marked:
                await emulator.press_button(coordinators, coordinator, plain[0], text="Bevestigen")
                if await both_show(emulator, [m.message_id for m in notices], "bevestigd"):
                    figures["both_updated"] += 1
    finally:
        process.close()
        await proxy.stop()
        emulator.stop()
    print(
        "outage trials: {trials} sign-ups sent while the network froze, {lost} lost, "
        "{unmarked_twice} forwarded twice without a mark, {marked} resends marked as a possible "
        "repeat; a status button on the first copy updated both copies in {both_updated}".format(
            **figures
        )
    )


async def wait_notice_messages(
    emulator: BotApiEmulator, signup_id: int, *, at_least: int, seconds: float
) -> list[BotMessage]:
    """The coordinator messages about `signup_id` once `at_least` exist (bounded wait)."""
    pattern = re.compile(rf"#{signup_id}\b")
    deadline = time.monotonic() + seconds
    while True:
        found = [
            m for m in await emulator.bot_messages(COORDINATOR_CHAT) if pattern.search(m.text or "")
        ]
        if len(found) >= at_least or time.monotonic() > deadline:
            return found
        await asyncio.sleep(0.3)


async def both_show(emulator: BotApiEmulator, message_ids: list[int], text: str) -> bool:
    """True once every message in `message_ids` shows `text` (bounded wait)."""
    for _attempt in range(50):
        messages = {m.message_id: m for m in await emulator.bot_messages(COORDINATOR_CHAT)}
        if all(text in (messages[i].text or "") for i in message_ids if i in messages):
            return True
        await asyncio.sleep(0.2)
    return False


async def flood_trial(mentions: int, seconds: float, users: int, questions: int) -> None:
    emulator = BotApiEmulator().start()
    work = Path(tempfile.mkdtemp(prefix="flood-trial-"))
    env = bot_environment(emulator.url, emulator.token, work / "data")
    process = BotProcess(env).start().wait_ready()
    group = emulator.new_group("Team Flood")
    flooders = [emulator.new_user(f"Flo{n}") for n in range(5)]
    times: list[float] = []
    try:

        async def flood() -> None:
            for n in range(mentions):
                text = f"{emulator.mention} wat is dagdeel {n % 8 + 1}?"
                await emulator.send_message(group, flooders[n % len(flooders)], text)
                await asyncio.sleep(seconds / mentions)

        async def private_user(number: int) -> None:
            user = emulator.new_user(f"Privé{number}")
            chat = TgChat.private(user)
            for question in range(questions):
                started = time.monotonic()
                await emulator.send_message(chat, user, f"Wat is dagdeel {question + 1}?")
                await emulator.wait_for_replies(chat, 1, timeout=60)
                times.append(time.monotonic() - started)
                await asyncio.sleep(0.5)

        await asyncio.gather(flood(), *(private_user(n) for n in range(users)))
        group_messages = await emulator.bot_messages(group)
        code, stop_seconds = process.stop(timeout=30)
    finally:
        process.close()
        emulator.stop()
    times.sort()
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    slow = sum(1 for m in group_messages if "rustig aan" in (m.text or ""))
    print(
        f"flood: {mentions} mentions in {seconds:.0f} s; {len(times)} private replies: "
        f"p50 {statistics.median(times):.2f} s, p95 {p95:.2f} s, max {times[-1]:.2f} s; "
        f"group got {len(group_messages)} messages ({slow} 'even rustig aan'); "
        f"SIGTERM after the flood: exit {code} in {stop_seconds:.1f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="trial", required=True)
    kill = sub.add_parser("kill", help="kill -9 mid sign-up, with redelivery")
    kill.add_argument("--trials", type=int, default=20)
    kill.add_argument("--seed", type=int, default=11)
    outage = sub.add_parser("outage", help="frozen network: in-doubt resends of notices")
    outage.add_argument("--trials", type=int, default=10)
    flood = sub.add_parser("flood", help="group flood; other users' reply times")
    flood.add_argument("--mentions", type=int, default=200)
    flood.add_argument("--seconds", type=float, default=10.0)
    flood.add_argument("--users", type=int, default=10)
    flood.add_argument("--questions", type=int, default=5)
    args = parser.parse_args()
    if args.trial == "kill":
        asyncio.run(kill_trials(min(args.trials, 500), args.seed))
    elif args.trial == "outage":
        asyncio.run(outage_trials(min(args.trials, 100)))
    else:
        asyncio.run(flood_trial(min(args.mentions, 2000), args.seconds, args.users, args.questions))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
