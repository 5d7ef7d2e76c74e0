"""Content terms of a text, as statements, questions and answers are compared: synonyms
folded into concepts (longest phrase first), stopwords and filler dropped, other words
stemmed."""

from __future__ import annotations

from bot.brain.lexicon import FILLER, Lexicon
from bot.brain.statement_parts import stem

# Shorter words ("up", "ok") are no content words.
MIN_TERM_LENGTH = 3
NO_PHRASE = (0, "")
# Words whose terms are kept (statements, questions and answers share words).
MAX_CACHED_WORDS = 50_000


class TermReader:
    """Reads the content terms of tokens with the lexicon's concepts and stopwords."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        # The longest concept phrase starting with each word ("meer dan een" under "meer").
        self._phrase_lengths: dict[str, int] = {}
        for phrase in filter(None, lexicon.concepts):
            first = phrase[0]
            self._phrase_lengths[first] = max(self._phrase_lengths.get(first, 1), len(phrase))
        # The second words of the phrases of two or more words, by their first word.
        seconds: dict[str, set[str]] = {}
        for phrase in lexicon.concepts:
            if len(phrase) > 1:
                seconds.setdefault(phrase[0], set()).add(phrase[1])
        self._second_words = {first: frozenset(words) for first, words in seconds.items()}
        self._word_terms: dict[str, str] = {}

    def terms(self, tokens: list[str]) -> list[str]:
        """Content terms: synonyms folded into concepts (longest phrase first), stopwords and
        filler dropped, other words stemmed."""
        result: list[str] = []
        seconds = self._second_words  # (only the first two words of a phrase start it)
        known = self._word_terms
        i, end = 0, len(tokens)
        while i < end:
            token = tokens[i]
            if i + 1 < end and tokens[i + 1] in seconds.get(token, ()):
                length, concept = self._phrase_at(tokens, i)
                if length:
                    if concept != FILLER:
                        result.append(concept)
                    i += length
                    continue
            term = known.get(token)
            if term is None:
                term = self._word_term(token)
            if term:
                result.append(term)
            i += 1
        return result

    def _phrase_at(self, tokens: list[str], i: int) -> tuple[int, str]:
        """The longest concept phrase of two or more words at `i`: its length and concept, or
        (0, "")."""
        longest = min(self._phrase_lengths.get(tokens[i], 1), len(tokens) - i)
        # Tried longest first, but only as long as the tokens start a phrase.
        reach = 1
        while reach < longest and tuple(tokens[i : i + reach + 1]) in self.lexicon.concept_prefixes:
            reach += 1
        for length in range(reach, 1, -1):
            concept = self.lexicon.concepts.get(tuple(tokens[i : i + length]))
            if concept:
                return length, concept
        return NO_PHRASE

    def _word_term(self, token: str) -> str:
        """The term of one word outside a phrase: its concept, else its stem when it is a
        content word, else "" (cached: statements, questions and answers share words)."""
        term = self._word_terms.get(token)
        if term is None:
            concept = self.lexicon.concepts.get((token,))
            if concept:
                term = "" if concept == FILLER else concept
            elif (
                token not in self.lexicon.stopwords
                and not token.startswith("#")
                and (len(token) >= MIN_TERM_LENGTH or token.isdigit())
            ):
                term = stem(token)
            else:
                term = ""
            if len(self._word_terms) < MAX_CACHED_WORDS:
                self._word_terms[token] = term
        return term
