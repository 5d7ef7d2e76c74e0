"""Situations in one's own words: which werkpakket, dagdeel or project fits a described problem.

"Mijn medewerkers durven geen verantwoordelijkheid te pakken; welk werkpakket past daarbij?"
names no entity: its words describe one. Every entity of the kind asked for is scored by the
weight of the message's content words that its own statements use, weighed by how few entities
of that kind use them (IDF). A clear winner is the answer, with the statement that fits best;
close ones are offered as what the material says nearest, unsure.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from bot.brain.entities import Analysis, Mention
from bot.brain.lexicon import DOCUMENT
from bot.brain.normalize import tokenise
from bot.brain.related import Placement, with_related
from bot.brain.statement_parts import Entry, StatementHit
from bot.brain.statement_scope import KIND_CUES
from bot.brain.statements import QUESTION_CONCEPTS, StatementIndex
from bot.brain.word_classes import EVERYDAY_ZIPF, term_zipf
from bot.domain import Reply

# The kinds whose members a situation can point to.
SITUATION_KINDS = frozenset({"werkpakket", "dagdeel", "project"})
# The described situation's words shared with the winner must weigh at least this much (about
# two distinctive words) ...
MIN_FIT_WEIGHT = 4.0
# ... and at least this many times what they weigh for the runner-up, for a sure answer.
CLEAR_MARGIN = 1.6
# A sure answer about another member of the kind, or a list of them all, yields to a fit this
# heavy (about three distinctive words).
OVERRIDE_WEIGHT = 6.0
# ... or at least this many times what it weighs for any other member, also against a sure answer
DOMINANT_MARGIN = 3.0
# A kind with at most this many members (the 8 dagdelen) weighs its words less (IDF).
FEW_MEMBERS = 10
# A situation only one member shares words with fits it by this much (one rare word).
UNIQUE_FIT_WEIGHT = 2.5
# A term as frequent as an everyday word (Zipf EVERYDAY_ZIPF and up) weighs this share of its
# IDF; one at most SPECIFIC_ZIPF ("verzuim", "rekenkamer") all of it; in between, linearly.
MIN_SPECIFICITY = 0.3
SPECIFIC_ZIPF = 4.0
# An unsure reply offers the members scoring at least this share of the best, at most this many.
OFFER_SHARE = 0.6
# The nearest members are offered (unsure) when the best fits by this much.
MIN_OFFER_WEIGHT = 3.0
MAX_OFFERED = 3


@dataclass(frozen=True, slots=True)
class Fit:
    """A member of a kind and how well the situation's words fit it."""

    kind: str
    entity_id: str
    weight: float
    entry: Entry  # its statement that shares the most with the situation


