"""The ways a follow-up picks from the remembered list by its words: a name, person, year or
round after a pointing word ("die van Paul van der Wolf"), "the other one" after one was
picked, and a position ("de tweede", "die laatste"); and the message left when the words that
picked are taken out."""

from __future__ import annotations

from dataclasses import replace

from bot.brain.context import DialogueContext
from bot.brain.entities import Analysis, Mention, analyse_tokens
from bot.brain.lexicon import Lexicon
from bot.brain.picked import Listed, Picked
from bot.brain.subject_readings import KIND_WORDS

# A pointing word ("die", "the one") stands at most this many words before the name it picks by.
CUE_REACH = 3
# Vocabulary concepts that say which date a superlative compares ("eindigt het eerst").
ENDED = "eindigde"
MEASURE_CONCEPTS = frozenset({"begon", ENDED, "eerste", "laatste", "langst", "kortst", "looptijd"})


class PickReaders:
    """Reads the words of a follow-up that pick from a list, with the word lists ListPicks
    builds."""

    lexicon: Lexicon
    cues: list[tuple[str, ...]]
    others: list[tuple[str, ...]]
    ones: frozenset[str]
    last_words: frozenset[str]
    second_last: frozenset[str]
    number_markers: frozenset[str]
    question_starts: frozenset[str]
    question_concepts: frozenset[str]
    keys: dict[tuple[str, str], set[tuple[str, str]]]

    def _picked(
        self,
        analysis: Analysis,
        listed: Listed,
        ids: list[str],
        dropped: set[int],
        context: DialogueContext,
    ) -> Picked:
        """The message without the words at `dropped`, in the conversation about `ids`."""
        kept = [t for i, t in enumerate(analysis.raw) if i not in dropped]
        rest = analyse_tokens(kept, self.lexicon)
        asked = set(rest.words) - self.question_concepts - KIND_WORDS
        picked = replace(
            context,
            subject_kind=listed.kind,
            subject_id=",".join(ids),
            listed_kind=listed.kind,
            listed=list(listed.ids),
        )
        bare = not asked and not rest.mentions
        return Picked(" ".join(kept), picked, bare)

    def _foreign_kind(self, analysis: Analysis, kind: str) -> bool:
        """True when the message names another kind of thing ("welk project" after dagdelen)."""
        return bool(KIND_WORDS.intersection(analysis.words) - {kind})

    def _by_name(self, analysis: Analysis, listed: Listed) -> tuple[list[str], set[int]] | None:
        """ "die van Paul van der Wolf", "the one from 2020": a name after a pointing word
        that some members of the list have and others not."""
        for mention in analysis.mentions:
            named = {(r.kind, i) for r in mention.refs for i in r.ids}
            ids = [i for i in listed.ids if self.keys.get((listed.kind, i), set()) & named]
            if not ids or len(ids) == len(listed.ids):
                continue
            cue = self._cue_before(analysis.raw, mention)
            if cue is None:
                continue
            end = self._name_end(analysis, mention.end)
            if end < len(analysis.tokens) and self._measure_at(analysis, end):
                end += 1  # "het project dat in 2021 *begon*"
            return ids, set(range(cue, end))
        return None

    def _name_end(self, analysis: Analysis, end: int) -> int:
        """The end of a name that goes on past its first mention, through small words and
        further mentions ("die over de veranderende rol *van leidinggevenden*")."""
        starts = {m.start: m.end for m in analysis.mentions}
        tokens = analysis.tokens
        while True:
            after = end
            while after < len(tokens) and tokens[after] in self.lexicon.stopwords:
                if tokens[after] in self.question_starts:
                    return end
                after += 1
            if after == end or after not in starts:
                return end
            end = starts[after]

    def _cue_before(self, raw: list[str], mention: Mention) -> int | None:
        """Where a pointing word ("die", "the one") starts, at most CUE_REACH words before
        the mention, or None."""
        for start in range(mention.start - 1, max(-1, mention.start - 1 - CUE_REACH), -1):
            for cue in self.cues:
                fits = start + len(cue) <= mention.start
                if fits and tuple(raw[start : start + len(cue)]) == cue:
                    return start
        return None

    def _measure_at(self, analysis: Analysis, index: int) -> bool:
        """True when the token at `index` names which date is compared ("begon")."""
        return self.lexicon.concepts.get((analysis.tokens[index],)) in MEASURE_CONCEPTS

    def _other(self, analysis: Analysis, listed: Listed) -> tuple[list[str], set[int]] | None:
        """ "en de andere?" after one of the list was picked: the rest of it ("not Asten,
        the other one": the rest but the one negated)."""
        excluded = [i for i in analysis.excluded if i in listed.ids]
        current = excluded or listed.current
        if not current or set(current) == set(listed.ids):
            return None
        raw = analysis.raw
        for start in range(len(raw)):
            for phrase in self.others:
                if tuple(raw[start : start + len(phrase)]) == phrase:
                    ids = [i for i in listed.ids if i not in current]
                    dropped = set(range(start, start + len(phrase)))
                    after = start + len(phrase)
                    if after < len(raw) and raw[after] in self.ones:
                        dropped.add(after)
                    return ids, dropped
        return None

    def _by_position(self, analysis: Analysis, listed: Listed) -> tuple[list[str], set[int]] | None:
        """ "de tweede", "die laatste", "nummer 2": that member of the list."""
        ordinal = analysis.ordinal
        if ordinal is None or self._foreign_kind(analysis, listed.kind):
            return None
        if any(r.kind == listed.kind for m in analysis.mentions for r in m.refs):
            return None
        index = len(listed.ids) + ordinal if ordinal < 0 else ordinal - 1  # (-1: the last)
        if not 0 <= index < len(listed.ids):
            return None
        return [listed.ids[index]], self._ordinal_tokens(analysis)

    def _ordinal_tokens(self, analysis: Analysis) -> set[int]:
        """Where the message's ordinal stands ("de *tweede*", "*nummer 2*", "the *last* one")."""
        tokens, raw = analysis.tokens, analysis.raw
        found: set[int] = set()
        for i, token in enumerate(tokens):
            if token.startswith("#") or raw[i] in self.last_words or token in self.second_last:
                found.add(i)
            elif token.isdigit() and i and raw[i - 1] in self.number_markers:
                found |= {i - 1, i}
        for i in sorted(found):
            if i + 1 < len(raw) and raw[i + 1] in self.ones:
                found.add(i + 1)
        return found
