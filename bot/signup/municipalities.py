"""The Dutch municipalities (`knowledge/gemeenten.yaml`) and a typo-tolerant lookup.

`MunicipalityIndex.lookup(text)` answers with one of three verdicts:
- SURE: the text names exactly one municipality (after normalising case, accents,
  punctuation, "gemeente ...", "a/d", y/ij) or is so close that asking would be silly;
- CONFIRM: probably one (or one of a few) municipalities: ask "Bedoel je Meierijstad?";
- UNKNOWN: not a municipality we know.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import cache

from rapidfuzz import fuzz, process

from bot.knowledge.loader import load_gemeenten
from bot.knowledge.schema import Municipality
from bot.text import fold, words

# Scores are rapidfuzz WRatio (0-100) between normalised texts. Chosen by measuring typo and
# non-municipality samples (tests/test_signup_validation.py holds them): typos of one or two
# letters and partial names ("Sittard", "Amsterdam-West") scored 90-98; people's names,
# questions, roles and e-mail addresses scored 60-86 ("Jan de Vries" -> De Bilt 85.5).
SURE_SCORE = 97.0  # at or above, with one candidate: accept without asking
CONFIRM_SCORE = 88.0  # at or above (below SURE): ask "Bedoel je ...?"
MIN_FUZZY_LENGTH = 3  # shorter texts only match exactly
AMBIGUITY_MARGIN = 3.0  # candidates within this of the best are offered together
MAX_CANDIDATES = 3


class Verdict(Enum):
    """How sure a lookup is."""

    SURE = "sure"
    CONFIRM = "confirm"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Match:
    """The result of a lookup: the best name (if any), its score and all candidates."""

    verdict: Verdict
    name: str | None
    score: float
    candidates: tuple[str, ...] = field(default_factory=tuple)


_PREFIX_RE = re.compile(r"^(?:de\s+)?(?:gemeente|gem\.?|municipality of)\s+")
_PAREN_RE = re.compile(r"\s*\([^)]*\)")


def normalise(text: str) -> str:
    """Lower-case, accents and punctuation removed, "gemeente" dropped, "a/d" and y/ij unified."""
    folded = fold(text.strip())
    folded = re.sub(r"\ba/d\b", "aan den", folded)
    folded = re.sub(r"\ba\.d\.", "aan den", folded)
    folded = folded.replace("'s-", "s ").replace("’s-", "s ")
    folded = words(folded)
    folded = _PREFIX_RE.sub("", folded)
    return folded.replace("y", "ij")


class MunicipalityIndex:
    """Lookup over the municipality list."""

    def __init__(self, entries: Sequence[Municipality]) -> None:
        self.entries = entries
        self.names: tuple[str, ...] = tuple(entry.name for entry in entries)
        self._by_key: dict[str, list[str]] = {}
        for entry in entries:
            keys = {normalise(entry.name), normalise(_PAREN_RE.sub("", entry.name))}
            keys.update(normalise(alias) for alias in entry.aliases)
            for key in keys:
                names = self._by_key.setdefault(key, [])
                if entry.name not in names:
                    names.append(entry.name)
        self._keys = list(self._by_key)

    def __len__(self) -> int:
        return len(self.names)

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def find_in(self, text: str, max_words: int = 4) -> str | None:
        """The municipality named exactly (after normalising) somewhere in `text`, longest
        name first; None when none or several are named ("is control in Tilburg nog vrij")."""
        words = normalise(text).split()
        for size in range(min(max_words, len(words)), 0, -1):
            found = {
                name
                for start in range(len(words) - size + 1)
                for name in self._by_key.get(" ".join(words[start : start + size]), [])
            }
            if len(found) == 1:
                return found.pop()
            if found:
                return None
        return None

    def lookup(self, text: str) -> Match:
        """The municipality `text` most likely names, with a verdict."""
        key = normalise(text)
        if len(key) < 2:
            return Match(Verdict.UNKNOWN, None, 0.0)
        exact = self._by_key.get(key)
        if exact:
            if len(exact) == 1:
                return Match(Verdict.SURE, exact[0], 100.0, (exact[0],))
            return Match(Verdict.CONFIRM, exact[0], 100.0, tuple(exact[:MAX_CANDIDATES]))
        if len(key) < MIN_FUZZY_LENGTH:
            return Match(Verdict.UNKNOWN, None, 0.0)
        results = process.extract(key, self._keys, scorer=fuzz.WRatio, limit=10)
        if not results:
            return Match(Verdict.UNKNOWN, None, 0.0)
        best_score = float(results[0][1])
        candidates: list[str] = []
        for choice, score, _index in results:
            if float(score) < best_score - AMBIGUITY_MARGIN:
                break
            for name in self._by_key[choice]:
                if name not in candidates:
                    candidates.append(name)
        candidates = candidates[:MAX_CANDIDATES]
        if best_score >= SURE_SCORE and len(candidates) == 1:
            return Match(Verdict.SURE, candidates[0], best_score, tuple(candidates))
        if best_score >= CONFIRM_SCORE:
            return Match(Verdict.CONFIRM, candidates[0], best_score, tuple(candidates))
        return Match(Verdict.UNKNOWN, None, best_score)


@cache
def default_municipalities() -> MunicipalityIndex:
    """The repository's list (knowledge/gemeenten.yaml, validated by the knowledge loader),
    loaded once. The assistant itself gets the index of its own knowledge base."""
    return MunicipalityIndex(load_gemeenten())
