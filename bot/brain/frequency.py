"""wordfreq's Zipf frequency of a word (its "small" lists), the same figure, faster.

wordfreq tokenises every word it is asked about (about 20 µs a word), which was much of
building the brain and of a question's first sight of a word. A lowercase ASCII word is its
own single token, so its frequency is a plain look-up in wordfreq's own table, and its Zipf
figure follows from that frequency as wordfreq computes it for one token (rounded to three
significant digits, then to hundredths on the Zipf scale). Any other word goes to wordfreq.
The table is built here as word -> band (wordfreq's index of the word's frequency list, in
centibels), in one pass of C-level iteration; a word in several bands keeps the last, as in
wordfreq's own dictionary. tests/brain/test_frequency.py compares both over wordfreq's lists.
"""

from __future__ import annotations

import itertools
import math
from functools import cache

from wordfreq import cB_to_freq, freq_to_zipf, get_frequency_list, zipf_frequency, zipf_to_freq

WORDLIST = "small"
# wordfreq's floor for an unknown word: Zipf 0.
_MINIMUM = zipf_to_freq(0.0)
# (language, band or None for an unknown word) -> Zipf figure.
_zipf_of_band: dict[tuple[str, int | None], float] = {}


def zipf(word: str, lang: str) -> float:
    """`wordfreq.zipf_frequency(word, lang, wordlist="small")`."""
    if not (word.isascii() and word.isalpha() and word.islower()):
        return zipf_frequency(word, lang, wordlist=WORDLIST)
    key = (lang, _bands(lang).get(word))
    figure = _zipf_of_band.get(key)
    if figure is None:
        band = key[1]
        frequency = None if band is None else cB_to_freq(-band)
        figure = _zipf_of_band[key] = _one_token_zipf(frequency)
    return figure


@cache
def _bands(lang: str) -> dict[str, int]:
    """Every word of wordfreq's list for `lang` -> its band (the frequency is
    `cB_to_freq(-band)`, as in `wordfreq.get_frequency_dict`)."""
    bands = get_frequency_list(lang, WORDLIST)
    words = itertools.chain.from_iterable(bands)
    numbers = itertools.chain.from_iterable(
        itertools.repeat(band, len(words_of_band)) for band, words_of_band in enumerate(bands)
    )
    return dict(zip(words, numbers, strict=True))


def _one_token_zipf(frequency: float | None) -> float:
    """The Zipf figure wordfreq gives a word that is one token with this table frequency."""
    if frequency is None:
        return round(freq_to_zipf(_MINIMUM), 2)
    combined = max(1.0 / (1.0 / frequency), _MINIMUM)  # wordfreq's sum over one token
    rounded = round(combined, math.floor(-math.log(combined, 10)) + 3)
    return round(freq_to_zipf(rounded), 2)
