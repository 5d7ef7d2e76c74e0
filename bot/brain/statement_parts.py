"""The parts of the statement index: a statement as indexed (its entity, terms and what it
holds), a statement in a message's scope, the best hit as a reply, and the crude stemming
both the statements and the questions go through."""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

from bot.brain.answer import Answer
from bot.brain.context import DialogueContext
from bot.brain.word_classes import INFLECTIONS, is_everyday_word
from bot.domain import Reply
from bot.knowledge.schema import Statement

# Stems: inflection endings are cut while at least this many letters remain.
MIN_STEM = 4
MIN_PARTICIPLE = 7
# A statement's word this long inside a question's compound word is a part of it.
MIN_INNER_PART = 6
# A statement neither of nor naming the kind of thing a question asks for keeps this share.
OTHER_KIND_FACTOR = 0.7


STATEMENT_INTENT = "statement"  # a statement answer's intent: "statement.<entity kind>"


def statement_intent(kind: str) -> str:
    """The intent id of an answer from a statement about an entity of `kind`."""
    return f"{STATEMENT_INTENT}.{kind}"


def is_statement_intent(intent: str | None) -> bool:
    """True for the intent id of an answer from a statement."""
    return bool(intent) and str(intent).startswith(f"{STATEMENT_INTENT}.")


@lru_cache(maxsize=4096)
def is_everyday_term(term: str) -> bool:
    """True when the term, or the term with an inflection ending (it may be a stem), is a
    very frequent Dutch or English word."""
    return any(is_everyday_word(term + suffix) for suffix in ("", *INFLECTIONS))


@lru_cache(maxsize=32_768)  # every statement, question and answer word goes through it
def stem(token: str) -> str:
    """A crude, symmetric stem: a past participle's ge- and -d/-t cut off ("gebaseerd" and
    "baseert" -> "baseer"), else the longest known inflection ending."""
    if token.startswith("ge") and token[-1] in "dt" and len(token) >= MIN_PARTICIPLE:
        return token[2:-1]
    for suffix in INFLECTIONS:
        if token.endswith(suffix) and len(token) - len(suffix) >= MIN_STEM:
            return token[: -len(suffix)]
    return token


@dataclass(frozen=True, slots=True)
class Entry:
    """One statement, indexed under its entity."""

    kind: str  # "project", "dagdeel", "werkpakket", "document"
    entity_id: str
    label: str  # how an answer names the entity: "Gemeente Emmen – Leiderschapsontwikkeltraject"
    label_en: str  # ... in English ("Work package 12 (werkpakket 12, ...)")
    source: str  # the document title
    document: str  # ... and its id
    statement: Statement
    terms: frozenset[str]
    names: frozenset[str]  # terms of the entity's own names (place, title): never content
    text: str  # folded Dutch and English text, for person and place scopes
    joined: str  # " term term ... ", for parts of compounds
    has_number: bool
    has_date: bool
    has_person: bool
    # a document fact's answer read as a statement: shown as what the material says nearby,
    # never the answer itself (the fact's own examples answer it), and outside the IDF
    nearby_only: bool = False

    def name(self, english: bool) -> str:
        """How an answer in that language names the statement's entity (else its source)."""
        return (self.label_en if english else self.label) or self.source


# A statement in the scope of a message: (entry, factor, naming, own_names): its factor, and
# the message's words that only name something for it: those of `naming`, and with `own_names`
# its entity's own names. (A plain tuple: a message's scope holds dozens, made anew each time.)
Scoped = tuple[Entry, float, frozenset[str], bool]


@dataclass(frozen=True, slots=True)
class StatementHit:
    """The best statement for a message, with its score."""

    entry: Entry
    score: float
    scoped: bool = False  # of an entity the message (or the conversation) names

    def reply(self, english: bool, also: Sequence[Entry] = ()) -> Reply:
        """The statement as an answer, naming its entity and source; `also`: further
        statements of the same entity that answer part of the question."""
        e = self.entry
        text = " ".join(x.statement.en if english else x.statement.nl for x in (e, *also))
        return Reply(
            text=f"{e.name(english)}: {text}" if e.label else text,
            matched=True,
            intent=statement_intent(e.kind),
            confidence=round(min(self.score, 1.0), 3),
            source=e.source,
        )

    def as_answer(self, language: str) -> Answer:
        """The statement as the whole answer, in the conversation's `language`."""
        english = language == "en"
        reply = self.reply(english)
        reply.language = language
        return Answer(reply, self.context(english))

    def context(self, english: bool) -> DialogueContext:
        """The conversation remembers the statement's entity as its subject."""
        return DialogueContext(
            subject_kind=self.entry.kind,
            subject_id=self.entry.entity_id,
            last_intent=statement_intent(self.entry.kind),
            language="en" if english else "nl",
        )


# Question concepts asking for a value (a number, a date, a person, a speaker) a statement
# must hold.
NEEDS_NUMBER = "hoeveel"
NEEDS_DATE = "wanneer"
NEEDS_PERSON = "wie"
NEEDS_SPEAKER = "spreker"
NEEDS_PERIOD = "looptijd"  # "hoe lang": a number or a date
NEEDS_PERCENT = "procent"  # "welk percentage": a number


class ValuesWanted:
    """The values a question's concepts ask a statement to hold: a number ("hoeveel"), a date
    ("wanneer"), a person ("wie"), a speaker ("bij welke dagdelen is X de spreker")."""

    MISSING_VALUE_FACTOR = 0.4  # a statement without the number or date asked keeps this share
    NO_PERSON_FACTOR = 0.7  # ... without the person or the speaking asked, this share

    def __init__(self, terms: list[str]) -> None:
        self.number = NEEDS_NUMBER in terms or NEEDS_PERCENT in terms
        self.date = NEEDS_DATE in terms
        self.person = NEEDS_PERSON in terms
        self.speaker = NEEDS_SPEAKER in terms
        self.period = NEEDS_PERIOD in terms

    def factor(self, entry: Entry) -> float:
        """The share of its score `entry` keeps for the values it lacks."""
        factor = 1.0
        if (
            (self.number and not entry.has_number)
            or (self.date and not entry.has_date)
            or (self.period and not (entry.has_number or entry.has_date))
        ):
            factor *= self.MISSING_VALUE_FACTOR
        if (self.person and not entry.has_person) or (
            self.speaker and NEEDS_SPEAKER not in entry.terms
        ):
            factor *= self.NO_PERSON_FACTOR
        return factor


def kind_factor(entry: Entry, asked: AbstractSet[str], cues: AbstractSet[str]) -> float:
    """Less than 1 for a statement that neither is of a kind the question asks for ("welke
    dagdelen ...") nor names that kind (`cues`: the concepts naming the kinds asked for)."""
    if not asked or entry.kind in asked or not cues.isdisjoint(entry.terms):
        return 1.0
    return OTHER_KIND_FACTOR


def holds_part_of(word: str, terms: frozenset[str]) -> bool:
    """True when `word` is a compound starting or ending with one of `terms`
    ("leiderschapstheorie" with "leiderschap")."""
    return not terms.isdisjoint(_inner_parts(word))


@lru_cache(maxsize=4096)
def _inner_parts(word: str) -> frozenset[str]:
    """Every start and end of `word` at least MIN_INNER_PART long, the word itself not."""
    lengths = range(MIN_INNER_PART, len(word))
    return frozenset([word[:n] for n in lengths] + [word[-n:] for n in lengths])
