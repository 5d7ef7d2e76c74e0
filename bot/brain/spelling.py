"""Spelling: typos corrected to the closest known word, inflections to their known stem, and
compounds typed apart joined ("dag deel" -> "dagdeel"). The Lexicon's words part: it builds
the vocabulary these methods read (see bot/brain/lexicon.py)."""

from __future__ import annotations

from bot.brain.near_words import NearWords
from bot.brain.segments import Normaliser
from bot.brain.word_classes import (
    INFLECTIONS,
    is_dictionary_word,
    is_real_word,
    open_syllable_singular,
)

# A typo is corrected to the closest known word when rapidfuzz's ratio reaches this score.
# Measured on the project's question table: 80 fixes "emen", "dagdel" and "oisterwyk" while
# leaving ordinary unknown words ("paspoort", "weer") alone.
SPELLING_MIN_SCORE = 80.0
# Words shorter than this are never corrected (too many near neighbours).
SPELLING_MIN_LENGTH = 4
# Each part of a compound typed apart ("dag deel") is at least this long.
MIN_COMPOUND_PART = 3
MIN_SPLIT_NAME_PART = 2  # ... of a name of the material at least MIN_SPLIT_NAME long
MIN_SPLIT_NAME = 6
MIN_FUZZY_COMPOUND = 8  # a compound typed apart this long may also be one letter off
# The last part of an unknown compound must be a known word at least this long.
COMPOUND_MIN_HEAD = 5
# ... of two known words ("bijeenkomst|data"), at least this long when it names a concept.
KNOWN_COMPOUND_MIN_HEAD = 4
# Corrections and look-ups of this many words are kept.
MAX_KEPT_WORDS = 50_000


class SpellingCorrector:
    """Corrects and joins words against the vocabulary the Lexicon builds."""

    normaliser: Normaliser
    stopwords: frozenset[str]
    concepts: dict[tuple[str, ...], str]
    vocabulary: set[str]
    domain_words: frozenset[str]
    _gazetteer: dict[tuple[str, ...], dict[str, set[str]]]
    _place_words: set[str]
    _vocabulary_list: list[str]
    _near_vocabulary: NearWords
    _corrections: dict[str, str]
    _one_edit: dict[str, str | None]

    def correct(self, token: str) -> str:
        """The known word `token` most likely means (itself when known or unsure)."""
        if (
            token in self.vocabulary
            or token in self.normaliser.off_topic
            or token in self._place_words
            or token in self.domain_words
            or not token.isalpha()
            or len(token) < SPELLING_MIN_LENGTH
        ):
            return token
        cached = self._corrections.get(token)
        if cached is not None:
            return cached
        corrected = self._closest(token)
        if len(self._corrections) < MAX_KEPT_WORDS:
            self._corrections[token] = corrected
        return corrected

    def _closest(self, token: str) -> str:
        for suffix in INFLECTIONS:  # plural / inflection of a known word
            stem = token[: -len(suffix)]
            known = stem in self.vocabulary or stem in self.domain_words
            if token.endswith(suffix) and len(stem) >= 3 and known:
                return stem
        singular = open_syllable_singular(token)  # "contactpersonen" -> "contactpersoon"
        if singular in self.vocabulary:
            return singular
        if is_real_word(token):  # "morgen" is no typo of "borgen"
            return token
        joined = self._known_compound(token)
        if joined:  # "leiderschapsprojecten" is no typo of "leiderschapstraject"
            return joined
        if is_dictionary_word(token):  # "conclude" is no typo of "include"
            return self._one_edit_away(token) or token
        match = self._near_vocabulary.without_vowels(token) or self._near_vocabulary.closest(
            token, SPELLING_MIN_SCORE
        )
        if match:
            return match
        return self._one_edit_away(token) or self._compound_head(token) or token

    def _one_edit_away(self, token: str) -> str | None:
        """The only known word one edit (a swap counts as one: "vjif") away, if exactly one
        (kept: every pair of unknown words a message types apart is looked up as one word)."""
        if token in self._one_edit:
            return self._one_edit[token]
        found = self._near_vocabulary.only_one_edit_away(token)
        if len(self._one_edit) < MAX_KEPT_WORDS:
            self._one_edit[token] = found
        return found

    def _known_compound(self, token: str) -> str | None:
        """The head of a compound of two known words, with or without a linking "s"
        ("leiderschaps|projecten" -> "projecten"), or None."""
        for split in range(COMPOUND_MIN_HEAD, len(token) - KNOWN_COMPOUND_MIN_HEAD + 1):
            left, head = token[:split], token[split:]
            known_left = left in self.vocabulary or (
                left.endswith("s") and left[:-1] in self.vocabulary
            )
            # (a short head must name a concept: "bijeenkomst|data", not "spannings|veld")
            short = len(head) < COMPOUND_MIN_HEAD and (head,) not in self.concepts
            if known_left and head in self.vocabulary and head not in self.stopwords and not short:
                return head
        return None

    def _compound_head(self, token: str) -> str | None:
        """A Dutch compound means its last part: "deelnamekosten" -> "kosten"."""
        for split in range(3, len(token) - COMPOUND_MIN_HEAD + 1):
            head = token[split:]
            if head in self.vocabulary and head not in self.stopwords:
                return head
        return None

    def join_compounds(self, tokens: list[str]) -> list[str]:
        """Compounds typed (or dictated) apart joined when the knowledge base knows them
        whole: "dag deel" -> "dagdeel", "leer netwerk" -> "leernetwerk"."""
        out: list[str] = []
        i = 0
        while i < len(tokens):
            joined = self._compound(tokens[i], tokens[i + 1]) if i + 1 < len(tokens) else None
            if joined:
                out.append(joined)
                i += 2
            else:
                out.append(tokens[i])
                i += 1
        return out

    def _compound(self, first: str, second: str) -> str | None:
        """The word `first` and `second` make together, if the knowledge base knows it; a
        long one also when the first part is no word and the whole is one letter off a known
        word ("apel door" -> "apeldoorn")."""
        joined = first + second
        if joined not in self.vocabulary and not (
            len(joined) >= MIN_FUZZY_COMPOUND and not self.is_known(first)
        ):
            return None
        if joined not in self.vocabulary:
            joined = self._one_edit_away(joined) or ""
        return joined if self._joinable(first, second, joined) else None

    def _joinable(self, first: str, second: str, joined: str) -> bool:
        # A name dictated apart may have a shorter part ("nu enen", "deur ne"), no stopword
        # ("project en" is no "projecten").
        split_name = joined in self.normaliser.completed_names and not (
            {first, second} & self.stopwords
        )
        shortest = MIN_SPLIT_NAME_PART if split_name else None
        return (
            min(len(first), len(second)) >= (shortest or MIN_COMPOUND_PART)
            and joined.isalpha()
            and joined in self.vocabulary
            and joined not in self.stopwords
            and (first, second) not in self._gazetteer  # "cnv jongeren" is a name as typed
            and first not in self.normaliser.name_particles  # "van iersel": a surname
            and (first, second) not in self.concepts
        )

    def is_known(self, token: str) -> bool:
        """True when `token` is a word the knowledge base uses."""
        if token in self.normaliser.off_topic:
            return False
        return (
            token in self.vocabulary
            or token in self._place_words
            or token in self.domain_words
            or not token.isalpha()
        )
