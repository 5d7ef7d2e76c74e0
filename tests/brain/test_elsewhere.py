"""Where else the material names someone or a place, through the real knowledge base and
brain: the other entities' statements naming them, the subject just talked about left out,
in the question's language."""

from __future__ import annotations

import pytest

from bot.brain.brain import Brain
from bot.knowledge.loader import load_knowledge
from tests.auxil.conversation import last_reply


@pytest.fixture(scope="module")
def brain() -> Brain:
    return Brain(load_knowledge())


def test_the_speaker_just_named_is_found_in_another_document(brain: Brain) -> None:
    reply = last_reply(
        brain, "wie spreekt er bij dagdeel 3", "komt hij ook nog ergens anders voor?"
    )
    assert reply.matched and "Bart Bakker" in reply.plain_text()
    assert "Verandertoolkit" in reply.plain_text() and "Dagdeel 3" not in reply.plain_text()


def test_a_place_named_gets_every_entity_naming_it(brain: Brain) -> None:
    text = last_reply(brain, "waar wordt Oss nog meer genoemd?").plain_text()
    assert "Dagdeel 3" in text and "Werkpakket 13" in text


def test_an_english_question_gets_english(brain: Brain) -> None:
    reply = last_reply(brain, "where else is Thom Verheggen mentioned?")
    assert reply.matched and reply.language == "en" and "Bron:" not in reply.plain_text()
