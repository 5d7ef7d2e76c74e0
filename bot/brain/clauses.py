"""Two questions in one message ("Hoe heet het traject van Geldrop-Mierlo en langs hoeveel
sporen loopt het?", "What inspired the booklet, and who facilitated the session?"): the message
is cut before a joining word ("en", "and") that a question word follows, and between
sentences that each ask something. The brain answers each part in turn, the later parts in
the conversation the earlier ones leave, and joins the answers when each part is sure."""

from __future__ import annotations

import re
from collections.abc import Iterable

# At most this many parts are answered separately; a longer list is one question.
MAX_PARTS = 4
# A part shorter than this many characters is no question of its own.
MIN_PART_CHARS = 8


class ClauseSplitter:
    """Cuts a message into its questions; see the module docstring."""

    def __init__(
        self,
        joiners: Iterable[str],
        question_words: Iterable[str],
        prepositions: Iterable[str] = (),
        yes_no_words: Iterable[str] = (),
        asked_values: Iterable[str] = (),
        determiners: Iterable[str] = (),
    ) -> None:
        """`yes_no_words` ("zijn", "is") start a question only after a joining word or
        another question ("Wat levert het op? Is het een e-learning?"); `asked_values`
        ("period", "telefoonnummer") after a comma, a joining word and one of `determiners`
        ("the", "het") start a question of their own ("the fee, and the period it runs")."""
        self.starts = frozenset(w.lower() for w in question_words)  # "wie", "what"
        words = _alternatives(question_words)
        asking = _alternatives([*question_words, *yes_no_words])
        joins = _alternatives(joiners)
        before = _alternatives(prepositions)
        lead = rf"(?:(?:{before})\s+)?" if before else ""
        # ", en wie ...", " and who ...", " en langs hoeveel ...": cut before the joining word.
        self._joined = re.compile(rf"[,;]?\s+(?:{joins})\s+(?={lead}(?:{asking})\b)", re.IGNORECASE)
        # "...? Wie ...", "...? Is het ...": a question mark followed by another question;
        # also a question on a line of its own in a list or a quoted e-mail ("> 1. Wie is
        # ...", where a question word starts it).
        self._asked = re.compile(
            rf"\?\s+(?:[>*•-]\s*|\d+[.)]\s*)*(?=(?:{asking})\b)"
            rf"|\n\s*(?:[>*•-]\s*|\d+[.)]\s*)+(?=(?:{words})\b)",
            re.IGNORECASE,
        )
        values, articles = _alternatives(asked_values), _alternatives(determiners)
        # "the fee per gemeente, and the period over which it runs", "de datum van de eerste,
        # en van de laatste": a value or a place in a list named after a comma and a joining
        # word is asked too.
        self._named = (
            re.compile(
                rf"[,;]\s+(?:{joins})\s+(?={lead}(?:{articles})\s+(?:{values})\b)", re.IGNORECASE
            )
            if values and articles
            else None
        )
        # "wat kost het, wie moeten we sturen": a comma between two questions (not after
        # "Geachte heer/mevrouw," or "Als wij meedoen,").
        self._listed = re.compile(rf",\s+(?=(?:{words})\b)", re.IGNORECASE)
        self._question_word = re.compile(rf"\b(?:{words})\b", re.IGNORECASE)

    def split(self, text: str) -> list[str]:
        """The message's questions, or the message alone when it asks one thing."""
        parts = [text]
        for pattern in (self._asked, self._joined, self._named):
            if pattern is not None:
                parts = [piece for part in parts for piece in pattern.split(part)]
        parts = [piece for part in parts for piece in self._questions_listed(part)]
        parts = [piece for part in parts for piece in _marked_questions(part)]
        parts = [p.strip() for p in parts if p.strip()]
        if len(parts) > 1 and len(parts[0]) < MIN_PART_CHARS:  # "Vragen:\n- Wat kost ...?"
            parts[:2] = [f"{parts[0]} {parts[1]}"]
        if len(parts) < 2 or len(parts) > MAX_PARTS:
            return [text]
        if any(len(p) < MIN_PART_CHARS for p in parts):
            return [text]
        return parts

    def _questions_listed(self, text: str) -> list[str]:
        """`text` cut at each comma that ends a question and starts another; each part cut
        off so ends in its comma (see `answer_parts`)."""
        pieces = self._listed.split(text)
        parts = [pieces[0]]
        for piece in pieces[1:]:
            if self._question_word.search(parts[-1]):
                parts[-1] += ","
                parts.append(piece)
            else:
                parts[-1] = f"{parts[-1]}, {piece}"
        return parts


def _marked_questions(text: str) -> list[str]:
    """`text` cut after each question mark that another question ending in one follows ("Het
    leernetwerk is overdag, toch? En de leergang, hoe laat start die?")."""
    pieces = _AFTER_QUESTION_MARK.split(text)
    parts = [pieces[0]]
    for piece in pieces[1:]:
        if parts[-1].endswith("?") and piece.rstrip().endswith("?"):
            parts.append(piece)
        else:
            parts[-1] = f"{parts[-1]} {piece}"
    return parts


_AFTER_QUESTION_MARK = re.compile(r"(?<=\?)\s+")


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first."""
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
