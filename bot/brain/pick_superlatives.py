"""Picking by a superlative ("de oudste van de twee", "welke daarvan eindigt het eerst",
"welke begon als eerste") over just the remembered list, or over the two or more projects a
message names ("welke van de twee begon eerder: het project van Asten of dat van Capelle?"),
read from the projects' own periods (or the dagdelen's order)."""

from __future__ import annotations

from dataclasses import replace

from bot.brain.context import DialogueContext
from bot.brain.entities import Analysis, analyse_tokens
from bot.brain.language import is_english
from bot.brain.periods import Span
from bot.brain.pick_readers import ENDED, PickReaders
from bot.brain.picked import Again, Listed, Picked
from bot.brain.readings import Example, Scored, Target
from bot.brain.reasoning import ORDER_MEASURES
from bot.brain.subject_readings import subject_reading
from bot.knowledge.schema import Order

# The handler of the question for the extreme project ("welk project begon het eerst").
EXTREMES_HANDLER = "project_extremes"
# Picking is sure: the last question again, on what was picked, scores this.
PICK_SCORE = 0.95


def _phrase_at(raw: list[str], start: int, phrases: list[tuple[str, ...]]) -> int | None:
    """The number of the first of `phrases` that stands at `start` of `raw`, or None."""
    for number, phrase in enumerate(phrases):
        if phrase[0] == raw[start] and tuple(raw[start : start + len(phrase)]) == phrase:
            return number
    return None


class SuperlativePicks(PickReaders):
    """Reads a superlative that picks from a list, with the parts ListPicks builds."""

    superlatives: list[tuple[tuple[str, ...], Order]]
    superlative_phrases: list[tuple[str, ...]]
    superlative_starts: frozenset[str]
    more_asked: frozenset[str]
    extremes: tuple[Target, Example] | None
    spans: dict[str, Span]

    def _named_projects(self, analysis: Analysis) -> tuple[str, ...]:
        """The projects a message names itself (by a name, not a description word)."""
        names = (m for m in analysis.mentions if m.surface not in self.lexicon.keywords)
        refs = (r for m in names for r in m.refs if r.kind == "project")
        return tuple(dict.fromkeys(i for r in refs for i in r.ids))

    def compared(self, text: str, context: DialogueContext) -> Again | Picked | None:
        """ "welke van de twee begon eerder: het project van Asten of dat van Capelle?": a
        superlative over the two or more projects the message names, read as the question
        for the extreme among just those, or, when the message asks more about the one it
        picks ("wie is daar contact?"), as picking it; else None."""
        candidates = self.lexicon.normaliser.candidates(text)
        if not candidates or self.extremes is None:
            return None
        analysis = analyse_tokens(candidates[0], self.lexicon)
        named = self._named_projects(analysis)
        if len(named) < 2 or self._foreign_kind(analysis, "project"):
            return None
        if self._superlative(analysis.raw) is None and self._ordinal_order(analysis) is None:
            return None
        # "en dat latere project van Meierijstad, wie is daar contact?": asked about the one
        listed = Listed("project", named, ())
        found = self._ordered(analysis, listed)
        if found is not None:
            ids, dropped = found
            dropped |= {i for m in analysis.mentions for i in range(m.start, m.end)}
            picked = self._picked(analysis, listed, ids, dropped, context)
            if not picked.bare and self.more_asked.intersection(picked.text.split()):
                return picked
        target, example = self.extremes
        english = is_english([t for t in candidates[0] if t not in self.lexicon.name_words])
        return Again(
            Scored(target, PICK_SCORE, example, subject_reading("project", named)),
            analysis,
            candidates,
            replace(context, language="en" if english else "nl"),
        )

    def _by_order(self, analysis: Analysis, listed: Listed) -> tuple[list[str], set[int]] | None:
        """ "de oudste van de twee", "welke daarvan eindigt het eerst": the member(s) first
        by the superlative, when the message names nothing itself."""
        if analysis.mentions:
            return None
        return self._ordered(analysis, listed)

    def _ordered(self, analysis: Analysis, listed: Listed) -> tuple[list[str], set[int]] | None:
        """The member(s) of `listed` first by the message's superlative, and the positions of
        the words that say so."""
        if self._foreign_kind(analysis, listed.kind):
            return None
        raw = analysis.raw
        found = self._superlative(raw)
        if found is None:
            order, dropped = self._ordinal_order(analysis) or (None, set())
            if order is None:
                return None
        else:
            order, dropped = found
        ended = ENDED in analysis.words
        ids = self._first_by(listed, order, ended)
        if not ids or len(ids) == len(listed.ids):
            return None
        size = str(len(listed.ids))
        for i, token in enumerate(analysis.tokens):
            if self._measure_at(analysis, i) or (token == size and raw[i] != token):
                dropped.add(i)  # "begon", "eindigt"; "van de *twee*"
            elif raw[i] in self.ones and i - 1 in dropped:
                dropped.add(i)  # "the most recent *one*"
        return ids, dropped

    def _superlative(self, raw: list[str]) -> tuple[Order, set[int]] | None:
        """The first superlative of the message and where it stands."""
        for start, word in enumerate(raw):
            if word in self.superlative_starts:
                number = _phrase_at(raw, start, self.superlative_phrases)
                if number is not None:
                    phrase, order = self.superlatives[number]
                    return order, set(range(start, start + len(phrase)))
        return None

    def _ordinal_order(self, analysis: Analysis) -> tuple[Order, set[int]] | None:
        """ "welke begon als eerste", "which ended last": first or last with a word naming a
        date is a superlative, not a position."""
        if analysis.ordinal not in (1, -1):
            return None
        own = self._ordinal_tokens(analysis)  # ("de *eerste*" itself names no date)
        tokens = range(len(analysis.tokens))
        if not any(self._measure_at(analysis, i) for i in tokens if i not in own):
            return None
        order = Order.EARLIEST if analysis.ordinal == 1 else Order.LATEST
        return order, own

    def _first_by(self, listed: Listed, order: Order, ended: bool) -> list[str]:
        """The members surely first by `order`, or those that may be first (periods given
        only in months or years can tie)."""
        if listed.kind == "dagdeel":
            numbers = [i for i in listed.ids if i.isdigit()]
            if order in (Order.LONGEST, Order.SHORTEST) or not numbers:
                return []
            pick = min if order is Order.EARLIEST else max
            return [pick(numbers, key=int)]
        if listed.kind != "project":
            return []
        measure = ORDER_MEASURES[(order, ended)]
        values = {i: measure(self.spans[i]) for i in listed.ids if i in self.spans}
        if len(values) != len(listed.ids):
            return []
        floor = max(lo for lo, _hi in values.values())
        return [i for i in listed.ids if values[i][1] >= floor]
