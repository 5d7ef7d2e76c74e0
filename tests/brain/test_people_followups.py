"""A pronoun for a project's contact person just named, through the real knowledge base and
brain: the material knows a project's contact only by the project's card, so an answer that
does not name them is about someone or something else, and the reply says honestly that the
material does not tell."""

from __future__ import annotations

import pytest

from bot.brain.brain import Brain
from bot.knowledge.loader import load_knowledge
from tests.auxil.conversation import answered, last_reply, talk


@pytest.fixture(scope="module")
def brain() -> Brain:
    return Brain(load_knowledge())


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
    reply = last_reply(brain, *turns)
    assert not reply.matched, reply.text


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


@pytest.mark.parametrize(
    ("speaker", "followup", "next_one"),
    [
        ("wie is Thom Verheggen", "en wie doet het dagdeel erna?", "Dagdeel 8"),
        ("who is Ruud Klarenbeek", "and who does the session after that?", "Session 6"),
    ],
)
def test_a_step_from_a_speaker_is_the_next_dagdeel(
    brain: Brain, speaker: str, followup: str, next_one: str
) -> None:
    assert talk(brain, speaker, followup).startswith(next_one)


def test_a_pronoun_beside_a_document_stands_for_the_person_just_named(brain: Brain) -> None:
    text = last_reply(
        brain, "wie is Ruud Klarenbeek?", "en waar spreekt hij over in het leernetwerk?"
    ).text
    assert "Ruud Klarenbeek" in text and "dagdeel 5" in text


@pytest.mark.parametrize(
    ("second", "fact"),
    [
        ("en wouter, wanneer spreekt die?", "Wouter Hart spreekt bij dagdeel 1"),
        ("en thom, welk dagdeel geeft die?", "Thom Verheggen spreekt bij dagdeel 7"),
    ],
)
def test_a_first_name_picks_one_of_the_people_just_named(
    brain: Brain, second: str, fact: str
) -> None:
    # the makers of the toolkit were named: Wouter Hart and Thom Verheggen
    assert talk(brain, "wie heeft de toolkit gemaakt", second).startswith(fact)


def test_a_name_without_its_last_part_names_the_person(brain: Brain) -> None:
    reply = last_reply(brain, "wie is die bouke van der weide nog wat. wat doet die?")
    assert answered(reply) and "Bouke van der Weide Jansen spreekt bij dagdeel 2" in reply.text


def test_a_pronoun_for_the_person_named_before_asks_about_them(brain: Brain) -> None:
    # "hij" stands for Thom Verheggen, not for the Leernetwerk the message also names
    text = talk(brain, "Thom Verheggen, waar gaat hij het over hebben in het leernetwerk?")
    assert "Thom Verheggen spreekt bij dagdeel 7" in text


def test_a_first_name_of_someone_just_named_asks_only_about_them(brain: Brain) -> None:
    # "die Thom" is one of the toolkit's makers: his dagdeel, not the Leernetwerk's speakers
    text = talk(
        brain,
        "wie heeft de verandertoolkit gemaakt",
        "en die Thom, spreekt die ook bij het leernetwerk? waarover?",
    )
    assert "Ontwikkelen van eigenaarschap" in text


def test_how_many_dagdelen_a_speaker_gives_is_counted(brain: Brain) -> None:
    reply = last_reply(brain, "Hoeveel dagdelen geeft Wouter Hart?")
    assert reply.matched and "Wouter Hart geeft 2 dagdelen: dagdeel 1 en 8." in reply.text


def test_a_singular_pronoun_is_the_person_asked_about_not_everyone_the_answer_named(
    brain: Brain,
) -> None:
    # the answer about Thom Verheggen names his co-author Wouter Hart too
    text = talk(brain, "wie is Thom Verheggen", "welk boek schreef hij zelf?")
    assert "De Ontmanager" in text
    assert "Wouter Hart" not in text


def test_a_pronoun_beside_a_kind_it_does_not_own_is_the_person(brain: Brain) -> None:
    text = talk(brain, "Wie is Thom Verheggen?", "in welk dagdeel spreekt hij en waarover?")
    assert "dagdeel 7" in text and "eigenaarschap" in text


def test_it_after_which_project_a_contact_leads_is_that_project(brain: Brain) -> None:
    text = talk(brain, "Which project was Timo van Doremalen the contact for?", "when did it run?")
    assert "31 december 2022" in text
