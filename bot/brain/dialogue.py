"""Dialogue acts beyond matching: does a message read as a sentence or a question (and so is no
name or other field value in the sign-up form)?"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from bot.brain.entities import analyse, analyse_tokens
from bot.brain.lexicon import Lexicon
from bot.brain.normalize import tokenise
from bot.brain.word_classes import is_everyday_word

# Concepts (vocabulary.yaml) that make a message a question, a wish or a refusal: no name has them.
SENTENCE_CONCEPTS = frozenset(
    {
        "wie",
        "wat",
        "welke",
        "wanneer",
        "waar",
        "waarom",
        "hoeveel",
        "kosten",
        "ontkenning",
        "wens",
        "aanmelden",
        "plaatsen",
        "mens",
    }
)
# A message with this many everyday words (names' particles not counted) is a sentence.
SENTENCE_MIN_EVERYDAY = 4


def reads_as_sentence(text: str, lexicon: Lexicon) -> bool:
    """True for a question or a sentence ("nee ik wilde alleen weten wie er mee kan doen"),
    False for a name ("Jan de Vries", "Kirstin op het Veld")."""
    if "?" in text:
        return True
    if SENTENCE_CONCEPTS.intersection(analyse(text, lexicon).words):
        return True
    particles = lexicon.normaliser.name_particles
    everyday = [t for t in tokenise(text) if t not in particles and is_everyday_word(t)]
    return len(everyday) >= SENTENCE_MIN_EVERYDAY


# Concepts that make a sentence of a longer message a request: a question or a wish.
REQUEST_CONCEPTS = SENTENCE_CONCEPTS - {"ontkenning"} | {"vragen", "email", "telefoon", "contact"}


def is_request(words: list[str], text_has_question_mark: bool = False) -> bool:
    """True when a sentence asks or wishes something (not "we komen met onze controller")."""
    return text_has_question_mark or bool(REQUEST_CONCEPTS.intersection(words))


# The concept of a reason: a sentence giving one ("Omdat wij al langer zo werken, ...", "De
# reden is ...") asks nothing by it.
REASON = "waarom"


def asked_words(
    sentences: list[list[str]],
    marked: list[bool],
    lexicon: Lexicon,
    question_starts: AbstractSet[str],
) -> set[str]:
    """The words of the sentences of a message that ask: ending in a question mark, starting
    with a question word, or holding one ("graag hoor ik wat het kost"); a reason asks
    nothing ("de reden is ..."). Only these block a wish in another sentence ("Omdat wij al
    langer zo werken, willen we ons aanmelden" wishes)."""
    asked: set[str] = set()
    asking = {lexicon.concepts.get((word,), word) for word in question_starts} - {REASON}
    for tokens, mark in zip(sentences, marked, strict=False):
        words = analyse_tokens(tokens, lexicon).words
        starts = bool(tokens) and tokens[0] in question_starts
        if mark or starts or asking.intersection(words):
            asked.update(words)
    return asked
