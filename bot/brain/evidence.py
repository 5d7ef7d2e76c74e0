"""What a confident answer stands on (Evidence), what it leaves unexplained of the question
(Verdict), an answer's terms as calibration reads them (AnswerView), and whether an answer
explains a mention of the question. Used by bot/brain/calibration.py."""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from bot.brain.entities import LAST, Mention
from bot.brain.lexicon import DOCUMENT
from bot.brain.normalize import is_round_token, round_label, tokenise
from bot.brain.statements import StatementIndex
from bot.text import fold

# Kinds of named things: the answer must be about that very one ("Helmond" is no Breda).
NAMED_KINDS = frozenset({"gemeente", "person"})


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a confident answer stands on: the features of the example (or the terms of the
    statement) it matched, the entity kinds its composer uses, the documents and entity ids
    it is about, and the words of their own text."""

    features: frozenset[str]
    slots: frozenset[str] = frozenset()
    documents: frozenset[str] = frozenset()
    subjects: frozenset[str] = frozenset()
    material: frozenset[str] = frozenset()  # every term the answered entity's own text uses


@dataclass(slots=True)
class Verdict:
    """What the question asks that the answer does not explain."""

    words: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    # Of `words`: ordinary known words left unexplained ("volledige", "duurt"), no value
    # asked for, no salient word, no word foreign to the material.
    ordinary: list[str] = field(default_factory=list)
    # A question for one of a kind ("welk werkpakket") answered by a list of all of them.
    one_asked: list[str] = field(default_factory=list)
    # Ordinary words left unexplained but tolerated beside the many the answer explains.
    tolerated: list[str] = field(default_factory=list)
    # How many informative words the question has.
    informative: int = 0
    # Of `words`: each concept as the question typed it ("no", not "ontkenning").
    typed: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.words or self.mentions or self.one_asked)

    def only_phrasing(self, limit: int) -> bool:
        """True when all that is left over is at most `limit` ordinary words."""
        return not self.mentions and self.words == self.ordinary and len(self.ordinary) <= limit

    def phrase(self) -> str:
        """The unexplained parts, as the question typed them, for the honest reply."""
        shown = [self.typed.get(w, w) for w in self.words]
        return ", ".join(dict.fromkeys([*self.mentions, *shown]))


class AnswerView(AbstractSet[str]):
    """An answer's terms, as calibration reads them, with its folded `text`. The terms and
    the tokens (`words`) are worked out when first needed (most answers are judged without
    them) and then kept: answers recur."""

    def __init__(self, text: str, statements: StatementIndex) -> None:
        self.text = text
        self._statements = statements
        self._tokens: list[str] | None = None
        self._terms: frozenset[str] | None = None
        self._words: str | None = None

    def _tokenised(self) -> list[str]:
        if self._tokens is None:
            self._tokens = tokenise(self.text)
        return self._tokens

    @property
    def terms(self) -> frozenset[str]:
        """The answer's content terms (see TermReader.terms)."""
        if self._terms is None:
            self._terms = frozenset(self._statements.terms(self._tokenised()))
        return self._terms

    def words(self) -> str:
        """The answer's tokens, space-separated, with a space before and after."""
        if self._words is None:
            self._words = f" {' '.join(self._tokenised())} "
        return self._words

    def __contains__(self, term: object) -> bool:
        return term in self.terms

    def __iter__(self) -> Iterator[str]:
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    def __and__(self, other: AbstractSet[object]) -> frozenset[str]:
        return self.terms & other


def _id_text(entity_id: str) -> str:
    """How an entity id reads in an answer ("ronde2021x1" -> "2021/1", a topic as is)."""
    return fold(round_label(entity_id) if is_round_token(entity_id) else entity_id)


def explains_mention(mention: Mention, evidence: Evidence, documents: set[str], text: str) -> bool:
    """True when the answer explains a mention of the question: it is about the entity or
    document named, fills its slot, or its text names it."""
    for ref in mention.refs:
        if ref.kind == DOCUMENT:
            if ref.ids[0] in documents:
                return True
            continue
        if evidence.subjects.intersection(ref.ids):
            return True
        # A slot the answer fills: its subject, or (a named thing) its name in the text.
        if ref.kind in evidence.slots and (
            ref.kind not in NAMED_KINDS
            or not evidence.subjects
            or any(i.startswith(LAST) for i in ref.ids)
        ):
            return True
        if any(_id_text(i) in text for i in ref.ids):
            return True
    surface = fold(mention.surface)
    return bool(surface) and surface in text
