"""A pronoun for a project's contact person just named, through the real knowledge base and
brain: the material knows a project's contact only by the project's card, so an answer that
does not name them is about someone or something else, and the reply says honestly that the
material does not tell."""

from __future__ import annotations

import pytest

from bot.brain.brain import Brain
from bot.brain.context import DialogueContext
from bot.knowledge.loader import load_knowledge
from tests.auxil.conversation import talk


@pytest.fixture(scope="module")
def brain() -> Brain:
    return Brain(load_knowledge())


def last_reply(brain: Brain, *turns: str) -> tuple[str, bool]:
    context = DialogueContext()
    text, matched = "", False
    for turn in turns:
        answer = brain.answer(turn, context)
        context, text, matched = answer.context, answer.reply.text, answer.reply.matched
    return text, matched


@pytest.mark.parametrize(
    "turns",
    [
        ("wie is de contactpersoon van Nuenen", "welke functie heeft hij?"),
        ("who is the contact for Nuenen?", "which function does he have there?"),
        ("wie is contactpersoon bij Goirle", "wat voor functie heeft ze? en haar functie?"),
    ],
)
def test_what_the_card_does_not_say_of_a_contact_is_not_answered(
    brain: Brain, turns: tuple[str, str]
) -> None:
    text, matched = last_reply(brain, *turns)
    assert not matched, text


def test_what_the_card_says_of_a_contact_is_answered(brain: Brain) -> None:
    assert "l.van.gerwen@goirle.nl" in talk(
        brain, "wie is contactpersoon bij Goirle", "wat is haar mailadres?"
    )
    assert "06 54 75 11 97" in talk(brain, "wie is de contactpersoon van Nuenen", "en zijn nummer?")


def test_a_speaker_is_still_answered_through_the_text_about_them(brain: Brain) -> None:
    text = talk(
        brain, "wie schreef de inleiding van het apeldoornse boekje?", "bij welk bureau werkt hij?"
    )
    assert "Broosz" in text
