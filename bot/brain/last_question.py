"""The last question asked again: a clarification of it ("ik bedoel die van Capelle"), a
narrowing of the remembered list ("die uit 2021"), a step from its subject ("en die daarna?"),
and the same words about another document ("en de toolkit?") or with the message's own ("en de
minste?")."""

from __future__ import annotations

from bot.brain.answers import Answers
from bot.brain.calibration import CORRECTION_REACH
from bot.brain.context import DialogueContext
from bot.brain.entities import PART_HOME, Analysis
from bot.brain.lexicon import DOCUMENT
from bot.brain.matcher import IntentMatcher
from bot.brain.readings import (
    Example,
    Interpretation,
    Scored,
    Target,
    document_feature,
    interpretations,
)
from bot.brain.subject_readings import KIND_WORDS, SubjectReadings, subject_reading

# A clarification of the last question ("die van Capelle") is answered with this confidence.
CLARIFICATION_SCORE = 0.6
NARROWING_SCORE = 0.95
# A follow-up with at most this many words of its own may ask the last question again.
SAME_QUESTION_WORDS = 2


class LastQuestionAgain(SubjectReadings):
    """Reads a message as the last question again, with the parts the Followups build."""

    matcher: IntentMatcher
    answers: Answers
    _followup_starts: frozenset[str]
    _correction_starts: frozenset[str]
    _contrasting: frozenset[str]

    def clarification(self, analysis: Analysis, context: DialogueContext) -> Scored | None:
        """A message that only names something ("ik bedoel die van Capelle", "the one about
        leidende principes") right after an answer: the last question, about that thing."""
        if set(analysis.words) - KIND_WORDS or not analysis.mentions or not context.last_intent:
            return None
        last = self.matcher.target(context.last_intent)
        narrowed = self._narrowed_subject(analysis, context)
        for reading in [*narrowed, *interpretations(analysis)]:
            kinds = set(reading.entities)
            if not kinds:
                continue
            target = last if last and kinds <= set(last.slots) else None
            if target is None and kinds == {context.subject_kind}:
                target = self.matcher.intent_for(context.subject_kind or "")
            if target is None:
                continue
            example = self._example_for(target, kinds)
            if example is not None:
                # Narrowing the remembered list is surely meant; a new name only probably.
                score = NARROWING_SCORE if reading in narrowed else CLARIFICATION_SCORE
                return Scored(target, score, example, reading)
        return None

    def repeated(self, analysis: Analysis, context: DialogueContext) -> Scored | None:
        """ "And the last one?", "en die daarna?" right after an answer: the last question
        again, on the subject moved that way (or, in a document without numbered parts, the
        same answer, which holds them all)."""
        bare = not set(analysis.words) - KIND_WORDS and not analysis.mentions
        moved = analysis.ordinal is not None or analysis.step != 0
        kind, subject = context.subject_kind, context.subject_id
        if not (bare and moved and context.last_intent and kind and subject):
            return None
        target = self.matcher.target(context.last_intent)
        if target is None:
            return None
        if kind == DOCUMENT:
            empty = Interpretation({}, [subject], {document_feature(subject)}, True)
            reading = self._numbered_pick(subject, analysis, empty) or empty
        else:
            reading = subject_reading(*self._moved(kind, tuple(subject.split(",")), analysis))
        example = self._example_for(target, set(reading.entities))
        return None if example is None else Scored(target, CLARIFICATION_SCORE, example, reading)

    def _example_for(self, target: Target, kinds: set[str]) -> Example | None:
        """The first example of `target` that names all of `kinds`."""
        return next(
            (
                e
                for e in self.matcher.examples
                if e.target is target and kinds <= {f[1:] for f in e.features if f.startswith("@")}
            ),
            None,
        )

    def lead(
        self, analysis: Analysis, context: DialogueContext, ranked: list[Scored], sure: float
    ) -> None:
        """Put the reading of `analysis` as a follow-up first in `ranked` when it is one: a
        clarification or a step that beats the other readings; "en de toolkit?" (the last
        question about another document); or "en de minste?", "en in 2022?" (the last
        question again), when the message alone is no question the brain is `sure` of (a
        reading on the subject may be)."""
        clarified = self.clarification(analysis, context) or self.repeated(analysis, context)
        same = self.same_about(analysis, context)
        if clarified is None and same is not None and analysis.followup_cue:
            ranked.insert(0, same)
            return
        if clarified is None and same is None:
            again = self.same_question(analysis, context)
            first = ranked[0] if ranked else None
            if (
                again is not None
                and again.score >= sure
                and (
                    first is None
                    or first.score < sure
                    or (first.interpretation.from_context and again.score > first.score)
                    or self._corrects(analysis)  # "nee, ik bedoel het andere project"
                )
            ):
                ranked.insert(0, again)
            return
        found = clarified or same
        if found is not None and (not ranked or found.score > ranked[0].score):
            ranked.insert(0, found)

    def same_about(self, analysis: Analysis, context: DialogueContext) -> Scored | None:
        """ "en de leergang voor burgemeesters?" after "wat kost het leernetwerk": the last
        question's words, asked about the one other document the message names."""
        named = {r.ids[0] for m in analysis.mentions for r in m.refs if r.kind == DOCUMENT}
        only_documents = all(r.kind == DOCUMENT for m in analysis.mentions for r in m.refs)
        bare = not set(analysis.words) - KIND_WORDS and only_documents  # ("de leergang van de
        # burgemeesters": one document, named twice)
        if not (bare and len(named) == 1 and context.last_words) or context.subject_id in named:
            return None
        document = named.pop()
        if PART_HOME.get(context.subject_kind or "") == document:
            return None  # ("in welk deel van de toolkit zit dat?": the subject's own document)
        reading = Interpretation(
            {}, [document], set(context.last_words) | {document_feature(document)}, True
        )
        ranked = self.matcher.score([reading])
        return ranked[0] if ranked else None

    def same_question(self, analysis: Analysis, context: DialogueContext) -> Scored | None:
        """ "en de minste?", "en in 2022?", "and the shortest?" right after an answer: the
        last question again, its words with the message's own (and what it names)."""
        opens = bool(analysis.tokens) and analysis.tokens[0] in self._followup_starts
        opens = opens or self._corrects(analysis)
        if not (opens and context.last_intent and context.last_words):
            return None  # ("welke zitten daarin?" asks about the subject, not again)
        if len(set(analysis.words) - KIND_WORDS) > SAME_QUESTION_WORDS:
            return None
        target = self.matcher.target(context.last_intent)
        if target is None or (not target.slots and target.handler == "smalltalk"):
            return None
        best: Scored | None = None
        last = set(context.last_words)
        own: list[str] = []
        if self._contrasting.intersection(analysis.words):  # "en de meeste?" after "de minste"
            last -= self._contrasting
            # ... about the document it was answered from, unless the message names one
            own = [target.document.id] if target.document else []
        for reading in interpretations(analysis) or [Interpretation({}, [], set(analysis.words))]:
            documents = reading.documents or own
            features = reading.features | last | {document_feature(d) for d in documents}
            merged = Interpretation(reading.entities, documents, features, True)
            for scored in self.matcher.score([merged]):
                if scored.target is target and (best is None or scored.score > best.score):
                    best = scored
        return best

    def _corrects(self, analysis: Analysis) -> bool:
        """True for a correction naming what was meant ("nee, ik bedoel Goirle", "no, I
        meant the older project ...")."""
        opening = analysis.tokens[:CORRECTION_REACH]
        return bool(analysis.mentions) and not self._correction_starts.isdisjoint(opening)

    def _narrowed_subject(
        self, analysis: Analysis, context: DialogueContext
    ) -> list[Interpretation]:
        """ "die van het project uit 2021": the remembered projects that ran in that year."""
        years = {ref.ids[0] for m in analysis.mentions for ref in m.refs if ref.kind == "year"}
        if context.subject_kind != "project" or not context.subject_id or not years:
            return []
        ids = tuple(
            i
            for i in context.subject_id.split(",")
            if i in self.answers.projects
            and {str(y) for y in self.answers.projects[i].years} & years
        )
        if not ids:
            return []
        return [subject_reading("project", ids)]
