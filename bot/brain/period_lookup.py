"""Projects by the period they ran ("welke projecten liepen van januari 2021 tot en met december
2022?"): the question's period is read like the source's own periods (bot/brain/periods.py),
and a project fits when its start and its end fall in the months the question names."""

from __future__ import annotations

from collections.abc import Mapping

from bot.brain.answers import Answers, Composed, Question
from bot.brain.answers.base import project_line
from bot.brain.normalize import tokenise
from bot.brain.periods import Span, parse_period
from bot.brain.readings import Scored
from bot.knowledge.schema import Project

MOMENT_WORDS = 3  # "1 mei 2021": a day, a month and a year
DAY_DIGITS = 2
YEAR_DIGITS = 4


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
        what this composer answers with when the question names no period. The words between
        a period's ends are normalisation.yaml's `range_words`."""
        self.projects = projects
        self.spans = spans
        self.months = months
        phrases = {tuple(tokenise(p)) for p in answers.kb.normalisation.range_words}
        self.range_words = sorted(phrases, key=len, reverse=True)  # "tot en met" before "tot"
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
        lines += [project_line(p) for p in hits]
        return Composed("\n".join(lines), self.source, ("project", ",".join(p.id for p in hits)))

    def _asked_period(self, raw: list[str]) -> Span | None:
        """The period the question's words name from one month (or day) and year to another
        ("van januari 2021 tot en met december 2022", "from 22 August 2022 to 30 July 2023")."""
        for i in range(1, len(raw)):
            for phrase in self.range_words:
                if tuple(raw[i : i + len(phrase)]) != phrase:
                    continue
                start = self._moment(raw[:i][::-1])[::-1]
                end = self._moment(raw[i + len(phrase) :])
                if any(w.isdigit() for w in start) and any(w.isdigit() for w in end):
                    return parse_period(f"{' '.join(start)} - {' '.join(end)}", self.months)
        return None

    def _moment(self, words: list[str]) -> list[str]:
        """The words a moment starts `words` with: a day, a month and a year, in any order
        ("1 mei 2021", "mei 2021", "2021"; read backwards too)."""
        taken: list[str] = []
        for word in words[:MOMENT_WORDS]:
            day = word.isdigit() and len(word) <= DAY_DIGITS
            if not (word in self.months or day or (word.isdigit() and len(word) == YEAR_DIGITS)):
                break
            taken.append(word)
        return taken


def _fits(span: Span, asked: Span) -> bool:
    """True when the project starts within the asked start and ends within the asked end for
    certain ("2021 - 2022" may start in any month of 2021, so it fits no "januari 2021")."""
    starts = asked.first_start <= span.first_start and span.last_start <= asked.last_start
    ends = asked.first_end <= span.first_end and span.last_end <= asked.last_end
    return starts and ends
