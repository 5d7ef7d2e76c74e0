"""Calibration: a confident answer must explain what the question asks.

After matching, the chosen answer (its text, the example or statement it matched, the entities
and documents it is about) is checked against the question. Every informative word of the
question (not filler, not a question word, not an everyday word, not a name the answer uses)
must be explained by that answer: the matched example or statement holds it, or the answer's
own text does. Every entity or document the question names must be one the answer is about or
names. What is left over is something the question asks that the answer does not give
("het telefoonnummer van de *burgemeester* van Emmen" answered with the Emmen project card, "de
leergang voor *wethouders*" with the mayors' leergang): the confident answer becomes an honest
"that is not in the material", with the near answer offered as a suggestion.

Word lists (question words, roles, neutral words) live in knowledge/calibration.yaml.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.brain.entities import Analysis, Mention, analyse_tokens
from bot.brain.lexicon import DOCUMENT, Lexicon, is_everyday_word
from bot.brain.matcher import Scored
from bot.brain.normalize import is_round_token, round_label, tokenise
from bot.brain.statements import Entry, StatementIndex, stem
from bot.domain import Choice, CoreIntent, Reply
from bot.knowledge.loader import KnowledgeBase
from bot.text import fold

# A question word is explained by an answer text holding its first letters ("inwoners" ~
# "inwoner", "geciteerd" ~ "citeert" is not): compounds and inflections of one word.
PREFIX = 6
# Words shorter than this are no informative words ("app", "tip").
MIN_WORD_LENGTH = 4
# A word weighing no more than this in the matcher (a word many examples use, or one the
# material uses but no example does) is too common to need explaining.
COMMON_WEIGHT = 1.5
# A word is explained by an answer word this similar (rapidfuzz ratio): "evaluation" by
# "evaluatie", "programme" by "programma".
COGNATE_SCORE = 80.0
COGNATE_MIN_LENGTH = 5
# An answer word at least this long inside a question word explains it.
MIN_PART_LENGTH = 4
# Kinds whose mentions may be description words rather than names.
KEYWORD_KINDS = frozenset({"project", "dagdeel", "werkpakket"})
# Handlers of dialogue acts and small talk: they answer no question about the material.
EXEMPT_HANDLERS = frozenset({"smalltalk", "signup", "handoff"})


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a confident answer stands on: the features of the example (or the terms of the
    statement) it matched, the entity kinds its composer uses, the documents and entity ids
    it is about, and the mentions of the reading it answered."""

    features: frozenset[str]
    slots: frozenset[str] = frozenset()
    documents: frozenset[str] = frozenset()
    subjects: frozenset[str] = frozenset()
    mentions: tuple[Mention, ...] = ()
    uses_context: bool = False


@dataclass(slots=True)
class Verdict:
    """What the question asks that the answer does not explain."""

    words: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.words or self.mentions)

    def phrase(self) -> str:
        """The unexplained parts, for the honest reply."""
        return ", ".join([*self.mentions, *self.words])


def _id_text(entity_id: str) -> str:
    """How an entity id reads in an answer ("ronde2021x1" -> "2021/1", a topic as is)."""
    return fold(round_label(entity_id) if is_round_token(entity_id) else entity_id)


def _everyday(word: str) -> bool:
    """An everyday word, or an inflection of one ("werkten" of "werken")."""
    root = stem(word)
    return is_everyday_word(word) or any(is_everyday_word(root + end) for end in ("", "en"))


