"""A project's period in the source's own wording ("1 mei 2021 - 1 november 2021", "maart - juli
2022", "2021 - 2022") read as the earliest and latest day its start and its end can mean."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from bot.brain.normalize import tokenise
from bot.knowledge.loader import KnowledgeBase

DASH = "-"  # the source's own mark between a period's two ends


@dataclass(frozen=True, slots=True)
class Span:
    """A project's period as the earliest start, latest start, earliest end and latest end it
    can mean (a month alone means any day of it; a year alone any day of that year)."""

    first_start: date
    last_start: date
    first_end: date
    last_end: date


def month_numbers(months: Mapping[str, str]) -> dict[str, int]:
    """Month name (Dutch or English) -> its number, from normalisation.yaml's `months`."""
    numbers = {dutch: i for i, dutch in enumerate(dict.fromkeys(months.values()), 1)}
    return {name: numbers[dutch] for name, dutch in months.items()}


def _point(text: str, year_hint: int | None, months: Mapping[str, int]) -> tuple[date, date] | None:
    """ "1 mei 2021" -> (1 May, 1 May); "mei 2021" -> (1 May, 31 May); "2021" -> the year."""
    tokens = tokenise(text)
    years = [int(t) for t in tokens if t.isdigit() and len(t) == 4]
    found = [months[t] for t in tokens if t in months]
    days = [int(t) for t in tokens if t.isdigit() and len(t) <= 2]
    year = years[0] if years else year_hint
    if year is None:
        return None
    if not found:
        return date(year, 1, 1), date(year, 12, 31)
    month = found[0]
    if days:
        return date(year, month, days[0]), date(year, month, days[0])
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def parse_period(
    period: str, months: Mapping[str, int], range_words: Iterable[str] = ()
) -> Span | None:
    """The span of a period in the source's wording, or None when it cannot be read (`months`:
    month name -> number, see month_numbers; `range_words`: what may stand between its ends
    instead of a dash, normalisation.yaml's `range_words`)."""
    text = period.lower()
    for word in sorted({*range_words, DASH}, key=len, reverse=True):  # "tot en met" first
        if f" {word} " in text:
            start_text, end_text = text.split(f" {word} ", 1)
            break
    else:
        return None
    end = _point(end_text, None, months)
    if end is None:
        return None
    start = _point(start_text, end[0].year, months)
    if start is None:
        return None
    if start[0] > end[0]:  # "november - februari 2023": the start lies in the year before
        start = _point(f"{start_text} {end[0].year - 1}", None, months) or start
    return Span(start[0], start[1], end[0], end[1])


def project_spans(kb: KnowledgeBase) -> dict[str, Span]:
    """Each project's period read, by the project's id (one that cannot be read is left out)."""
    months = month_numbers(kb.normalisation.months)
    words = kb.normalisation.range_words
    return {p.id: s for p in kb.projecten.projects if (s := parse_period(p.period, months, words))}
