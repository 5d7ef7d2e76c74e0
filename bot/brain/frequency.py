"""wordfreq's Zipf frequency of a word (its "small" lists), the same figure, faster.

wordfreq tokenises every word it is asked about (about 20 µs a word), which was much of
building the brain and of a question's first sight of a word. A lowercase ASCII word is its
own single token, so its frequency is a plain look-up in wordfreq's own table, and its Zipf
figure depends on that frequency alone: wordfreq computes it once per distinct frequency.
Any other word goes to wordfreq as before.
"""

from __future__ import annotations

from wordfreq import get_frequency_dict, zipf_frequency

WORDLIST = "small"
# (language, frequency or None for an unknown word) -> Zipf figure, as wordfreq gives it.
_zipf_of_frequency: dict[tuple[str, float | None], float] = {}


def zipf(word: str, lang: str) -> float:
    """`wordfreq.zipf_frequency(word, lang, wordlist="small")`."""
    if not (word.isascii() and word.isalpha() and word.islower()):
        return zipf_frequency(word, lang, wordlist=WORDLIST)
    key = (lang, get_frequency_dict(lang, WORDLIST).get(word))
    figure = _zipf_of_frequency.get(key)
    if figure is None:
        figure = _zipf_of_frequency[key] = zipf_frequency(word, lang, wordlist=WORDLIST)
    return figure
