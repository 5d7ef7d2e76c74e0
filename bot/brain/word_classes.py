"""Classes of words by how often Dutch and English use them (wordfreq's Zipf figures, see
bot/brain/frequency.py): everyday words, real words, dictionary words, common words and their
inflections. The lexicon, statements and calibration decide with them what a word says."""

from __future__ import annotations

from bot.brain.frequency import zipf

# A word at least this frequent is a common word, no keyword of one entity (Zipf scale: 4 =
# once per 100,000 words).
KEYWORD_MAX_ZIPF = 4.0
KEYWORD_MAX_ZIPF_ENGLISH = 5.5  # English words inside Dutch texts are mostly names ("serious")
# Endings of Dutch plurals and verb forms, tried longest first ("gebruikte" -> "gebruik").
INFLECTIONS = ("ten", "den", "en", "te", "de", "s", "e", "n", "t")
MIN_INFLECTED_STEM = 4
# Vowels a Dutch plural writes once in an open syllable ("personen" of "persoon").
SINGLE_VOWELS = "aeou"  # "trainingen" -> "training"; a shorter rest is no word to check
# A word at least this frequent is a real word, never corrected into another one.
REAL_WORD_ZIPF = 4.0
DICTIONARY_ZIPF = 2.5
# Words at least this frequent are everyday words (verbs, adverbs: "gedaan" 5.6, "precies" 5.3),
# measured against off-topic nouns that must still count ("koning" 5.1, "paspoort" 4.3).
EVERYDAY_ZIPF = 5.3
EVERYDAY_ZIPF_ENGLISH = 5.5


def is_common_word(token: str) -> bool:
    """True for an everyday Dutch or English word ("gebruikte", "minister"), by wordfreq's
    Zipf frequency: such a word is no keyword for one entity, even if one description uses it."""
    return zipf(token, "nl") >= KEYWORD_MAX_ZIPF or zipf(token, "en") >= KEYWORD_MAX_ZIPF_ENGLISH


def inflects_common_word(token: str) -> bool:
    """True for an inflected everyday word ("trainingen"): no keyword either."""
    return any(
        token.endswith(suffix)
        and len(token) - len(suffix) >= MIN_INFLECTED_STEM
        and is_common_word(token[: -len(suffix)])
        for suffix in INFLECTIONS
    )


def is_dictionary_word(token: str) -> bool:
    """True for a word Dutch or English uses, however rarely ("conclude"): it is no typo far
    from a known word ("include"), only perhaps one letter off."""
    return zipf(token, "nl") >= DICTIONARY_ZIPF or zipf(token, "en") >= DICTIONARY_ZIPF


def is_real_word(token: str) -> bool:
    """True for a word common enough in Dutch or English not to be a typo of another word."""
    return zipf(token, "nl") >= REAL_WORD_ZIPF or zipf(token, "en") >= REAL_WORD_ZIPF


def is_everyday_word(token: str) -> bool:
    """True for a very frequent word ("gedaan", "eigenlijk", "should"): not a topic of its own,
    so an unknown one of these doesn't mark a question as off-topic."""
    return zipf(token, "nl") >= EVERYDAY_ZIPF or zipf(token, "en") >= EVERYDAY_ZIPF_ENGLISH


def term_zipf(term: str) -> float:
    """The highest Zipf figure, in Dutch or English, of a term or the term with an inflection
    ending (a term may be a stem: "solutio" -> "solution")."""
    return max(zipf(term + suffix, lang) for suffix in ("", *INFLECTIONS) for lang in ("nl", "en"))


def open_syllable_singular(token: str) -> str | None:
    """The singular a Dutch plural in "-en" writes with a single vowel ("personen" ->
    "persoon", "jaren" -> "jaar"), or None when the word is no such plural."""
    stem = token[:-2]
    if not token.endswith("en") or len(stem) < 3:
        return None
    vowel, before = stem[-2], stem[-3]
    if vowel not in SINGLE_VOWELS or before in SINGLE_VOWELS or stem[-1] in SINGLE_VOWELS:
        return None
    return f"{stem[:-1]}{vowel}{stem[-1]}"
