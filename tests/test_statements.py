"""Fact statements through the real brain: the sentence an entity's own text states, with its
source, in the language of the question; nothing for things outside the material."""

from __future__ import annotations

import itertools

import pytest

from bot.brain.brain import Brain
from bot.brain.context import DialogueContext
from bot.brain.entities import analyse
from bot.brain.statement_parts import Entry
from bot.brain.statements import CARD_CONCEPTS
from bot.knowledge.loader import load_knowledge
from tests.auxil.conversation import answered


@pytest.fixture(scope="module")
def brain() -> Brain:
    return Brain(load_knowledge())


@pytest.mark.parametrize(
    ("question", "expected", "source"),
    [
        ("hoeveel medewerkers werken er bij Emmen", "950 medewerkers", "A&O fonds"),
        ("hoort Zaanstad bij de grote gemeenten", "15 grootste gemeenten", "A&O fonds"),
        ("hoeveel coördinatoren heeft Nuenen nog", "zes coördinatoren", "A&O fonds"),
        ("welk boek schreef Thom Verheggen", "De Ontmanager", "Leernetwerk"),
        ("welk werkpakket citeert Ghandi", "Werkpakket 14", "Verandertoolkit"),
        ("how many employees does Emmen have", "950 staff", "A&O fonds"),
    ],
)
def test_a_fact_of_an_entity_gets_its_sentence_and_source(
    brain: Brain, question: str, expected: str, source: str
) -> None:
    reply = brain.answer(question, DialogueContext()).reply
    assert answered(reply)
    assert expected in reply.text
    assert reply.source and source in reply.source


def test_an_english_question_gets_the_english_statement(brain: Brain) -> None:
    reply = brain.answer("what book did Thom Verheggen write", DialogueContext()).reply
    assert "wrote the book De Ontmanager" in reply.text


def test_a_dagdeel_found_by_what_it_says_is_named_with_its_date_and_speaker(
    brain: Brain,
) -> None:
    text = "welk dagdeel gaat over voorbeeldgedrag als terugvallen in oud gedrag verleidelijk is"
    reply = brain.answer(text, DialogueContext()).reply
    assert answered(reply) and "Dagdeel 6 (Leiderschap, 23 juni, Kirstin op het Veld)" in reply.text
    # "when" inside the sentence joins a clause: it asks for no date
    english = "which session is about leaders setting an example when old behaviour is tempting"
    reply = brain.answer(english, DialogueContext()).reply
    assert answered(reply)
    assert "Session 6 (dagdeel 6, Leiderschap, 23 juni (23 June), Kirstin op het Veld)" in (
        reply.text
    )


def test_a_follow_up_is_scoped_by_the_remembered_entity(brain: Brain) -> None:
    first = brain.answer("wat deed Emmen", DialogueContext())
    reply = brain.answer("en hoeveel inwoners heeft de gemeente", first.context).reply
    assert "109.000" in reply.text


@pytest.mark.parametrize(
    "question",
    [
        "hoeveel inwoners heeft Nederland",  # names nothing we have
        "hoeveel inwoners heeft Amersfoort",  # a gemeente without a project
        "wie financiert deze projecten",  # a description word is no entity's name
    ],
)
def test_no_statement_for_what_the_material_does_not_state(brain: Brain, question: str) -> None:
    assert brain.statements.search(analyse(question, brain.lexicon), DialogueContext()) is None


def test_every_statement_is_found_by_its_own_words(brain: Brain) -> None:
    """Each statement, asked with its entity and its own text, comes back first: no statement
    is shadowed by another. (Statements about what a project card shows, such as the period,
    are left to the card.)"""
    index = brain.statements
    lost = []
    for entry in index.entries:
        if entry.terms & CARD_CONCEPTS or entry.nearby_only:  # (a fact's own examples find it)
            continue
        hit = index.search(analyse(entry.statement.nl, brain.lexicon), _subject(entry))
        if hit is None or hit.entry.statement != entry.statement:
            lost.append(entry.statement.nl)
    assert not lost


def _subject(entry: Entry) -> DialogueContext:
    return DialogueContext(subject_kind=entry.kind, subject_id=entry.entity_id)


def test_a_question_for_a_kind_prefers_statements_of_or_naming_that_kind(brain: Brain) -> None:
    question = "in welke dagdelen van het leernetwerk staat Wouter Hart zelf"
    reply = brain.answer(question, DialogueContext()).reply
    assert not (reply.matched and "organiseren het Leernetwerk" in reply.text)


