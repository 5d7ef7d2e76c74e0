"""A wish to sign up and a question in one message: the question is answered and the form
starts, in one reply, on every channel (the core does it). Through the real brain, the real
knowledge base and a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.brain.brain import Brain
from bot.brain.context import DialogueContext
from bot.core.assistant import Assistant
from bot.core.factory import build_assistant
from bot.domain import Action, Origin
from bot.knowledge.loader import default_texts, load_knowledge
from bot.storage.state import MemoryStateStore

KEY = "tg:private:77"
PRIVATE = Origin(channel="telegram", user_id="77")
GROUP = Origin(channel="telegram", user_id="77", is_group=True)
FORM = default_texts().form
NAME_QUESTION = "Wat is je naam? (voor- en achternaam)"


@pytest.fixture
def assistant(tmp_path: Path) -> Iterator[Assistant]:
    instance = build_assistant(db_path=tmp_path / "bot.sqlite3", coordinator_chat_ids=["-100"])
    yield instance
    instance.close()


@pytest.mark.parametrize(
    ("message", "fact"),
    [
        ("Wij willen ons graag inschrijven voor het leernetwerk. Wat kost het eigenlijk?", "4500"),
        ("Wanneer is de eerste bijeenkomst? Schrijf ons maar in!", "27 januari"),
        ("Ik wil mijn gemeente aanmelden.\nWie spreekt er bij dagdeel 5?", "Ruud Klarenbeek"),
    ],
)
def test_the_question_is_answered_and_the_form_starts(
    assistant: Assistant, message: str, fact: str
) -> None:
    reply = assistant.handle(KEY, message, PRIVATE)
    assert reply.action == Action.SIGNUP
    assert fact in reply.text
    assert reply.text.index(fact) < reply.text.index(FORM.privacy.nl)
    assert reply.text.endswith(NAME_QUESTION)
    assert assistant.state_of(KEY).get("form") is not None


def test_in_english_both_speak_english(assistant: Assistant) -> None:
    reply = assistant.handle(
        KEY, "Please sign us up for the Leernetwerk. When is the first session?", PRIVATE
    )
    assert reply.action == Action.SIGNUP
    assert "27 January" in reply.text and FORM.privacy.en in reply.text
    assert "Bron:" not in reply.text


def test_in_a_group_the_answer_stays_and_the_form_moves_to_private(assistant: Assistant) -> None:
    reply = assistant.handle("tg:group:-5", "We doen mee met het leernetwerk. Wat kost het?", GROUP)
    assert reply.action == Action.SIGNUP and reply.private_only
    assert "4500" in reply.text


def test_mid_form_the_question_is_answered_and_the_form_goes_on(assistant: Assistant) -> None:
    assistant.handle(KEY, "/aanmelden", PRIVATE)
    reply = assistant.handle(KEY, "Ik wil me aanmelden. Wat kost het leernetwerk?", PRIVATE)
    assert "4500" in reply.text and reply.text.endswith(NAME_QUESTION)


@pytest.mark.parametrize(
    "message",
    [
        "Als we meedoen, wat kost het dan?",
        "Tot wanneer kan ik me aanmelden? Wat kost het?",
        "Wat kost het leernetwerk? Wie mogen er meedoen?",
    ],
)
def test_questions_about_signing_up_start_no_form(message: str) -> None:
    reply = Brain(load_knowledge()).answer(message, DialogueContext()).reply
    assert reply.action is None and "4500" in reply.text


def test_a_wish_with_nothing_else_asked_is_the_plain_form(assistant: Assistant) -> None:
    reply = assistant.handle(
        KEY, "Wij doen mee met het leernetwerk. Kunt u dat regelen? Groet, Anna", PRIVATE
    )
    assert reply.action == Action.SIGNUP and reply.text.startswith(FORM.privacy.nl)


@pytest.mark.parametrize(
    "message",
    [
        "Wat is het telefoonnummer van Hanke? Ik wil eerst even bellen voor we ons opgeven.",
        "How do I join the Leernetwerk? What does it cost?",
    ],
)
def test_a_question_about_signing_up_beside_a_question_starts_no_form(message: str) -> None:
    reply = Brain(load_knowledge()).answer(message, DialogueContext()).reply
    assert reply.action is None and reply.matched and not reply.preface


def test_without_a_form_the_answer_comes_before_how_to_sign_up() -> None:
    assistant = Assistant(Brain(load_knowledge()), MemoryStateStore())
    reply = assistant.handle(KEY, "Schrijf ons maar in. Wat kost het leernetwerk?", PRIVATE)
    assert reply.action == Action.SIGNUP
    assert reply.text.index("4500") < reply.text.index("rpo@vng.nl")
