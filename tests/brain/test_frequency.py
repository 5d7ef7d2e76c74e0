"""bot/brain/frequency.py gives exactly wordfreq's Zipf figures, only faster."""

from __future__ import annotations

from pathlib import Path

import pytest
from wordfreq import get_frequency_dict, zipf_frequency

from bot.brain.frequency import WORDLIST, zipf
from bot.brain.normalize import tokenise

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
# Every n-th word of wordfreq's lists: every frequency band, in a fraction of the time.
SAMPLE_STEP = 7


def _words() -> list[str]:
    words: set[str] = set()
    for lang in ("nl", "en"):
        words.update(list(get_frequency_dict(lang, WORDLIST))[::SAMPLE_STEP])
    for path in KNOWLEDGE.glob("*.yaml"):
        words.update(tokenise(path.read_text(encoding="utf-8")))
    # unknown words, digits, ordinals, capitals, accents, several tokens
    words.update(["qwzxv", "2021", "#5", "5e", "Emmen", "één", "café", "co-creatie", "n't", ""])
    return sorted(words)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_zipf_is_wordfreqs_figure(lang: str) -> None:
    different = [w for w in _words() if zipf(w, lang) != zipf_frequency(w, lang, wordlist=WORDLIST)]
    assert not different, different[:10]
