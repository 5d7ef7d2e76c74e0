"""Normalisation from knowledge/normalisation.yaml, language per reply, and dialogue acts,
through the real knowledge base and the real brain."""

from __future__ import annotations

import pytest

from bot.brain.brain import Brain
from bot.brain.context import DialogueContext
from bot.brain.entities import analyse
from bot.brain.language import is_english
from bot.brain.normalize import tokenise
from bot.domain import Action
from bot.knowledge.loader import load_knowledge
from tests.auxil.conversation import answered, last_reply, talk


@pytest.fixture(scope="module")
def brain() -> Brain:
    return Brain(load_knowledge())


def test_abbreviations_are_expanded(brain: Brain) -> None:
    normaliser = brain.lexicon.normaliser
    assert normaliser.expand(tokenise("wnr is t")) == ["wanneer", "is", "het"]
    assert normaliser.expand(tokenise("tel nr cp")) == ["telefoonnummer", "contactpersoon"]


def test_compounds_typed_apart_are_joined_but_names_stay(brain: Brain) -> None:
    join = brain.lexicon.join_compounds
    assert join(tokenise("wanneer is dag deel 5")) == ["wanneer", "is", "dagdeel", "5"]
    assert join(tokenise("cnv jongeren project")) == ["cnv", "jongeren", "project"]
    # autocorrect's split with a letter lost: one letter off a known name
    assert join(tokenise("het boekje van apel door")) == ["het", "boekje", "van", "apeldoorn"]
    reply = brain.answer("wanneer is dag deel vijf", DialogueContext()).reply
    assert reply.matched and "19 mei" in reply.text


def test_a_letter_keeps_its_question_and_loses_greeting_and_signature(brain: Brain) -> None:
    text = (
        "Geachte heer/mevrouw,\n\nIk heb een vraag. Wat kost het leernetwerk?\n\n"
        "Met vriendelijke groet,\nJ. de Vries\nBeleidsadviseur"
    )
    sentences = brain.lexicon.normaliser.sentences(text)
    assert sentences == [["wat", "kost", "het", "leernetwerk"]]


@pytest.mark.parametrize("greeting", ["Dag collega's,", "Hoi allemaal!", "Hi everyone,"])
def test_a_greeting_to_a_group_is_courtesy(brain: Brain, greeting: str) -> None:
    sentences = brain.lexicon.normaliser.sentences(f"{greeting} wat kost het leernetwerk?")
    assert sentences == [["wat", "kost", "het", "leernetwerk"]]


def test_an_introduction_before_the_question_is_dropped(brain: Brain) -> None:
    sentences = brain.lexicon.normaliser.sentences("ik ben stagiair en ik wil weten wat het kost")
    assert sentences == [["ik", "wil", "weten", "wat", "het", "kost"]]
    kept = brain.lexicon.normaliser.sentences("ik ben benieuwd wat het kost")
    assert kept == [["ik", "ben", "benieuwd", "wat", "het", "kost"]]


def test_a_message_of_courtesy_only_stays_whole(brain: Brain) -> None:
    assert brain.lexicon.normaliser.sentences("Hallo!") == [["hallo"]]


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("when is session 3", True),
        ("who is the contact person for the Deurne project", True),
        ("wnr is dagdeel 6", False),
        ("wanneer is daagdeel 5 precies", False),  # a typo doesn't make it English
        ("wie is kirstin op het veld", False),
    ],
)
def test_language_vote(text: str, english: bool) -> None:
    assert is_english(tokenise(text)) is english


def test_a_follow_up_without_a_clear_language_keeps_the_conversation_s(brain: Brain) -> None:
    context = brain.answer("When is the first session?", DialogueContext()).context
    reply = brain.answer("And the last one?", context).reply
    assert reply.language == "en" and "Session 8" in reply.text
    assert is_english(["last"], default=True) and not is_english(["last"])


def test_an_acknowledgement_gets_a_friendly_reply(brain: Brain) -> None:
    reply = brain.answer("top", DialogueContext()).reply
    assert reply.matched and "Vraag gerust verder" in reply.text


def test_an_english_question_gets_an_english_reply(brain: Brain) -> None:
    reply = brain.answer("when is session 3", DialogueContext()).reply
    assert reply.language == "en"
    assert "Bron" not in reply.plain_text() and "Source:" in reply.plain_text()
    assert "Spreker" not in reply.text and "Speaker: Bart Bakker" in reply.text


@pytest.mark.parametrize(
    "text",
    [
        "ik wil me aanmelden",
        "schrijf ons maar in",
        "top, zet ons er maar op",
        "we doen mee!",
        "Kunt u de aanmelding voor onze gemeente in gang zetten?",
    ],
)
def test_a_wish_to_sign_up_starts_the_form(brain: Brain, text: str) -> None:
    assert brain.answer(text, DialogueContext()).reply.action is Action.SIGNUP


