"""Fact statements: the one sentence of an entity's own text that answers a question.

Every entity keeps short statements in our own words (`statements` in knowledge/*.yaml). A
message is scoped to the entities it names (or a person or place a statement names), else to
the conversation's subject, else to all statements at a discount. Each statement in scope is
scored by how much of the question's weight (IDF over stemmed, concept-folded terms, typos
corrected) it covers; asked for a number, a date or a kind, it must hold one. The best
statement competes with the intents on that score."""

from __future__ import annotations

import itertools
import math
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import replace

from bot.brain.answers import ATTRIBUTE_CONCEPTS, CARD_ATTRIBUTES
from bot.brain.answers.base import with_english_date
from bot.brain.context import DialogueContext
from bot.brain.entities import LAST, Analysis, number_of
from bot.brain.lexicon import DOCUMENT, Lexicon, people, person_key
from bot.brain.near_words import NearWords
from bot.brain.normalize import tokenise
from bot.brain.statement_parts import (
    NEEDS_DATE,
    Entry,
    StatementHit,
    ValuesWanted,
    holds_part_of,
    is_everyday_term,
    kind_factor,
)
from bot.brain.statement_scope import CONTEXT_SCOPE, KIND_CUES, message_scope
from bot.brain.terms import TermReader
from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.schema import Statement

# Attributes the structured answers give (a period, a phone number) are left to them too, and
# so are wishes and signing up: dialogue acts, not questions about a fact.
QUESTION_CONCEPTS = frozenset({*ATTRIBUTE_CONCEPTS, "wat", "welke", "wens", "aanmelden"})
# A question for what a project card shows (contact, phone, period, round) gets the card,
# unless it names at least this many other content words.
CARD_DETAIL_TERMS = 2
CARD_CONCEPTS = frozenset(c for c, a in ATTRIBUTE_CONCEPTS.items() if a in CARD_ATTRIBUTES)
# Without a scope, a statement must share at least this many terms with the question.
GLOBAL_MIN_TERMS = 2
# A second statement of the same entity scoring at least this share of the best is added; one
# holding a word of the question the best lacks, from this share.
RUNNER_UP_SHARE = 0.8
COMPLEMENT_SHARE = 0.5
MIN_NUMBER_TERM = 3  # a number this short ("5") is no content word of a question
# Matched terms weighing less than this (about one distinctive word) scale the score down.
MIN_MATCHED_WEIGHT = 2.0
# An everyday word no statement uses weighs this; a rare foreign word weighs as the rarest term.
EVERYDAY_WEIGHT = 0.7
EVERYDAY_SHARE = 0.5  # an everyday word keeps this share of its IDF when that is more
EVERYDAY_ONLY_FACTOR = 0.8  # a statement sharing only everyday words keeps this share
# At most this many statements are shown as related to a question no answer is sure of.
RELATED_LIMIT = 3
SCOPED_UNKNOWN_WEIGHT = 1.0  # a word no statement uses weighs this inside a named scope
# Typo correction against the statements' own words (rapidfuzz ratio), for words this long.
TYPO_MIN_SCORE = 85.0
TYPO_MIN_LENGTH = 5
MAX_CACHED_CORRECTIONS = 50_000
# A question word that is the start or end of a statement's compound word counts this much.
COMPOUND_PART_FACTOR = 0.7
MIN_COMPOUND_PART = 4
_YEAR = re.compile(r" (19|20)\d\d(?= )")  # a year as a word of a padded text
_DIGITS = re.compile(r"\d")
NO_NAMES: frozenset[str] = frozenset()