def test_a_question_for_a_speaker_prefers_statements_about_speaking(brain: Brain) -> None:
    """'Bij welke bijeenkomsten is X de spreker': not the sentence that only names X."""
    question = "bij welke bijeenkomsten van het leernetwerk is Wouter Hart spreker"
    reply = brain.answer(question, DialogueContext()).reply
    assert reply.matched and "organiseren het Leernetwerk" not in reply.text
    assert "dagdeel 1" in reply.text and "dagdeel 8" in reply.text


def test_a_name_before_a_colon_does_not_hide_the_question(brain: Brain) -> None:
    """'Emmen: hoeveel ...?' reads best as the sentence 'Emmen', but the fact asked is in the
    whole message."""
    reply = brain.answer("Emmen: hoeveel medewerkers werken er?", DialogueContext()).reply
    assert reply.matched and "950" in reply.text


def test_thanking_in_any_form_finds_the_thanks(brain: Brain) -> None:
    """'bedankt', 'danken', 'thanks' are one concept: the makers' thanks are found."""
    for question in ("wie bedankt de verandertoolkit", "who does the toolkit thank"):
        reply = brain.answer(question, DialogueContext()).reply
        assert reply.matched and "Herman Tjeenk Willink" in reply.text, question


def test_a_question_how_long_prefers_a_statement_with_a_number_or_date(brain: Brain) -> None:
    """'Hoe lang is de opleiding ...': the sentence giving its length, not the one saying
    whom it is for."""
    reply = brain.answer(
        "hoe lang duurt de opleiding voor co-creatie bij Utrechtse Heuvelrug", DialogueContext()
    ).reply
    assert answered(reply) and "3 dagdelen" in reply.text


def test_a_rare_word_scopes_the_few_statements_using_it(brain: Brain) -> None:
    """'Broosz' names no entity, but only a few statements use it: they are searched."""
    reply = brain.answer("naar wat voor organiseren helpt Broosz gemeenten", DialogueContext())
    assert "Rijnlands" in reply.reply.text


def test_naming_text_finds_every_statement_holding_the_phrase(brain: Brain) -> None:
    """naming_text searches all statement texts at once: it finds what a look at each finds,
    for words and word pairs of the statements, a phrase no statement holds, and one ending
    where one text ends and the next begins. (Facts read as statements are left out: they
    only show what the material says nearby.)"""
    index = brain.statements
    words = [w for e in index.entries[::7] for w in e.text.split()[::5]]
    phrases = {f" {w} " for w in words} | {f" {a} {b} " for a, b in itertools.pairwise(words)}
    last, first = index.entries[0].text.split()[-1], index.entries[1].text.split()[0]
    phrases |= {" qwzxv ", f" {last} {first} ", f"{last} \n {first}"}
    for phrase in sorted(phrases):
        expected = [e for e in index.entries if phrase in e.text and not e.nearby_only]
        assert index.naming_text(phrase) == expected, phrase


@pytest.mark.parametrize(
    "text",
    [
        "Broosz werkt samen met gemeenten die een stap willen zetten in wat voor soort "
        "organiseren?",
        "What kind of organising does Broosz support municipalities with?",
    ],
)
def test_a_word_only_one_entitys_statements_use_scopes_them(brain: Brain, text: str) -> None:
    # "Broosz" is in seven statements, all of the Apeldoorn booklet; "gemeenten" asks for no
    # project then
    reply = brain.answer(text, DialogueContext()).reply
    assert answered(reply) and "Rijnlands" in reply.text


@pytest.mark.parametrize(
    "text",
    [
        "Waarmee is de Apeldoornse publicatie naast de ervaringsverhalen aangevuld?",
        "What's in the Apeldoorn booklet besides the pioneers' stories?",
    ],
)
def test_what_the_booklet_adds_to_the_stories_includes_theory(brain: Brain, text: str) -> None:
    # the source: "De publicatie is aangevuld met theorie om de processen te duiden"
    reply = brain.answer(text, DialogueContext()).reply
    assert "theor" in reply.text


@pytest.mark.parametrize(
    ("text", "expected", "other"),
    [
        ("Wie deed de redactie van het boekje van Apeldoorn?", "Liesbeth Josiassen", "Jan Smit"),
        (
            "and who wrote the introduction of that Apeldoorn book?",
            "Jan Smit",
            "Liesbeth Josiassen",
        ),
    ],
)
def test_one_role_of_two_people_gets_that_one(
    brain: Brain, text: str, expected: str, other: str
) -> None:
    # one statement per fact: the editor and the writer of the introduction apart
    reply = brain.answer(text, DialogueContext()).reply
    assert reply.matched and expected in reply.text and other not in reply.text
