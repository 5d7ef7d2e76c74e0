"""The sessions of a fact sheet's dated programme (the mayors' leergang): its dates grouped into
sessions of consecutive days ("donderdagavond 21 maart 2019 en vrijdag 22 maart 2019"), so
"wanneer is de tweede bijeenkomst van de leergang?" and "en de laatste?" get one session."""

from __future__ import annotations

from bot.brain.answers.base import Composed, Question
from bot.brain.answers.people import PeopleAnswers
from bot.brain.entities import document_ids, number_of, numbered_id
from bot.brain.normalize import tokenise
from bot.brain.readings import Scored
from bot.knowledge.schema import FactSheet

# The kind whose numbered mention ("de tweede bijeenkomst") may stand for a session.
SESSION_KIND = "dagdeel"


def sessions(dates: list[str]) -> list[list[str]]:
    """`dates` grouped into sessions: a date the day after the one before, in the same month,
    joins its session."""
    grouped: list[list[str]] = []
    previous: tuple[int, str] | None = None
    for event in dates:
        day_month = [t for t in tokenise(event) if t.isdigit() and len(t) <= 2]
        words = event.split()
        month = words[2] if len(words) > 2 else ""
        day = int(day_month[0]) if day_month else -1
        if grouped and previous is not None and previous == (day - 1, month):
            grouped[-1].append(event)
        else:
            grouped.append([event])
        previous = (day, month)
    return grouped


class SessionAnswers(PeopleAnswers):
    """The composer of a sheet's sessions (and, for all of them, the fact's answer)."""

    def sheet_sessions(self, q: Question, scored: Scored) -> Composed:
        """One session of the dated sheet the question is about ("de laatste"), or the
        matched fact's answer (all of them)."""
        sheet = self._dated_sheet(q, scored)
        if sheet is None:
            return self.fact(q, scored)
        found = sessions(sheet.dates)
        asked = self._asked_number(q, len(found))
        if asked is None:  # all of them: the fact's own answer
            return self.fact(q, scored)
        name = q.say(sheet.name, f"the {sheet.document.title}")
        if not 1 <= asked <= len(found):
            text = q.say(
                f"{name[0].upper()}{name[1:]} heeft {len(found)} bijeenkomsten.",
                f"The {sheet.document.title} has {len(found)} sessions.",
            )
            return Composed(text, sheet.document.title, matched=False)
        session = self._dates(found[asked - 1], q)
        text = q.say(
            f"Bijeenkomst {asked} van {len(found)} van {name}: {session}.",
            f"Session {asked} of {len(found)} of the {sheet.document.title}: {session}.",
        )
        return Composed(text, sheet.document.title, ("document", sheet.document.id))

    def _dated_sheet(self, q: Question, scored: Scored) -> FactSheet | None:
        """The sheet with dates that the matched intent (or the question) is about."""
        wanted = {scored.target.document.id} if scored.target.document else set()
        wanted |= set(document_ids(q.analysis))
        return next((s for s in self.kb.sheets if s.dates and s.document.id in wanted), None)

    @staticmethod
    def _asked_number(q: Question, total: int) -> int | None:
        """The session asked by its place ("de tweede", "de laatste"), else None."""
        if q.analysis.ordinal is not None:
            return number_of(numbered_id(q.analysis.ordinal), total)
        numbered = q.ids(SESSION_KIND)
        return number_of(numbered[0], total) if numbered else None

    @staticmethod
    def _dates(session: list[str], q: Question) -> str:
        """A session's dates in the reply's language."""
        return q.say(" en ", " and ").join(q.event(e) for e in session)
