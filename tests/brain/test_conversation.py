"""Conversation and calibration mechanisms through the real knowledge base and brain:
clarification after a list, narrowing a remembered list, ordinals over themes, reverse lookups,
parts of titles, and honest answers about what the material doesn't say."""

from __future__ import annotations

import pytest

from bot.brain.brain import Brain
from bot.brain.context import DialogueContext
from bot.knowledge.loader import load_knowledge
from tests.auxil.conversation import talk


@pytest.fixture(scope="module")
def brain() -> Brain:
    return Brain(load_knowledge())


def test_a_clarification_after_a_list_picks_one(brain: Brain) -> None:
    text = talk(brain, "welke projecten gingen over leidinggeven op afstand", "ik bedoel Capelle")
    assert text.startswith("Gemeente Capelle aan den IJssel") and "Paule Kok" in text


def test_a_year_narrows_the_remembered_projects(brain: Brain) -> None:
    text = talk(brain, "wie is de contactpersoon van meierijstad", "die uit 2021 bedoel ik")
    assert "Mirella Jacobs" in text and "Alistair Douglas" not in text


def test_an_ordinal_after_the_toolkit_overview_is_a_theme(brain: Brain) -> None:
    text = talk(brain, "welke thema's heeft de toolkit", "welke werkpakketten horen bij de vierde?")
    assert text.startswith("Thema D")


def test_a_phone_number_names_its_owner(brain: Brain) -> None:
    assert "Beesel" in talk(brain, "van wie is 077 474 92 92")


def test_part_of_a_title_names_the_project(brain: Brain) -> None:
    assert "De Wolden Hoogeveen" in talk(brain, "wie deed van eiland naar iets")


@pytest.mark.parametrize(
    "question",
    [
        "wat kost de leergang voor burgemeesters",
        "wat is het telefoonnummer van Bart Bakker",
        "welk project had gemeente Helmond",
    ],
)
def test_what_the_material_does_not_say_is_unmatched(brain: Brain, question: str) -> None:
    assert not brain.answer(question, DialogueContext()).reply.matched


def test_a_person_the_toolkit_makers_thank_is_known(brain: Brain) -> None:
    text = talk(brain, "wie is Kathinka Bruinsma")
    assert "Kathinka Bruinsma" in text and "filmpjes" in text


def test_announcing_a_new_subject_asks_nothing_itself(brain: Brain) -> None:
    """'andere vraag: ...' after a project: the question after it is answered, the
    announcement is not read as a follow-up on the old subject."""
    context = brain.answer("wie is de contactpersoon bij Asten", DialogueContext()).context
    reply = brain.answer("andere vraag: hoeveel medewerkers werken er bij Emmen?", context).reply
    assert reply.matched and "950" in reply.text


def test_their_after_a_contact_can_be_the_projects(brain: Brain) -> None:
    """'hun' after a project's contact person may be the project's: its fact is found."""
    context = brain.answer("wie is de contactpersoon van Zaanstad", DialogueContext()).context
    reply = brain.answer("wanneer verscheen hun eindevaluatie?", context).reply
    assert "okt 2022" in reply.text


def test_an_unsure_answer_about_one_project_makes_it_the_subject(brain: Brain) -> None:
    """The brain can't say what the weather is like in Emmen's project, but the next
    question is about Emmen."""
    context = brain.answer("wat vond Emmen van het weer tijdens hun traject", DialogueContext())
    assert not context.reply.matched
    reply = brain.answer("hoeveel inwoners heeft het?", context.context).reply
    assert "109.000" in reply.text


def test_a_part_after_an_unsure_one_about_two_projects_asks_about_both(brain: Brain) -> None:
    text = "Meierijstad heeft twee projecten toch? Wie zijn daar de contactpersonen van?"
    reply = brain.answer(text, DialogueContext()).reply
    assert "Alistair Douglas" in reply.text and "Mirella Jacobs" in reply.text
    assert "rpo@vng.nl" not in reply.text


def test_a_step_after_a_speaker_points_back_at_his_dagdeel(brain: Brain) -> None:
    text = talk(
        brain, "Wie is Ruud Klarenbeek in het leernetwerk?", "en wie doet het dagdeel daarna?"
    )
    assert "Dagdeel 6" in text and "Kirstin op het Veld" in text


def test_a_sentence_asking_after_one_naming_a_document_stays_with_that_document(
    brain: Brain,
) -> None:
    text = talk(
        brain, "Het boekje van Apeldoorn komt uit een leerbijeenkomst. Wie faciliteerde die?"
    )
    assert "Broosz" in text and "VNG Risicobeheer" not in text


def test_a_sentence_no_question_matches_leaves_the_statements_to_the_whole_message(
    brain: Brain,
) -> None:
    text = (
        "Asten meldt dat 80% van de medewerkers thuis wil blijven werken. "
        "Waar komt dat cijfer vandaan?"
    )
    reply = brain.answer(text, DialogueContext()).reply
    assert "Volgens de enquête wil 80%" in reply.text  # (what the material says nearest)


def test_the_time_of_the_dagdelen_is_not_the_leergang_s(brain: Brain) -> None:
    reply = brain.answer("What time do the sessions start?", DialogueContext()).reply
    assert reply.matched is False and "Thursday mornings" in reply.text
    assert "18:30" not in reply.text


def test_the_first_of_a_list_is_its_first_member_not_the_earliest(brain: Brain) -> None:
    text = talk(brain, "welke projecten gingen over coaching", "wie is contact van de eerste?")
    assert text.startswith("Gemeente Beesel") and "Emmen" not in text


def test_another_theme_letter_after_one_theme_names_that_theme(brain: Brain) -> None:
    text = talk(brain, "welke werkpakketten vallen onder deel C van de toolkit?", "en onder D?")
    assert text.startswith("Thema D")