@pytest.mark.parametrize(
    "text",
    [
        "tot wanneer kan ik me opgeven",
        "wie mogen er meedoen",
        "waarom zou ik meedoen",
        "is er nog plek",
        "wat kost deelname",
        "ik wil me nog niet aanmelden, wie kan ik bellen",
        "Als wij ons aanmelden, moet onze gemeentesecretaris dan echt zelf meedoen?",
        "if we sign up, who from our municipality takes part?",
    ],
)
def test_a_question_about_signing_up_is_answered(brain: Brain, text: str) -> None:
    reply = brain.answer(text, DialogueContext()).reply
    assert reply.action is not Action.SIGNUP, reply.text  # LIVE_CAPACITY adds the fill level


def test_a_wish_for_a_person_is_a_handoff(brain: Brain) -> None:
    reply = brain.answer("ik wil graag iemand spreken", DialogueContext()).reply
    assert reply.action is Action.HANDOFF
    assert "Hanke Koelemay" in reply.text


def test_weather_in_a_town_with_a_project_is_out_of_scope(brain: Brain) -> None:
    assert not brain.answer("wat voor weer wordt het in Tilburg", DialogueContext()).reply.matched


def test_a_gemeente_without_a_project_is_honestly_absent(brain: Brain) -> None:
    reply = brain.answer("contactpersoon van het project in Amersfoort", DialogueContext()).reply
    assert not reply.matched
    assert "Amersfoort" in reply.text and "@" not in reply.text


def test_a_gemeente_a_named_project_tells_of_gets_that_projects_statement(brain: Brain) -> None:
    reply = last_reply(brain, "wat was dat nou met nuenen en eindhoven")
    assert answered(reply)
    assert "fusie met Eindhoven" in reply.text and "Nuenen" in reply.text
    # ... and without a project beside it, the gemeente has none
    alone = brain.answer("wat was dat nou met eindhoven", DialogueContext()).reply
    assert not alone.matched and "fusie" not in alone.text


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("lrnntwrk", "leernetwerk"), ("gmntn", "gemeenten"), ("dgdl", "dagdeel")],
)
def test_a_word_typed_without_its_vowels_is_the_known_word(
    brain: Brain, typed: str, meant: str
) -> None:
    assert brain.lexicon.correct(typed) == meant


def test_vowel_less_chat_is_answered(brain: Brain) -> None:
    assert "4500" in talk(brain, "hvl kost lrnntwrk")
    assert "Ruud Klarenbeek" in talk(brain, "dgdl 5 spreker?")


def test_a_word_with_its_vowels_is_not_read_as_a_skeleton(brain: Brain) -> None:
    # "weer" keeps its vowels: no other word with the skeleton "wr" stands in for it
    assert brain.lexicon.correct("weer") == "weer"


def test_scots_is_understood(brain: Brain) -> None:
    assert "6 oktober" in talk(
        brain, "Ah cannae mind whit day the last Leernetwerk session is on. Can ye tell us?"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Leg eens simpel uit waar dagdeel 7 over eigenaarschap om draait.",
        "what is dagdeel 7 about, in plain words?",
    ],
)
def test_asking_for_a_simple_explanation_keeps_the_match(brain: Brain, text: str) -> None:
    assert "eigenaarschap" in talk(brain, text)


def test_another_documents_part_name_is_a_plain_word_when_a_document_is_named(
    brain: Brain,
) -> None:
    named = analyse("wat zegt de leergang over de systeemwereld", brain.lexicon)
    assert {r.kind for m in named.mentions for r in m.refs} == {"document"}
    assert "systeemwereld" in named.words
    alone = analyse("wat is de systeemwereld", brain.lexicon)
    assert "dagdeel" in {r.kind for m in alone.mentions for r in m.refs}


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("drieëntwintig juni", ["23", "juni"]),
        ("eenendertig december", ["31", "december"]),
        ("tweeduizend tweeëntwintig", ["2022"]),
        ("vierduizend vijfhonderd euro", ["4500", "euro"]),
        ("two thousand twenty two", ["2022"]),
        ("twenty three", ["23"]),
        ("honderden mensen", ["honderden", "mensen"]),  # no number
        ("dagdeel vijf en zes", ["dagdeel", "5", "en", "6"]),  # two numbers
        ("2021 2022", ["2021", "2022"]),  # digits stay apart
    ],
)
def test_numbers_said_in_words_become_digits(text: str, tokens: list[str]) -> None:
    assert tokenise(text) == tokens


def test_a_compound_of_known_words_is_read_as_its_head_not_as_a_near_name(brain: Brain) -> None:
    assert brain.lexicon.correct("leiderschapsprojecten") == "projecten"
    assert brain.lexicon.correct("leiderschapstrajct") == "leiderschapstraject"  # a typo


