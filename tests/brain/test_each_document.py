"""One question about two documents named side by side, through the real knowledge base and
brain: each document's answer is given, so the user can compare them."""

from __future__ import annotations

import pytest

from bot.brain.brain import Brain
from bot.brain.context import DialogueContext
from bot.knowledge.loader import load_knowledge


@pytest.fixture(scope="module")
def brain() -> Brain:
    return Brain(load_knowledge())


@pytest.mark.parametrize(
    "text",
    [
        "Wat duurt langer: het leernetwerk of de leergang voor burgemeesters?",
        "wat duurt langer, het leernetwerk of de burgemeesterleergang? en hoeveel?",
        # a second question after the one naming them
        "Wat duurt langer, het leernetwerk of de leergang voor burgemeesters? En hoeveel scheelt "
        "dat ongeveer?",
        # read whole, one document's answer is sure; the other's is given too
        "hoe lang duren het leernetwerk en de leergang voor burgemeesters?",
    ],
)
def test_how_long_each_of_two_documents_runs(brain: Brain, text: str) -> None:
    reply = brain.answer(text, DialogueContext()).reply
    assert "negen maanden" in reply.text  # the Leernetwerk
    assert "3-4 maanden" in reply.text  # the leergang


def test_a_document_named_inside_another_phrase_is_not_listed(brain: Brain) -> None:
    # "het boekje" here is no Apeldoorn booklet beside the leergang: one question, one answer
    text = "Uit welk boekje komt de tekst over De droom van elke burgemeester?"
    reply = brain.answer(text, DialogueContext()).reply
    assert "Vakmanschap in ontwikkeling" not in reply.text


def test_two_names_with_nothing_between_are_one_name(brain: Brain) -> None:
    # "NGB opleidingenboekje": the NGB's booklet, not the NGB's leergang and Apeldoorn's booklet
    reply = brain.answer(
        "Uit welk NGB opleidingenboekje komt de tekst over de burgemeestersleergang?",
        DialogueContext(),
    ).reply
    assert "Vakmanschap in ontwikkeling" not in reply.text
