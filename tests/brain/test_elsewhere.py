"""Where else the material names someone or a place, through the real knowledge base and
brain: the other entities' statements naming them, the subject just talked about left out,
in the question's language."""

from __future__ import annotations

import pytest

from bot.brain.brain import Brain
from bot.knowledge.loader import load_knowledge
from tests.auxil.conversation import last_reply, talk


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


def test_what_a_named_document_says_of_a_place_is_its_statement_there(brain: Brain) -> None:
    reply = last_reply(
        brain,
        "Wie vertelt in het Leernetwerk over de aanpak in Oss?",
        "zit er in de verandertoolkit ook iets over Oss?",
    )
    assert reply.matched and "Proeftuin Ruwaard" in reply.text and "Dagdeel 3" not in reply.text


def test_anything_about_without_a_document_is_no_such_question(brain: Brain) -> None:
    reply = last_reply(brain, "wie is Bart Bakker", "staat er iets over de kosten in")
    assert "Bart Bakker" not in reply.text.split("\n")[0]


def test_in_which_documents_a_place_appears_names_each(brain: Brain) -> None:
    text = talk(brain, "in welke documenten komt Oss voor?")
    assert "Dagdeel 3" in text and "Werkpakket 13" in text
