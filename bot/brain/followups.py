"""Follow-ups: a message read on the conversation's subject ("en wie spreekt er?", "the
next one?"), a clarification of the last question ("ik bedoel die van Capelle"), narrowing the
remembered list ("die uit 2021"), and a switch to another document."""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import replace
from operator import attrgetter

from bot.brain.answers import Answers
from bot.brain.context import DialogueContext
from bot.brain.entities import (
    FOLLOWUP_TOKENS,
    HOME_DOCUMENT,
    NUMBERED_IN_DOCUMENT,
    PART_HOME,
    Analysis,
    Mention,
    numbered_id,
)
from bot.brain.lexicon import DOCUMENT, EntityRef, person_key
from bot.brain.matcher import IntentMatcher
from bot.brain.readings import (
    Example,
    Interpretation,
    Scored,
    Target,
    document_feature,
    interpretations,
    placeholder,
)

# A reading that borrows the remembered subject counts as much as one that stands on its own
# (and wins a tie), and more when the message reads like a follow-up ("en ...?", "daar", "hun").
CONTEXT_FACTOR = 1.0
FOLLOWUP_FACTOR = 1.1
# Concepts that only say what kind of thing is meant ("die van het project uit 2021").
KIND_WORDS = frozenset({"project", "dagdeel", "werkpakket", "thema"})
# A follow-up read as about another document's things than the one talked about keeps this.
FOREIGN_FOLLOWUP_FACTOR = 0.6
# The document a subject of each kind is told in: its parts', and a project's.
SUBJECT_HOME = {**PART_HOME, "project": "projecten"}
start = attrgetter("start")
# A clarification of the last question ("die van Capelle") is answered with this confidence.
CLARIFICATION_SCORE = 0.6
NARROWING_SCORE = 0.95
# A follow-up with at most this many words of its own may ask the last question again.
SAME_QUESTION_WORDS = 2

# Kinds of entity a sentence may make the subject of the next one, in order of preference.
SUBJECT_KINDS = ("project", "dagdeel", "werkpakket")


