"""One language per reply in the channels: the channels' own texts come from
knowledge/texts.yaml in Dutch and English (its mistakes: tests/test_texts_load.py), every
channel takes the English command names (/signup, /cancel), and the core's fallbacks without a
hand-off desk speak the conversation's language. Real knowledge base, real SQLite."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.brain.brain import Brain
from bot.channels.terminal import run_chat
from bot.core.assistant import Assistant
from bot.core.factory import build_assistant
from bot.domain import CoreIntent, Language, Origin, Vote
from bot.knowledge.commands import Command
from bot.knowledge.loader import default_texts, load_knowledge
from bot.storage.sqlite import SqliteStorage
from bot.web.chat import MAX_TEXT_LENGTH, WebChat

TEXTS = default_texts()
TERMINAL = Origin(channel="terminal", user_id="t")


def test_every_channel_text_differs_between_the_languages() -> None:
    channel_texts = [
        (where, text) for where, text in TEXTS.bilinguals() if where.startswith(("telegram", "web"))
    ]
    assert len(channel_texts) > 20
    untranslated = [where for where, text in channel_texts if text.nl == text.en]
    assert untranslated == []


def command_of(text: str) -> Command | None:
    typed = TEXTS.commands.parse(text)
    assert typed is not None, text
    return typed.command


def test_english_command_names_are_the_dutch_commands() -> None:
    assert command_of("/signup") is command_of("/aanmelden") is Command.SIGNUP
    assert command_of("/Cancel@SomeBot") is command_of("/annuleer") is Command.CANCEL
    assert command_of("/help") is command_of("/hulp") is Command.HELP
    assert command_of("/mydata") is command_of("/MijnGegevens") is Command.MY_DATA
    assert command_of("/delete") is command_of("/verwijder") is Command.DELETE
    assert command_of("/programme") is command_of("/programma") is Command.PROGRAMME
    assert command_of("/projects") is command_of("/projecten") is Command.PROJECTS
    started = TEXTS.commands.parse("/start signup")
    assert started is not None and started.command is Command.START and started.argument == "signup"
    handoff = TEXTS.commands.parse("/coordinator abc")  # not one of the named commands
    assert handoff is not None and handoff.command is None and handoff.typed == "coordinator"
    assert TEXTS.commands.parse("hallo") is None


@pytest.fixture
def assistant(tmp_path: Path) -> Iterator[Assistant]:
    built = build_assistant(db_path=tmp_path / "bot.sqlite3")
    yield built
    built.close()


def chat(assistant: Assistant, lines: str, user: str) -> str:
    out = io.StringIO()
    run_chat(assistant, io.StringIO(lines), out, user=user)
    return out.getvalue()


def test_the_terminal_takes_the_english_command_names(assistant: Assistant) -> None:
    english = chat(assistant, "/signup\n/cancel\n/cancel\n", user="Emma")
    assert TEXTS.form.privacy.en.split(":")[0] in english  # the form, in English
    assert TEXTS.form.cancelled.en.split(";")[0] in english
    assert TEXTS.account.nothing_to_cancel.en in english
    assert assistant.state_of("terminal:Emma").get("form") is None

    dutch = chat(assistant, "/aanmelden\n/annuleer\n", user="Anna")
    assert TEXTS.form.privacy.nl.split(":")[0] in dutch
    assert TEXTS.form.cancelled.nl.split(";")[0] in dutch

    # Inside a Dutch conversation /signup keeps the conversation's language.
    mixed = chat(assistant, "Wanneer is dagdeel 5?\n/signup\n", user="Bram")
    assert "19 mei" in mixed and TEXTS.form.privacy.nl.split(":")[0] in mixed


def test_a_telegram_app_language_chooses_the_form_language_before_the_conversation_has_one(
    assistant: Assistant,
) -> None:
    english_app = Origin(channel="telegram", user_id="7", language=Language.EN)
    started = assistant.start_signup("tg:private:7", english_app)
    assert started.text.startswith(TEXTS.form.privacy.en.split(":")[0])
    dutch_app = Origin(channel="telegram", user_id="8", language=Language.NL)
    assert assistant.start_signup("tg:private:8", dutch_app).text.startswith("Privacy: ik")


def test_without_a_handoff_desk_the_fallbacks_speak_the_conversation_language(
    tmp_path: Path,
) -> None:
    kb = load_knowledge()
    storage = SqliteStorage(tmp_path / "bot.sqlite3", kb.programme_rules)
    assistant = Assistant(Brain(kb), storage, storage=storage)
    try:
        assistant.handle("en", "When is session 5?", TERMINAL)
        assistant.handle("nl", "Wanneer is dagdeel 5?", TERMINAL)
        english = assistant.request_handoff("en", TERMINAL)
        assert english.intent == CoreIntent.HANDOFF_UNAVAILABLE
        assert english.text == TEXTS.handoff.unavailable.en
        assert assistant.request_handoff("nl", TERMINAL).text == TEXTS.handoff.unavailable.nl
        thanks = assistant.record_feedback("en", TERMINAL, "token", Vote.UP)
        assert not thanks.recorded and thanks.thanks == "Thanks!"
        assert assistant.record_feedback("nl", TERMINAL, "token", Vote.UP).thanks == "Bedankt!"
    finally:
        assistant.close()


def test_the_web_chat_notices_come_from_the_texts_in_the_conversation_language(
    assistant: Assistant,
) -> None:
    web = WebChat(assistant)
    web.send("s1", "When is session 5?")
    [too_long] = web.send("s1", "a" * (MAX_TEXT_LENGTH + 1)).messages
    assert too_long.text == TEXTS.channel.too_long.say(Language.EN, most=MAX_TEXT_LENGTH)
    assert web.send("s1", "/help").messages[-1].text == TEXTS.web.help.en
    assert web.send("s1", "/signup").messages[-1].text.startswith("Privacy: I store")
    [empty] = web.send("s2", "   ").messages
    assert empty.text == TEXTS.web.empty.nl
