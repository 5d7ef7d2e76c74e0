"""wordfreq's Zipf frequency of a word (its "small" lists), the same figure, faster.

wordfreq tokenises every word it is asked about (about 20 µs a word), which was much of
building the brain and of a question's first sight of a word. A lowercase ASCII word is its
own single token, so its frequency is a plain look-up in wordfreq's own table, and its Zipf
figure follows from that frequency as wordfreq computes it for one token (rounded to three
significant digits, then to hundredths on the Zipf scale). Any other word goes to wordfreq.
tests/brain/test_frequency.py compares both over wordfreq's lists.
"""

from __future__ import annotations

import math

from wordfreq import freq_to_zipf, get_frequency_dict, zipf_frequency, zipf_to_freq

WORDLIST = "small"
# wordfreq's floor for an unknown word: Zipf 0.
_MINIMUM = zipf_to_freq(0.0)
# (language, frequency or None for an unknown word) -> Zipf figure.
_zipf_of_frequency: dict[tuple[str, float | None], float] = {}


def zipf(word: str, lang: str) -> float:
    """`wordfreq.zipf_frequency(word, lang, wordlist="small")`."""
    if not (word.isascii() and word.isalpha() and word.islower()):
        return zipf_frequency(word, lang, wordlist=WORDLIST)
    key = (lang, get_frequency_dict(lang, WORDLIST).get(word))
    figure = _zipf_of_frequency.get(key)
    if figure is None:
        figure = _zipf_of_frequency[key] = _one_token_zipf(key[1])
    return figure


def _one_token_zipf(frequency: float | None) -> float:
    """The Zipf figure wordfreq gives a word that is one token with this table frequency."""
    if frequency is None:
        return round(freq_to_zipf(_MINIMUM), 2)
    combined = max(1.0 / (1.0 / frequency), _MINIMUM)  # wordfreq's sum over one token
    rounded = round(combined, math.floor(-math.log(combined, 10)) + 3)
    return round(freq_to_zipf(rounded), 2)
