"""Two questions in one message: each is answered, in order, through the real knowledge base;
a message asking one thing stays whole."""

from __future__ import annotations

import pytest

from bot.brain.brain import Brain
from bot.brain.clauses import ClauseSplitter
from bot.brain.context import DialogueContext
from bot.knowledge.loader import load_knowledge
from tests.auxil.conversation import answered


@pytest.fixture(scope="module")
def brain() -> Brain:
    return Brain(load_knowledge())


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Wie is de contactpersoon van Goirle en wanneer is dagdeel 3?", 2),
        ("What inspired the booklet, and who facilitated the session?", 2),
        ("Wanneer is dagdeel 3? Wie spreekt er bij dagdeel 4?", 2),
        ("wat kost het leernetwerk en hoe lang duurt het", 2),
        ("Hoe heet het traject van Geldrop-Mierlo en langs hoeveel sporen loopt het?", 2),
        ("Which werkpakket is it, and on which theme?", 2),
        ("is het ochtend of middag", 1),  # "of" followed by no question word
        ("wie en wat", 1),  # parts too short to be questions
        # questions listed with commas; a greeting before a comma is no question
        ("wat kost het leernetwerk, wie spreekt er bij dagdeel 2 en wanneer is dagdeel 3?", 3),
        ("Beste bot, wie is Wouter Hart?", 1),
        # a yes/no question after "en"
        ("wat kost het leernetwerk, en is er nog plek voor onze gemeente?", 2),
        # ... and after another question's question mark, but not on a quoted line
        ("Wat levert de toolkit op? Is het een e-learning?", 2),
        ("Vraag van de burgemeester:\n> Kun je uitzoeken waar de leergang is?", 1),
        # two sentences, each ending in a question mark, whatever word starts the second
        ("Het leernetwerk is overdag, toch? En de leergang, op welk tijdstip start die?", 2),
        # ... but not a statement between them ("Ik vroeg het al eens.")
        ("Wat kost het? Ik vroeg het al eens. Dus graag antwoord.", 1),
    ],
)
def test_the_splitter_cuts_before_a_joined_question(brain: Brain, text: str, parts: int) -> None:
    assert len(brain.clauses.split(text)) == parts


def test_each_question_gets_its_answer_in_order(brain: Brain) -> None:
    kb = brain.kb
    goirle = next(p for p in kb.projecten.projects if p.place == "Goirle")
    dagdeel = next(d for d in kb.leernetwerk.dagdelen if d.number == 3)
    reply = brain.answer(
        "Wie is de contactpersoon van Goirle en wanneer is dagdeel 3?", DialogueContext()
    ).reply
    assert reply.matched
    assert goirle.contact.name in reply.text and dagdeel.date in reply.text
    assert reply.text.index(goirle.contact.name) < reply.text.index(dagdeel.date)


def test_a_second_question_about_the_first_ones_subject_uses_it(brain: Brain) -> None:
    reply = brain.answer(
        "Wat is het project van Goirle en wie is daar de contactpersoon?", DialogueContext()
    ).reply
    goirle = next(p for p in brain.kb.projecten.projects if p.place == "Goirle")
    assert goirle.contact.name in reply.text


def test_a_part_too_short_to_ask_keeps_the_message_whole() -> None:
    splitter = ClauseSplitter(["en"], ["wie"])
    assert splitter.split("dagdeel 3 en wie") == ["dagdeel 3 en wie"]


def test_the_questions_of_a_message_are_about_the_document_it_names(brain: Brain) -> None:
    reply = brain.answer(
        "We denken aan de leergang voor burgemeesters. Hoeveel deelnemers kunnen er maximaal "
        "mee en waar vindt het plaats?",
        DialogueContext(),
    ).reply
    assert answered(reply)
    assert "Wijk bij Duurstede" in reply.text
    assert "Zeven tot tien gemeenten" not in reply.text  # not the Leernetwerk's numbers


def test_a_sure_part_is_kept_when_a_later_part_is_not(brain: Brain) -> None:
    answer = brain.answer("wanneer is dagdeel 3 en wat is het weer in Oss", DialogueContext())
    assert not answer.reply.matched  # the message as a whole is not answered for sure
    assert "24 maart" in answer.reply.text  # but what it asks first is


