"""End to end, the hand-off to the coordinators and the feedback buttons: the real bot (polling,
real core on a real SQLite file) against the Bot API emulator on loopback, the outbox job
running at a test pace."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from botprocess import COORDINATOR_CHAT, BotProcess, bot_environment
from harness import BotApiEmulator, BotMessage, TgChat, TgUser
from test_coordinators_e2e import coord_chat, coordinator_env, fast_outbox
from tg_bot import running_bot

QUESTION = 'Mag mijn <b>hond</b> & "kat" mee naar dagdeel 3 in Tilburg?'
QUESTION_HTML = "Mag mijn &lt;b&gt;hond&lt;/b&gt; &amp; &quot;kat&quot; mee"
ANSWER = "<i>Ja</i>, als ze stil zijn & niet blaffen 🐶"
ANSWER_HTML = "&lt;i&gt;Ja&lt;/i&gt;, als ze stil zijn &amp; niet blaffen 🐶"
LABEL = "Stel je vraag aan de coördinatoren"


def handoff_button(message: BotMessage) -> str:
    [label] = [b.text for b in message.all_buttons if "coördinator" in b.text]
    return label


async def ask_and_forward(
    emulator: BotApiEmulator, chat: TgChat, user: TgUser, text: str = QUESTION
) -> BotMessage:
    """`user` asks something the bot does not know and presses the hand-off button; returns
    the bot's offer."""
    await emulator.send_message(chat, user, text)
    [offer] = await emulator.wait_for_replies(chat, 1)
    assert handoff_button(offer) == LABEL
    await emulator.press_button(chat, user, offer, text=LABEL)
    [sent] = await emulator.wait_for_replies(chat, 1)
    assert "doorgestuurd naar de coördinatoren" in (sent.text or "")
    return offer


