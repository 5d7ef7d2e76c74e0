"""Related statements through the real knowledge base: a question about a named entity that no
answer is sure of shows that entity's nearest statements, unmatched; a question that shares no
content word with them gets none."""

from __future__ import annotations

import pytest

from bot.brain.brain import Brain
from bot.brain.context import DialogueContext
from bot.knowledge.loader import load_knowledge


@pytest.fixture(scope="module")
def brain() -> Brain:
    return Brain(load_knowledge())


def test_an_unsure_detail_question_shows_the_named_projects_nearest_statements(
    brain: Brain,
) -> None:
    kb = brain.kb
    beesel = next(p for p in kb.projecten.projects if p.place == "Beesel")
    partner = next(s for s in beesel.statements if "Ministerie van Inzetbaarheid" in s.nl)
    reply = brain.answer(
        "Met welke externe partij werkt Beesel samen voor het goede (vitale) gesprek?",
        DialogueContext(),
    ).reply
    assert reply.matched is False  # not a sure answer, and it says so
    assert "niet met zekerheid" in reply.text
    assert partner.nl in reply.text
    assert kb.projecten.document.title in reply.text
    # Only the few nearest statements, not the project's whole text.
    assert sum(s.nl in reply.text for s in beesel.statements) <= 3


def test_related_statements_follow_the_language_of_the_question(brain: Brain) -> None:
    beesel = next(p for p in brain.kb.projecten.projects if p.place == "Beesel")
    partner = next(s for s in beesel.statements if "Ministerie van Inzetbaarheid" in s.nl)
    reply = brain.answer(
        "Which external party does Beesel work together with for the vital conversation?",
        DialogueContext(),
    ).reply
    assert reply.matched is False
    assert partner.en in reply.text and partner.nl not in reply.text
    assert "Source:" in reply.text


@pytest.mark.parametrize("text", ["wat voor weer is het in Beesel", "Mag mijn hond mee?"])
def test_a_question_sharing_no_content_word_gets_no_related_statements(
    brain: Brain, text: str
) -> None:
    reply = brain.answer(text, DialogueContext()).reply
    assert reply.matched is False
    assert "dichtst bij" not in reply.text


def test_a_suggestion_comes_with_its_answer_when_that_explains_the_question(
    brain: Brain,
) -> None:
    reply = brain.answer("wie iz sjoerd van loon", DialogueContext()).reply
    assert reply.matched is False  # still a guess, and said to be one
    assert reply.text.startswith("Bedoelde je:")
    assert "Als je dat bedoelt:" in reply.text
    # The preview is the answer the first suggestion gets when asked.
    first = brain.answer(reply.suggestions[0], DialogueContext()).reply
    assert first.matched and first.text in reply.text


@pytest.mark.parametrize("text", ["wat is het weer in Emmen", "van wie is het nummer 020 555 1234"])
def test_no_preview_of_a_neighbours_answer(brain: Brain, text: str) -> None:
    reply = brain.answer(text, DialogueContext()).reply
    assert reply.matched is False
    assert "Als je dat bedoelt:" not in reply.text


def test_a_fact_said_in_other_words_shows_as_what_the_material_says_nearby(brain: Brain) -> None:
    # no example asks it so, but the fact's own answer says it: shown, unsure
    reply = brain.answer(
        "Which books are participants expected to have read before the first session of the "
        "Leernetwerk?",
        DialogueContext(),
    ).reply
    assert reply.matched is False and "Anders Vasthouden" in reply.text
