"""What every answer composer shares: the question, the composed answer, the knowledge base
and the reply language (Dutch, or English with names and titles as in the source)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from bot.brain.entities import Analysis, number_of
from bot.brain.lexicon import fold_date
from bot.brain.readings import Interpretation
from bot.domain import Action, Choice
from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.schema import Dagdeel, Labels, Project, Werkpakket

# Concepts (from vocabulary.yaml) that say which attribute a question asks for.
ATTRIBUTE_CONCEPTS = {
    "wanneer": "date",
    "spreker": "speaker",
    "onderwerp": "topic",
    "telefoon": "phone",
    "email": "email",
    "contact": "contact",
    "looptijd": "period",
    "ronde": "round",
    "hoeveel": "count",
    "waar": "location",
    "wie": "who",
}
# Attributes a project card shows in its first three lines.
CARD_ATTRIBUTES = frozenset({"phone", "email", "contact", "period", "round"})
NumberedT = TypeVar("NumberedT", Dagdeel, Werkpakket)


@dataclass(slots=True)
class Question:
    """Everything a composer needs about the message being answered."""

    analysis: Analysis
    reading: Interpretation
    attributes: set[str]
    english: bool
    labels: Labels  # English labels for the sources' Dutch words (knowledge/labels.yaml)
    details: list[str] = field(default_factory=list)  # specific words no example explains

    def ids(self, kind: str) -> list[str]:
        """All entity ids of `kind` in the chosen reading, in message order, unique."""
        seen: list[str] = []
        for _mention, ref in self.reading.entities.get(kind, []):
            for entity_id in ref.ids:
                if entity_id not in seen:
                    seen.append(entity_id)
        return seen

    def narrowed_ids(self, kind: str) -> list[str]:
        """The ids every mention of `kind` agrees on ("Breda ... lego": the one Breda project
        with lego), or all of them when the mentions share none."""
        sets = [set(ref.ids) for _mention, ref in self.reading.entities.get(kind, [])]
        common = set.intersection(*sets) if sets else set()
        return [i for i in self.ids(kind) if i in common] or self.ids(kind)

    def say(self, dutch: str, english: str) -> str:
        """The text in the language of the question."""
        return english if self.english else dutch

    def date(self, text: str) -> str:
        """A date exactly as in the source ("24 maart"); in English with the English form
        after it ("24 maart (24 March)")."""
        return with_english_date(text, self.labels.english_months) if self.english else text

    def weekday(self, text: str) -> str:
        """ "donderdagochtend" in the reply's language."""
        return self.labels.english_weekdays.get(text, text) if self.english else text

    def event(self, event: str) -> str:
        """A sheet's dated event ("donderdagavond 18 april 2019") in the reply's language."""
        weekday, _, date = event.partition(" ")
        return f"{self.weekday(weekday)} {self.date(date)}" if date else self.date(event)


@dataclass(slots=True)
class Composed:
    """A composed answer: text, its document, the subject to remember, buttons."""

    text: str
    source: str | None = None
    subject: tuple[str, str] | None = None  # (kind, id) for follow-ups
    choices: list[Choice] = field(default_factory=list)
    matched: bool = True
    action: Action | None = None  # sign-up form or hand-off to a person
    # False when the answer is a chosen part of what the subject's statements say (its dates
    # in one month): a statement of the subject would add back what was left out.
    details: bool = True


def with_english_date(text: str, english_months: Mapping[str, str]) -> str:
    """A date exactly as in the source with its English form after it: "24 maart (24 March)"
    ("2019" stays as it is)."""
    english = " ".join(english_months.get(w.lower(), w) for w in text.split())
    return f"{text} ({english})" if english != text else text


def on_date(text: str, wanted: str) -> bool:
    """True when `text` ("vrijdag 22 maart 2019") falls on `wanted` ("22 maart" or "maart")."""
    words = f" {fold_date(text)} "
    return f" {wanted} " in words


def pick_numbered(
    ids: list[str], items: list[NumberedT], missing: str
) -> tuple[list[NumberedT], list[str]]:
    """The items with the asked numbers ("last" = the last one), and a sentence for each
    number that doesn't exist (`missing` with {n} and {total})."""
    found: list[NumberedT] = []
    notes: list[str] = []
    total = len(items)
    for item_id in ids:
        number = number_of(item_id, total)
        if 1 <= number <= total:
            found.append(items[number - 1])
        else:
            notes.append(missing.format(n=number, total=total))
    return found, notes


class AnswerBase:
    """The knowledge base, as every composer reads it."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.ln = kb.leernetwerk
        self.tk = kb.toolkit
        self.projects: dict[str, Project] = {p.id: p for p in kb.projecten.projects}


def project_line(p: Project) -> str:
    """A project as one line of a list: place, title and period."""
    return f"- {p.place}: {p.shown_title} ({p.period})"
