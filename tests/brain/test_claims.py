"""Claims to check ("klopt het dat ...?", "..., right?") through the real knowledge base and
brain: read as the question they stand for, so the reply gives the material's value, right or
wrong; numbers that name a thing ("dagdeel 5") stay as they are."""

from __future__ import annotations

import pytest

from bot.brain.brain import Brain
from bot.knowledge.loader import load_knowledge
from tests.auxil.conversation import last_reply, talk


@pytest.fixture(scope="module")
def brain() -> Brain:
    return Brain(load_knowledge())


@pytest.mark.parametrize(
    ("message", "tokens"),
    [
        (
            "klopt het dat het boekje in 2018 uitkwam?",
            ["het", "boekje", "in", "wanneer", "uitkwam"],
        ),
        (
            "klopt het dat die 4500 euro per deelnemer is?",
            ["die", "hoeveel", "kost", "per", "deelnemer", "is"],
        ),
        ("it ends on 1 December 2022, right?", ["it", "ends", "on", "when"]),
        ("is it true that they meet on Tuesdays?", ["they", "meet", "on", "which", "day"]),
        # a number naming a dagdeel stays; the date is asked
        ("klopt het dat dagdeel 5 op 12 mei is", ["dagdeel", "5", "op", "wanneer", "is"]),
        # a length of time and how often
        ("het leernetwerk duurt een jaar, toch?", ["het", "leernetwerk", "duurt", "hoe", "lang"]),
        ("is het zo dat we elke week bijeenkomen", ["we", "hoe", "vaak", "bijeenkomen"]),
        ("they meet weekly, right?", ["they", "meet", "how", "often"]),
    ],
)
def test_a_claims_values_become_questions(brain: Brain, message: str, tokens: list[str]) -> None:
    assert brain.lexicon.normaliser.candidates(message)[0] == tokens


def test_a_claim_without_a_value_is_read_as_it_is(brain: Brain) -> None:
    read = brain.lexicon.normaliser.candidates("klopt het dat Thom Verheggen de toolkit maakte?")
    assert read[0][:3] == ["klopt", "het", "dat"]


@pytest.mark.parametrize(
    ("message", "fact", "wrong"),
    [
        ("klopt het dat de toolkit 16 werkpakketten heeft?", "18 werkpakketten", "16"),
        ("the learning network costs 3000 euro right?", "4500", "3000"),
        ("is het zo dat het leernetwerk elke week bij elkaar komt?", "elke maand", "elke week"),
        (
            "Is it true that the learning network meets on Tuesday afternoons?",
            "Thursday",
            "Tuesday",
        ),
    ],
)
def test_a_claim_gets_the_materials_value(
    brain: Brain, message: str, fact: str, wrong: str
) -> None:
    text = talk(brain, message)
    assert fact in text and wrong not in text


def test_a_statement_leaving_the_value_out_gives_way_to_a_sure_intent(brain: Brain) -> None:
    # the statement on the number of dagdelen lacks the weekday the question asks for
    assert "Thursday morning" in talk(brain, "which day does the learning network meet")


def test_a_claimed_phone_number_asks_for_the_phone_number(brain: Brain) -> None:
    read = brain.lexicon.normaliser.candidates("klopt het dat het nummer 0343-595802 is?")[0]
    assert read == ["het", "nummer", "welk", "telefoonnummer", "is"]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        # a claim closed in a sentence of its own
        (
            "I was told the learning network sessions are on Tuesday afternoons. Is that correct?",
            "Thursday morning",
        ),
        ("Ik hoorde dat de bijeenkomsten op dinsdagmiddag zijn. Klopt dat?", "donderdagochtend"),
        # "ik hoorde dat ..." states a claim too
        ("ik hoorde dat het leernetwerk 3000 euro kost", "€ 4500,00"),
        # "is it true ..." without "that"
        ("is it true the Tilburg team leader programme ran until December 2022?", "maart 2022"),
        # "uitkwam" is when it appeared
        ("klopt het dat dat boekje van Apeldoorn in 2018 uitkwam?", "14-03-2019"),
    ],
)
def test_a_claim_heard_or_closed_apart_gets_the_materials_value(
    brain: Brain, message: str, expected: str
) -> None:
    assert expected in last_reply(brain, message).text  # (sure, tentative or previewed)


