"""Follow-ups: a message read on the conversation's subject ("en wie spreekt er?", "the
next one?"), a clarification of the last question ("ik bedoel die van Capelle"), narrowing the
remembered list ("die uit 2021"), and a switch to another document. Here the subject a sentence
makes for the next one; the readings on the remembered subject are in subject_readings.py, the
last question again in last_question.py, and the discount of another document's readings in
foreign_readings.py."""

from __future__ import annotations

from dataclasses import replace
from operator import attrgetter

from bot.brain.answers import Answers
from bot.brain.context import DialogueContext
from bot.brain.entities import PART_HOME, Analysis, Mention
from bot.brain.foreign_readings import ForeignReadings
from bot.brain.last_question import LastQuestionAgain
from bot.brain.lexicon import DOCUMENT, EntityRef
from bot.brain.matcher import IntentMatcher
from bot.brain.subject_readings import SubjectReadings

# A reading that borrows the remembered subject counts as much as one that stands on its own
# (and wins a tie), and more when the message reads like a follow-up ("en ...?", "daar", "hun").
CONTEXT_FACTOR = 1.0
FOLLOWUP_FACTOR = 1.1
start = attrgetter("start")
# Kinds of entity a sentence may make the subject of the next one, in order of preference.
SUBJECT_KINDS = ("project", "dagdeel", "werkpakket")
# A sentence naming at most this many projects one by one may be the subject of the next.
MAX_NAMED_PROJECTS = 4


class Followups(LastQuestionAgain, SubjectReadings, ForeignReadings):
    """Readings of a message in the light of the conversation; see the module docstring."""

    def __init__(self, matcher: IntentMatcher, answers: Answers) -> None:
        self.matcher = matcher
        self.answers = answers
        self.group_cues = answers.kb.normalisation.group_cues
        words = answers.kb.normalisation
        self._prepositions = frozenset(words.question_prepositions)
        self._question_starts = frozenset(words.question_starts)
        self._followup_starts = frozenset(words.followup_starts)  # "en", "and"
        self._correction_starts = frozenset(words.correction_starts)  # "nee", "no"
        self._contrasting = frozenset(
            [*words.contrasting, *(w for ws in words.superlatives.values() for w in ws)]
        )

    @staticmethod
    def entity_subject(analysis: Analysis) -> DialogueContext | None:
        """The projects (else dagdeel or werkpakket) a sentence names, as a conversation
        subject ("het Leiderschapsprogramma van Goirle": the project both words name; "Breda":
        both of its projects)."""
        for kind in SUBJECT_KINDS:
            named = [set(r.ids) for m in analysis.mentions for r in m.refs if r.kind == kind]
            if not named:
                continue
            common = set.intersection(*named)
            if not common:
                return None
            return DialogueContext(subject_kind=kind, subject_id=",".join(sorted(common)))
        return None

    def named_subject(
        self, analysis: Analysis, sentence: Analysis, whole: Analysis | None = None
    ) -> DialogueContext | None:
        """The subject of a `sentence` after the one analysed: naming nothing, the one
        project that one names ("... over de Aanpak participatie van SED. Kunt u mij de
        contactpersoon doorgeven?"); pointing back ("welke werkpakketten zitten daarin?"),
        the one part of a document it names ("thema E"); a pronoun, the one person it names."""
        named = [r.ids for m in analysis.mentions for r in m.refs if r.kind == "project"]
        common = [i for i in named[0] if all(i in ids for ids in named)] if named else []
        # ... of those, the ones the `whole` message still means ("'leidende principes' ...
        # Breda heeft daar een project over"), when it names projects
        mentions = whole.mentions if whole else []
        meant = {i for m in mentions for r in m.refs if r.kind == "project" for i in r.ids}
        common = [i for i in common if i in meant] if meant else common
        # (several, the projects of one place, when the sentence asks what each card shows:
        # "Meierijstad staat er twee keer in. Wie waren daar de contactpersonen?")
        card = not self.matcher.attributes.isdisjoint(sentence.words)
        if (len(common) == 1 or (common and card)) and not sentence.mentions:
            return DialogueContext(subject_kind="project", subject_id=",".join(common))
        # ... or each of the projects it names one by one, when the sentence asks what each
        # card shows ("Beuningen en Goirle ... Wie zijn de contactpersonen van die twee?")
        each = list(dict.fromkeys(ids[0] for ids in named if len(ids) == 1))
        if card and not sentence.mentions and 1 < len(each) == len(named) <= MAX_NAMED_PROJECTS:
            return DialogueContext(subject_kind="project", subject_id=",".join(each))
        people = [r.ids[0] for m in analysis.mentions for r in m.refs if r.kind == "person"]
        if len(people) == 1 == len(analysis.mentions) and sentence.followup_cue:
            return DialogueContext(last_people=people)  # "Thom Verheggen, waar gaat hij ...?"
        parts = {(r.kind, r.ids) for m in analysis.mentions for r in m.refs}
        if not sentence.followup_cue or len(parts) != 1:
            return None
        ((kind, ids),) = parts
        own = {r.ids[0] for m in sentence.mentions for r in m.refs if r.kind == DOCUMENT}
        if kind not in PART_HOME or len(ids) != 1 or not own <= {PART_HOME[kind]}:
            return None
        if len(own) != sum(len(m.refs) for m in sentence.mentions):
            return None  # the sentence names something else
        return DialogueContext(subject_kind=kind, subject_id=ids[0])

    def picked(self, analysis: Analysis, context: DialogueContext) -> Analysis:
        """ "vertel meer over E, welke ...?" after the toolkit's themes (or "en onder D?", "and
        F?" after one theme): a letter of one of them (of any), alone after a preposition (or
        just "en") at the end of a question, names that theme."""
        named = {r.kind for m in analysis.mentions for r in m.refs}
        if context.subject_kind != "theme" or not context.subject_id or named - {DOCUMENT}:
            return analysis
        letters = context.subject_id.split(",")
        if len(letters) == 1:  # "en onder D?" after theme C: any other theme
            letters = [t.letter for t in self.answers.tk.themes]
        tokens = analysis.tokens
        for i, token in enumerate(tokens[1:], start=1):
            ends = i + 1 == len(tokens) or tokens[i + 1] in self._question_starts
            after = tokens[i - 1] in self._prepositions or (  # "en onder D?", "and F?"
                i == 1 and tokens[0] in self._followup_starts
            )
            if token.upper() in letters and after and ends:
                ref = EntityRef("theme", (token.upper(),))
                words = [w for w in analysis.words if w != token]
                mentions = sorted([*analysis.mentions, Mention(i, i + 1, [ref], token)], key=start)
                return replace(analysis, mentions=mentions, words=words)
        return analysis


def switches_document(analysis: Analysis, context: DialogueContext) -> bool:
    """True when the message names a document other than the one talked about."""
    if context.subject_kind != DOCUMENT:
        return False
    named = {r.ids[0] for m in analysis.mentions for r in m.refs if r.kind == DOCUMENT}
    return bool(named) and context.subject_id not in named