class Followups:
    """Readings of a message in the light of the conversation; see the module docstring."""

    def __init__(self, matcher: IntentMatcher, answers: Answers) -> None:
        self.matcher = matcher
        self.answers = answers
        self.group_cues = answers.kb.normalisation.group_cues
        words = answers.kb.normalisation
        self._prepositions = frozenset(words.question_prepositions)
        self._question_starts = frozenset(words.question_starts)
        self._followup_starts = frozenset(words.followup_starts)  # "en", "and"
        self._contrasting = frozenset(
            [*words.contrasting, *(w for ws in words.superlatives.values() for w in ws)]
        )

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
        reading = Interpretation(
            {}, [document], set(context.last_words) | {document_feature(document)}, True
        )
        ranked = self.matcher.score([reading])
        return ranked[0] if ranked else None

    def same_question(self, analysis: Analysis, context: DialogueContext) -> Scored | None:
        """ "en de minste?", "en in 2022?", "and the shortest?" right after an answer: the
        last question again, its words with the message's own (and what it names)."""
        opens = bool(analysis.tokens) and analysis.tokens[0] in self._followup_starts
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

    @staticmethod
    def discount_foreign(
        ranked: Iterable[Scored], analysis: Analysis, context: DialogueContext, points: bool
    ) -> None:
        """Each score times its reading's foreign_factor (skipped where all are 1); a
        follow-up naming nothing ("and who developed it?") read as another document's fact
        than the one talked about, also when a part of it is talked about (a toolkit theme);
        and a step from the subject ("daarna") read without the subject. `points`: the
        message points back at the subject ("who's running it and how can I reach her?")."""
        kind = context.subject_kind
        if analysis.step and context.subject_id and not analysis.mentions:
            # "en wie doet het dagdeel daarna?": a step from the subject talked about is
            # about that subject moved, not about something read without it
            for scored in ranked:
                if not scored.interpretation.from_context:
                    scored.score *= FOREIGN_FOLLOWUP_FACTOR
        home = context.subject_id if kind == DOCUMENT else SUBJECT_HOME.get(kind or "")
        short = (len(analysis.tokens) <= FOLLOWUP_TOKENS or points) and not analysis.mentions
        if kind == DOCUMENT and not analysis.followup_cue and _only_dates(analysis):
            # "welke data zijn het in april?" asks the document talked about's dates
            for scored in ranked:
                scored.score *= Followups.foreign_factor(scored.interpretation, analysis, context)
        if not home or not (analysis.followup_cue or short):
            return
        for scored in ranked:
            if kind == DOCUMENT and analysis.followup_cue:
                scored.score *= Followups.foreign_factor(scored.interpretation, analysis, context)
            document = scored.target.document
            if document and document.id != home and not analysis.mentions:
                scored.score *= FOREIGN_FOLLOWUP_FACTOR

    @staticmethod
    def foreign_factor(
        reading: Interpretation, analysis: Analysis, context: DialogueContext
    ) -> float:
        """Less than 1 for a follow-up ("en in juni?") in a conversation about one document
        read, without that context, as being about another document's things (a Leernetwerk
        dagdeel in June, while the mayors' leergang is talked about)."""
        if (
            context.subject_kind != DOCUMENT
            or not (analysis.followup_cue or _only_dates(analysis))
            or reading.from_context
            or reading.documents
            or not reading.entities
        ):
            return 1.0
        foreign = all(
            HOME_DOCUMENT.get(kind, context.subject_id) != context.subject_id
            for kind in reading.entities
        )
        return FOREIGN_FOLLOWUP_FACTOR if foreign else 1.0

    def context_readings(
        self, analysis: Analysis, readings: list[Interpretation], context: DialogueContext
    ) -> list[Interpretation]:
        """The readings of a message that names nothing of its own kind, on the remembered
        subject: a document's facts, or the entity (moved by "de volgende", "de tweede")."""
        kind, subject = context.subject_kind, context.subject_id
        if not kind or not subject:
            return []
        result: list[Interpretation] = []
        for reading in readings:
            if kind == DOCUMENT:
                if reading.documents:
                    continue
                numbered = self._numbered_pick(subject, analysis, reading)
                if numbered is not None:
                    result.append(numbered)
                    continue
                # In the mayors' leergang, "de laatste bijeenkomst" is no Leernetwerk dagdeel:
                # names of another document's things fall away.
                entities = {
                    k: v
                    for k, v in reading.entities.items()
                    if HOME_DOCUMENT.get(k, subject) == subject
                }
                features = {
                    f for f in reading.features if not f.startswith("@") or f[1:] in entities
                } | {document_feature(subject)}
                result.append(Interpretation(entities, [subject], features, True))
                continue
            if reading.entities:
                continue
            kind, ids = self._moved(kind, tuple(subject.split(",")), analysis)
            result.append(subject_reading(kind, ids, reading.features, reading.documents))
        return result

    def _moved(
        self, kind: str, ids: tuple[str, ...], analysis: Analysis
    ) -> tuple[str, tuple[str, ...]]:
        """The remembered subject moved by "de volgende", "de tweede", "nummer 12"."""
        if kind == "person" and analysis.step:
            # "wie spreekt in het dagdeel daarna?" after a speaker: the next dagdeel
            kind, ids = self._speaker_dagdeel(ids)
        if kind == "werkpakket" and len(ids) == 1 and self._asks_group(analysis):
            # "welke werkpakketten zitten daar nog meer in?" after one: those of its theme
            kind, ids = (
                "theme",
                tuple(w.theme for w in self.answers.tk.werkpakketten if str(w.number) == ids[0]),
            )
        if (
            kind == "theme"
            and analysis.ordinal is not None
            and (len(ids) == 1 or analysis.ordinal > len(ids))
        ):
            # "vertel meer over de eerste" after one theme's list: its first werkpakket;
            # "nummer 12" after the themes: werkpakket 12 ("de vierde" is the 4th theme)
            kind, ids = "werkpakket", self._theme_members(ids)
        if kind == "theme" and analysis.step and len(ids) == 1:
            # "en het deel daarvoor?" after theme F: theme E
            letters = [t.letter for t in self.answers.tk.themes]
            if ids[0] in letters:  # (none before A or after F: a letter of no theme)
                index = letters.index(ids[0]) + analysis.step
                return kind, (letters[index] if 0 <= index < len(letters) else "?",)
        return kind, _followup_ids(kind, ids, analysis)

    def _asks_group(self, analysis: Analysis) -> bool:
        """True when the message asks for werkpakketten, plural (normalisation `group_cues`)."""
        raw = f" {' '.join(analysis.raw)} "
        return any(f" {cue} " in raw for cue in self.group_cues)

    def _speaker_dagdeel(self, people: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
        """The dagdeel the one remembered person speaks at, or the person as remembered."""
        numbers = [
            str(d.number)
            for d in self.answers.ln.dagdelen
            if any(person_key(s) in people for s in d.speakers)
        ]
        return ("dagdeel", tuple(numbers)) if len(numbers) == 1 else ("person", people)

    def _theme_members(self, letters: tuple[str, ...]) -> tuple[str, ...]:
        """The numbers of the werkpakketten of toolkit themes, in order."""
        return tuple(
            str(w.number)
            for letter in letters
            for w in self.answers.tk.werkpakketten
            if w.theme == letter
        )

    @staticmethod
    def _numbered_pick(
        subject: str, analysis: Analysis, reading: Interpretation
    ) -> Interpretation | None:
        """ "nummer 3", "de laatste" in a conversation about a document with numbered parts
        (the Leernetwerk's dagdelen, the toolkit's werkpakketten): that part."""
        kind = NUMBERED_IN_DOCUMENT.get(subject)
        if kind is None or analysis.ordinal is None or reading.entities:
            return None
        return subject_reading(kind, (numbered_id(analysis.ordinal),), reading.features)


def subject_reading(
    kind: str,
    ids: tuple[str, ...],
    features: AbstractSet[str] = frozenset(),
    documents: list[str] | None = None,
) -> Interpretation:
    """A reading about a subject the conversation supplies (no span of the message names it)."""
    ref = EntityRef(kind, ids)
    entities = {kind: [(Mention(0, 0, [ref], ""), ref)]}
    return Interpretation(entities, documents or [], set(features) | {placeholder(kind)}, True)


def switches_document(analysis: Analysis, context: DialogueContext) -> bool:
    """True when the message names a document other than the one talked about."""
    if context.subject_kind != DOCUMENT:
        return False
    named = {r.ids[0] for m in analysis.mentions for r in m.refs if r.kind == DOCUMENT}
    return bool(named) and context.subject_id not in named


def _followup_ids(kind: str, ids: tuple[str, ...], analysis: Analysis) -> tuple[str, ...]:
    """The remembered subject, moved by "de vijfde", "de laatste", "de volgende" or, in a list
    of several, picked by "de tweede"."""
    numbered = kind in ("dagdeel", "werkpakket")
    if analysis.ordinal is not None:
        if numbered and len(ids) <= 1:
            return (numbered_id(analysis.ordinal),)
        if len(ids) > 1:
            index = len(ids) + analysis.ordinal if analysis.ordinal < 0 else analysis.ordinal - 1
            return (ids[index],) if 0 <= index < len(ids) else ids
    if analysis.step and numbered and len(ids) == 1 and ids[0].isdigit():
        return (str(int(ids[0]) + analysis.step),)
    return ids


def _only_dates(analysis: Analysis) -> bool:
    """True for a message naming only dates or months ("welke data zijn het in april?"): in
    a conversation about a document, its dates."""
    return bool(analysis.mentions) and all(
        any(r.kind == "date" for r in m.refs) for m in analysis.mentions
    )
