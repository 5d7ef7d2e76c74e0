"""bot/brain/near_words.py finds exactly what rapidfuzz finds over the whole word list."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.brain.near_words import NearWords
from bot.brain.normalize import tokenise

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
TYPOS_PER_WORD = 1
SAMPLE = 200  # words of the knowledge base looked up, each also with typos


def _vocabulary() -> list[str]:
    words: set[str] = set()
    for path in KNOWLEDGE.glob("*.yaml"):
        words.update(t for t in tokenise(path.read_text(encoding="utf-8")) if t.isalpha())
    return sorted(w for w in words if len(w) >= 4)


def _typos(words: list[str], rng: random.Random) -> list[str]:
    """Each word, and copies with a letter dropped, added, changed or an ending added."""
    found = set(words)
    for word in words:
        for _ in range(TYPOS_PER_WORD):
            i = rng.randrange(len(word))
            letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
            found.add(word[:i] + word[i + 1 :])
            found.add(word[:i] + letter + word[i:])
            found.add(word[:i] + letter + word[i + 1 :])
            found.add(word + rng.choice(["en", "s", "heid"]))
    return sorted(found)


@pytest.mark.parametrize("cutoff", [80.0, 85.0])
def test_closest_and_one_edit_away_are_rapidfuzz_over_the_whole_list(cutoff: float) -> None:
    vocabulary = _vocabulary()
    near = NearWords(vocabulary)
    rng = random.Random(7)
    words = _typos(rng.sample(vocabulary, min(SAMPLE, len(vocabulary))), rng)
    matched = 0
    for word in words:
        best = process.extractOne(word, vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff)
        assert near.closest(word, cutoff) == (best[0] if best else None), word
        matched += best is not None
        edits = process.extract(word, vocabulary, scorer=OSA.distance, score_cutoff=1, limit=2)
        only = str(edits[0][0]) if len(edits) == 1 else None
        assert near.only_one_edit_away(word) == only, word
    assert 0 < matched < len(words)  # both outcomes were compared
