"""What an abbreviation of the material stands for ("waar staat SED voor in het Breda-project?",
"what does NGB stand for?"): the statement that writes it out, "Sociaal Economisch Domein
(SED)", answers, led by the meaning itself. The phrases that ask live in
knowledge/calibration.yaml (`abbreviation_asks`)."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.brain.answer import Answer
from bot.brain.normalize import tokenise
from bot.brain.statement_parts import Entry, StatementHit
from bot.brain.statements import StatementIndex

# An abbreviation as typed: two to six capitals ("SED", "NGB", "GGD").
ABBREVIATION = re.compile(r"\b([A-Z]{2,6})\b")
# Words before "(SED)" that may write it out: at most this many, small words included.
MAX_MEANING_WORDS = 8
# The abbreviation stands at most this many characters before or after the asking phrase.
NEAR_CHARS = 12
# A lower-case word between a name's capitalised words is at most this long ("van", "voor").
MAX_SMALL_WORD = 4
# What a "*" in an asking phrase stands for: one to three words.
GAP = r"\S+(?: \S+){0,2}"


class Abbreviations:
    """Answers what an abbreviation stands for; see the module docstring."""

    def __init__(self, statements: StatementIndex, asks: list[str]) -> None:
        self.statements = statements
        # ("staat * voor": one to three words between, "waar staat SED voor")
        self.asks = [
            re.compile(
                " " + " ".join(GAP if w == "*" else re.escape(w) for w in _words(phrase)) + " "
            )
            for phrase in asks
        ]

    def answer(self, text: str, answer: Answer) -> Answer | None:
        """The statement writing out the abbreviation the message asks about, led by what it
        stands for; None when the message asks no such thing or no statement writes it out."""
        if answer.reply.action is not None:
            return None
        folded = f" {' '.join(tokenise(text))} "
        asked = [m for phrase in self.asks for m in phrase.finditer(folded)]
        if not asked:
            return None
        for abbreviation in ABBREVIATION.findall(text):
            # asked about right where it is asked ("waar staat SED voor", "SED, wat betekent
            # dat"; not "the LP in hoofd, hart en handen: what means each one?")
            places = [m.start() for m in re.finditer(f" {abbreviation.lower()} ", folded)]
            if not any(
                m.start() - NEAR_CHARS <= at <= m.end() + NEAR_CHARS for m in asked for at in places
            ):
                continue
            found = self._written_out(abbreviation)
            if found is None:
                continue
            entry, meaning = found
            english = answer.reply.language == "en"
            given = StatementHit(entry, 1.0, scoped=True).as_answer(answer.reply.language)
            lead = (
                f"{abbreviation} stands for {meaning}."
                if english
                else f"{abbreviation} staat voor {meaning}."
            )
            return Answer(replace(given.reply, text=f"{lead}\n{given.reply.text}"), given.context)
        return None

    def _written_out(self, abbreviation: str) -> tuple[Entry, str] | None:
        """The first statement with "<meaning> (<abbreviation>)", whose capitalised words'
        initials spell it, and that meaning; None when no statement has one."""
        marker = f"({abbreviation})"
        for entry in self.statements.entries:
            text = entry.statement.nl
            at = text.find(marker)
            if at < 0:
                continue
            words = text[:at].split()[-MAX_MEANING_WORDS:]
            meaning = _meaning(words, abbreviation)
            if meaning:
                return entry, meaning
        # ... else a name whose capitals spell it, written out without it ("Risico Platform
        # Overheden" for "RPO")
        for entry in self.statements.entries:
            meaning = _spelled_by_capitals(entry.statement.nl, abbreviation)
            if meaning:
                return entry, meaning
        return None


def _words(phrase: str) -> list[str]:
    """A phrase's words as the tokeniser gives them, its "*" kept."""
    return [w for part in phrase.split() for w in (["*"] if part == "*" else tokenise(part))]


def _meaning(words: list[str], abbreviation: str) -> str | None:
    """The last words whose capitalised initials spell `abbreviation` (small words such as
    "van" between them), or None."""
    for start in range(len(words) - 1, -1, -1):
        chosen = words[start:]
        initials = "".join(w[0] for w in chosen if w[:1].isupper())
        if initials == abbreviation and chosen[0][:1].isupper():
            return " ".join(chosen)
        if len(initials) > len(abbreviation):
            return None
    return None


def _spelled_by_capitals(text: str, abbreviation: str) -> str | None:
    """The first run of capitalised words in `text` whose initials spell `abbreviation`
    (small words such as "van" between them), or None."""
    words = [w.strip(".,;:()'\"") for w in text.split()]
    for start, word in enumerate(words):
        if not word[:1].isupper() or word[0] != abbreviation[0]:
            continue
        initials, end = "", start
        while end < len(words) and len(initials) < len(abbreviation):
            current = words[end]
            if current[:1].isupper():
                initials += current[0]
            elif len(current) > MAX_SMALL_WORD or not initials:
                break
            end += 1
        if initials == abbreviation and end - start >= len(abbreviation):
            return " ".join(words[start:end])
    return None