class SituationFinder:
    """Finds the werkpakket, dagdeel or project a described situation fits; see the module
    docstring."""

    def __init__(
        self,
        statements: StatementIndex,
        asks: Mapping[str, list[str]],
        document_asks: list[str],
        signals: Mapping[tuple[str, str], list[str]],
        documents: Mapping[str, str],
    ) -> None:
        """`asks`: per kind, the phrases asking which one of it fits (calibration.yaml);
        `document_asks`: phrases asking the same beside the name of a kind's document;
        `signals`: per member, situations it helps with in users' words (its bag's too);
        `documents`: per kind, the id of the document its members belong to."""
        self.statements = statements
        self.documents = documents
        self.kind_of_document = {doc: kind for kind, doc in documents.items()}
        self.document_asks = [" ".join(tokenise(p)) for p in document_asks]
        # The words of those phrases naming a kind ("project"), kept in a document's name.
        self.nouns = frozenset(
            word
            for phrases in asks.values()
            for phrase in phrases
            for word in phrase.split()
            if KIND_CUES.keys() & statements.terms([word])
        )
        self.asks = {
            kind: [" ".join(tokenise(p)) for p in phrases] for kind, phrases in asks.items()
        }
        self._phrase_words = [
            frozenset(p.split()) for ps in [*self.asks.values(), self.document_asks] for p in ps
        ]
        self.members: dict[str, dict[str, list[Entry]]] = defaultdict(lambda: defaultdict(list))
        for entry in statements.entries:
            if entry.kind in SITUATION_KINDS:
                self.members[entry.kind][entry.entity_id].append(entry)
        # Per member: the terms of its statements, its names (title, aliases) and signals.
        self.bags: dict[tuple[str, str], frozenset[str]] = {
            (kind, entity_id): frozenset().union(
                *(e.terms for e in entries),
                *statements.names.get((kind, entity_id), ()),
                *(statements.terms(tokenise(s)) for s in signals.get((kind, entity_id), ())),
            )
            for kind, members in self.members.items()
            for entity_id, entries in members.items()
        }
        # Per kind: a term's IDF among that kind's members.
        self.idf: dict[str, dict[str, float]] = {}
        for kind, members in self.members.items():
            counts: dict[str, int] = defaultdict(int)
            for entity_id in members:
                for term in self.bags[(kind, entity_id)]:
                    counts[term] += 1
            self.idf[kind] = {t: math.log(1 + len(members) / c) for t, c in counts.items()}

    def may_ask(self, text: str) -> bool:
        """False when `text` lacks the words of every phrase that asks which member fits (a
        cheap test before the message is analysed whole; "welk A&O-project" has them)."""
        tokens = set(self.statements.lexicon.normaliser.expand(tokenise(text)))
        return any(words <= tokens for words in self._phrase_words)

    def asked_kind(self, analysis: Analysis) -> str | None:
        """The kind of entity the message asks one of ("welk werkpakket ...", calibration.yaml
        `situation_asks`), the last one asked; None when the message names a member of that
        kind by name (a description word, "procesbegeleiders", names none)."""
        # Document names aside: "welk *A&O-*project" asks for a project.
        in_document = {
            i
            for m in analysis.mentions
            if any(r.kind == DOCUMENT for r in m.refs)
            for i in range(m.start, m.end)
        }
        kept = [t for i, t in enumerate(analysis.tokens) if i not in in_document or t in self.nouns]
        texts = (f" {' '.join(kept)} ", f" {' '.join(analysis.raw)} ")
        asked = [
            (max(text.rfind(f" {phrase} ") for text in texts), kind)
            for kind, phrases in self.asks.items()
            for phrase in phrases
        ]
        documents = {
            i for m in analysis.mentions for r in m.refs if r.kind == DOCUMENT for i in r.ids
        }
        # "zit er in de toolkit iets over ...?": the document named says which kind
        of_documents = {self.kind_of_document[d] for d in documents if d in self.kind_of_document}
        if len(of_documents) == 1:
            asked += [
                (text.rfind(f" {phrase} "), next(iter(of_documents)))
                for phrase in self.document_asks
                for text in texts
            ]
        position, kind = max(asked, default=(-1, ""))
        if position < 0:
            return None
        if documents and self.documents[kind] not in documents:
            return None  # "which organisation facilitated the *Apeldoorn booklet*'s session"
        # ... by a name of one member ("leidinggeven op afstand" is the title of two)
        named = any(
            ref.kind == kind and len(ref.ids) == 1 and self._by_name(mention, kind)
            for mention in analysis.mentions
            for ref in mention.refs
        )
        return None if named else kind

    def _by_name(self, mention: Mention, kind: str) -> bool:
        """True when a mention names a member by name: a project by its place or title, not
        by a description word; a dagdeel or werkpakket by its number or a phrase (its
        one-word aliases, "verantwoording", describe its subject)."""
        if mention.surface in self.statements.lexicon.keywords:
            return False
        if kind == "project":
            return True
        return any(ch.isdigit() for ch in mention.surface) or mention.end - mention.start > 1

    def fits(self, analysis: Analysis, kind: str) -> list[Fit]:
        """The members of `kind` that share content words with the message, best first."""
        idf = self.idf.get(kind, {})
        query = {
            corrected
            for term in self.statements.terms(analysis.tokens)
            if term not in KIND_CUES and term not in QUESTION_CONCEPTS
            # (a word of a signal only is no typo of a statement's word)
            for corrected in [term if term in idf else self.statements.correct(term)]
            if corrected in idf
        }
        weight = {t: idf[t] * self._specificity(t) for t in query}
        found: list[Fit] = []
        for entity_id, entries in self.members[kind].items():
            total = sum(weight[t] for t in query & self.bags[(kind, entity_id)])
            if total > 0:  # (only then are its statements weighed)
                weights = [(sum(weight[t] for t in query & e.terms), e) for e in entries]
                best = max(weights, key=lambda pair: pair[0])[1]
                found.append(Fit(kind, entity_id, total, best))
        return sorted(found, key=lambda f: -f.weight)

    def _specificity(self, term: str) -> float:
        """How much a term says about which member is meant: 1 for a rare word, less for a
        frequent one ("instead", "problem"), at least MIN_SPECIFICITY."""
        frequent = (term_zipf(term) - SPECIFIC_ZIPF) / (EVERYDAY_ZIPF - SPECIFIC_ZIPF)
        return min(1.0, max(MIN_SPECIFICITY, 1.0 - frequent * (1.0 - MIN_SPECIFICITY)))

    def _asked_fits(self, analysis: Analysis) -> list[Fit]:
        """The members of the kind the message asks one of, best first, when the best
        weighs at least MIN_OFFER_WEIGHT (else none)."""
        kind = self.asked_kind(analysis)
        fits = self.fits(analysis, kind) if kind else []
        return fits if fits and fits[0].weight >= MIN_OFFER_WEIGHT else []

    def sure(self, analysis: Analysis, min_weight: float = MIN_FIT_WEIGHT) -> Fit | None:
        """The member a described situation clearly fits best, if any: by at least
        `min_weight`, or far ahead of every other member, or (not overriding a sure answer)
        by a rare word no other member uses ("die Ghandi-methode, welk werkpakket?")."""
        kind = self.asked_kind(analysis)
        fits = self.fits(analysis, kind) if kind else []
        if not fits:
            return None
        best, runner_up = fits[0], (fits[1].weight if len(fits) > 1 else 0.0)
        if best.weight < CLEAR_MARGIN * runner_up:
            return None
        overriding = min_weight > MIN_FIT_WEIGHT
        # (of a kind with few members, whose words weigh less, against no sure answer, a
        # lighter fit far ahead of the rest is dominant too)
        few = len(self.members[best.kind]) <= FEW_MEMBERS
        least = MIN_OFFER_WEIGHT if few and not overriding else MIN_FIT_WEIGHT
        dominant = best.weight >= least and best.weight >= DOMINANT_MARGIN * runner_up
        unique = not overriding and not runner_up and best.weight >= UNIQUE_FIT_WEIGHT
        return best if best.weight >= min_weight or dominant or unique else None

    def offer(self, analysis: Analysis, english: bool, unsure: Reply) -> Reply | None:
        """The `unsure` reply with the members the situation fits nearly equally well, as
        what the material says nearest; None when it fits none."""
        fits = self._asked_fits(analysis)
        if not fits:
            return None
        offered = [f for f in fits if f.weight >= OFFER_SHARE * fits[0].weight][:MAX_OFFERED]
        hits = [StatementHit(f.entry, f.weight, scoped=True) for f in offered]
        return with_related(unsure, hits, english, Placement.INSTEAD)
