"""Readings of a message and what they are scored against: the targets a message can ask for
(intents and document facts), their analysed example phrasings, the interpretations of a
message (one meaning chosen for each mention) and a target's score for a message."""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from bot.brain.entities import Analysis, Mention
from bot.brain.lexicon import DOCUMENT, EntityRef
from bot.knowledge.schema import Document, Fact, Intent

MAX_INTERPRETATIONS = 16


@dataclass(frozen=True, slots=True)
class Target:
    """Something a message can ask for: a structured intent or a document fact."""

    id: str
    handler: str  # "fact" for facts
    slots: tuple[str, ...] = ()
    intent: Intent | None = None
    fact: Fact | None = None
    document: Document | None = None
    # Concepts of which a message must have one to match, and concepts that keep it from
    # matching (an intent's or a fact's `requires` and an intent's `blocked_by`).
    requires: frozenset[str] = frozenset()
    blocked_by: frozenset[str] = frozenset()
    # Its slots as a set (ranking and calibration compare them with a message's kinds).
    slot_kinds: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "slot_kinds", frozenset(self.slots))


@dataclass(frozen=True, slots=True)
class Example:
    """One analysed example phrasing of a target."""

    target: Target
    text: str
    features: frozenset[str]
    english: bool = False
    placeholders: frozenset[str] = frozenset()  # the "@kind" features: entities it names
    kinds: frozenset[str] = frozenset()  # its target's slots and the kinds of its placeholders
    names_document: bool = False  # it names its target's own document


@dataclass(slots=True)
class Interpretation:
    """One reading of a message: a chosen meaning for each mention."""

    entities: dict[str, list[tuple[Mention, EntityRef]]]
    documents: list[str]
    features: set[str]
    from_context: bool = False


@dataclass(slots=True)
class Scored:
    """A target's best score for a message, with the example and reading that gave it."""

    target: Target
    score: float
    example: Example
    interpretation: Interpretation


def placeholder(kind: str) -> str:
    """The feature that stands for any entity of `kind`."""
    return f"@{kind}"


def document_feature(doc_id: str) -> str:
    """The feature for a mention of document `doc_id`."""
    return f"doc:{doc_id}"


def interpretations(analysis: Analysis, limit: int = MAX_INTERPRETATIONS) -> list[Interpretation]:
    """Every combination of mention meanings (capped), each with its feature set."""
    options = [[(m, ref) for ref in m.refs] for m in analysis.mentions]
    result: list[Interpretation] = []
    for combo in itertools.islice(itertools.product(*options), limit):
        entities: dict[str, list[tuple[Mention, EntityRef]]] = defaultdict(list)
        documents: list[str] = []
        features = set(analysis.words)
        for mention, ref in combo:
            if ref.kind == DOCUMENT:
                documents.append(ref.ids[0])
                features.add(document_feature(ref.ids[0]))
            else:
                entities[ref.kind].append((mention, ref))
                features.add(placeholder(ref.kind))
        result.append(Interpretation(dict(entities), documents, features))
        if documents and "person" in entities:
            # "Kirstin op het Veld, welk dagdeel doet zij in het leernetwerk": a document
            # named beside a person may only say where that person is (a speaker's Leernetwerk)
            named = {document_feature(d) for d in documents}
            result.append(Interpretation(dict(entities), [], features - named))
    return result