@pytest.mark.parametrize(
    ("word", "read_as"),
    [
        ("bijeenkomstdata", "data"),  # a short head naming a concept
        ("spanningsveld", "spanningsveld"),  # a short head naming none: no compound read
        ("contactpersonen", "contactpersoon"),  # a plural with a single vowel
    ],
)
def test_compounds_and_plurals_of_known_words(brain: Brain, word: str, read_as: str) -> None:
    assert brain.lexicon.correct(word) == read_as


def test_a_name_particle_is_never_joined_into_a_compound(brain: Brain) -> None:
    """'van iersel' stays two words (a surname), though an e-mail address holds 'vaniersel'."""
    lexicon = brain.lexicon
    assert lexicon.join_compounds(["jessica", "van", "iersel"]) == ["jessica", "van", "iersel"]
    assert lexicon.join_compounds(["dag", "deel"]) == ["dagdeel"]


def test_english_courtesy_and_telephone_words(brain: Brain) -> None:
    """'telephone', 'ring', 'on behalf of' and 'thank you ever so much' are understood."""
    text = (
        "I am asking on behalf of our mayor: what telephone number do I ring to register "
        "for the leergang for mayors? Thank you ever so much."
    )
    reply = brain.answer(text, DialogueContext()).reply
    assert reply.matched and "070-373 8383" in reply.text


def test_a_rare_dictionary_word_is_no_typo_of_a_known_one(brain: Brain) -> None:
    """'conclude' is a word, not a typo of 'include'; a real typo is still corrected."""
    lexicon = brain.lexicon
    assert lexicon.correct("conclude") == "conclude"
    assert lexicon.correct("leernetwrk") == "leernetwerk"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wat is de volledige titel van het boekje van apeldoorn incl ondertitel", "Vakmanschap"),
        ("wie is die gast alistair douglas", "Meierijstad"),
        ("kunt u aangeven wat deelname aan het leernetwerk kost?", "4500"),
        ("Capelle project timeline?", "2021"),
        ("dag deel 3 spreker", "Bart Bakker"),
        ("Graag had ik vernomen wat deelname aan het leernetwerk kost.", "4500"),
        ("Kunnen we met vier mensen komen?", "elk met drie deelnemers"),
        ("Who leads the GGD project?", "Jeannette Claus"),
        ("Wie is de redacteur van het Apeldoornse boekje?", "Liesbeth Josiassen"),
        ("Wat is de officiele naam van het project van SED?", "Aanpak participatie"),
        ("hoeveel projecten hebben coaching ingezet?", "Projecten over coaching (8)"),
        ("group size of the mayors' leergang?", "10"),
    ],
)
def test_phrasing_words_do_not_sink_a_clear_question(
    brain: Brain, text: str, expected: str
) -> None:
    reply = brain.answer(text, DialogueContext()).reply
    assert answered(reply) and expected in reply.text


def test_who_wants_to_know_announces_the_question(brain: Brain) -> None:
    # "de wethouder wil weten ...": the question follows; after the writer, it stays whole
    sentences = brain.lexicon.normaliser.sentences("De wethouder wil weten wat het kost.")
    assert sentences[-1] == ["wat", "het", "kost"]
    assert brain.lexicon.normaliser.sentences("ik wil weten wat het kost") == [
        ["ik", "wil", "weten", "wat", "het", "kost"]
    ]


def test_an_aside_in_brackets_breaks_no_sentence(brain: Brain) -> None:
    text = talk(
        brain,
        "Goedemorgen team! Voor de kick-off van ons eigen programma: kan iemand (lees: de bot 😄) "
        "alle dagdelen van het Leernetwerk op een rij zetten, met per dagdeel het thema? Dan "
        "plak ik het in de planning.",
    )
    assert "Verdraaien en herontwerpen" in text and "plaatsen" not in text


def test_a_statement_beside_the_question_is_context_even_with_a_verb_that_can_ask(
    brain: Brain,
) -> None:
    # "have" opens a question ("have you ...?"), but inside a sentence it states
    text = talk(
        brain, "Which part of the toolkit is about the rules? I have always trouble with our rules."
    )
    assert "Omgaan met regels" in text


def test_a_range_of_days_finds_the_meetings_in_it(brain: Brain) -> None:
    text = talk(brain, "ben van 12 t/m 26 mei op vakantie, mis ik een leernetwerk bijeenkomst?")
    assert "19 mei" in text and "Anders Verantwoorden" in text
    none = talk(brain, "I'm away from 1 to 10 March, do I miss a session?")
    assert none.startswith("Nothing in the programme falls from 1 maart")


def test_the_english_start_verb_commenced_asks_when_projects_started(brain: Brain) -> None:
    text = talk(brain, "Kindly inform which A&O projects commenced on 1 May 2021.")
    assert "Asten" in text and "Utrechtse Heuvelrug" in text
