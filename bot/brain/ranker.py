"""Ranking the targets for a message: the whole message and each of its sentences read,
each reading (also as a follow-up on the conversation's subject or on people just named)
scored by the intent matcher, and the best reading chosen. The Brain's base class."""

from __future__ import annotations

from typing import NamedTuple

from bot.brain.calibration import Calibrator
from bot.brain.clauses import ClauseSplitter
from bot.brain.context import DialogueContext
from bot.brain.coreference import PeopleInReplies
from bot.brain.dialogue import asked_words, is_request
from bot.brain.entities import (
    FOLLOWUP_TOKENS,
    PART_HOME,
    Analysis,
    analyse_tokens,
    document_ids,
)
from bot.brain.followups import CONTEXT_FACTOR, FOLLOWUP_FACTOR, Followups, switches_document
from bot.brain.lexicon import DOCUMENT, Lexicon
from bot.brain.matcher import IntentMatcher
from bot.brain.ranking import rank_key, with_whole_entities
from bot.brain.readings import Interpretation, Scored, interpretations
from bot.brain.statement_scope import KIND_CUES

POINTED_FACTOR = 0.8  # "in welke gemeente is dat?" read without the conversation's subject
# One sentence of a longer message scores this share of its own match; a sentence that asks
# nothing and wishes nothing ("we komen met onze controller") less.
SENTENCE_FACTOR = 0.9
STATEMENT_SENTENCE_FACTOR = 0.75
# ... and one that only asks ("waar moet ik mailen?", no subject of its own) this share of that.
BARE_SENTENCE_FACTOR = 0.85
# A condition clause before the question ("als we samen meedoen, ..."), read on its own.
CONDITION_FACTOR = 0.8
# Intents that are wishes (sign me up, a person), not questions.
WISH_HANDLERS = frozenset({"signup", "handoff"})
# A message naming one document only ("het Apeldoornse boekje ... wie faciliteerde dat?")
# read as another document's question scores this share.
OTHER_DOCUMENT_FACTOR = 0.6
PROJECT = "project"
PROJECTS_DOCUMENT = "projecten"  # the document the A&O fonds projects are told in


def sole_document(message: Analysis, lexicon: Lexicon) -> str | None:
    """The one document a message names, when it names nothing else ("het Apeldoornse
    boekje ... wie faciliteerde dat?"), or the projects' for a message naming projects only,
    one by its title ("het traject 'Van eiland naar Wij-land' van De Wolden Hoogeveen"); else
    None."""
    named = set(document_ids(message))
    projects = [m for m in message.mentions if all(r.kind == PROJECT for r in m.refs)]
    if not named and projects and len(projects) == len(message.mentions):
        by_title = [
            m
            for m in projects
            if m.surface not in lexicon.place_names and m.surface not in lexicon.keywords
        ]
        return PROJECTS_DOCUMENT if by_title else None
    if len(named) != 1:
        return None
    only = named.pop()
    # (a part named only by its place, "de eerste bijeenkomst" ("#1"), is the named document's)
    others = [m for m in message.mentions if not m.surface.startswith("#")]
    if not all(any(r.ids == (only,) for r in m.refs) for m in others):
        return None
    return only


def _discount_other_documents(ranked: list[Scored], only: str | None) -> None:
    """The message names only the document `only`: a reading of it (in whole or of one of
    its sentences) as another document's question scores less."""
    if not only:
        return
    for scored in ranked:
        if scored.target.document and scored.target.document.id != only:
            scored.score *= OTHER_DOCUMENT_FACTOR
    ranked.sort(key=rank_key, reverse=True)


class Reading(NamedTuple):
    """The best reading of a message: its analysis, its ranked targets and the conversation
    it was ranked in (a sentence's own: "MZ Frontliners ... Welke fasen doorloopt ge daarin?"
    is about the project the sentence before names)."""

    analysis: Analysis
    ranked: list[Scored]
    context: DialogueContext
    only_document: str | None = None  # the one document the whole message names, if so


