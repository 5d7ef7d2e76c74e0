"""End to end: the real bot (polling) against the Bot API emulator over loopback HTTP, with the
real core on a real SQLite file. Expected texts are not hard-coded: a `CoreProbe` (the same core
on its own file) says what the core answers, and the tests check that Telegram users get exactly
that, rendered, in the right chat, threaded, with working buttons, and nothing where the bot
should stay silent."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import pytest
from harness import BotApiEmulator, BotMessage, TgChat
from tg_bot import CoreProbe, RunningBot, running_bot

from bot.domain import Origin, Reply
from bot.telegram.render import MAX_MESSAGE_LENGTH, render_reply
from tests.auxil.texts import (
    EDITED_MESSAGE_HTML,
    GROUP_INTRO_HTML,
    NO_WORDS_TEXT,
    PRIVATE_HANDOFF_BUTTON,
    TOO_LONG_TEXT,
    UNSUPPORTED_MEDIA_HTML,
)

QUESTION = "Wat kost deelname aan het leernetwerk?"
FOLLOW_UP = ("Wat is dagdeel 3?", "Wanneer is dat?")
AMBIGUOUS = "Welke projecten had Breda?"
LONG_TRIGGER = "Vertel me alles over het Leernetwerk"
# Real answers of the knowledge base; together far longer than one Telegram message.
LONG_PARTS = [
    "Wat is het programma van het leernetwerk? Welke 8 dagdelen zijn er?",
    *[f"Wat is dagdeel {number}?" for number in range(1, 9)],
    "Welke projecten had Breda?",
    "leidinggeven op afstand",
    "Welke werkpakketten heeft de toolkit?",
    "Geef alle projecten",
    "Wat kost deelname aan het leernetwerk?",
]
ALLOWED_TAGS = re.compile(r"</?(?:b|i)>")


@pytest.fixture
async def bot(emulator: BotApiEmulator, tmp_path: Path) -> AsyncIterator[RunningBot]:
    async with running_bot(emulator, tmp_path / "data") as running:
        yield running


@pytest.fixture
def probe(emulator: BotApiEmulator, tmp_path: Path) -> Iterator[CoreProbe]:
    core = CoreProbe(emulator, tmp_path / "probe")
    yield core
    core.close()


def texts(messages: list[BotMessage]) -> list[str]:
    return [message.text or "" for message in messages]


async def test_private_question_gets_the_cores_answer(
    bot: RunningBot, emulator: BotApiEmulator, probe: CoreProbe
) -> None:
    expected = probe.ask([QUESTION])
    assert expected.matched, "the knowledge base should answer this question"
    anna = emulator.new_user("Anna")
    chat = TgChat.private(anna)

    await emulator.send_message(chat, anna, QUESTION)
    replies = await emulator.wait_for_replies(chat, count=len(probe.html(expected)))

    assert texts(replies) == probe.html(expected)
    assert all(reply.parse_mode == "HTML" for reply in replies)
    assert replies[0].reply_to_message_id is None  # private replies are not threaded
    menu = {entry["command"]: entry["description"] for entry in await emulator.bot_commands()}
    assert {"start", "hulp", "programma", "toolkit", "projecten", "aanmelden"} <= set(menu)
    assert "dagdelen" in menu["programma"]


async def test_follow_up_uses_the_conversation_subject(
    bot: RunningBot, emulator: BotApiEmulator, probe: CoreProbe
) -> None:
    with_context = probe.ask(list(FOLLOW_UP), key="probe:context")
    without_context = probe.ask([FOLLOW_UP[1]], key="probe:fresh")
    assert with_context.text != without_context.text, "the follow-up must depend on the subject"
    anna = emulator.new_user("Anna")
    chat = TgChat.private(anna)

    await emulator.send_message(chat, anna, FOLLOW_UP[0])
    await emulator.wait_for_replies(chat, count=len(probe.html(probe.ask([FOLLOW_UP[0]]))))
    await emulator.send_message(chat, anna, FOLLOW_UP[1])
    replies = await emulator.wait_for_replies(chat, count=len(probe.html(with_context)))

    assert texts(replies) == probe.html(with_context)


async def test_pressing_a_suggestion_button_answers_its_question(
    bot: RunningBot, emulator: BotApiEmulator, probe: CoreProbe
) -> None:
    choices_reply = probe.ask([AMBIGUOUS], key="probe:choices")
    assert len(choices_reply.choices) >= 2, "Breda has two projects: the core offers a choice"
    chosen = choices_reply.choices[0]
    expected = probe.ask([chosen.text], key="probe:choices")
    anna = emulator.new_user("Anna")
    chat = TgChat.private(anna)

    await emulator.send_message(chat, anna, AMBIGUOUS)
    [*_, with_buttons] = await emulator.wait_for_replies(chat, len(probe.html(choices_reply)))
    assert [button.text for button in with_buttons.all_buttons][: len(choices_reply.choices)] == [
        choice.label for choice in choices_reply.choices
    ]
    pressed = await emulator.press_button(chat, anna, with_buttons, text=chosen.label)
    replies = await emulator.wait_for_replies(chat, count=len(probe.html(expected)))

    assert texts(replies) == probe.html(expected)
    assert pressed.callback_query_id is not None
    await emulator.wait_for_callback_answer(pressed.callback_query_id)


async def test_stale_or_forged_button_data_gets_a_polite_reply(
    bot: RunningBot, emulator: BotApiEmulator
) -> None:
    anna = emulator.new_user("Anna")
    chat = TgChat.private(anna)
    await emulator.send_command(chat, anna, "start")
    [welcome] = await emulator.wait_for_replies(chat, 1)

    pressed = await emulator.press_button(chat, anna, welcome, data="h:ffffffffffffffffffff")
    [reply] = await emulator.wait_for_replies(chat, 1)
    assert "knop" in (reply.text or "")
    assert pressed.callback_query_id is not None
    await emulator.wait_for_callback_answer(pressed.callback_query_id)


async def test_group_silence_versus_mention_and_reply(
    bot: RunningBot, emulator: BotApiEmulator, probe: CoreProbe
) -> None:
    anna, bram = emulator.new_user("Anna"), emulator.new_user("Bram")
    group = emulator.new_group()
    await emulator.add_bot_to_group(group, anna)
    [intro] = await emulator.wait_for_replies(group, 1)
    assert intro.text == GROUP_INTRO_HTML.format(username=emulator.bot_username)

    # Chatter, a colleague's reply and another bot's command: all ignored.
    chatter = await emulator.send_message(group, anna, "Wie neemt er koffie mee?")
    await emulator.send_message(group, bram, QUESTION, reply_to=chatter.message_id)
    await emulator.send_message(group, bram, "/programma@EenAndereBot")
    asked = await emulator.send_message(group, bram, f"{emulator.mention} {QUESTION}")
    expected = probe.html(probe.ask([QUESTION]))
    replies = await emulator.wait_for_replies(group, len(expected))
    assert texts(replies) == expected
    assert replies[0].reply_to_message_id == asked.message_id

    # A reply to one of the bot's messages is addressed to it, and threaded.
    follow_up = await emulator.send_message(group, anna, QUESTION, reply_to=replies[-1])
    [*threaded] = await emulator.wait_for_replies(group, len(expected))
    assert threaded[0].reply_to_message_id == follow_up.message_id

    # A command with the bot's name.
    command = await emulator.send_command(group, anna, "hulp", addressed=True)
    [help_reply] = await emulator.wait_for_replies(group, 1)
    assert help_reply.reply_to_message_id == command.message_id
    assert await emulator.new_replies(group) == []


async def test_signup_in_a_group_continues_privately_through_a_deep_link(
    bot: RunningBot, emulator: BotApiEmulator
) -> None:
    anna = emulator.new_user("Anna")
    group = emulator.new_group()
    await emulator.send_command(group, anna, "aanmelden", addressed=True)
    [handoff] = await emulator.wait_for_replies(group, 1)
    button = handoff.button(PRIVATE_HANDOFF_BUTTON)
    assert button.url == f"https://t.me/{emulator.bot_username}?start=aanmelden"

    # Following the link opens the private chat with "/start aanmelden": the form starts there.
    payload = button.url.split("?start=", 1)[1]
    private = TgChat.private(anna)
    await emulator.send_command(private, anna, "start", args=payload)
    [first_question, *_] = await emulator.wait_for_replies(private, 1)
    assert "Privacy" in (first_question.text or "")
    assert await emulator.new_replies(group) == []  # nothing personal in the group


async def test_unsupported_input_gets_a_hint_in_private_and_a_short_reply_in_groups(
    bot: RunningBot, emulator: BotApiEmulator
) -> None:
    anna = emulator.new_user("Anna")
    chat = TgChat.private(anna)
    await emulator.send_sticker(chat, anna)
    await emulator.send_photo(chat, anna, caption="kijk")
    await emulator.send_voice(chat, anna)
    await emulator.send_user_document(chat, anna)
    sent = await emulator.send_message(chat, anna, "Wat is een dagdeel?")
    await emulator.wait_for_replies(chat, 5)
    assert sent.message_id is not None
    await emulator.edit_user_message(chat, anna, sent.message_id, "Wat is een werkpakket?")
    await emulator.send_message(chat, anna, "woord " * 300)
    await emulator.send_message(chat, anna, "😀🎉")
    replies = await emulator.wait_for_replies(chat, 3)
    assert texts(replies) == [EDITED_MESSAGE_HTML, TOO_LONG_TEXT, NO_WORDS_TEXT]

    # In a group, media stay unanswered; a mention that is too long or has no words gets the
    # short reply, threaded to it (silence would look like the bot is down).
    group = emulator.new_group()
    await emulator.send_sticker(group, anna)
    await emulator.send_photo(group, anna)
    no_words = await emulator.send_message(group, anna, f"{emulator.mention} 😀")
    too_long = await emulator.send_message(group, anna, f"{emulator.mention} " + "woord " * 300)
    asked = await emulator.send_command(group, anna, "hulp", addressed=True)
    replies = await emulator.wait_for_replies(group, 3)
    assert [(r.text, r.reply_to_message_id) for r in replies[:2]] == [
        (NO_WORDS_TEXT, no_words.message_id),
        (TOO_LONG_TEXT, too_long.message_id),
    ]
    assert replies[2].reply_to_message_id == asked.message_id
    assert UNSUPPORTED_MEDIA_HTML not in texts(await emulator.bot_messages(group))


async def test_html_injection_is_shown_as_text(bot: RunningBot, emulator: BotApiEmulator) -> None:
    """The sign-up summary repeats what the user typed: tags in it arrive as text."""
    name = "<b>Jan</b> & <i>Piet</i>"
    remark = "<script>alert(1)</script> & <a href='https://evil.example'>klik</a>"
    anna = emulator.new_user("Anna")
    chat = TgChat.private(anna)

    await emulator.send_command(chat, anna, "aanmelden")
    await emulator.wait_for_replies(chat, 1)
    for answer in (name, "Meierijstad"):
        await emulator.send_message(chat, anna, answer)
        [asks] = await emulator.wait_for_replies(chat, 1)
    await emulator.press_button(chat, anna, asks, text="Control")
    await emulator.wait_for_replies(chat, 1)
    for answer in ("jan@example.nl", "overslaan", remark):
        await emulator.send_message(chat, anna, answer)
        # The emulator, like Telegram, refuses malformed HTML: arriving at all is part of
        # the proof.
        [summary] = await emulator.wait_for_replies(chat, 1)

    text = summary.text or ""
    assert html.escape(name, quote=False) in text
    assert html.escape(remark, quote=False) in text
    markup = ALLOWED_TAGS.sub("", text)
    assert "<" not in markup and ">" not in markup
    assert {button.text for button in summary.all_buttons} >= {"Bevestigen", "Annuleren"}


class LongAnswers:
    """The real core, except that one trigger question gets a very long answer composed of real
    answers (the knowledge base has no single answer over Telegram's 4096-character limit)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def handle(self, key: str, text: str, origin: Origin) -> Reply:
        if text != LONG_TRIGGER:
            return cast(Reply, self.inner.handle(key, text, origin))
        # Each part is a question of its own (not a redelivery of this update).
        single = replace(origin, sequence=None)
        parts = [self.inner.handle(f"{key}:part", part, single).text for part in LONG_PARTS]
        return Reply(text="\n\n".join(parts), source="Leernetwerk Werken volgens de Bedoeling")


async def test_a_long_reply_is_split_cleanly(emulator: BotApiEmulator, tmp_path: Path) -> None:
    anna = emulator.new_user("Anna")
    chat = TgChat.private(anna)
    async with running_bot(emulator, tmp_path / "data", wrap=LongAnswers) as bot:
        long_reply = bot.assistant.handle("probe", LONG_TRIGGER, Origin(channel="test"))
        expected = [message.html for message in render_reply(long_reply)]
        assert len(long_reply.text) > MAX_MESSAGE_LENGTH and len(expected) >= 2

        await emulator.send_message(chat, anna, LONG_TRIGGER)
        replies = await emulator.wait_for_replies(chat, len(expected))

    assert texts(replies) == expected
    assert all(len(text) <= MAX_MESSAGE_LENGTH for text in texts(replies))
    # Every part ends where a paragraph of the answer ends: nothing is cut mid-paragraph.
    paragraphs = {html.escape(p.strip(), quote=False) for p in long_reply.text.split("\n\n")}
    for text in texts(replies)[:-1]:
        assert text.split("\n\n")[-1].strip() in paragraphs
    assert texts(replies)[-1].endswith("<i>Bron: Leernetwerk Werken volgens de Bedoeling</i>")
    assert await emulator.new_replies(chat) == []