class Calibrator:
    """Checks that a confident answer explains the question; see the module docstring."""

    def __init__(
        self,
        kb: KnowledgeBase,
        lexicon: Lexicon,
        statements: StatementIndex,
        weight: Callable[[str], float],
        examples: dict[str, frozenset[str]],
    ) -> None:
        """`weight`: the matcher's weight of a word; `examples`: every target's example
        features (a word any example of the answered target uses is explained)."""
        self.examples = examples
        self.lexicon = lexicon
        self.statements = statements
        cal = kb.calibration
        self.question_words = frozenset(cal.question_words)
        self.neutral = frozenset(w for phrase in cal.neutral for w in tokenise(phrase))
        self.interrogatives = frozenset(cal.interrogatives)
        self.alternatives = frozenset(cal.alternatives)
        self.salient = frozenset(stem(w) for phrase in cal.salient for w in tokenise(phrase))
        self.concepts = frozenset(lexicon.concepts.values())
        self.weight = weight
        self.document_titles = {doc.title: doc.id for doc in kb.documents}
        self.exempt = frozenset(i.id for i in kb.intents.intents if i.handler in EXEMPT_HANDLERS)

    def intent_evidence(
        self, best: Scored, analysis: Analysis, subject: tuple[str, str] | None
    ) -> Evidence:
        """What an answer composed for a matched intent or fact stands on."""
        target = best.target
        return Evidence(
            features=best.example.features | self.examples.get(target.id, frozenset()),
            slots=frozenset(target.slots),
            documents=frozenset([target.document.id] if target.document else []),
            subjects=frozenset(subject[1].split(",") if subject else []),
            mentions=tuple(analysis.mentions),
        )

    def statement_evidence(self, entry: Entry, analysis: Analysis) -> Evidence:
        """What an answer from one statement stands on."""
        documents = [entry.entity_id] if entry.kind == DOCUMENT else []
        return Evidence(
            features=entry.terms | entry.names,
            slots=frozenset([entry.kind]),
            documents=frozenset(documents),
            subjects=frozenset([entry.entity_id]),
            mentions=tuple(analysis.mentions),
        )

    def informative(self, analysis: Analysis) -> list[str]:
        """The question's words that say what it asks about: salient words (roles, negation),
        and rare words that are no concept, filler, question word or everyday word."""
        concepts = self.concepts
        return [
            word
            for word in analysis.words
            if stem(word) in self.salient
            or (
                word not in self.question_words
                and word not in self.neutral
                and word not in concepts
                and not _everyday(word)
                and len(word) >= MIN_WORD_LENGTH
                and not word.isdigit()
                and self.weight(word) > COMMON_WEIGHT
            )
        ]

    def asks(self, analysis: Analysis) -> bool:
        """True when a sentence asks something: a question word, or it opens as a question
        ("kunt u ...", "is er ...", "how ...")."""
        return bool(self.interrogatives.intersection(analysis.words)) or (
            bool(analysis.tokens) and analysis.tokens[0] in self.interrogatives
        )

    def parts(self, candidates: list[list[str]], chosen: Analysis) -> list[Analysis]:
        """The sentences the answer must explain: those that ask something ("we komen met drie
        mensen" is context), or the one it answered when none does."""
        if len(candidates) <= 1:
            return [chosen]
        sentences = [analyse_tokens(tokens, self.lexicon) for tokens in candidates[1:]]
        asking = [s for s in sentences if self.asks(s)]
        return asking or [chosen]

    def verdict(self, parts: list[Analysis], evidence: Evidence, reply: Reply) -> Verdict:
        """The informative words and mentions of the question that the answer leaves
        unexplained."""
        text = fold(reply.plain_text())
        answer_terms = set(self.statements.terms(tokenise(text)))
        documents = set(evidence.documents)
        if reply.source in self.document_titles:
            documents.add(self.document_titles[reply.source])
        verdict = Verdict()
        for analysis in parts:
            for word in self.informative(analysis):
                if not self._word_explained(word, analysis, evidence, answer_terms, text):
                    verdict.words.append(word)
            named = [m for m in analysis.mentions if any(r.kind == DOCUMENT for r in m.refs)]
            doc_named = any(r.ids[0] in documents for m in named for r in m.refs)
            for mention in analysis.mentions:
                if not self._is_name(mention, analysis):
                    continue  # a description word ("voorleggen") is no name of its entity
                if mention in named and doc_named:
                    continue  # another document word of the question names the answer's
                if not self._explained(mention, evidence, documents, text):
                    verdict.mentions.append(mention.surface)
        return verdict

    def _word_explained(
        self,
        word: str,
        analysis: Analysis,
        evidence: Evidence,
        answer_terms: set[str],
        text: str,
    ) -> bool:
        if word in evidence.features or stem(word) in evidence.features:
            return True
        if stem(word) in answer_terms or word in answer_terms:
            return True
        if len(word) >= PREFIX and word[:PREFIX] in text:
            return True
        # "bedankt" ~ "dank", "teamleidersprogramma" ~ "programma": a compound or a prefixed
        # form of an answer word.
        if any(len(t) >= MIN_PART_LENGTH and t.isalpha() and t in word for t in answer_terms):
            return True
        if len(word) >= COGNATE_MIN_LENGTH and process.extractOne(
            word, [*answer_terms, *evidence.features], scorer=fuzz.ratio, score_cutoff=COGNATE_SCORE
        ):
            return True
        # "ochtend of middag": one alternative explained is enough.
        tokens = analysis.tokens
        return (
            word in tokens
            and tokens.index(word) > 0
            and (tokens[tokens.index(word) - 1] in self.alternatives)
        )

    def _is_name(self, mention: Mention, analysis: Analysis) -> bool:
        """True unless the mention is only a description word of a project, dagdeel or
        werkpakket (the lexicon's keywords), not one of its names."""
        words = tuple(self.statements.terms(analysis.tokens[mention.start : mention.end]))
        for ref in mention.refs:
            if ref.kind not in KEYWORD_KINDS:
                return True
            if any(words in self.statements.names.get((ref.kind, i), ()) for i in ref.ids):
                return True
        return False

    @staticmethod
    def _explained(mention: Mention, evidence: Evidence, documents: set[str], text: str) -> bool:
        for ref in mention.refs:
            if ref.kind == DOCUMENT:
                if ref.ids[0] in documents:
                    return True
                continue
            if ref.kind in evidence.slots or evidence.subjects.intersection(ref.ids):
                return True
            if any(_id_text(i) in text for i in ref.ids):
                return True
        surface = fold(mention.surface)
        return bool(surface) and surface in text

    def honest(self, reply: Reply, verdict: Verdict, suggestion: str) -> Reply:
        """The reply that says the material does not answer this, offering the near answer."""
        english = reply.language == "en"
        what = verdict.phrase()
        if english:
            text = f"The material I know says nothing about {what} here."
            lead = "Did you mean:"
        else:
            text = f"Over {what} staat hier niets in het materiaal dat ik ken."
            lead = "Bedoelde je:"
        suggestions = [suggestion] if suggestion else []
        if suggestions:
            text += f"\n\n{lead}\n- {suggestion}"
        return Reply(
            text=text,
            matched=False,
            intent=CoreIntent.SUGGESTIONS if suggestions else CoreIntent.UNKNOWN,
            confidence=reply.confidence,
            suggestions=suggestions,
            choices=[Choice(s, s) for s in suggestions],
            language="en" if english else "nl",
        )