class Ranker:
    """Reads and ranks a message with the parts the Brain builds."""

    lexicon: Lexicon
    matcher: IntentMatcher
    followups: Followups
    people: PeopleInReplies
    calibrator: Calibrator
    clauses: ClauseSplitter

    def _best_reading(
        self, candidates: list[list[str]], context: DialogueContext, text: str = ""
    ) -> Reading:
        """The whole message or one of its sentences, whichever matches best."""
        best: tuple[Analysis, list[Scored]] | None = None
        best_context = context
        whole_reading: tuple[Analysis, list[Scored]] | None = None  # (set by the first)
        asked = self._asked_words(candidates, text)
        previous: Analysis | None = None
        only: str | None = None
        for index, tokens in enumerate(candidates):
            analysis = self.followups.picked(analyse_tokens(tokens, self.lexicon), context)
            # A message that names another document drops the remembered one, also in its
            # sentences ("spreekt Thom Verheggen bij het leernetwerk? welk dagdeel").
            own = whole_reading is not None and switches_document(whole_reading[0], context)
            sentence_context = DialogueContext() if own else context
            if index >= 2 and previous is not None and whole_reading is not None:
                # "... van SED. Wie is contactpersoon?"
                named = self.followups.named_subject(previous, analysis, whole_reading[0])
                if named is None and index >= 3:  # "Meierijstad, het project uit 2018: wie ...?"
                    before = [t for sentence in candidates[1:index] for t in sentence]
                    earlier = analyse_tokens(before, self.lexicon)
                    by_name = all(m.surface not in self.lexicon.keywords for m in earlier.mentions)
                    if by_name:  # (not a description word: "reorganisaties")
                        named = self.followups.named_subject(earlier, analysis, whole_reading[0])
                sentence_context = named or sentence_context
            # (a wish in a message whose sentences ask nothing is what the message is for:
            # "doe ons maar een aanmelding, gemeentesecretaris + control + ik")
            ranked = self.rank(analysis, sentence_context, part=index > 0, asks=bool(asked))
            if index == 0:
                # (read once, for every sentence too)
                only = sole_document(analysis, self.lexicon) or self._pointed_document(
                    analysis, context
                )
            _discount_other_documents(ranked, only)
            if index > 0:
                previous = analysis
            if index > 0:  # "If we join, how many people can we send?" asks; one sentence wishes
                ranked = [s for s in ranked if not self.matcher.blocked_by(s.target, asked)]
            else:
                whole_reading = (analysis, ranked)
            if 0 < index < len(candidates) - 1 and self._is_condition(tokens):
                # "als we samen meedoen, krijgen we korting?": the condition wishes nothing,
                # and the question after it is what is asked
                ranked = [s for s in ranked if s.target.handler not in WISH_HANDLERS]
                for scored in ranked:
                    scored.score *= CONDITION_FACTOR
            if best is None or (ranked and (not best[1] or ranked[0].score > best[1][0].score)):
                best, best_context = (analysis, ranked), sentence_context
        assert best is not None and whole_reading is not None
        chosen, ranked = with_whole_entities(best, whole_reading)
        chosen_context = context if chosen is whole_reading[0] else best_context
        return Reading(chosen, ranked, chosen_context, only)

    def _asked_words(self, candidates: list[list[str]], text: str) -> set[str]:
        """The words of the sentences of a message of several that ask (see dialogue.py)."""
        if len(candidates) < 2:
            return set()
        marked = self.lexicon.normaliser.marked(text)
        return asked_words(candidates[1:], marked, self.lexicon, self.clauses.starts)

    def rank(
        self, analysis: Analysis, context: DialogueContext, part: bool = False, asks: bool = True
    ) -> list[Scored]:
        """Targets by score for this message (or, with `part`, one sentence of it), follow-up
        readings included; `asks`: some sentence of the message asks (else a sentence's
        wish counts in full)."""
        readings = interpretations(analysis) or [Interpretation({}, [], set(analysis.words))]
        ranked = {s.target.id: s for s in self.matcher.score(readings, part)}
        # "die/dat/hun ...", or the kind of the subject talked about named without a name ("wat
        # was de aanleiding van het project?" about the project just answered)
        points = not self.calibrator.pointers.isdisjoint(analysis.tokens) or (
            not analysis.mentions
            and any(KIND_CUES.get(w) == context.subject_kind for w in analysis.words)
        )
        self.followups.discount_foreign(ranked.values(), analysis, context, points)
        if self._points_back(analysis, context) or self.people.points_at(analysis, context):
            for scored in ranked.values():  # "in welke gemeente is dat?": the subject's
                scored.score *= POINTED_FACTOR
        if context.subject_id and self._only_asks(analysis):
            # "wie?" after a project: its contact, not "wie ben jij"
            ranked = {k: s for k, s in ranked.items() if s.target.handler != "smalltalk"}
        factor = FOLLOWUP_FACTOR if analysis.followup_cue else CONTEXT_FACTOR
        context_readings = self.followups.context_readings(analysis, readings, context)
        context_readings += self.people.readings(analysis, readings, context)
        for scored in self.matcher.score(context_readings, part):
            scored.score *= factor
            current = ranked.get(scored.target.id)
            if current is None or scored.score >= current.score:  # a tie goes to the context
                ranked[scored.target.id] = scored
        if self._asks_about_others(analysis):  # "kunnen Duitse gemeenten ook meedoen?"
            ranked = {k: s for k, s in ranked.items() if s.target.handler not in WISH_HANDLERS}
        if part:  # a sentence wins over the whole message only when it is clearly better,
            # and a greeting or thanks inside a longer message is not what it asks
            ranked = {k: s for k, s in ranked.items() if s.target.handler != "smalltalk"}
            factor = SENTENCE_FACTOR if is_request(analysis.words) else STATEMENT_SENTENCE_FACTOR
            bare = self._only_asks(analysis)  # "de pdf's downloaden niet. waar moet ik mailen?"
            for scored in ranked.values():  # (it asks about what the message says around it)
                if asks or scored.target.handler not in WISH_HANDLERS:
                    scored.score *= factor
                if bare and scored.target.handler not in WISH_HANDLERS:
                    scored.score *= BARE_SENTENCE_FACTOR
        # Best first; at equal scores the follow-up reading wins, then the target that
        # answers about the entities the message names.
        return sorted(ranked.values(), key=rank_key, reverse=True)

    def _pointed_document(self, analysis: Analysis, context: DialogueContext) -> str | None:
        """The document just talked about, or whose parts were just listed, for a message
        pointing into it that names no document ("How many werkpakketten has the toolkit?" -
        "And which one is about Oss?": the toolkit's, not the Leernetwerk's dagdeel on Oss);
        else None."""
        words = self.lexicon.normaliser
        points = not words.pointers.isdisjoint(analysis.raw)
        if not points or document_ids(analysis):
            return None
        if context.subject_kind == DOCUMENT:
            return context.subject_id
        # ... or a list of its parts (the toolkit's themes: the toolkit); one part named is
        # what the pointer points at itself
        listed = "," in (context.subject_id or "")
        return PART_HOME.get(context.subject_kind or "") if listed else None

    def _is_condition(self, tokens: list[str]) -> bool:
        """True for a clause that starts, after a joiner ("en"), with a condition word."""
        words = self.lexicon.normaliser
        first = next((t for t in tokens if t not in words.followup_starts), "")
        return first in words.condition_starts

    def _only_asks(self, analysis: Analysis) -> bool:
        """True for a message that is only a question word ("wie?", "waar?")."""
        words = set(analysis.words)
        return bool(words) and not analysis.mentions and words <= self.calibrator.question_words

    def _asks_about_others(self, analysis: Analysis) -> bool:
        """True for a yes/no question about someone but the writer or the one addressed
        ("can German municipalities also take part?"): it wishes nothing."""
        raw, words = analysis.raw, self.lexicon.normaliser
        return (
            len(raw) > 1 and raw[0] in words.modal_starts and raw[1] not in words.speaker_pronouns
        )

    def _points_back(self, analysis: Analysis, context: DialogueContext) -> bool:
        """True for a short message naming no entity that points back ("zit er in dat?",
        "en wie doet het dagdeel daarna?")."""
        return (
            bool(context.subject_id)
            and all(r.kind == DOCUMENT for m in analysis.mentions for r in m.refs)
            and len(analysis.tokens) <= FOLLOWUP_TOKENS
            and (
                bool(analysis.step)
                or analysis.ordinal is not None  # "en de laatste van de toolkit?"
                or not self.calibrator.pointers.isdisjoint(analysis.tokens)
            )
        )
