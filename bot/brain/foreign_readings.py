"""Readings of a follow-up as about another document's things than the one talked about
("en in juni?" while the mayors' leergang is talked about), which score less."""

from __future__ import annotations

from collections.abc import Iterable

from bot.brain.context import DialogueContext
from bot.brain.entities import FOLLOWUP_TOKENS, HOME_DOCUMENT, PART_HOME, Analysis
from bot.brain.lexicon import DOCUMENT
from bot.brain.readings import Interpretation, Scored

# A follow-up read as about another document's things than the one talked about keeps this.
FOREIGN_FOLLOWUP_FACTOR = 0.6
# The document a subject of each kind is told in: its parts', and a project's.
SUBJECT_HOME = {**PART_HOME, "project": "projecten"}


class ForeignReadings:
    """Discounts the readings of a follow-up about another document's things."""

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
                scored.score *= ForeignReadings.foreign_factor(
                    scored.interpretation, analysis, context
                )
        if not home or not (analysis.followup_cue or short):
            return
        for scored in ranked:
            if kind == DOCUMENT and analysis.followup_cue:
                scored.score *= ForeignReadings.foreign_factor(
                    scored.interpretation, analysis, context
                )
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


def _only_dates(analysis: Analysis) -> bool:
    """True for a message naming only dates or months ("welke data zijn het in april?"): in
    a conversation about a document, its dates."""
    return bool(analysis.mentions) and all(
        any(r.kind == "date" for r in m.refs) for m in analysis.mentions
    )
