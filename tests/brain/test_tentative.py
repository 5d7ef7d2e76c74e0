"""Tentative answers: a weak match is given as what the bot thinks was meant, never as a sure
answer, and the conversation goes on about it (bot/brain/tentative.py)."""

from __future__ import annotations

import pytest

from bot.brain.brain import Brain
from bot.brain.context import DialogueContext
from bot.brain.tentative import SURE_INTENT
from bot.knowledge.loader import load_knowledge
from tests.auxil.conversation import answer_text, last_reply


@pytest.fixture(scope="module")
def brain() -> Brain:
    return Brain(load_knowledge())


@pytest.mark.parametrize(
    ("text", "lead", "expected"),
    [
        (
            "welke twee gemeenten deden allebei iets met leidinggeven op afstand",
            "Als ik je goed begrijp:",
            "Capelle aan den IJssel",
        ),
        (
            "who do I contact to join the learning network?",
            "If I understand you correctly:",
            "rpo@vng.nl",
        ),
    ],
)
def test_a_weak_match_is_answered_tentatively(
    brain: Brain, text: str, lead: str, expected: str
) -> None:
    reply = brain.answer(text, DialogueContext()).reply
    assert reply.tentative and not reply.matched  # never counted as a sure answer
    assert reply.confidence < SURE_INTENT
    assert reply.text.startswith(f"{lead}\n")
    assert expected in answer_text(reply)
    assert reply.source  # the answer keeps its source


def test_a_strong_match_stays_sure(brain: Brain) -> None:
    reply = brain.answer("wat kost het leernetwerk", DialogueContext()).reply
    assert reply.matched and not reply.tentative
    assert reply.text.startswith("Deelname aan het Leernetwerk kost € 4500,00")


def test_the_conversation_goes_on_about_a_tentative_answer(brain: Brain) -> None:
    first = brain.answer("leg het leernetwerk kort uit voor een collega", DialogueContext())
    assert first.reply.tentative
    assert first.context.subject_id  # what it answered is remembered
    reply = brain.answer("en wat kost het?", first.context).reply
    assert reply.matched and "€ 4500,00" in reply.text


def test_a_short_follow_up_read_from_the_conversation_stays_sure(brain: Brain) -> None:
    # "en C?" matches weakly by its words; the conversation (theme D) says what it asks.
    reply = last_reply(brain, "wat zit er in thema D", "en C?")
    assert reply.confidence < SURE_INTENT
    assert reply.matched and not reply.tentative
    assert reply.text.startswith("Thema C – Ambtelijk vakmanschap")


def test_the_conversation_goes_on_about_an_answer_shown_under_a_suggestion(brain: Brain) -> None:
    first = brain.answer(
        "Asten en Capelle hebben allebei een project Leidinggeven op afstand he",
        DialogueContext(),
    )
    assert not first.reply.matched and "Als je dat bedoelt:" in first.reply.text
    reply = brain.answer("welke van de twee begon als eerste?", first.context).reply
    assert reply.text.startswith("Gemeente Asten: Leidinggeven op afstand")
    assert "Meierijstad" not in reply.text  # not the oldest of all projects