def test_a_sure_part_is_kept_when_an_earlier_part_is_not(brain: Brain) -> None:
    answer = brain.answer("wat is het weer in Oss en wanneer is dagdeel 3?", DialogueContext())
    assert not answer.reply.matched
    assert "24 maart" in answer.reply.text


def test_a_part_after_an_unsure_one_is_about_what_that_one_named(brain: Brain) -> None:
    """'Waarom is dagdeel 2 nuttig? Waar gaat het over?': 'het' is dagdeel 2, though the
    brain cannot say why it is useful."""
    text = "Waarom is dagdeel 2 nuttig voor onze afdeling? Waar gaat het over?"
    answer = brain.answer(text, DialogueContext())
    assert not answer.reply.matched
    assert "Verdraaien en herontwerpen" in answer.reply.text


def test_a_part_without_words_leaves_the_conversation_as_it_was(brain: Brain) -> None:
    context = DialogueContext(subject_kind="dagdeel", subject_id="2")
    assert brain._part_subject("😀😀😀😀😀😀😀😀", context) == context


def test_the_questions_of_a_quoted_list_are_answered_each(brain: Brain) -> None:
    text = (
        "Hoi, zie de vragen hieronder.\n\n"
        "> 1. Wie is de contactpersoon van het Nuenen-project?\n"
        "> 2. Hoe is hun organisatiestructuur in oktober aangepast?\n"
        "> 3. Welke vier pijlers had Nuenen ontwikkelt door?\n"
    )
    assert len(brain.clauses.split(text)) == 4
    reply = brain.answer(text, DialogueContext()).reply
    assert "Johan van der Heijden" in reply.text and "van drie naar twee" in reply.text
    listed = "Vragen:\n- Wat kost het leernetwerk?\n- Wanneer is dagdeel 3?\n- Wie organiseert het?"
    reply = brain.answer(listed, DialogueContext()).reply
    assert reply.matched and "4500" in reply.text and "24 maart" in reply.text
    letter = "Geachte heer/mevrouw,\n\nWelke organisatie had een project over participatie?"
    assert len(brain.clauses.split(letter)) == 1  # a line without a list marker is no part


def test_two_marked_questions_each_get_their_answer(brain: Brain) -> None:
    reply = brain.answer(
        "Het leernetwerk is overdag, toch? En de burgemeestersleergang, hoe laat start die?",
        DialogueContext(),
    ).reply
    assert "donderdagochtend" in reply.text and "18:30" in reply.text


def test_a_part_the_answers_before_already_cover_is_answered(brain: Brain) -> None:
    # "hoeveel teams" is in the answer on the staff ("950 medewerkers, in 40 teams")
    reply = brain.answer(
        "Emmen: hoeveel inwoners, hoeveel medewerkers en hoeveel teams?", DialogueContext()
    ).reply
    assert reply.matched and "109.000" in reply.text and "950" in reply.text and "40" in reply.text


def test_a_value_named_after_a_comma_and_a_joining_word_is_asked_too(brain: Brain) -> None:
    text = "confirm the fee per municipality for the learning network, and the period it runs"
    assert brain.clauses.split(text) == [
        "confirm the fee per municipality for the learning network",
        "the period it runs",
    ]
    reply = brain.answer(text, DialogueContext()).reply
    assert answered(reply) and "4500" in reply.text and "nine months" in reply.text


def test_a_plain_noun_after_and_is_no_question_of_its_own(brain: Brain) -> None:
    assert len(brain.clauses.split("wie zijn de sprekers van dagdeel 1 en de laatste")) == 1


def test_a_place_in_the_list_named_after_a_comma_and_a_joining_word_is_asked_too(
    brain: Brain,
) -> None:
    reply = brain.answer(
        "Wat is de datum van de eerste bijeenkomst van het leernetwerk, en van de laatste?",
        DialogueContext(),
    ).reply
    assert reply.matched and "27 januari" in reply.text and "6 oktober" in reply.text
