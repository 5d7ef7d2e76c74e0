"""Projects by the period they ran ("welke projecten liepen van januari 2021 tot en met december
2022?"): the question's period is read like the source's own periods (bot/brain/periods.py),
and a project fits when its start and its end fall in the months the question names."""

from __future__ import annotations

from collections.abc import Mapping

from bot.brain.answers import Answers, Composed, Question
from bot.brain.periods import RANGE_WORDS, Span, parse_period
from bot.brain.readings import Scored
from bot.knowledge.schema import Project

# English words between a period's two ends, read as the source's own ("tot", "-").
ENGLISH_RANGE_WORDS = ("until", "till", "through", "to")


class PeriodLookup:
    """The composer of this module, on the projects and the periods read from them."""

    def __init__(
        self,
        projects: list[Project],
        spans: Mapping[str, Span],
        months: Mapping[str, int],
        answers: Answers,
    ) -> None:
        """`months`: month name -> number; `answers`: its composer of the years asked is
        what this composer answers with when the question names no period."""
        self.projects = projects
        self.spans = spans
        self.months = months
        self.by_year = answers.composers["projects_by_year"]
        self.source = answers.kb.projecten.document.title

    def by_period(self, q: Question, scored: Scored) -> Composed:
        """The projects whose period fits the one the question names."""
        asked = self._asked_period(q.analysis.raw)
        if asked is None:  # no period with two ends: the projects of its years
            return self.by_year(q, scored)
        hits = [p for p in self.projects if p.id in self.spans and _fits(self.spans[p.id], asked)]
        label = f"{asked.first_start:%m-%Y} - {asked.last_end:%m-%Y}"
        title = q.say(f"Projecten die liepen van {label}", f"Projects that ran {label}")
        if not hits:
            none = q.say(": geen project in het materiaal.", ": none in the material.")
            return Composed(title + none, self.source, matched=False)
        lines = [f"{title} ({len(hits)}):"]
        lines += [f"- {p.place}: {p.shown_title} ({p.period})" for p in hits]
        return Composed("\n".join(lines), self.source, ("project", ",".join(p.id for p in hits)))

    def _asked_period(self, raw: list[str]) -> Span | None:
        """The period the question's words name from one month (or day) and year to another."""
        # a day only before its month ("welke twee (2) projecten liepen van ..." counts none)
        words = [
            w
            for i, w in enumerate(raw)
            if w in self.months
            or _joins(w)
            or (w.isdigit() and (len(w) == 4 or raw[i + 1 : i + 2] in [[m] for m in self.months]))
        ]
        text = " ".join(words)
        for word in (*RANGE_WORDS, *ENGLISH_RANGE_WORDS):
            if f" {word} " in f" {text} ":
                start, end = f" {text} ".split(f" {word} ", 1)
                if any(ch.isdigit() for ch in start) and any(ch.isdigit() for ch in end):
                    return parse_period(f"{start.strip()} - {end.strip()}", self.months)
        return None


def _joins(word: str) -> bool:
    """True for a word between a period's ends ("tot", "en", "met", "to")."""
    return word in {"tot", "en", "met", "-", *ENGLISH_RANGE_WORDS}


def _fits(span: Span, asked: Span) -> bool:
    """True when the project starts within the asked start and ends within the asked end for
    certain ("2021 - 2022" may start in any month of 2021, so it fits no "januari 2021")."""
    starts = asked.first_start <= span.first_start and span.last_start <= asked.last_start
    ends = asked.first_end <= span.first_end and span.last_end <= asked.last_end
    return starts and ends
