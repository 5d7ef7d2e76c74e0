"""The conversation's subject as a reading of a message that names nothing of its own kind: a
document's facts, or the remembered entity, moved by "de volgende", "de tweede", "nummer 12"."""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from bot.brain.answers import Answers
from bot.brain.context import DialogueContext
from bot.brain.entities import (
    HOME_DOCUMENT,
    NUMBERED_IN_DOCUMENT,
    Analysis,
    Mention,
    numbered_id,
)
from bot.brain.lexicon import DOCUMENT, EntityRef, person_key
from bot.brain.readings import Interpretation, document_feature, placeholder

# Concepts that only say what kind of thing is meant ("die van het project uit 2021").
KIND_WORDS = frozenset({"project", "dagdeel", "werkpakket", "thema"})


class SubjectReadings:
    """Reads a message on the remembered subject, with the parts the Followups build."""

    answers: Answers
    group_cues: list[str]

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
