"""Comparing the projects a message names ("welke van de twee begon eerder: Asten of
Capelle?"), and a live fill level that answers no question about which gemeenten take part."""

from __future__ import annotations

import pytest

from bot.brain.brain import Brain
from bot.brain.context import DialogueContext
from bot.knowledge.loader import load_knowledge
from tests.auxil.conversation import answered, last_reply, talk


@pytest.fixture(scope="module")
def brain() -> Brain:
    return Brain(load_knowledge())


@pytest.mark.parametrize(
    ("text", "first", "other"),
    [
        (
            "Welke van de twee begon eerder: het project leidinggeven op afstand van Asten of "
            "dat van Capelle aan den IJssel?",
            "- Asten: Leidinggeven op afstand (1 mei 2021 - 1 november 2021)",
            "- Capelle aan den IJssel: Leidinggeven op afstand (10 mei 2021 - 1 november 2021)",
        ),
        # a yes/no comparison gets both periods
        (
            "Startte het project van Asten eerder dan dat van Capelle aan den IJssel?",
            "- Asten: Leidinggeven op afstand",
            "10 mei 2021",
        ),
        # one organisation's two projects
        (
            "Breda heeft twee projecten in die lijst. Welke van de twee liep eerder?",
            "- Breda: Leiderschapstraject (2020 - 2021)",
            "- Breda: Leidende Principes",
        ),
        # a remark naming both, then "welke van de twee": "welke" asks the superlative only
        (
            "Asten en Capelle hadden allebei leidinggeven op afstand. Welke van de twee begon "
            "het eerst?",
            "- Asten: Leidinggeven op afstand (1 mei 2021 - 1 november 2021)",
            "- Capelle aan den IJssel: Leidinggeven op afstand",
        ),
    ],
)
def test_a_superlative_over_the_projects_named_compares_just_those(
    brain: Brain, text: str, first: str, other: str
) -> None:
    reply = brain.answer(text, DialogueContext()).reply
    assert reply.matched
    head, _, rest = reply.text.partition("De andere:")
    assert first in head and other in rest
    assert "Meierijstad" not in reply.text  # not the oldest of all projects


def test_a_description_word_names_no_project_to_compare(brain: Brain) -> None:
    # "intern" describes two projects, "eerst" is "first (discuss it)": no comparison
    reply = brain.answer(
        "Als wij als gemeente meedoen aan het leernetwerk, wie moeten we dan afvaardigen? Nog "
        "niet aanmelden hoor, eerst intern bespreken.",
        DialogueContext(),
    ).reply
    assert "gemeentesecretaris" in reply.text
    assert "Het project dat als eerste begon" not in reply.text


def test_which_of_two_listed_lasted_longer(brain: Brain) -> None:
    text = talk(brain, "Meierijstad staat er twee keer in he?", "welke van die twee duurde langer?")
    assert text.startswith("Gemeente Meierijstad: Veranderende rol leidinggevenden")


def test_which_gemeenten_take_part_is_no_question_for_the_live_count(brain: Brain) -> None:
    reply = last_reply(brain, "Welke gemeenten doen er al mee aan het leernetwerk?")
    assert not reply.matched and reply.action is None  # no live count that names no one
    assert "welke gemeenten" in reply.text
    sure = last_reply(brain, "hoeveel gemeenten doen al mee")
    assert sure.matched and sure.action == "live_capacity"


def test_a_gemeente_named_beside_the_live_count_must_be_asked_about_a_free_place(
    brain: Brain,
) -> None:
    # "is er voor Breda nog plek": the live part tells Breda's free places
    free = last_reply(brain, "is er voor Breda nog plek")
    assert free.matched and free.action == "live_capacity"
    # "doet Amsterdam mee": which gemeenten take part is not in the material
    other = last_reply(brain, "Doet gemeente Amsterdam mee aan het leernetwerk?")
    assert not other.matched and other.action is None
    assert "amsterdam" in other.text


def test_a_question_about_the_one_a_superlative_picks_is_asked_about_it(brain: Brain) -> None:
    text = talk(
        brain,
        "Wat deed Meierijstad in 2018 met leidinggevenden?",
        "en dat latere project van Meierijstad, wie is daar contact?",
    )
    assert "Mirella Jacobs" in text and "Alistair Douglas" not in text
    # (before, calibration made this honest: the answer made no comparison)
    older = talk(brain, "Meierijstad heeft twee projecten, wie leidt het oudere")
    assert "Alistair Douglas" in older and "Mirella Jacobs" not in older


def test_a_remark_beside_a_comparison_keeps_the_comparison(brain: Brain) -> None:
    text = talk(
        brain,
        "Startte het project van Asten eerder dan dat van Capelle aan den IJssel? Ze hebben "
        "toch dezelfde naam.",
    )
    assert "1 mei 2021" in text and "10 mei 2021" in text


@pytest.mark.parametrize(
    "text",
    [
        "Wat duurt langer: het leernetwerk of de leergang voor burgemeesters?",
        "wat was eerder in 2019: de publicatie van dat Apeldoornse boekje over vakmanschap of de "
        "eerste bijeenkomst van de burgemeestersleergang?",
    ],
)
def test_a_comparison_of_other_things_is_no_question_about_projects(
    brain: Brain, text: str
) -> None:
    reply = last_reply(brain, text)
    assert "Het project dat" not in reply.text  # no project superlative, not even previewed


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # months and years at both ends: the projects dated so for certain ("2021 - 2022" is not)
        (
            "Welke projecten liepen van januari 2021 tot en met december 2022?",
            ["Emmen", "Zaanstad"],
            ["Beesel", "Breda"],
        ),
        ("Which A&O project ran from 22 August 2022 to 30 July 2023?", ["De Wolden"], ["Emmen"]),
    ],
)
def test_projects_by_the_period_they_ran(
    brain: Brain, text: str, present: list[str], absent: list[str]
) -> None:
    reply = brain.answer(text, DialogueContext()).reply
    assert answered(reply)
    assert all(p in reply.text for p in present) and not any(a in reply.text for a in absent)
