"""End to end, the coordinators' side: the real bot (polling, real core on a real SQLite file)
against the Bot API emulator on loopback. Forwarding goes through the outbox job; Telegram
failures are made real by a small HTTP proxy between the bot and the emulator that answers
5xx / 429 or drops the connection for `sendMessage` until it is told to recover."""

from __future__ import annotations

import asyncio
import csv
import html
import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from harness import BotApiEmulator, BotMessage, TgChat, TgUser
from proxy import FlakyProxy
from tg_bot import RunningBot, bot_settings, build_core, close_core, running_bot

from bot.domain import STATUS_CONFIRMED, SignupData
from bot.telegram.coordinators import BUTTON_REFUSAL_TEXT, NOT_HERE_TEXT, REFUSAL_TEXT
from bot.telegram.outbox import RetryPolicy, drain_outbox, register_outbox_job

COORD_CHATS = (-999_001, -999_002)
NAME = '<b>Anna</b> & "de Vries" 🚀'
REMARK = "Ik kom <i>graag</i> & neem 2 collega's mee 😀 </div>"
EMAIL = "anna.devries@example.nl"
FAST = RetryPolicy(base_delay=0.2, max_delay=1.0, retry_after_margin=0.1, permanent_delay=60)
COMMANDS = ("aanmeldingen", "export", "wachtlijst", "onbeantwoord")


def coordinator_env(coordinator: TgUser | None = None) -> dict[str, str]:
    env = {"COORDINATOR_CHAT_IDS": ",".join(str(chat) for chat in COORD_CHATS)}
    if coordinator is not None:
        env["COORDINATOR_USER_IDS"] = str(coordinator.id)
    return env


def coord_chat(index: int = 0) -> TgChat:
    return TgChat(id=COORD_CHATS[index], type="supergroup", title="Coördinatoren Leernetwerk")


def fast_outbox(running: RunningBot) -> Any:
    """The running bot's storage, with the outbox job at a test pace."""
    storage = running.assistant.storage
    register_outbox_job(running.application, storage, 0.1, policy=FAST)
    return storage


async def sign_up_via_telegram(emulator: BotApiEmulator, user: TgUser) -> BotMessage:
    """Walk the whole form in the user's private chat; returns the bot's final answer."""
    chat = TgChat.private(user)
    await emulator.send_command(chat, user, "aanmelden")
    await emulator.wait_for_replies(chat, 1)
    reply: BotMessage | None = None
    for text in (NAME, "Meierijstad", "control", EMAIL, "overslaan", REMARK, "bevestigen"):
        await emulator.send_message(chat, user, text)
        [reply] = await emulator.wait_for_replies(chat, 1)
    assert reply is not None
    return reply


async def assert_nothing_more_is_sent(
    running: RunningBot, emulator: BotApiEmulator, storage: Any, expected: dict[int, int]
) -> None:
    """Two more outbox rounds send nothing; each chat holds exactly `expected` messages."""
    for _ in range(2):
        result = await drain_outbox(running.application.bot, storage, policy=FAST)
        assert result.sent == []
    assert storage.pending_count() == 0
    for chat_id, count in expected.items():
        assert len(await emulator.bot_messages(chat_id)) == count


@pytest.fixture
async def proxy(emulator: BotApiEmulator) -> AsyncIterator[FlakyProxy]:
    flaky = FlakyProxy(emulator.url)
    await flaky.start()
    yield flaky
    await flaky.stop()


