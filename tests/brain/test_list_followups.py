"""Follow-ups on the list or pair the last answer presented, through the real knowledge base
and brain: a superlative over just that list ("de oudste van de twee"), a name, person or
year that tells its members apart ("die van Capelle", "die uit 2021"), an ordinal, and "the
other one" after one was picked. And a follow-up that asks another kind of value about the
subject ("en waar kan ik me dan opgeven?") asks that value."""

from __future__ import annotations

import pytest

from bot.brain.brain import Brain
from bot.brain.context import DialogueContext
from bot.knowledge.loader import load_knowledge
from tests.auxil.conversation import last_reply, talk

MEIERIJSTAD = "welke projecten heeft Meierijstad"
BREDA = "Welke projecten heeft Breda?"
AT_A_DISTANCE = "welke projecten gingen over leidinggeven op afstand"
OLDER, NEWER = "Alistair Douglas", "Mirella Jacobs"  # Meierijstad's 2018 and 2021 projects


@pytest.fixture(scope="module")
def brain() -> Brain:
    return Brain(load_knowledge())


@pytest.mark.parametrize(
    ("followup", "right", "wrong"),
    [
        ("wie was contactpersoon bij de oudste?", OLDER, NEWER),
        ("en van de nieuwste van die twee, wie is contact?", NEWER, OLDER),
        ("who is the contact for the most recent one?", NEWER, OLDER),
        ("which of them started first? who led it?", OLDER, NEWER),
    ],
)
def test_a_superlative_picks_from_the_pair_just_listed(
    brain: Brain, followup: str, right: str, wrong: str
) -> None:
    text = talk(brain, MEIERIJSTAD, followup)
    assert right in text and wrong not in text


def test_a_superlative_over_a_topic_list_stays_in_that_list(brain: Brain) -> None:
    # The topic's list: Asten (1 May 2021), Capelle (10 May 2021) and Meierijstad's
    # "Veranderende rol leidinggevenden" (March 2021); the oldest project overall (Meierijstad
    # "in beweging", 2018) is not on it.
    assert "Projecten over leidinggeven op afstand (3)" in talk(brain, AT_A_DISTANCE)
    text = talk(brain, AT_A_DISTANCE, "welke daarvan begon het eerst?")
    assert "Veranderende rol leidinggevenden" in text
    assert "Asten" not in text and "Capelle" not in text and "in beweging" not in text


def test_a_superlative_on_the_end_date_reads_the_end(brain: Brain) -> None:
    text = talk(brain, BREDA, "welke van de twee eindigt het eerst?")
    assert "Leiderschapstraject" in text and "Leidende Principes" not in text


@pytest.mark.parametrize(
    ("followup", "right", "wrong"),
    [
        ("die van Paul van der Wolf: wanneer liep die?", "2020 - 2021", "december 2022"),
        ("en de looptijd van die van Jannet Koster?", "december 2022", "2020 - 2021"),
        ("the one from 2020, what was its period?", "2020 - 2021", "december 2022"),
    ],
)
def test_a_person_or_year_picks_from_the_pair(
    brain: Brain, followup: str, right: str, wrong: str
) -> None:
    text = talk(brain, BREDA, followup)
    assert right in text and wrong not in text


def test_a_place_picks_from_a_topic_list(brain: Brain) -> None:
    text = talk(brain, AT_A_DISTANCE, "het mailadres van die van Capelle?")
    assert "capelleaandenijssel.nl" in text and "asten.nl" not in text


def test_a_year_picks_inside_a_question(brain: Brain) -> None:
    text = talk(brain, MEIERIJSTAD, "wie is de contactpersoon van die uit 2021?")
    assert NEWER in text and OLDER not in text


def test_the_other_one_after_a_pick_is_the_rest_of_the_pair(brain: Brain) -> None:
    text = talk(brain, MEIERIJSTAD, "wie is contact van de eerste?", "en van de andere?")
    assert NEWER in text and OLDER not in text
    text = talk(brain, BREDA, "the second one, who leads it?", "and the other one?")
    assert "Jannet Koster" in text and "Paul van der Wolf" not in text


def test_an_ordinal_after_a_pick_still_counts_in_the_list(brain: Brain) -> None:
    text = talk(brain, MEIERIJSTAD, "de oudste, wie is daar contact?", "en de tweede?")
    assert NEWER in text and OLDER not in text


def test_a_name_of_neither_is_no_pick(brain: Brain) -> None:
    # Not a member of the pair: the question is about that project, not a pick.
    text = talk(brain, MEIERIJSTAD, "wie is de contactpersoon van Goirle?")
    assert OLDER not in text and NEWER not in text