@pytest.mark.parametrize(
    ("message", "who_does_it", "what_the_person_does"),
    [
        (
            "Klopt het dat Ruud Klarenbeek het dagdeel over leiderschap geeft in het leernetwerk?",
            "Spreker: Kirstin op het Veld",
            "Anders Verantwoorden",
        ),
        (
            "Klopt het dat Sjoerd van Loon de contactpersoon is van het project in Capelle aan den "
            "IJssel?",
            "Paule Kok",
            "Asten",
        ),
        # a yes/no question naming a person and a dagdeel is such a claim
        ("Spreekt Thom Verheggen bij dagdeel 2?", "Bouke van der Weide Jansen", "dagdeel 7"),
        ("Does Ruud Klarenbeek do session 4?", "does not name the speaker", "dagdeel 5"),
        # ... also where the source names nobody for the thing: the person's own dagdeel
        ("Klopt het dat Ruud Klarenbeek dagdeel 4 verzorgt?", "niet bij naam", "dagdeel 5"),
        # a gemeente claimed as the place: where it is
        (
            "klopt het dat de leergang voor burgemeesters in Zeist plaatsvindt?",
            "Wijk bij Duurstede",
            "maximaal 10 deelnemers",
        ),
    ],
)
def test_a_claim_about_who_does_what_says_who_does_it_and_what_the_person_does(
    brain: Brain, message: str, who_does_it: str, what_the_person_does: str
) -> None:
    text = talk(brain, message)
    assert who_does_it in text and what_the_person_does in text


def test_a_sentence_opening_with_a_closer_closes_the_claim_before(brain: Brain) -> None:
    # "Klopt dat, of moet ik het aanpassen?" checks the number: no wish to sign up
    reply = last_reply(
        brain,
        "In mijn concepttekst staat dat maximaal twaalf gemeenten aan het Leernetwerk kunnen "
        "deelnemen. Klopt dat, of moet ik het aanpassen?",
    )
    assert reply.action is None and "Zeven tot tien gemeenten" in reply.text


def test_a_claim_where_the_source_names_nobody_is_a_sure_answer(brain: Brain) -> None:
    reply = last_reply(brain, "Klopt het dat Ruud Klarenbeek dagdeel 4 verzorgt?")
    assert reply.matched and "Anders Verantwoorden" in reply.text


def test_a_yes_no_question_naming_only_a_person_is_no_claim(brain: Brain) -> None:
    # "is Wouter Hart een schrijver?" names nothing he is said to do: what he wrote
    assert "Anders Vasthouden" in talk(brain, "Is Wouter Hart een schrijver?")


@pytest.mark.parametrize(
    ("message", "facts"),
    [
        # an aside between commas keeps the claim one sentence
        (
            "Klopt het dat Thom Verheggen dagdeel 2, Verdraaien en herontwerpen, doet?",
            ["Bouke van der Weide Jansen"],
        ),
        # a person and a role in a document: who has that role, and who the person is
        (
            "Klopt het dat Liesbeth Josiassen de inleiding van het boekje schreef?",
            ["Jan Smit", "redactie"],
        ),
        # "Jan" before a surname is a first name, no January
        ("Klopt het dat Jan Smit de redactie van het Apeldoornse boekje deed?", ["Josiassen"]),
    ],
)
def test_a_claim_about_a_person_gets_who_it_really_is(
    brain: Brain, message: str, facts: list[str]
) -> None:
    text = talk(brain, message)
    assert all(fact in text for fact in facts)


def test_a_yes_no_question_with_a_number_asks_for_the_materials_number(brain: Brain) -> None:
    # "kunnen we met 4 collega's ...": how many may come (three), not yes
    text = talk(brain, "kunnen we met 4 collega's meedoen aan het leernetwerk")
    assert "drie deelnemers" in text


def test_toch_inside_a_sentence_marks_a_claim_to_check(brain: Brain) -> None:
    # Tilburg has a project of its own, yet here it is the place claimed for werkpakket 13
    text = talk(brain, "werkpakket 13 gaat toch over Proeftuin Ruwaard in Tilburg?")
    assert "Oss" in text


def test_a_claim_read_in_a_draft_gets_the_materials_weekday(brain: Brain) -> None:
    text = talk(
        brain,
        "Ik lees in een concept dat de leernetwerkbijeenkomsten op dinsdagmiddag zijn, klopt dat?",
    )
    assert "donderdagochtend" in text


@pytest.mark.parametrize(
    "message",
    [
        "Klopt dit? 'Het project Cockpit van Leidschendam-Voorburg liep tot 1 april 2023.'",
        "Kun je deze zin checken: 'Het project Cockpit van Leidschendam-Voorburg liep tot 1 "
        "april 2023.'",
    ],
)
def test_a_quoted_sentence_to_check_is_read_as_the_claim(brain: Brain, message: str) -> None:
    assert "1 maart 2023" in talk(brain, message)


def test_a_short_quote_is_no_sentence_to_check(brain: Brain) -> None:
    assert brain.checked.claim("klopt dit: 'Hoort het'?") is None


def test_a_claimed_round_asks_which_round(brain: Brain) -> None:
    text = talk(brain, "is it true that the Goirle project was in round 2022/1?")
    assert "2021/2" in text


def test_an_apostrophe_inside_a_word_is_no_quotation_mark(brain: Brain) -> None:
    # "doesn't ... I'm" once read as the quote "t say and I", which a statement nearly held
    reply = last_reply(brain, "The page doesn't say and I'm confused.")
    assert not reply.matched