async def test_a_confirmed_signup_reaches_each_coordinator_chat_once_escaped(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    anna = emulator.new_user("Anna")
    async with running_bot(emulator, tmp_path / "data", **coordinator_env()) as running:
        storage = fast_outbox(running)
        done = await sign_up_via_telegram(emulator, anna)
        assert "ontvangen" in (done.text or "")
        forwarded = [(await emulator.wait_for_replies(chat, 1))[0] for chat in COORD_CHATS]
        for message in forwarded:
            text = message.text or ""
            assert message.parse_mode == "HTML"
            assert html.escape(NAME) in text and html.escape(REMARK) in text
            assert NAME not in text and "<i>graag</i>" not in text
            assert "gemeente Meierijstad: 1/3, 1/10 gemeenten" in text
            assert EMAIL in text and "control" in text
            assert [b.text for b in message.all_buttons] == [
                "Bevestigen",
                "Afwijzen",
                "Contact opgenomen",
            ]
        await assert_nothing_more_is_sent(
            running, emulator, storage, {COORD_CHATS[0]: 1, COORD_CHATS[1]: 1}
        )
    # Nothing personal went anywhere else: the applicant's chat has only the form dialogue.
    assert all(COORD_CHATS[0] != m.chat_id for m in await emulator.bot_messages(anna.id))


@pytest.mark.parametrize("mode", ["500", "429", "drop"])
async def test_telegram_failing_then_recovering_delivers_exactly_once(
    emulator: BotApiEmulator, proxy: FlakyProxy, tmp_path: Path, mode: str
) -> None:
    env = {**coordinator_env(), "TELEGRAM_API_BASE_URL": proxy.url}
    async with running_bot(emulator, tmp_path / "data", **env) as running:
        storage = fast_outbox(running)
        proxy.mode = mode
        data = SignupData(NAME, "Meierijstad", "control", EMAIL, remarks=REMARK)
        running.assistant.signups.submit("tg:private:4242", data)
        # Wait until a failure has been recorded on a queued item: it stays in the outbox.
        for _ in range(300):
            items = storage.due_items(float("inf"))
            if any(item.last_error for item in items):
                break
            await asyncio.sleep(0.05)
        items = storage.due_items(float("inf"))
        assert len(items) == 2 and any(item.last_error for item in items), items
        assert proxy.failed_calls >= 1
        assert storage.pending_count() == 2
        for chat in COORD_CHATS:
            assert await emulator.bot_messages(chat) == []
        proxy.mode = "pass"
        for chat in COORD_CHATS:
            [message] = await emulator.wait_for_replies(chat, 1, timeout=20)
            assert html.escape(NAME) in (message.text or "")
        await assert_nothing_more_is_sent(
            running, emulator, storage, {COORD_CHATS[0]: 1, COORD_CHATS[1]: 1}
        )


async def test_a_send_in_doubt_is_resent_marked_and_a_button_on_either_copy_updates_both(
    emulator: BotApiEmulator, proxy: FlakyProxy, tmp_path: Path
) -> None:
    coordinator = emulator.new_user("Coco")
    env = {**coordinator_env(coordinator), "TELEGRAM_API_BASE_URL": proxy.url}
    async with running_bot(emulator, tmp_path / "data", **env) as running:
        fast_outbox(running)
        # The first notice reaches the chat, but its answer never reaches the bot (time-out).
        proxy.hold_chat, proxy.hold_next = COORD_CHATS[0], 1
        data = SignupData(NAME, "Meierijstad", "control", EMAIL, remarks=REMARK)
        running.assistant.signups.submit("tg:private:4242", data)
        first, second = await emulator.wait_for_replies(coord_chat(), 2, timeout=40)
        assert "herhaling" not in (first.text or "")
        assert "Mogelijk een herhaling van melding #" in (second.text or "")
        await emulator.press_button(coord_chat(), coordinator, first, text="Bevestigen")
        for _ in range(200):
            copies = {m.message_id: m.text or "" for m in await emulator.bot_messages(coord_chat())}
            if all("bevestigd" in copies[m.message_id] for m in (first, second)):
                break
            await asyncio.sleep(0.05)
        assert all("bevestigd" in copies[m.message_id] for m in (first, second)), copies


async def test_items_in_the_outbox_are_sent_after_a_restart(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    # Sign-ups confirmed while no bot runs: they wait in the outbox of the SQLite file.
    core = build_core(bot_settings(emulator, data_dir, **coordinator_env()))
    try:
        for number in range(3):
            data = SignupData(f"Deelnemer {number} 😀", "Utrecht", "control", f"d{number}@x.nl")
            core.signups.submit(f"tg:private:{5000 + number}", data)
        assert core.storage.pending_count() == 6
    finally:
        close_core(core)
    async with running_bot(emulator, data_dir, **coordinator_env()) as running:
        storage = fast_outbox(running)
        for chat in COORD_CHATS:
            messages = await emulator.wait_for_replies(chat, 3, timeout=20)
            assert sorted(m.text.split("\n")[1] for m in messages if m.text) == [
                f"Naam: Deelnemer {n} 😀" for n in range(3)
            ]
        await assert_nothing_more_is_sent(
            running, emulator, storage, {COORD_CHATS[0]: 3, COORD_CHATS[1]: 3}
        )
    # A second restart sends nothing again.
    async with running_bot(emulator, data_dir, **coordinator_env()) as running:
        storage = fast_outbox(running)
        await assert_nothing_more_is_sent(
            running, emulator, storage, {COORD_CHATS[0]: 3, COORD_CHATS[1]: 3}
        )


async def test_a_non_coordinator_is_refused_every_coordinator_command(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    coordinator = emulator.new_user("Coco")
    stranger = emulator.new_user("Sam")
    other_group = emulator.new_group("Team Sociaal Domein")
    async with running_bot(emulator, tmp_path / "data", **coordinator_env(coordinator)) as running:
        data = SignupData(NAME, "Meierijstad", "control", EMAIL)
        running.assistant.signups.submit("tg:private:4242", data)
        private = TgChat.private(stranger)
        for command in COMMANDS:
            await emulator.send_command(private, stranger, command)
            [reply] = await emulator.wait_for_replies(private, 1)
            assert reply.text == REFUSAL_TEXT and reply.document is None
            await emulator.send_command(other_group, stranger, command, addressed=True)
            [reply] = await emulator.wait_for_replies(other_group, 1)
            assert reply.text == REFUSAL_TEXT and reply.document is None
        # A coordinator in a group that is not a coordinator chat gets no personal data either.
        await emulator.send_command(other_group, coordinator, "aanmeldingen", addressed=True)
        [reply] = await emulator.wait_for_replies(other_group, 1)
        assert reply.text == NOT_HERE_TEXT
        # ...but in a private chat with the bot the coordinator gets the list.
        own = TgChat.private(coordinator)
        await emulator.send_command(own, coordinator, "aanmeldingen")
        [reply] = await emulator.wait_for_replies(own, 1)
        assert html.escape(NAME) in (reply.text or "")
    for chat in (TgChat.private(stranger), other_group):
        assert all(
            NAME not in (m.text or "") and EMAIL not in (m.text or "")
            for m in await emulator.bot_messages(chat)
        )


async def test_a_status_button_updates_the_status_and_tells_the_applicant(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    anna = emulator.new_user("Anna")
    coordinator = emulator.new_user("Coco", last_name="Ordinator")
    async with running_bot(emulator, tmp_path / "data", **coordinator_env()) as running:
        storage = fast_outbox(running)
        await sign_up_via_telegram(emulator, anna)
        [notice] = await emulator.wait_for_replies(COORD_CHATS[0], 1)
        pressed = await emulator.press_button(coord_chat(), coordinator, notice, text="Bevestigen")
        assert pressed.callback_query_id is not None
        answer = await emulator.wait_for_callback_answer(pressed.callback_query_id)
        assert answer.text and "bevestigd" in answer.text
        [told] = await emulator.wait_for_replies(TgChat.private(anna), 1)
        assert "bevestigd" in (told.text or "")
        [signup] = storage.list_signups()
        assert signup.status == STATUS_CONFIRMED and signup.acted_by == "Coco Ordinator"
        [edited] = [m for m in await emulator.bot_messages(COORD_CHATS[0])]
        assert edited.edited and "Door: Coco Ordinator op" in (edited.text or "")
        assert html.escape(NAME) in (edited.text or "")
        # A stranger pressing the button on a copy in their own chat changes nothing.
        stranger = emulator.new_user("Sam")
        own_chat = TgChat.private(stranger)
        copy = BotMessage.from_api({**notice.raw, "chat": own_chat.to_api()})
        refused = await emulator.press_button(own_chat, stranger, copy, text="Afwijzen")
        assert refused.callback_query_id is not None
        refusal = await emulator.wait_for_callback_answer(refused.callback_query_id)
        assert refusal.text == BUTTON_REFUSAL_TEXT and refusal.show_alert
        [still] = storage.list_signups()
        assert still.status == STATUS_CONFIRMED


async def test_export_gives_a_csv_document(emulator: BotApiEmulator, tmp_path: Path) -> None:
    coordinator = emulator.new_user("Coco")
    async with running_bot(emulator, tmp_path / "data", **coordinator_env(coordinator)) as running:
        data = SignupData(NAME, "Meierijstad", "control", EMAIL, "+31 6 12345678", REMARK)
        running.assistant.signups.submit("tg:private:4242", data)
        await emulator.send_command(coord_chat(), coordinator, "export", addressed=True)
        # The sign-up's own notice reaches the chat too, before or after the export.
        replies = await emulator.wait_for_replies(coord_chat(), 2)
    [message] = [reply for reply in replies if reply.document is not None]
    assert str(message.document.get("file_name", "")).endswith(".csv")
    content = await emulator.download(message)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    header, row = rows
    assert row[header.index("naam")] == NAME
    assert row[header.index("opmerking")] == REMARK
    assert row[header.index("e-mail")] == EMAIL