def test_a_new_list_replaces_the_old_one(brain: Brain) -> None:
    text = talk(brain, MEIERIJSTAD, BREDA, "wie is contact van de oudste?")
    assert "Paul van der Wolf" in text and OLDER not in text


@pytest.mark.parametrize(
    ("first", "followup"),
    [
        ("wat is de leergang voor burgemeesters", "en waar kan ik me dan opgeven?"),
        ("what is the mayors programme about", "and where do I sign up then?"),
    ],
)
def test_a_followup_asking_how_to_sign_up_gets_that(
    brain: Brain, first: str, followup: str
) -> None:
    text = talk(brain, first, followup)
    assert "070-373 8383" in text and "Wijk bij Duurstede" not in text


def test_a_bare_where_still_asks_for_the_place(brain: Brain) -> None:
    context = brain.answer("wat is de leergang voor burgemeesters", DialogueContext()).context
    assert "Wijk bij Duurstede" in brain.answer("en waar is het?", context).reply.text


def test_a_round_list_then_its_shortest(brain: Brain) -> None:
    # Round 2022/3: Beuningen (8 months), Geldrop-Mierlo (9), Leidschendam-Voorburg (3).
    text = talk(
        brain, "welke projecten zijn in ronde 2022/3 aangevraagd", "welke daarvan liep het kortst?"
    )
    assert "Leidschendam-Voorburg" in text and "Beuningen" not in text


def test_a_list_of_projects_is_remembered_in_the_context(brain: Brain) -> None:
    context = brain.answer(BREDA, DialogueContext()).context
    assert context.listed_kind == "project" and len(context.listed) == 2
    picked = brain.answer("de tweede", context).context
    assert picked.subject_id == context.listed[1] and picked.listed == context.listed
    assert DialogueContext.from_dict(picked.to_dict()) == picked
    moved = brain.answer("wat is werkpakket 3", picked).context
    assert moved.listed == []


@pytest.mark.parametrize(
    ("first", "followup", "expected"),
    [
        ("wat is het leernetwerk", "wie zit erachter?", "VNG Risicobeheer"),
        ("welke data heeft het leernetwerk", "en na de zomer, wanneer weer?", "8 september"),
    ],
)
def test_a_followup_asking_another_value_of_the_subject_gets_it(
    brain: Brain, first: str, followup: str, expected: str
) -> None:
    assert expected in talk(brain, first, followup)


def test_a_percentage_asked_of_the_subject_needs_a_number(brain: Brain) -> None:
    reply = last_reply(
        brain,
        "wat doet Asten in zijn project?",
        "welk percentage van de collega's wil structureel thuis blijven werken?",
    )
    assert "80" in reply.text


def test_dagdelen_listed_by_date_are_picked_from(brain: Brain) -> None:
    text = talk(brain, "welke dagdelen zijn er na de zomer", "wie spreekt bij de laatste daarvan?")
    assert text.startswith("Dagdeel 8") and "Thom Verheggen" not in text


@pytest.mark.parametrize(
    ("turns", "present"),
    [
        (
            ("What are the dates for the learning network meetings?", "the one before the last?"),
            "Session 7",
        ),
        (("welke sprekers zijn er", "en de voorlaatste?"), "Dagdeel 7"),
        # the list's own order: Oisterwijk is listed before Rijssen-Holten, the last
        (("welke projecten begonnen in 2022", "en de op een na laatste?"), "Oisterwijk"),
    ],
)
def test_the_one_before_the_last_of_a_list(
    brain: Brain, turns: tuple[str, str], present: str
) -> None:
    reply = last_reply(brain, *turns)
    assert present in reply.text and "-2" not in reply.text


@pytest.mark.parametrize(
    ("turns", "present", "absent"),
    [
        # one session of the leergang by its place, and the last one after it
        (
            ("Wanneer is de tweede bijeenkomst van de leergang voor burgemeesters?",),
            "18 april",
            "21 maart",
        ),
        (
            ("Wanneer is het eerste blok van de burgemeestersleergang?", "en het laatste?"),
            "14 juni",
            "22 maart",
        ),
        (("When is the last meeting of the mayors course?",), "13 June", "21 March"),
    ],
)
def test_a_session_of_the_leergang_by_its_place(
    brain: Brain, turns: tuple[str, ...], present: str, absent: str
) -> None:
    text = talk(brain, *turns)
    assert present in text and absent not in text


def test_not_this_one_the_other_one_leaves_the_one_negated_out(brain: Brain) -> None:
    text = talk(
        brain,
        "Which councils had a project called Leidinggeven op afstand?",
        "Not Asten, the other one - who's the contact there?",
    )
    assert "Paule Kok" in text and "Sjoerd van Loon" not in text
