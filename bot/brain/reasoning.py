"""Structured reasoning over the projects and the programme: superlatives, start versus run
years, counts and complete lists.

Periods are read from the source's own wording (bot/brain/periods.py) into the earliest and
latest day they can mean, so a comparison is honest about periods the source gives only in
months or years: ties are named, never hidden.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from bot.brain.answers import Answers, Composed, Composer, Question
from bot.brain.answers.base import project_line
from bot.brain.normalize import tokenise
from bot.brain.period_lookup import PeriodLookup
from bot.brain.periods import Span, month_numbers, project_spans
from bot.brain.readings import Scored
from bot.knowledge.schema import Order, Project

# Concepts (knowledge/vocabulary.yaml) that pick what a superlative or year question is about.
LONGEST, SHORTEST = "langst", "kortst"
ENDED, LAST = "eindigde", "laatste"
ROUND = "ronde"  # "in dezelfde ronde als Beesel"
REASONING_CONCEPTS = frozenset({LONGEST, SHORTEST, ENDED, LAST, ROUND})
MUNICIPALITY = "gemeente"  # the concept whose words start a gemeente's own name


def _longest(s: Span) -> tuple[int, int]:
    return (s.first_end - s.last_start).days, (s.last_end - s.first_start).days


def _shortest(s: Span) -> tuple[int, int]:
    lo, hi = _longest(s)
    return -hi, -lo


def _started_last(s: Span) -> tuple[int, int]:
    return s.first_start.toordinal(), s.last_start.toordinal()


def _started_first(s: Span) -> tuple[int, int]:
    return -s.last_start.toordinal(), -s.first_start.toordinal()


def _ended_last(s: Span) -> tuple[int, int]:
    return s.first_end.toordinal(), s.last_end.toordinal()


def _ended_first(s: Span) -> tuple[int, int]:
    return -s.last_end.toordinal(), -s.first_end.toordinal()


# Each order, on the start date or (True) the end date, as the measure of _best: bigger is
# "more" ("de oudste": the earliest start; "eindigt het eerst": the earliest end).
ORDER_MEASURES: dict[tuple[Order, bool], Callable[[Span], tuple[int, int]]] = {
    (Order.EARLIEST, False): _started_first,
    (Order.EARLIEST, True): _ended_first,
    (Order.LATEST, False): _started_last,
    (Order.LATEST, True): _ended_last,
    (Order.LONGEST, False): _longest,
    (Order.LONGEST, True): _longest,
    (Order.SHORTEST, False): _shortest,
    (Order.SHORTEST, True): _shortest,
}


class Reasoning:
    """The composers of this module, bound to the projects of one knowledge base."""

    def __init__(self, answers: Answers) -> None:
        self.answers = answers
        self.projects = list(answers.projects.values())
        self.months = month_numbers(answers.kb.normalisation.months)
        self.spans = project_spans(answers.kb)
        self.source = answers.kb.projecten.document.title
        self.superlatives = [
            (" ".join(tokenise(phrase)), order)
            for order, phrases in answers.kb.normalisation.superlatives.items()
            for phrase in phrases
        ]

    def _named(self, q: Question) -> list[Project]:
        """The projects the question names."""
        return [self.answers.projects[i] for i in q.ids("project") if i in self.answers.projects]

    @staticmethod
    def _line(p: Project) -> str:
        return project_line(p)

    # --- superlatives -------------------------------------------------------------------

    def extremes(self, q: Question, scored: Scored) -> Composed:
        """The project that ran longest or shortest, started or ended first or last."""
        words = set(q.analysis.words)
        last = q.analysis.ordinal == -1 or LAST in words
        # Each measure gives the lowest and highest value a period can mean; bigger is "more".
        measure: Callable[[Span], tuple[int, int]]
        ranks_by = self._ranks_by(q)
        if LONGEST in words or ranks_by is Order.LONGEST:
            measure, nl, en = _longest, "het langst liep", "ran the longest"
        elif SHORTEST in words or ranks_by is Order.SHORTEST:
            measure, nl, en = _shortest, "het kortst liep", "was the shortest"
        elif ENDED in words:
            measure, nl, en = (
                (_ended_last, "als laatste eindigde", "ended last")
                if last
                else (_ended_first, "als eerste eindigde", "ended first")
            )
        elif last or ranks_by is Order.LATEST:
            measure, nl, en = _started_last, "als laatste begon", "started last"
        else:
            measure, nl, en = _started_first, "als eerste begon", "started first"
        return self._best(q, measure, nl, en)

    def _ranks_by(self, q: Question) -> Order | None:
        """The order the question's first superlative ranks by ("later": the latest)."""
        raw = f" {' '.join(q.analysis.raw)} "
        found = [(raw.find(f" {p} "), o) for p, o in self.superlatives if f" {p} " in raw]
        return min(found)[1] if found else None

    def _best(
        self, q: Question, measure: Callable[[Span], tuple[int, int]], nl: str, en: str
    ) -> Composed:
        """The project(s) surely at the top of `measure`, then those whose period, given only
        in months or years, may equal or pass it."""
        # "welk van de twee begon het eerst, Asten of Capelle": only the projects named.
        named = [i for i in q.ids("project") if i in self.spans]
        spans = {i: self.spans[i] for i in named} if len(named) >= 2 else self.spans
        values = {i: measure(s) for i, s in spans.items()}
        floor = max(lo for lo, _hi in values.values())
        candidates = sorted(
            (i for i, (_lo, hi) in values.items() if hi >= floor),
            key=lambda i: sum(values[i]),
            reverse=True,
        )
        leaders = [self.answers.projects[i] for i in candidates if values[i][0] == floor]
        others = [self.answers.projects[i] for i in candidates if values[i][0] != floor]
        lead = (
            f"The project that {en}, going by the periods on the page:"
            if q.english
            else f"Het project dat {nl}, volgens de looptijden op de pagina:"
        )
        lines = [lead, *(self._line(p) for p in leaders)]
        if others:
            lines.append(
                "These give only months or years, so they may equal or pass it:"
                if q.english
                else "Deze noemen alleen maanden of jaren en kunnen er gelijk mee liggen of "
                "erboven uitkomen:"
            )
            lines += [self._line(p) for p in others]
        # the other projects named, to compare with
        rest = [self.answers.projects[i] for i in named if i not in candidates]
        if len(named) >= 2 and rest:
            lines.append("The other:" if q.english else "De andere:")
            lines += [self._line(p) for p in rest]
        ids = ",".join(p.id for p in leaders + others + rest)
        return Composed("\n".join(lines), self.source, ("project", ids))

    # --- years and counts -----------------------------------------------------------------

    def by_start_year(self, q: Question, scored: Scored) -> Composed:
        """Projects that started (or ended) in a year, as opposed to ran in it."""
        years = [int(y) for y in q.ids("year")]
        ended = ENDED in q.analysis.words
        field = "first_end" if ended else "first_start"
        if not years:  # "hoeveel projecten begonnen er per jaar"
            return self._per_year(q, field, ended)
        hits = [
            p
            for p in self.projects
            if p.id in self.spans and getattr(self.spans[p.id], field).year in years
        ]
        label = " of ".join(str(y) for y in years)
        # "in november 2022": only those the source dates in that month for certain
        asked = [m for m in q.ids("date") if m in self.months]
        if asked:
            numbers = {self.months[m] for m in asked}
            moments = ("first_end", "last_end") if ended else ("first_start", "last_start")
            hits = [
                p for p in hits if {getattr(self.spans[p.id], f).month for f in moments} <= numbers
            ]
            english = self.answers.kb.labels.english_months
            names = [q.say(m, english.get(m, m)) for m in asked]
            label = q.say(" of ", " or ").join(f"{m} {y}" for m in names for y in years)
        if q.english:
            verb = "ended" if ended else "started"
            title = f"Projects that {verb} in {label} ({len(hits)})"
        else:
            verb = "eindigden" if ended else "begonnen"
            title = f"Projecten die {verb} in {label} ({len(hits)})"
        lines = [title + ":", *(self._line(p) for p in hits)]
        if not hits:
            lines = [title + "."]
        return Composed("\n".join(lines), self.source, ("project", ",".join(p.id for p in hits)))

    def _per_year(self, q: Question, field: str, ended: bool) -> Composed:
        """How many projects started (or ended) in each year, by the periods on the page."""
        by_year: dict[int, list[Project]] = defaultdict(list)
        for p in self.projects:
            if p.id in self.spans:
                by_year[getattr(self.spans[p.id], field).year].append(p)
        if q.english:
            lead = f"Projects that {'ended' if ended else 'started'} per year:"
        else:
            lead = f"Projecten die {'eindigden' if ended else 'begonnen'} per jaar:"
        lines = [lead]
        for year, ps in sorted(by_year.items()):
            lines.append(f"- {year} ({len(ps)}): {', '.join(p.place for p in ps)}")
        return Composed("\n".join(lines), self.source)

    def several(self, q: Question, scored: Scored) -> Composed:
        """Organisations with more than one project, with their projects."""
        by_place: dict[str, list[Project]] = defaultdict(list)
        for p in self.projects:
            by_place[p.place].append(p)
        multiple = {place: ps for place, ps in sorted(by_place.items()) if len(ps) > 1}
        lead = (
            f"{len(multiple)} organisations have more than one project:"
            if q.english
            else f"{len(multiple)} organisaties hebben meer dan één project:"
        )
        lines = [lead]
        for place, ps in multiple.items():
            lines.append(f"{place} ({len(ps)}):")
            lines += [f"  {self._line(p)}" for p in ps]
        ids = ",".join(p.id for ps in multiple.values() for p in ps)
        return Composed("\n".join(lines), self.source, ("project", ids))

    def per_round(self, q: Question, scored: Scored) -> Composed:
        """How many projects each subsidy round has, the round(s) with the most first named."""
        by_round: dict[str, list[Project]] = defaultdict(list)
        for p in self.projects:
            if p.round:
                by_round[p.round].append(p)
        most = max(len(ps) for ps in by_round.values())
        tops = [r for r, ps in sorted(by_round.items()) if len(ps) == most]
        top = q.say(" en ", " and ").join(tops)
        nl, en = ("rondes", "rounds") if len(tops) > 1 else ("ronde", "round")
        lines = [
            q.say(
                f"De meeste projecten ({most}) komen uit {nl} {top}. Per ronde:",
                f"The most projects ({most}) come from {en} {top}. Per round:",
            ),
            *(
                f"- {r} ({len(ps)}): {', '.join(p.place for p in ps)}"
                for r, ps in sorted(by_round.items())
            ),
        ]
        unrounded = [p for p in self.projects if not p.round]
        if unrounded:
            lines.append(
                q.say("Zonder ronde: ", "Without a round: ")
                + ", ".join(f"{p.place} ({p.shown_title})" for p in unrounded)
            )
        return Composed("\n".join(lines), self.source)

    def not_municipal(self, q: Question, scored: Scored) -> Composed:
        """The projects of organisations that are no gemeente (whose name does not start with
        a word of the vocabulary's "gemeente" concept)."""
        concepts = self.answers.kb.vocabulary.concepts.get(MUNICIPALITY, [])
        words = {MUNICIPALITY, *concepts}
        others = [p for p in self.projects if tokenise(p.organisation)[:1][0] not in words]
        lead = (
            f"{len(others)} projects are not from a municipality:"
            if q.english
            else f"{len(others)} projecten zijn niet van een gemeente:"
        )
        lines = [lead, *(f"- {p.organisation}: {p.shown_title} ({p.period})" for p in others)]
        ids = ",".join(p.id for p in others)
        return Composed("\n".join(lines), self.source, ("project", ids))

    def similar(self, q: Question, scored: Scored) -> Composed:
        """The projects most like the one(s) named: those sharing the most of their topics
        (the projects' tags), each with the topics it shares."""
        named = self._named(q)
        if len({p.place for p in named}) > 1:  # "lijkt Asten op Capelle?": what they share
            return self._shared_topics(named, q)
        topics = {t for p in named for t in p.tags}
        shared = {p.id: [t for t in p.tags if t in topics] for p in self.projects if p not in named}
        most = max((len(ts) for ts in shared.values()), default=0)
        if not named or most == 0:
            text = q.say(
                "Welk project bedoel je? Noem het project of de gemeente, dan zoek ik projecten "
                "over dezelfde onderwerpen.",
                "Which project do you mean? Name the project or the gemeente and I will look for "
                "projects on the same topics.",
            )
            return Composed(text, self.source, matched=False)
        alike = [p for p in self.projects if len(shared.get(p.id, ())) == most]
        label = q.say(" en ", " and ").join(f"{p.place} ({p.shown_title})" for p in named)
        lead = q.say(
            f"Deze projecten delen de meeste onderwerpen ({most}) met {label}:",
            f"These projects share the most topics ({most}) with {label}:",
        )
        lines = [lead, *(f"{self._line(p)}: {', '.join(shared[p.id])}" for p in alike)]
        ids = ",".join(p.id for p in alike)
        return Composed("\n".join(lines), self.source, ("project", ids))

    def same_as(self, q: Question, scored: Scored) -> Composed:
        """The other projects in the same subsidy round as the one named ("dezelfde ronde
        als Beesel"), or that started (or ended) in the same year."""
        named = self._named(q)
        if len(named) != 1:
            return self.similar(q, scored)
        one = named[0]
        rounds = {ROUND, *self.answers.kb.vocabulary.concepts.get(ROUND, [])}
        ended = ENDED in q.analysis.words
        if rounds & set(q.analysis.tokens):
            what = q.say(f"ronde {one.round}", f"round {one.round}") if one.round else ""
            alike = [
                p for p in self.projects if p is not one and one.round and p.round == one.round
            ]
        else:
            field = "first_end" if ended else "first_start"
            span = self.spans.get(one.id)
            year = getattr(span, field).year if span else None
            verb = q.say("eindigden", "ended") if ended else q.say("begonnen", "started")
            what = f"{verb} {year}" if year else ""
            alike = [
                p
                for p in self.projects
                if p is not one
                and p.id in self.spans
                and getattr(self.spans[p.id], field).year == year
            ]
        if not what:
            return Composed(
                q.say(
                    f"Bij {one.place} ({one.shown_title}) noemt het materiaal dat niet.",
                    f"The material does not give that for {one.place} ({one.shown_title}).",
                ),
                self.source,
                matched=False,
            )
        lead = q.say(
            f"{one.place} ({one.shown_title}): {what}. Ook zo ({len(alike)}):",
            f"{one.place} ({one.shown_title}): {what}. The same ({len(alike)}):",
        )
        lines = [lead, *(self._line(p) for p in alike)]
        return Composed("\n".join(lines), self.source, ("project", ",".join(p.id for p in alike)))

    def _shared_topics(self, named: list[Project], q: Question) -> Composed:
        """The topics the projects named share, and each one's other topics."""
        common = [t for t in named[0].tags if all(t in p.tags for p in named[1:])]
        label = q.say(" en ", " and ").join(f"{p.place} ({p.shown_title})" for p in named)
        none = q.say("geen", "none")
        lines = [
            q.say(
                f"Gedeelde onderwerpen van {label}: {', '.join(common) or none}.",
                f"Topics shared by {label}: {', '.join(common) or none}.",
            )
        ]
        for p in named:
            own = [t for t in p.tags if t not in common]
            lines.append(
                q.say(f"Alleen {p.place}: ", f"Only {p.place}: ") + (", ".join(own) or none)
            )
        ids = ",".join(p.id for p in named)
        return Composed("\n".join(lines), self.source, ("project", ids))


def reasoning_composers(answers: Answers) -> dict[str, Composer]:
    """The handlers of this module (named in knowledge/intents.yaml), bound to `answers`."""
    reasoning = Reasoning(answers)
    periods = PeriodLookup(reasoning.projects, reasoning.spans, reasoning.months, answers)
    return {
        # "welke projecten liepen van januari 2021 tot december 2022": its years' intent
        "projects_by_year": periods.by_period,
        "project_extremes": reasoning.extremes,
        "projects_by_start_year": reasoning.by_start_year,
        "organisations_with_several": reasoning.several,
        "projects_not_municipal": reasoning.not_municipal,
        "similar_projects": reasoning.similar,
        "projects_per_round": reasoning.per_round,
        "projects_same_as": reasoning.same_as,
    }