async def test_unknown_question_to_coordinator_and_back(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    anna, piet = emulator.new_user("Anna", last_name="de Vries"), emulator.new_user("Piet")
    chat, coordinators = TgChat.private(anna), coord_chat()
    async with running_bot(emulator, tmp_path / "data", **coordinator_env(piet)) as running:
        fast_outbox(running)
        await emulator.send_message(chat, anna, QUESTION)
        [offer] = await emulator.wait_for_replies(chat, 1)
        assert "je vraag en je voornaam" in (offer.text or "")
        assert await emulator.new_replies(coordinators) == []  # nothing before the press

        await emulator.press_button(chat, anna, offer, text=handoff_button(offer))
        await emulator.wait_for_replies(chat, 1)
        [notice] = await emulator.wait_for_replies(coordinators, 1)
        text = notice.text or ""
        assert QUESTION_HTML in text and "<b>hond" not in text
        assert "Anna" in text and "de Vries" not in text and "privégesprek" in text
        assert "Dat weet ik helaas niet" in text

        await emulator.send_message(coordinators, piet, ANSWER, reply_to=notice)
        [confirmation] = await emulator.wait_for_replies(coordinators, 1)
        assert "Doorgestuurd naar Anna" in (confirmation.text or "")
        [relayed] = await emulator.wait_for_replies(chat, 1)
        assert "Piet" in (relayed.text or "") and ANSWER_HTML in (relayed.text or "")
        assert "<i>Ja" not in (relayed.text or "")
        [marked] = [
            m
            for m in await emulator.bot_messages(coordinators)
            if m.message_id == notice.message_id
        ]
        assert marked.edited and "Beantwoord</b> door Piet" in (marked.text or "")

        await emulator.send_message(coordinators, piet, "En neem water mee.", reply_to=notice)
        await emulator.wait_for_replies(coordinators, 1)
        [second] = await emulator.wait_for_replies(chat, 1)
        assert "En neem water mee." in (second.text or "")

        await emulator.send_command(coordinators, piet, "vragen")
        [overview] = await emulator.wait_for_replies(coordinators, 1)
        assert "geen open vragen" in (overview.text or "")
        assert await emulator.new_replies(chat) == []


async def test_a_restart_between_forwarding_and_answering(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    anna, piet = emulator.new_user("Anna"), emulator.new_user("Piet")
    chat, coordinators = TgChat.private(anna), coord_chat()
    data_dir = tmp_path / "data"
    async with running_bot(emulator, data_dir, **coordinator_env(piet)) as running:
        fast_outbox(running)
        await ask_and_forward(emulator, chat, anna)
        [notice] = await emulator.wait_for_replies(coordinators, 1)
    # A new bot process state on the same data directory.
    async with running_bot(emulator, data_dir, **coordinator_env(piet)) as running:
        fast_outbox(running)
        await emulator.send_command(coordinators, piet, "vragen")
        [overview] = await emulator.wait_for_replies(coordinators, 1)
        assert "Open vragen (1)" in (overview.text or "") and "Anna" in (overview.text or "")
        await emulator.send_message(coordinators, piet, ANSWER, reply_to=notice)
        await emulator.wait_for_replies(coordinators, 1)
        [relayed] = await emulator.wait_for_replies(chat, 1)
        assert ANSWER_HTML in (relayed.text or "")


async def test_a_reply_from_a_non_coordinator_is_ignored(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    anna, piet, kees = (emulator.new_user(name) for name in ("Anna", "Piet", "Kees"))
    chat, coordinators = TgChat.private(anna), coord_chat()
    async with running_bot(emulator, tmp_path / "data", **coordinator_env(piet)) as running:
        storage: Any = fast_outbox(running)
        await ask_and_forward(emulator, chat, anna)
        [notice] = await emulator.wait_for_replies(coordinators, 1)
        await emulator.send_message(coordinators, kees, "Nee hoor, blijf thuis!", reply_to=notice)
        # Kees also tries it from his own chat, replying to the notice's id.
        await emulator.send_message(TgChat.private(kees), kees, "Nee!", reply_to=notice.message_id)
        # Updates are handled in order: once Piet's answer arrives, Kees's were ignored.
        await emulator.send_message(coordinators, piet, ANSWER, reply_to=notice)
        [confirmation] = await emulator.wait_for_replies(coordinators, 1)
        assert "Doorgestuurd" in (confirmation.text or "")
        [relayed] = await emulator.wait_for_replies(chat, 1)
        assert ANSWER_HTML in (relayed.text or "")
        assert [a.coordinator for a in storage.answers_for(f"tg:private:{anna.id}")] == ["Piet"]
        assert await emulator.new_replies(chat) == []
        assert await emulator.new_replies(coordinators) == []


async def test_a_group_question_is_answered_in_the_group(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    anna, bram, piet = (emulator.new_user(name) for name in ("Anna", "Bram", "Piet"))
    group, coordinators = emulator.new_group("Team <Sociaal> Domein"), coord_chat()
    async with running_bot(emulator, tmp_path / "data", **coordinator_env(piet)) as running:
        fast_outbox(running)
        asked = await emulator.send_message(group, anna, f"{emulator.mention} {QUESTION}")
        [offer] = await emulator.wait_for_replies(group, 1)
        assert offer.reply_to_message_id == asked.message_id
        assert "Hun antwoord komt hier in de groep" in (offer.text or "")
        # Bram cannot send Anna's question.
        await emulator.press_button(group, bram, offer, text=LABEL)
        [refused] = await emulator.wait_for_replies(group, 1)
        assert "werkt niet meer" in (refused.text or "")
        await emulator.press_button(group, anna, offer, text=LABEL)
        [sent] = await emulator.wait_for_replies(group, 1)
        assert "komt hier in de groep" in (sent.text or "")
        [notice] = await emulator.wait_for_replies(coordinators, 1)
        assert "Team &lt;Sociaal&gt; Domein" in (notice.text or "")

        await emulator.send_message(coordinators, piet, ANSWER, reply_to=notice)
        await emulator.wait_for_replies(coordinators, 1)
        [relayed] = await emulator.wait_for_replies(group, 1)
        assert relayed.reply_to_message_id == asked.message_id
        assert ANSWER_HTML in (relayed.text or "")
        assert await emulator.new_replies(TgChat.private(anna)) == []


async def test_thumbs_down_then_feedback_overview(emulator: BotApiEmulator, tmp_path: Path) -> None:
    anna, piet = emulator.new_user("Anna"), emulator.new_user("Piet")
    chat, coordinators = TgChat.private(anna), coord_chat()
    async with running_bot(emulator, tmp_path / "data", **coordinator_env(piet)) as running:
        fast_outbox(running)
        await emulator.send_message(chat, anna, "wanneer is dagdeel 5")
        [answer] = await emulator.wait_for_replies(chat, 1)
        assert [b.text for b in answer.all_buttons][-2:] == ["👍", "👎"]
        await emulator.press_button(chat, anna, answer, text="👎")
        [offer] = await emulator.wait_for_replies(chat, 1)
        assert handoff_button(offer) == LABEL and "je voornaam" in (offer.text or "")
        [pressed] = [
            m for m in await emulator.bot_messages(chat) if m.message_id == answer.message_id
        ]
        assert [b.text for b in pressed.all_buttons] == ["Bedankt!"]

        await emulator.send_command(coordinators, piet, "feedback")
        [overview] = await emulator.wait_for_replies(coordinators, 1)
        text = overview.text or ""
        assert "dagdeel.info: 0 👍, 1 👎" in text and "wanneer is dagdeel 5" in text
        assert "Anna" not in text
        # Not for everyone: Anna gets a refusal.
        await emulator.send_command(chat, anna, "feedback")
        [refusal] = await emulator.wait_for_replies(chat, 1)
        assert "alleen voor de coördinatoren" in (refusal.text or "")


async def sign_up(emulator: BotApiEmulator, user: TgUser, gemeente: str, role: str) -> None:
    chat = TgChat.private(user)
    await emulator.send_command(chat, user, "aanmelden")
    await emulator.wait_for_replies(chat, 1)
    email = f"{user.first_name.lower()}@example.nl"
    for text in (f"{user.first_name} Jansen", gemeente, role, email, "overslaan", "overslaan"):
        await emulator.send_message(chat, user, text)
        await emulator.wait_for_replies(chat, 1)
    await emulator.send_message(chat, user, "bevestigen")
    [done] = await emulator.wait_for_replies(chat, 1)
    assert "ontvangen en opgeslagen" in (done.text or "")


async def test_live_capacity_after_some_sign_ups(emulator: BotApiEmulator, tmp_path: Path) -> None:
    anna, bram, chris = (emulator.new_user(name) for name in ("Anna", "Bram", "Chris"))
    chat = TgChat.private(chris)
    async with running_bot(emulator, tmp_path / "data") as running:
        fast_outbox(running)
        await sign_up(emulator, anna, "Tilburg", "control")
        await sign_up(emulator, bram, "Tilburg", "gemeentesecretaris")
        await emulator.send_message(chat, chris, "hoeveel gemeenten doen al mee?")
        [overall] = await emulator.wait_for_replies(chat, 1)
        counted = "Via deze assistent doen op dit moment 1 van de maximaal 10 gemeenten mee"
        assert counted in (overall.text or "")
        await emulator.send_message(chat, chris, "is de rol control voor Tilburg nog vrij?")
        [role] = await emulator.wait_for_replies(chat, 1)
        text = role.text or ""
        assert "Voor Tilburg is de rol control al ingevuld" in text and "beperkt" in text
        assert "Anna" not in text and "Bram" not in text
        # The form catches the taken role at the role step, with the free role and the list.
        await emulator.send_command(chat, chris, "aanmelden")
        await emulator.wait_for_replies(chat, 1)
        for answer in ("Chris de Wit", "Tilburg"):
            await emulator.send_message(chat, chris, answer)
            await emulator.wait_for_replies(chat, 1)
        await emulator.send_message(chat, chris, "control")
        [clash] = await emulator.wait_for_replies(chat, 1)
        assert "al ingevuld" in (clash.text or "")
        assert [b.text for b in clash.all_buttons] == ["Veranderkundig profiel", "Wachtlijst"]


async def test_a_wish_for_a_person_and_the_daily_limit(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    anna = emulator.new_user("Anna")
    chat, coordinators = TgChat.private(anna), coord_chat()
    async with running_bot(emulator, tmp_path / "data", **coordinator_env()) as running:
        fast_outbox(running)
        await emulator.send_message(chat, anna, "kan ik iemand spreken?")
        [wish] = await emulator.wait_for_replies(chat, 1)
        assert handoff_button(wish) == LABEL and "je voornaam" in (wish.text or "")
        for number in range(5):
            await ask_and_forward(emulator, chat, anna, f"Vraag {number}: mag mijn hond mee?")
        await emulator.send_message(chat, anna, "Vraag 6: mag mijn kat mee?")
        [offer] = await emulator.wait_for_replies(chat, 1)
        await emulator.press_button(chat, anna, offer, text=LABEL)
        [limited] = await emulator.wait_for_replies(chat, 1)
        assert "vandaag al 5 vragen" in (limited.text or "")
        notices = await emulator.wait_for_replies(coordinators, 5)
        assert all("hond" in (notice.text or "") for notice in notices)
        assert await emulator.new_replies(coordinators) == []


async def notice_committed(db: Path, timeout: float = 60.0) -> None:
    """Wait (bounded) until the bot process has recorded a sent hand-off notice."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
            row = conn.execute(
                "SELECT COUNT(*) FROM outbox WHERE kind = 'handoff' AND message_id IS NOT NULL"
            ).fetchone()
        if row[0]:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the hand-off notice was never recorded as sent")


async def test_a_kill_of_the_real_process_between_forwarding_and_answering(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    """The real `python -m bot run` process: the question is forwarded, the process is killed
    (SIGKILL), a new process starts on the same data directory and relays the answer."""
    anna, piet = emulator.new_user("Anna"), emulator.new_user("Piet")
    chat = TgChat.private(anna)
    coordinators = TgChat(id=COORDINATOR_CHAT, type="supergroup", title="Coördinatoren")
    env = bot_environment(emulator.url, emulator.token, tmp_path / "data")
    with BotProcess(env) as first:
        first.wait_ready()
        await emulator.send_message(chat, anna, QUESTION)
        [offer] = await emulator.wait_for_replies(chat, 1, timeout=90)
        await emulator.press_button(chat, anna, offer, text=LABEL)
        await emulator.wait_for_replies(chat, 1, timeout=90)
        [notice] = await emulator.wait_for_replies(coordinators, 1, timeout=90)
        # Kill only once the notice's message id is committed: a kill between Telegram's
        # accepting it and that commit is the in-doubt case (the notice is sent again).
        await notice_committed(tmp_path / "data" / "bot.sqlite3")
        first.kill()
    with BotProcess(env) as second:
        second.wait_ready()
        await emulator.send_message(coordinators, piet, ANSWER, reply_to=notice)
        [relayed] = await emulator.wait_for_replies(chat, 1, timeout=90)
        assert ANSWER_HTML in (relayed.text or "") and "Piet" in (relayed.text or "")
        [confirmation] = await emulator.wait_for_replies(coordinators, 1, timeout=90)
        assert "Doorgestuurd naar Anna" in (confirmation.text or "")
        assert QUESTION not in second.log() and ANSWER not in second.log()  # no text in logs
