"""Answers about the Leernetwerk: dagdelen, the programme, dates, signing up, a person."""

from __future__ import annotations

from bot.brain.answers.base import AnswerBase, Composed, Question, on_date, pick_numbered
from bot.brain.entities import document_ids
from bot.brain.readings import Scored
from bot.domain import Action
from bot.knowledge.schema import Dagdeel

# Attributes asked that a dagdeel's speaker's name answers.
NAME_ATTRIBUTES = frozenset({"speaker", "who"})


class LeernetwerkAnswers(AnswerBase):
    """Composers for the Leernetwerk's structured data."""

    def _speaker(self, d: Dagdeel, q: Question) -> str:
        if d.speakers:
            return ", ".join(d.speakers)
        if d.speaker_note:
            return q.say(d.speaker_note, d.speaker_note_en or d.speaker_note)
        return q.say("nog niet bekend", "not known yet")

    def _dagdeel_line(self, d: Dagdeel, q: Question) -> str:
        when = f"{q.weekday(self.ln.weekday)} {q.date(d.date)}"
        return f"{d.number}. {when}: {d.title} ({self._speaker(d, q)})"

    def dagdeel(self, q: Question, scored: Scored) -> Composed:
        """Dagdeel N: date, title, speaker; honest about numbers that don't exist."""
        ids = q.ids("dagdeel")
        if not ids:
            return self.programme(q, scored)
        found, parts = pick_numbered(
            ids,
            self.ln.dagdelen,
            q.say(
                "Dagdeel {n} bestaat niet: het Leernetwerk heeft {total} dagdelen "
                "(dagdeel 1 t/m {total}).",
                "There is no dagdeel {n}: the Leernetwerk has {total} dagdelen (half-day "
                "sessions 1 to {total}).",
            ),
        )
        for d in found:
            when = f"{q.weekday(self.ln.weekday)} {q.date(d.date)}"
            if q.english:
                lines = [
                    f"Session {d.number} (dagdeel {d.number}): {d.title}",
                    f"When: {when} (the source gives no year)",
                    f"Speaker: {self._speaker(d, q)}",
                ]
                lines += [statement.en for statement in d.statements]
            else:
                year_note = self.ln.year_note.lower().rstrip(".")
                lines = [
                    f"Dagdeel {d.number}: {d.title}",
                    f"Wanneer: {when} ({year_note})",
                    f"Spreker: {self._speaker(d, q)}",
                ]
                lines += [d.summary, *(statement.nl for statement in d.statements)]
            parts.append("\n".join(lines))
        subject = ("dagdeel", str(found[-1].number)) if found else None
        if len(found) == 1 and not found[0].speakers and q.attributes & NAME_ATTRIBUTES:
            # "hoe heet de spreker van dagdeel 4": the source names nobody, so not sure (and
            # "en die daarna?" moves on from it)
            d = found[0]
            text = q.say(
                f"De bron noemt de spreker van dagdeel {d.number} niet bij naam: "
                f"{self._speaker(d, q)}.",
                f"The source does not name the speaker of session {d.number} (dagdeel "
                f"{d.number}): {self._speaker(d, q)}.",
            )
            return Composed(
                f"{text}\n\n{parts[-1]}", self.ln.document.title, subject, matched=False
            )
        # only numbers that don't exist: not in the material, said honestly
        return Composed("\n\n".join(parts), self.ln.document.title, subject, matched=bool(found))

    def programme(self, q: Question, scored: Scored) -> Composed:
        """All dagdelen with date, title and speakers."""
        total = len(self.ln.dagdelen)
        lead = q.say(
            f"Het programma van het Leernetwerk bestaat uit {total} dagdelen, {self.ln.rhythm}, "
            f"steeds op {self.ln.weekday}. {self.ln.year_note}",
            f"The Leernetwerk programme has {total} dagdelen (half-day sessions), "
            f"{self.ln.rhythm_en}, always on a {q.weekday(self.ln.weekday)}. "
            f"{self.ln.year_note_en}",
        )
        lines = [lead, "", *(self._dagdeel_line(d, q) for d in self.ln.dagdelen)]
        return Composed("\n".join(lines), self.ln.document.title, ("document", "leernetwerk"))

    def date(self, q: Question, scored: Scored) -> Composed:
        """What happens on a date or in a month (dagdelen, and the mayors' leergang)."""
        wanted = q.ids("date")
        # "leernetwerk bijeenkomst in mei": only the documents the question names
        named = set(document_ids(q.analysis))
        dagdelen = self.ln.dagdelen if not named or self.ln.document.id in named else []
        hits = [d for d in dagdelen if any(on_date(d.date, w) for w in wanted)]
        lines = [self._dagdeel_line(d, q) for d in hits]
        source = self.ln.document.title
        for sheet in self.kb.sheets:
            if named and sheet.document.id not in named:
                continue
            events = [e for e in sheet.dates if any(on_date(e, w) for w in wanted)]
            if events:
                name = q.say(sheet.name, f"the {sheet.document.title}")
                shown = ", ".join(q.event(e) for e in events)
                lines.append(f"{name[0].upper()}{name[1:]}: {shown}")
                source = f"{source}; {sheet.document.title}" if hits else sheet.document.title
        if not lines and not dagdelen:
            # Only a sheet asked about, with no date there: its dates, which leave the
            # asked one unexplained (calibration then says the material doesn't give it).
            asked = [s for s in self.kb.sheets if s.document.id in named]
            lines = [
                f"{q.say(s.name, f'the {s.document.title}')}: {', '.join(s.dates)}" for s in asked
            ]
            source = "; ".join(s.document.title for s in asked) or source
        if not lines:
            dates = ", ".join(q.date(d.date) for d in self.ln.dagdelen)
            if len(wanted) > 2:  # a range of days ("van 1 t/m 10 maart")
                when_nl = f"Van {wanted[0]} tot en met {wanted[-1]}"
                when_en = f"from {q.date(wanted[0])} to {q.date(wanted[-1])}"
            else:
                when_nl = f"Op {' / '.join(wanted)}"
                when_en = f"on {' / '.join(q.date(w) for w in wanted)}"
            text = q.say(
                f"{when_nl} staat niets in het programma. De dagdelen van het Leernetwerk zijn "
                f"op: {dates}.",
                f"Nothing in the programme falls {when_en}. The Leernetwerk's dagdelen are on: "
                f"{dates}.",
            )
            return Composed(text, self.ln.document.title)
        # The dagdelen listed are what a follow-up picks from ("wie spreekt bij de laatste?");
        # a sheet's dates alone keep its document the subject ("en hoe laat begint het?").
        only_dagdelen = len(lines) == len(hits)
        subject = ("dagdeel", ",".join(str(d.number) for d in hits)) if only_dagdelen else None
        if only_dagdelen and len(hits) > 1:  # "hoeveel bijeenkomsten zijn er voor de zomer?"
            lines.insert(0, q.say(f"{len(hits)} dagdelen:", f"{len(hits)} sessions (dagdelen):"))
        documents = [s.document.id for s in self.kb.sheets if s.document.title in source]
        if not hits and len(documents) == 1:
            subject = ("document", documents[0])
        return Composed("\n".join(lines), source, subject, details=False)

    def signup(self, q: Question, scored: Scored) -> Composed:
        """How to join the Leernetwerk (channels start the sign-up form on action=signup)."""
        c = self.ln.contact
        text = q.say(
            f"Aanmelden voor het Leernetwerk kan via het {c.organisation}: mail {c.email} of "
            f"bel {c.person}, T {c.phone}. {self.ln.places_note}",
            f"To join the Leernetwerk, contact the {c.organisation}: e-mail {c.email} or call "
            f"{c.person}, T {c.phone}. {self.ln.places_note_en}",
        )
        return Composed(
            text, self.ln.document.title, ("document", "leernetwerk"), action=Action.SIGNUP
        )

    def handoff(self, q: Question, scored: Scored) -> Composed:
        """A wish to talk to a person: the coordinators' contact, and action "handoff" so a
        channel can pass the conversation on."""
        c = self.ln.contact
        text = q.say(
            f"Ik breng je graag in contact met een mens. Voor het Leernetwerk is dat "
            f"{c.person} (T {c.phone}) of het {c.organisation} ({c.email}).",
            f"I'll gladly put you in touch with a person. For the Leernetwerk that is "
            f"{c.person} (T {c.phone}) or the {c.organisation} ({c.email}).",
        )
        return Composed(text, self.ln.document.title, action=Action.HANDOFF)