class StatementIndex(TermReader):
    """All statements of the knowledge base, searchable by entity and words."""

    def __init__(self, kb: KnowledgeBase, lexicon: Lexicon) -> None:
        super().__init__(lexicon)
        self.entries: list[Entry] = []
        self.names: dict[tuple[str, str], set[tuple[str, ...]]] = {}
        # Every person's key (folded name), under its first word ("" for an empty one).
        self._people: dict[str, list[str]] = defaultdict(list)
        for name in people(kb):
            key = person_key(name)
            self._people[key.split(" ", 1)[0]].append(key)
        words = lexicon.normaliser
        # A month, or a moment after something ("na een kennismakingsgesprek"), answers
        # "wanneer".
        self._months = frozenset(words.months)
        self._moments = self._months | words.after_words
        self._month_words = self._months | frozenset(words.months_after_day)  # "may"
        self._corrections: dict[str, str] = {}
        self._named_in: dict[str, list[Entry]] = {}
        self._counts = {
            "dagdeel": len(kb.leernetwerk.dagdelen),
            "werkpakket": len(kb.toolkit.werkpakketten),
        }
        documents = [kb.leernetwerk.document, kb.toolkit.document, kb.projecten.document]
        documents += [sheet.document for sheet in kb.sheets]
        self._document_ids = {d.title: d.id for d in documents}
        self._build(kb)
        df: dict[str, int] = defaultdict(int)
        for entry in self.entries:
            for term in entry.terms:
                df[term] += 1
        n = max(len(self.entries), 1)
        self.idf = {t: math.log(1 + n / c) for t, c in df.items()}
        self._add_facts(kb)  # (after the IDF: they only show what is said nearby)
        self.unknown_weight = math.log(1 + n)
        self._vocabulary = NearWords(sorted(t for t in self.idf if len(t) >= TYPO_MIN_LENGTH))
        self.by_entity: dict[tuple[str, str], list[Entry]] = defaultdict(list)
        self.postings: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            self.by_entity[(entry.kind, entry.entity_id)].append(entry)
            if entry.nearby_only:  # (found only in the scope of their document)
                continue
            for term in entry.terms:
                self.postings[term].append(entry)
        # A document's members: the statements of its dagdelen, werkpakketten or projects.
        titles = {e.entity_id: e.source for e in self.entries if e.kind == DOCUMENT}
        self.members: dict[str, list[Entry]] = {
            doc: [e for e in self.entries if e.kind != DOCUMENT and e.source == title]
            for doc, title in titles.items()
        }
        # Every statement's text in one string, a newline between two, and where each starts:
        # a phrase is looked for in all of them at once (see naming_text).
        # (the facts read as statements, last, only show what is said nearby: left out)
        said = [e for e in self.entries if not e.nearby_only]
        self._all_text = "\n".join(e.text for e in said)
        self._text_starts = list(
            itertools.accumulate((len(e.text) + 1 for e in said[:-1]), initial=0)
        )

    # --- building -----------------------------------------------------------------------

    def _build(self, kb: KnowledgeBase) -> None:
        ln, tk, pj = kb.leernetwerk, kb.toolkit, kb.projecten
        for doc, items in [
            (ln.document, ln.statements),
            (tk.document, tk.statements),
            (pj.document, pj.statements),
            *((sheet.document, sheet.statements) for sheet in kb.sheets),
        ]:
            names = [*doc.aliases]
            self._add(DOCUMENT, doc.id, "", doc.title, items, names, len(names))
        months = kb.labels.english_months
        for d in ln.dagdelen:
            # A statement found by what it says ("welk dagdeel gaat over voorbeeldgedrag")
            # names the whole dagdeel: its date and its speakers.
            speakers = f", {', '.join(d.speakers)}" if d.speakers else ""
            label = f"Dagdeel {d.number} ({d.title}, {d.date}{speakers})"
            when = with_english_date(d.date, months)
            label_en = f"Session {d.number} (dagdeel {d.number}, {d.title}, {when}{speakers})"
            names = ["dagdeel", f"dagdeel {d.number}", d.title, *d.aliases]
            self._add(
                "dagdeel", str(d.number), label, ln.document.title, d.statements, names, 3, label_en
            )
        for w in tk.werkpakketten:
            label = f"Werkpakket {w.number} ({w.title})"
            label_en = f"Work package {w.number} (werkpakket {w.number}, {w.title})"
            names = ["werkpakket", f"werkpakket {w.number}", w.title, *w.aliases]
            self._add(
                "werkpakket",
                str(w.number),
                label,
                tk.document.title,
                w.statements,
                names,
                3,
                label_en,
            )
        for t in tk.themes:
            names = ["thema", t.name, *t.aliases]
            self._add("theme", t.letter, "", tk.document.title, [], names, len(names))
        for p in pj.projects:
            label = f"{p.organisation} – {p.shown_title}"
            names = [p.place, p.organisation, *p.titles, *p.aliases]
            self._add("project", p.id, label, pj.document.title, p.statements, names, 3)

    def _add(
        self,
        kind: str,
        entity_id: str,
        label: str,
        source: str,
        statements: list[Statement],
        names: list[str],
        own: int,
        label_en: str = "",
    ) -> None:
        """Index `statements` under their entity, which `names` name (`label`, `label_en`:
        how an answer names it in Dutch and English). The words of the first
        `own` names (place, title) never count as content for its statements; those of an
        alias ("leiderschapsprincipes breda") may."""
        phrases = [tuple(self.terms(tokenise(name))) for name in names]
        self.names[(kind, entity_id)] = set(phrases)
        name_terms = frozenset(t for phrase in phrases[:own] for t in phrase)
        for statement in statements:
            tokens = tokenise(f"{statement.nl} {statement.en}")
            text = f" {' '.join(tokens)} "
            terms = frozenset(self.terms(tokens))
            self.entries.append(
                Entry(
                    kind=kind,
                    entity_id=entity_id,
                    label=label,
                    label_en=label_en or label,
                    source=source,
                    document=self._document_ids.get(source, ""),
                    statement=statement,
                    terms=terms,
                    names=name_terms,
                    text=text,
                    joined=f" {' '.join(sorted(terms))} ",
                    has_number=_DIGITS.search(text) is not None,
                    has_date=_YEAR.search(text) is not None or not self._moments.isdisjoint(tokens),
                    has_person=self._names_person(text, tokens),
                )
            )

    def _add_facts(self, kb: KnowledgeBase) -> None:
        """Each document fact's answer (in both languages, no placeholders) as a statement of
        its document that only shows what the material says near a question ("which books
        are participants expected to have read" near the books fact)."""
        start = len(self.entries)
        for doc, fact in kb.facts():
            if not fact.in_material or fact.action is not None or not fact.answer_en:
                continue
            if "{" in fact.answer or "{" in fact.answer_en:
                continue
            said = [Statement.model_construct(nl=fact.answer, en=fact.answer_en)]
            self._add(DOCUMENT, doc.id, "", doc.title, said, [*doc.aliases], 0)
        self.entries[start:] = [replace(e, nearby_only=True) for e in self.entries[start:]]

    def _names_person(self, text: str, tokens: list[str]) -> bool:
        """True when `text` (the `tokens` joined, padded with spaces) names a person of the
        material: only those whose first word is one of the tokens can be in it."""
        people = self._people
        first_words = people.keys() & {"", *tokens}
        return any(f" {p} " in text for first in first_words for p in people[first])

    # --- searching ----------------------------------------------------------------------

    def search(self, analysis: Analysis, context: DialogueContext) -> StatementHit | None:
        """The best-covering statement in the message's scope, or None."""
        return self.lookup(analysis, context)[0]

    def lookup(
        self, analysis: Analysis, context: DialogueContext, limit: int = RELATED_LIMIT
    ) -> tuple[StatementHit | None, list[StatementHit]]:
        """The best-covering statement in the message's scope (or None), and the related
        ones: those of the entities the message names (or the remembered subject) that share
        a content word with it, best first, what the material says near the question."""
        words = self.terms(analysis.tokens)
        tokens = analysis.tokens
        joining = self.lexicon.normaliser.joins_a_clause
        asked = [t for i, t in enumerate(tokens) if not joining(tokens, i)]
        if len(asked) < len(tokens) and NEEDS_DATE not in self.terms(asked):
            # "... leaders *when* falling back is tempting": no date asked
            words = [w for w in words if w != NEEDS_DATE]
        hits = self._hits(analysis, context, words)
        # A question for what a card shows gets the card; its statements only add to it.
        card_question = CARD_CONCEPTS.intersection(words)
        answers = [h for h in hits if not h.entry.nearby_only]
        best = max(answers, key=lambda h: h.score) if answers and not card_question else None
        related = sorted((h for h in hits if h.scoped and h.score > 0), key=lambda h: -h.score)
        # a fact's answer only goes first, when it fits better than every statement
        said = [h for h in related if not h.entry.nearby_only]
        facts = [h for h in related if h.entry.nearby_only]
        if facts and (not said or facts[0].score > said[0].score):
            return best, [facts[0], *said[:limit]]  # (in addition to the statements)
        return best, said[:limit]

    def answering_more(
        self, hit: StatementHit, related: list[StatementHit], analysis: Analysis
    ) -> list[Entry]:
        """A second statement of the hit's entity that answers part of the question too: one
        nearly as good ("waarom begon Deurne, welke signalen": the workload and the absence),
        or one holding a word of the question the hit lacks ("hoeveel inwoners en
        medewerkers heeft Emmen": the staff)."""
        entry = hit.entry
        asked = {t for t in self.terms(analysis.tokens) if t in self.idf} - QUESTION_CONCEPTS
        missing = asked - entry.terms
        for other in related:
            same = other.entry.kind == entry.kind and other.entry.entity_id == entry.entity_id
            if not same or other.entry is entry or other.entry.nearby_only:
                continue
            if other.score >= RUNNER_UP_SHARE * hit.score:
                return [other.entry]
            if missing & other.entry.terms and other.score >= COMPLEMENT_SHARE * hit.score:
                return [other.entry]
        return []

    def _hits(
        self, analysis: Analysis, context: DialogueContext, words: list[str]
    ) -> list[StatementHit]:
        """Every statement in the message's scope that shares a word with it (`words`: the
        message's terms), scored."""
        query = [t for t in words if t not in KIND_CUES]
        # A question for what a card shows (a period, a phone number) may ask about more
        # ("hoe lang is de *training* bij Beesel"): that is added to the card.
        card_question = bool(CARD_CONCEPTS.intersection(query))
        wanted = ValuesWanted(words)
        asked = {KIND_CUES[t] for t in words if t in KIND_CUES}  # "welke dagdelen ..."
        cues = frozenset(c for c, k in KIND_CUES.items() if k in asked)
        query = [
            self.correct(t)
            for t in query
            if t not in QUESTION_CONCEPTS and not (t.isdigit() and len(t) < MIN_NUMBER_TERM)
        ]
        if not query or (card_question and len(query) < CARD_DETAIL_TERMS):
            return []
        # Unscoped, only statements sharing a word with the question can score; in a named
        # or remembered scope, parts of compounds count too ("merge" ~ "merger").
        sharing = {id(e): e for t in query for e in self.postings.get(t, ())}
        # ... and then only those sharing GLOBAL_MIN_TERMS of its words or more: the others
        # are left out at once.
        distinct = Counter(id(e) for t in set(query) for e in self.postings.get(t, ()))
        sharing = {k: e for k, e in sharing.items() if distinct[k] >= GLOBAL_MIN_TERMS}
        scope = message_scope(self, analysis, context, set(words), list(sharing.values()))
        global_weights = {t: self._weight(t) for t in query}
        # Inside a named or remembered scope, a word no statement uses can't tell its
        # statements apart: it is phrasing ("externe partij") and weighs little.
        scoped_weights = {
            t: w if t in self.idf else min(w, SCOPED_UNKNOWN_WEIGHT)
            for t, w in global_weights.items()
        }
        # Each query word as it starts or ends a word of a statement's joined terms.
        padded = {t: (f" {t}", f"{t} ") for t in query}
        hits: list[StatementHit] = []
        for entry, factor, naming, own_names in scope:
            scoped = factor >= CONTEXT_SCOPE
            if not scoped and id(entry) not in sharing:
                continue
            weights = scoped_weights if factor >= CONTEXT_SCOPE else global_weights
            names = entry.names if own_names else NO_NAMES
            terms = [t for t in query if t not in naming and t not in names]
            total = sum(weights[t] for t in terms)
            if total <= 0:
                continue
            shared = [t for t in terms if t in entry.terms]
            if not scoped and len(set(shared)) < GLOBAL_MIN_TERMS:
                continue
            # A word that starts or ends a compound of the statement ("thuis", "werk" in
            # "thuiswerken"), or in a scope a compound of a statement's word
            # ("leiderschapstheorie" ~ "leiderschap"), counts for part of its weight.
            partial = sum(
                weights[t] * COMPOUND_PART_FACTOR
                for t in terms
                if t not in entry.terms
                and len(t) >= MIN_COMPOUND_PART
                and (
                    padded[t][0] in entry.joined
                    or padded[t][1] in entry.joined
                    or (scoped and holds_part_of(t, entry.terms))
                )
            )
            if not shared and not partial:
                continue
            matched = sum(weights[t] for t in shared) + partial
            score = matched / total * min(1.0, matched / MIN_MATCHED_WEIGHT) * factor
            if not partial and all(is_everyday_term(t) for t in shared):
                score *= EVERYDAY_ONLY_FACTOR  # ("met 5 *mensen* aanmelden": no subject)
            score *= wanted.factor(entry)
            score *= kind_factor(entry, asked, cues)
            # At equal scores the shorter statement is the more specific one.
            score -= len(entry.terms) * 1e-5
            hits.append(StatementHit(entry, score, scoped))
        return hits

    def _weight(self, term: str) -> float:
        """IDF of a term; an everyday word ("volgens", "werken") weighs little even when few
        statements use it, and a word no statement uses weighs as the rarest one."""
        if is_everyday_term(term) and term not in self._month_words:  # "may" is a month
            # ... but one only a few statements use ("film") still says something.
            idf = self.idf.get(term, EVERYDAY_WEIGHT)
            return min(idf, max(EVERYDAY_WEIGHT, idf * EVERYDAY_SHARE))
        weight = self.idf.get(term)
        if weight is not None:
            return weight
        return EVERYDAY_WEIGHT if self.lexicon.is_known(term) else self.unknown_weight

    def correct(self, term: str) -> str:
        """A query term no statement uses, corrected to the closest statement word."""
        if term in self.idf or len(term) < TYPO_MIN_LENGTH or not term.isalpha():
            return term
        corrected = self._corrections.get(term)
        if corrected is None:
            corrected = self._vocabulary.closest(term, TYPO_MIN_SCORE) or term
            if len(self._corrections) < MAX_CACHED_CORRECTIONS:
                self._corrections[term] = corrected
        return corrected

    def label(self, kind: str, entity_id: str) -> str:
        """How the reader knows an entity ("Gemeente Meierijstad – Veranderende rol
        leidinggevenden"), its id when no statement labels it."""
        entries = self.by_entity.get(self.resolve((kind, entity_id)), [])
        return next((e.label for e in entries if e.label), entity_id)

    def naming(self, person: str) -> list[Entry]:
        """The statements whose text names a person (by their key, the folded name), those
        of a dagdeel, werkpakket or project before a document's general ones."""
        return sorted(self.naming_text(f" {person} "), key=lambda e: e.kind == DOCUMENT)

    def naming_text(self, phrase: str) -> list[Entry]:
        """The statements whose text names `phrase` (a person or a place), cached."""
        found = self._named_in.get(phrase)
        if found is None:
            found = self._entries_holding(phrase)
            if len(self._named_in) < MAX_CACHED_CORRECTIONS:
                self._named_in[phrase] = found
        return found

    def _entries_holding(self, phrase: str) -> list[Entry]:
        """`[e for e in self.entries if phrase in e.text]`, found by searching all texts at
        once (a phrase without a newline never runs from one text into the next)."""
        if "\n" in phrase or not self.entries:
            return [e for e in self.entries if phrase in e.text]
        found: list[Entry] = []
        text, starts = self._all_text, self._text_starts
        at = text.find(phrase)
        while at != -1:
            number = bisect_right(starts, at) - 1
            found.append(self.entries[number])
            if number + 1 == len(starts):
                break
            at = text.find(phrase, starts[number + 1])
        return found

    def resolve(self, key: tuple[str, str]) -> tuple[str, str]:
        """ "last" (or "last-1") dagdeel or werkpakket -> its number."""
        kind, entity_id = key
        if not entity_id.startswith(LAST):
            return key
        return (kind, str(number_of(entity_id, self._counts.get(kind, 0))))
