"""Names the brain's code and the knowledge base must agree on, checked when the brain is built
(so `python -m bot check` and every start-up catch a typo): the entity kinds an intent's
`slots:` may name, and the vocabulary concepts the code itself compares words with."""

from __future__ import annotations

from bot.brain.answers import ATTRIBUTE_CONCEPTS
from bot.brain.entities import _NUMBERED_KINDS
from bot.brain.lexicon import DOCUMENT, FILLER
from bot.brain.pick_readers import MEASURE_CONCEPTS
from bot.brain.reasoning import REASONING_CONCEPTS
from bot.brain.statement_scope import KIND_CUES
from bot.brain.statements import QUESTION_CONCEPTS
from bot.knowledge.loader import KnowledgeBase, KnowledgeError

# Every kind of entity the analysis recognises (bot/brain/entities.py and lexicon.py).
ENTITY_KINDS = frozenset(
    {
        "dagdeel",
        "werkpakket",
        "theme",
        "project",
        "gemeente",
        "person",
        "topic",
        "date",
        "year",
        "round",
        DOCUMENT,
    }
)


def code_concepts() -> frozenset[str]:
    """The vocabulary concepts the brain's code refers to by name."""
    return frozenset(
        {
            *ATTRIBUTE_CONCEPTS,
            *QUESTION_CONCEPTS,
            *KIND_CUES,
            *REASONING_CONCEPTS,
            *MEASURE_CONCEPTS,
            *_NUMBERED_KINDS,
            FILLER,
        }
    )


def check_references(kb: KnowledgeBase) -> None:
    """KnowledgeError naming the file and entry of the first name nothing defines."""
    concepts = set(kb.vocabulary.concepts)
    for intent in kb.intents.intents:
        for slot in intent.slots:
            if slot not in ENTITY_KINDS:
                raise KnowledgeError(
                    f"intents.yaml: entry intent {intent.id!r}: unknown slot {slot!r} "
                    f"(entity kinds: {', '.join(sorted(ENTITY_KINDS))})"
                )
        for field, named in (("blocked_by", intent.blocked_by), ("requires", intent.requires)):
            _check_concepts(f"intents.yaml: entry intent {intent.id!r}", field, named, concepts)
    for document, fact in kb.facts():
        where = f"{document.id}.yaml: entry fact {fact.id!r}"
        _check_concepts(where, "requires", fact.requires, concepts)
    answers = {i.id for i in kb.intents.intents} | {f.id for _d, f in kb.facts()}
    for document in kb.documents:
        if document.overview is not None and document.overview not in answers:
            raise KnowledgeError(
                f"{document.id}.yaml: entry document: overview {document.overview!r} is no intent "
                "or fact"
            )
    missing = sorted(code_concepts() - concepts)
    if missing:
        raise KnowledgeError(
            f"vocabulary.yaml: entry concepts: the code needs concept(s) {', '.join(missing)}"
        )


def _check_concepts(where: str, field: str, named: list[str], concepts: set[str]) -> None:
    """KnowledgeError when `named` holds a concept vocabulary.yaml lacks."""
    for concept in named:
        if concept not in concepts:
            raise KnowledgeError(
                f"{where}: {field} names unknown concept {concept!r} (not in vocabulary.yaml)"
            )
