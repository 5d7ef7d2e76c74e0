"""Calibration: a confident answer must explain what the question asks.

After matching, the chosen answer is checked against the question. Every informative word of
the question (not filler, a question word, an everyday word or a name the answer uses) must be
explained by the answer: the matched example or statement holds it, or its own text does.
Every entity or document the question names must be one the answer is about or names. What is
left over ("het telefoonnummer van de *burgemeester* van Emmen" answered with the Emmen project
card) makes the confident answer an honest "that is not in the material", with the near answer
offered as a suggestion.

Asked-for values (a phone number, a date, a place, one side of a choice) are checked by
bot/brain/answer_values.py. Word lists live in knowledge/calibration.yaml.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Set as AbstractSet

from rapidfuzz import fuzz, process

from bot.brain.answer_values import NUMBERED_KINDS, AnswerText, ValueCheck
from bot.brain.asking import SentenceAsking
from bot.brain.context import DialogueContext
from bot.brain.entities import Analysis, Mention
from bot.brain.evidence import AnswerView, Evidence, Verdict, explains_mention
from bot.brain.lexicon import DOCUMENT, Lexicon
from bot.brain.normalize import tokenise
from bot.brain.readings import Scored
from bot.brain.statement_parts import Entry, stem
from bot.brain.statements import StatementIndex
from bot.brain.word_classes import is_everyday_word
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
# An answer word this similar explains a word (rapidfuzz ratio): "evaluation" ~ "evaluatie".
COGNATE_SCORE = 80.0
COGNATE_MIN_LENGTH = 5
# An answer word at least this long inside a question word explains it.
MIN_PART_LENGTH = 4
# Kinds whose mentions may be description words rather than names.
KEYWORD_KINDS = frozenset({"project", "dagdeel", "werkpakket"})
# At most this share of a sentence's informative words may go unexplained when the rest is.
TOLERATED_SHARE = 0.5
# An answer from another document sharing this many rare words still answers about it.
RELATED_TERMS = 2
RARE_SPREAD = 2  # ... words found in at most this many documents' text
# Handlers of dialogue acts and small talk: they answer no question about the material.
EXEMPT_HANDLERS = frozenset({"smalltalk", "signup", "handoff"})
# Answer texts recur: this many folded texts, terms and tokens (and joined materials) are kept.
MAX_CACHED_ANSWERS = 4096

PHONE_CONCEPT = "telefoon"  # the concept that asks for a phone number
CORRECTION_REACH = 3  # a correction word this near the start marks a correction


def _everyday(word: str) -> bool:
    """An everyday word, or an inflection of one ("werkten" of "werken")."""
    root = stem(word)
    return is_everyday_word(word) or any(is_everyday_word(root + end) for end in ("", "en"))


class Calibrator(SentenceAsking):
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
        self.value_check = ValueCheck(kb, lexicon.stopwords, lexicon.concepts, lexicon.keywords)
        self.interrogatives = frozenset(cal.interrogatives)
        self.openers = (
            self.interrogatives | frozenset(cal.interrogative_verbs) | frozenset(cal.opening_verbs)
        )
        self.dropped_subject_objects = frozenset(cal.dropped_subject_objects)
        self.alternatives = frozenset(w for words in cal.alternatives.values() for w in words)
        self.salient = frozenset(stem(w) for phrase in cal.salient for w in tokenise(phrase))
        self.concepts = frozenset(lexicon.concepts.values())
        self.possessives = lexicon.normaliser.writer_possessives
        self.weight = weight
        self.document_titles = {doc.title: doc.id for doc in kb.documents}
        self.exempt = frozenset(i.id for i in kb.intents.intents if i.handler in EXEMPT_HANDLERS)
        self.lists_all = frozenset(i.id for i in kb.intents.intents if i.lists_all)
        self.one_asked = [" ".join(tokenise(p)) for p in cal.one_asked]
        ln = kb.leernetwerk
        self.pointers = frozenset(cal.pointers)
        self.home = {  # the document the entities of each kind belong to
            e.kind: self.document_titles[e.source]
            for e in statements.entries
            if e.kind != DOCUMENT and e.source in self.document_titles
        }
        self.people = {
            ln.document.id: [ln.contact.person, *(p for d in ln.dagdelen for p in d.speakers)],
            kb.toolkit.document.id: list(kb.toolkit.makers),
            kb.projecten.document.id: [p.contact.name for p in kb.projecten.projects],
            **{sheet.document.id: list(sheet.people) for sheet in kb.sheets},
        }
        self.people = {doc: [fold(n) for n in names] for doc, names in self.people.items()}
        material: dict[tuple[str, str], set[str]] = {}
        for key, entries in statements.by_entity.items():
            material[key] = {t for e in entries for t in e.terms | e.names}
        for doc, fact in kb.facts():
            text = f"{fact.answer} {fact.answer_en or ''}"
            material.setdefault((DOCUMENT, doc.id), set()).update(statements.terms(tokenise(text)))
        self.material = {key: frozenset(terms) for key, terms in material.items()}
        spread: dict[str, int] = {}
        for doc in kb.documents:
            for term in self.material.get((DOCUMENT, doc.id), frozenset()):
                spread[term] = spread.get(term, 0) + 1
        self.document_spread = spread  # in how many documents' own text a term occurs
        self._answer_views: dict[str, AnswerView] = {}
        self._joined_material: dict[tuple[tuple[str, str], ...], frozenset[str]] = {}
        # (target id, an example's features) -> those and all the target's examples' features
        self._example_features: dict[tuple[str, frozenset[str]], frozenset[str]] = {}

    def _material(self, keys: list[tuple[str, str]]) -> frozenset[str]:
        joined = self._joined_material.get(tuple(keys))
        if joined is None:
            found = [self.material[k] for k in keys if k in self.material]
            if len(found) == 1:  # (one entity's own: no union to make)
                joined = found[0]
            else:
                joined = frozenset().union(*found) if found else frozenset()
            if len(self._joined_material) < MAX_CACHED_ANSWERS:
                self._joined_material[tuple(keys)] = joined
        return joined

    def intent_evidence(self, best: Scored, subject: tuple[str, str] | None) -> Evidence:
        """What an answer composed for a matched intent or fact stands on."""
        target = best.target
        documents = [target.document.id] if target.document else []
        subjects = subject[1].split(",") if subject else []
        keys = [(DOCUMENT, d) for d in documents]
        if subject:
            keys += [(subject[0], i) for i in subjects]
        key = (target.id, best.example.features)
        features = self._example_features.get(key)
        if features is None:
            features = best.example.features | self.examples.get(target.id, frozenset())
            if len(self._example_features) < MAX_CACHED_ANSWERS:
                self._example_features[key] = features
        return Evidence(
            features=features,
            slots=target.slot_kinds,
            documents=frozenset(documents),
            subjects=frozenset(subjects),
            material=self._material(keys),
        )

    def statement_evidence(self, entry: Entry) -> Evidence:
        """What an answer from one statement stands on."""
        documents = [entry.entity_id] if entry.kind == DOCUMENT else []
        return Evidence(
            features=entry.terms | entry.names,
            slots=frozenset([entry.kind]),
            documents=frozenset(documents),
            subjects=frozenset([entry.entity_id]),
            material=self._material([(entry.kind, entry.entity_id)]),
        )

    def _only_number_words(self, analysis: Analysis) -> bool:
        """True when the question's words that ask for a phone number are all plain number
        words ("nummer", "number"), which may ask a dagdeel's or werkpakket's number."""
        markers = self.lexicon.normaliser.number_markers
        phone = [t for t in analysis.raw if self.lexicon.concepts.get((t,)) == PHONE_CONCEPT]
        return bool(phone) and all(t in markers for t in phone)

    def informative(self, analysis: Analysis) -> list[str]:
        """The question's words that say what it asks about: salient words (roles, negation;
        not the writer's own: "mijn begeleider"), and rare words that are no concept, filler,
        question word or everyday word."""
        concepts = self.concepts
        salient = self.salient_words(analysis)
        own = self._writers_own(analysis)
        return [
            word
            for word in analysis.words
            if (word in salient and word not in own)
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

    def _writers_own(self, analysis: Analysis) -> set[str]:
        """Words right after the writer's own possessive ("mijn begeleider", "our director"):
        the writer's world, so a role among them is not what the question asks about."""
        raw = analysis.raw
        found = set()
        for i in range(1, len(raw)):
            if raw[i - 1] in self.possessives:
                found.update({raw[i], self.lexicon.concepts.get((analysis.tokens[i],), raw[i])})
        return found

    def salient_words(self, analysis: Analysis) -> set[str]:
        """The salient words of a question, also as the concepts they stand for ("oudste")."""
        found = {w for w in analysis.words if stem(w) in self.salient}
        for token in analysis.tokens:
            if stem(token) in self.salient:
                found.add(self.lexicon.concepts.get((token,), token))
        return found

    def verdict(
        self,
        parts: list[Analysis],
        evidence: Evidence,
        reply: Reply,
        context: DialogueContext | None = None,
        correcting: bool = False,
    ) -> Verdict:
        """The informative words and mentions of the question that the answer leaves
        unexplained; with the conversation's `context`, also a follow-up answered from
        another document than the one talked about; `correcting`: the message corrects what
        was meant, so its own words only say which one (see `corrects`)."""
        answer_terms = self._answer_view(reply.plain_text())
        text = answer_terms.text
        documents = set(evidence.documents)
        if reply.source in self.document_titles:
            documents.add(self.document_titles[reply.source])
        verdict = Verdict()
        answer = AnswerText(text, answer_terms.words, reply.language)
        if context is not None and self._leaves_subject(
            parts, documents, context, text, answer_terms
        ):
            kind, subject = context.subject_kind or "", context.subject_id or ""
            labels = [self.statements.label(kind, i) for i in subject.split(",")]
            verdict.mentions.append(
                f"{kind} {subject}" if kind in NUMBERED_KINDS else " / ".join(labels)
            )
        for analysis in parts:
            if reply.intent in self.lists_all:  # "welk werkpakket helpt bij ...": one, not all
                raw = f" {' '.join(analysis.raw)} "
                verdict.one_asked += [p for p in self.one_asked if f" {p} " in raw]
            # "what number is it?" about a werkpakket talked about asks its number (not
            # "telefoonnummer", "phone number")
            numbered = (
                context is not None
                and context.subject_kind in NUMBERED_KINDS
                and context.subject_id in evidence.subjects
                and self._only_number_words(analysis)
            )
            verdict.words += self.value_check.missing(analysis, answer, numbered)
            # a correction's own words say which one was meant ("nee, ik bedoel het *oudere*
            # project, ..."): the question is the last one
            informative = [] if correcting else self.informative(analysis)
            unexplained = [
                word
                for word in informative
                if not self._word_explained(word, analysis, evidence, answer_terms, text)
            ]
            # An ordinary word left out among several the answer explains is phrasing
            # ("... in the future"); a salient word (a role, a negation) always counts.
            # A word the material never uses ("schuifjes") is what the question is about.
            salient = self.salient_words(analysis)
            special = [w for w in unexplained if w in salient or self._foreign(w)]
            verdict.informative += len(informative)
            if len(unexplained) <= TOLERATED_SHARE * len(informative) and not special:
                verdict.tolerated += unexplained
                unexplained = []
            verdict.words += unexplained
            verdict.typed.update((w, self.value_check.as_typed(w, analysis)) for w in unexplained)
            verdict.ordinary += [w for w in unexplained if w not in special]
            named = [m for m in analysis.mentions if any(r.kind == DOCUMENT for r in m.refs)]
            doc_named = any(r.ids[0] in documents for m in named for r in m.refs)
            for mention in analysis.mentions:
                if not self._is_name(mention, analysis):
                    continue  # a description word ("voorleggen") is no name of its entity
                if mention in named and doc_named:
                    continue  # another document word of the question names the answer's
                if not explains_mention(mention, evidence, documents, text):
                    verdict.mentions.append(mention.surface)
        return verdict

    def corrects(self, whole: Analysis) -> bool:
        """True for a message correcting what was meant, naming it ("nee, ik bedoel Goirle";
        "oh nee wacht, ik bedoel het oudere project, Leidinggevenden in beweging")."""
        starts = self.lexicon.normaliser.correction_starts
        return bool(whole.mentions) and not starts.isdisjoint(whole.tokens[:CORRECTION_REACH])

    def _foreign(self, word: str) -> bool:
        """True for a word neither the lexicon nor any statement knows ("schuifjes")."""
        return not self.lexicon.is_known(word) and stem(word) not in self.statements.idf

    def terms_of(self, text: str) -> frozenset[str]:
        """The content terms of an answer's or a statement's `text` (cached: they recur)."""
        return self._answer_view(text).terms

    def _answer_view(self, plain: str) -> AnswerView:
        """An answer's folded text and (when needed) its terms and tokens; cached, since
        answers recur."""
        view = self._answer_views.get(plain)
        if view is None:
            view = AnswerView(fold(plain), self.statements)
            if len(self._answer_views) < MAX_CACHED_ANSWERS:
                self._answer_views[plain] = view
        return view

    def _leaves_subject(
        self,
        parts: list[Analysis],
        documents: set[str],
        context: DialogueContext,
        text: str,
        answer_terms: AbstractSet[str],
    ) -> bool:
        """True for a follow-up ("en wanneer is de laatste bijeenkomst", "wat is hun
        nummer?", "in welke gemeente is dat?") that names nothing itself, after an answer
        from one document, answered from another document that names none of the first one's
        people and shares no rare words with it."""
        kind = context.subject_kind or ""
        subject = context.subject_id if kind == DOCUMENT else self.home.get(kind)
        if not subject or not context.subject_id or not documents:
            return False
        if any(a.mentions for a in parts) or not all(
            a.followup_cue or self.pointers.intersection(a.tokens) for a in parts
        ):
            return False
        if any(name in text for name in self.people.get(subject, ())):
            return False  # the answer names the first document's people
        if subject in documents:
            return False
        # "which books did they write?": the makers' books, told in another document
        material = self.material.get((DOCUMENT, subject), frozenset())
        shared = {
            t
            for t in answer_terms & material
            if len(t) >= PREFIX
            and t not in self.concepts
            and not _everyday(t)
            and self.document_spread.get(t, 0) <= RARE_SPREAD
        }
        return len(shared) < RELATED_TERMS

    def _word_explained(
        self,
        word: str,
        analysis: Analysis,
        evidence: Evidence,
        answer_terms: AbstractSet[str],
        text: str,
    ) -> bool:
        if word in evidence.features or stem(word) in evidence.features:
            return True
        # A word the answered entity's own text uses ("de deelnemers" of the Leernetwerk): the
        # question is about that entity; a salient word (a role) must be in the answer itself.
        if stem(word) in evidence.material and stem(word) not in self.salient:
            return True
        if stem(word) in answer_terms or word in answer_terms:
            return True
        if stem(word) in self.salient:  # a role is the word itself ("directie" is no director)
            return False
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

    def honest(self, reply: Reply, verdict: Verdict, suggestion: str) -> Reply:
        """The reply that says the material does not answer this, offering the near answer."""
        english = reply.language == "en"
        what = verdict.phrase()
        if english:
            text = f"That isn't in the material I know (nothing about: {what})."
            lead = "Did you mean:"
        else:
            text = f"Dat staat niet in het materiaal dat ik ken (niets over: {what})."
            lead = "Bedoelde je:"
        if verdict.one_asked and not what:  # "welk werkpakket helpt bij ...?"
            text = (
                f"I can't tell for sure from the material {verdict.one_asked[0]} you mean."
                if english
                else f"Uit het materiaal kan ik niet met zekerheid zeggen {verdict.one_asked[0]}"
                " je bedoelt."
            )
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
