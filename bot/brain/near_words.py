"""Fuzzy look-ups in a word list that compare a word only with the words whose length can
match it (a typo's correction is looked up for every unknown word of a question).

rapidfuzz's ratio of two words is 100 * (1 - indel / (la + lb)), and their InDel distance is at
least the difference of their lengths, so a word can only reach a cutoff when |la - lb| <=
(1 - cutoff / 100) * (la + lb). An edit distance (OSA) is at least that difference too. The
words are kept sorted by length, so those that can match are one slice; ties are broken by the
list's own order, so a look-up finds what a search over the whole list finds.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

# Float slack on the length bounds: a word at the bound itself is never left out.
SLACK = 1e-6
# The letters a hasty typist leaves out ("lrnntwrk", "gmntn", "dgdl"): what is left is a
# word's skeleton.
VOWELS = frozenset("aeiouy")
# A word typed without its vowels keeps at most this many of them, and this many consonants.
MAX_KEPT_VOWELS = 1
MIN_SKELETON = 3


def skeleton(word: str) -> str:
    """The word's consonants, each run of one letter counted once ("leernetwerk": "lrntwrk")."""
    out: list[str] = []
    for letter in word:
        if letter not in VOWELS and (not out or out[-1] != letter):
            out.append(letter)
    return "".join(out)


class NearWords:
    """A word list for fuzzy look-ups; see the module docstring."""

    def __init__(self, words: Sequence[str]) -> None:
        self._order = {word: index for index, word in enumerate(words)}
        self._by_length = sorted(self._order, key=lambda w: (len(w), self._order[w]))
        self._lengths = [len(w) for w in self._by_length]
        self._skeletons: dict[str, list[str]] = {}
        for word in words:
            self._skeletons.setdefault(skeleton(word), []).append(word)

    def _between(self, shortest: int, longest: int) -> list[str]:
        """The words at least `shortest` and at most `longest` characters long."""
        start = bisect_left(self._lengths, shortest)
        return self._by_length[start : bisect_right(self._lengths, longest, lo=start)]

    def closest(self, word: str, cutoff: float) -> str | None:
        """`process.extractOne(word, words, scorer=fuzz.ratio, score_cutoff=cutoff)`'s word:
        the one with the highest ratio (at least `cutoff`), the first in the list's order of
        those scoring the same; None when no word reaches `cutoff`."""
        share = 1.0 - cutoff / 100.0
        length = len(word)
        shortest = math.ceil(length * (1.0 - share) / (1.0 + share) - SLACK)
        longest = math.floor(length * (1.0 + share) / (1.0 - share) + SLACK)
        near = self._between(shortest, longest)
        found = process.extract(word, near, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
        if not found:
            return None
        best = max(score for _choice, score, _index in found)
        ties = (str(choice) for choice, score, _index in found if score == best)
        return min(ties, key=self._order.__getitem__)

    def only_one_edit_away(self, word: str) -> str | None:
        """The only word at most one edit (OSA: a swap counts as one) from `word`, or None
        when there is none or more than one."""
        near = self._between(len(word) - 1, len(word) + 1)
        matches = process.extract(word, near, scorer=OSA.distance, score_cutoff=1, limit=2)
        return str(matches[0][0]) if len(matches) == 1 else None

    def without_vowels(self, word: str) -> str | None:
        """The only word that `word`, typed without (nearly all) its vowels, stands for:
        same first letter and same skeleton ("gmntn": "gemeenten"); None when `word` keeps
        its vowels, or no word or more than one fits."""
        kept = sum(letter in VOWELS for letter in word)
        bones = skeleton(word)
        if kept > MAX_KEPT_VOWELS or len(bones) < MIN_SKELETON:
            return None
        fits = [
            w
            for w in self._skeletons.get(bones, ())
            if w[0] == word[0] and sum(letter in VOWELS for letter in w) > kept
        ]
        return fits[0] if len(fits) == 1 else None
