"""Picking from what was just said, through the real knowledge base and brain: a position in a
list ("nummer 3", "de eerste"), the next or last one of a remembered subject, a speaker's next
dagdeel, a plural that asks for a theme, and dates of the document named."""

from __future__ import annotations

import pytest

from bot.brain.brain import Brain
from bot.brain.context import DialogueContext
from bot.knowledge.loader import load_knowledge
from tests.auxil.conversation import talk


@pytest.fixture(scope="module")
def brain() -> Brain:
    return Brain(load_knowledge())


def test_a_number_after_the_programme_is_that_dagdeel(brain: Brain) -> None:
    text = talk(brain, "Welke dagdelen heeft het leernetwerk?", "vertel eens meer over nummer 3")
    assert text.startswith("Dagdeel 3") and "Bart Bakker" in text


def test_the_first_after_one_theme_is_its_first_werkpakket(brain: Brain) -> None:
    text = talk(brain, "wat zit er in thema E", "vertel meer over de eerste")
    assert text.startswith("Werkpakket 13")


def test_a_number_beyond_the_themes_is_a_werkpakket(brain: Brain) -> None:
    assert talk(brain, "welke werkpakketten zijn er", "en nummer 12?").startswith("Werkpakket 12")


def test_a_number_after_a_project_list_picks_the_project(brain: Brain) -> None:
    text = talk(
        brain, "welke projecten gingen over leidinggeven op afstand", "vertel over nummer 2"
    )
    assert text.startswith("Gemeente Capelle aan den IJssel")


@pytest.mark.parametrize("followup", ["And the last one?", "en die daarna?"])
def test_a_bare_next_repeats_the_last_question(brain: Brain, followup: str) -> None:
    text = talk(
        brain, "Wanneer is de eerste bijeenkomst van de leergang voor burgemeesters?", followup
    )
    assert ("14 juni" in text or "14 June" in text) and "Dagdeel" not in text


@pytest.mark.parametrize("followup", ["en wie spreekt in het dagdeel daarna?", "and the next one?"])
def test_next_after_a_speaker_is_the_next_dagdeel(brain: Brain, followup: str) -> None:
    text = talk(brain, "wie is Kirstin op het Veld", followup)
    assert "Thom Verheggen" in text


def test_a_plural_reads_a_shared_name_as_the_theme(brain: Brain) -> None:
    text = talk(brain, "welke werkpakketten gaan over grenzeloos samenwerken")
    assert text.startswith("Thema B") and "Gelijkwaardig samenwerken" in text
    assert talk(brain, "wat is werkpakket grenzeloos samenwerken").startswith("Werkpakket 5")


def test_a_month_of_the_named_document_only(brain: Brain) -> None:
    text = talk(brain, "leernetwerk bijeenkomst in mei welke datum")
    assert "19 mei" in text and "16 mei" not in text


def test_a_theme_list_answers_a_question_naming_the_theme(brain: Brain) -> None:
    text = talk(brain, "Welke werkpakketten zitten er in deel E van de toolkit?")
    assert text.startswith("Thema E")


def test_a_title_cited_in_another_entitys_statement_finds_that_entity(brain: Brain) -> None:
    text = talk(brain, "welk werkpakket is vergelijkbaar met hoort het of helpt het")
    assert "Werkpakket 18" in text


@pytest.mark.parametrize(
    ("first", "then", "expected"),
    [
        ("wat kost het leernetwerk", "en de leergang voor burgemeesters?", "geen prijs"),
        ("waar is de leergang", "en het leernetwerk?", "geen locatie"),
        # a correction naming the other document twice ("de leergang van de burgemeesters")
        (
            "Wat is het telefoonnummer voor het leernetwerk?",
            "nee sorry ik bedoelde voor de leergang van de burgemeesters",
            "0343-595802",
        ),
    ],
)
def test_the_same_question_about_another_document(
    brain: Brain, first: str, then: str, expected: str
) -> None:
    context = brain.answer(first, DialogueContext()).context
    assert expected in brain.answer(then, context).reply.text


def test_a_short_question_pointing_back_is_about_the_subject(brain: Brain) -> None:
    text = talk(brain, "wat is werkpakket 13", "which municipality is that?")
    assert "Oss" in text


def test_after_a_dagdeels_date_is_the_next_dagdeel(brain: Brain) -> None:
    assert talk(brain, "welk dagdeel komt na 19 mei").startswith("Dagdeel 6")
    assert "Anders Verantwoorden" in talk(brain, "welk dagdeel is op 19 mei")


def test_a_bare_question_word_asks_about_the_subject(brain: Brain) -> None:
    assert "Alex Dolk" in talk(brain, "Tilburg teamleidersprogramma", "wie?")
    assert talk(brain, "wie?").startswith("Ik ben")  # without a subject: who the bot is


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        (["wat is werkpakket 3", "en 5?"], "Werkpakket 5"),
        (["wanneer is dagdeel 1", "en bij 4"], "Dagdeel 4"),
    ],
)
def test_a_bare_number_after_en_picks_that_one_of_the_kind_talked_about(
    brain: Brain, turns: list[str], expected: str
) -> None:
    context = DialogueContext()
    for text in turns:
        answer = brain.answer(text, context)
        context = answer.context
    assert answer.reply.matched and expected in answer.reply.text


@pytest.mark.parametrize("followup", ["en die andere?", "and the other one?"])
def test_the_other_after_one_of_an_organisations_projects(brain: Brain, followup: str) -> None:
    text = talk(
        brain, "wie is contactpersoon voor leidinggevenden in beweging van meierijstad", followup
    )
    assert "Mirella Jacobs" in text and "Alistair Douglas" not in text


@pytest.mark.parametrize(
    ("then", "expected"),
    [("en het deel daarvoor?", "Thema E"), ("en het thema daarna?", "ken ik niet")],
)
def test_a_step_from_a_theme_moves_to_the_theme_beside_it(
    brain: Brain, then: str, expected: str
) -> None:
    context = brain.answer("wat zit er in deel F van de toolkit?", DialogueContext()).context
    assert expected in brain.answer(then, context).reply.text
