"""A phrase quoted from the material ("'Wat je voor mij doet maar niet met mij, doe je tegen
mij', welk werkpakket?"): the statement that holds it word for word, when only one entity's
statements do. Its words are mostly everyday words the matcher weighs little; the quote as a
whole tells where it comes from."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from rapidfuzz import fuzz, process

from bot.brain.answer import Answer
from bot.brain.entities import Analysis
from bot.brain.normalize import tokenise
from bot.brain.situations import SituationFinder
from bot.brain.statement_parts import Entry, StatementHit
from bot.brain.statements import StatementIndex

# Text between a pair of quotation marks; an apostrophe inside a word ("doesn't", "I'm",
# "collega's") is no quotation mark.
QUOTED = re.compile(r"(?<!\w)[\"“”‘’'`]([^\"“”‘’'`]+)[\"“”‘’'`](?!\w)")
MIN_QUOTED_WORDS = 4  # a shorter quote is a title or a term, which the lexicon knows
NEAR_QUOTE_SCORE = 75  # rapidfuzz partial ratio of a quote that a statement holds nearly


class QuotedPhrases:
    """Finds the statement a quoted phrase comes from; see the module docstring."""

    def __init__(
        self,
        statements: StatementIndex,
        situations: SituationFinder,
        whole_reading: Callable[[str], Analysis | None],
    ) -> None:
        self.statements = statements
        self.situations = situations
        self.whole_reading = whole_reading

    def answer(self, text: str, answer: Answer) -> Answer | None:
        """The statement a phrase the message quotes comes from, when the message asks which
        one of its entity's kind it is ("'...', welk werkpakket?") and `answer` is about
        another one, or asks no kind and `answer` is not sure ("wie zei '...'?"); else None."""
        entry = self.source_of(text)
        if entry is None or answer.reply.action is not None:
            return None
        subject = (answer.context.subject_kind, answer.context.subject_id)
        reading = self.whole_reading(text)
        asked = self.situations.asked_kind(reading) if reading else None
        # ("wie zei 'wat je voor mij doet ...'?": asking no kind, unanswered otherwise)
        unsure = asked is None and not answer.reply.matched
        if (asked != entry.kind and not unsure) or subject == (entry.kind, entry.entity_id):
            return None
        return StatementHit(entry, 1.0, scoped=True).as_answer(answer.reply.language)

    def defined(self, text: str, answer: Answer) -> Answer | None:
        """A sure `answer` with the statement that says what a phrase the message quotes is
        ("wat is 'de droom van elke burgemeester'?": "De droom van elke burgemeester is dat
        ..."), when one statement starts so and the answer lacks it; else None."""
        reply = answer.reply
        if reply.action is not None or not reply.matched:
            return None
        for quoted in QUOTED.findall(text):
            words = tokenise(quoted)
            if len(words) < MIN_QUOTED_WORDS:
                continue
            opening = f" {' '.join(words)} is "
            found = [e for e in self.statements.naming_text(opening) if e.text.startswith(opening)]
            if len(found) != 1:
                continue
            statement = found[0].statement
            sentence = statement.en if reply.language == "en" else statement.nl
            if sentence in reply.text:
                return None
            return Answer(replace(reply, text=f"{reply.text}\n\n{sentence}"), answer.context)
        return None

    def source_of(self, text: str) -> Entry | None:
        """The statement holding a phrase the message quotes, when all statements holding it
        are one entity's; else the one statement that holds it nearly (our statements put
        the material in our own words: "als je dit online kunt invullen" is "kun je dit
        online invullen"); else None."""
        for quoted in QUOTED.findall(text):
            words = tokenise(quoted)
            if len(words) < MIN_QUOTED_WORDS:
                continue
            phrase = " ".join(words)
            found = self.statements.naming_text(f" {phrase} ")
            if not found:
                found = self._nearly_holding(phrase)
            if found and len({(e.kind, e.entity_id) for e in found}) == 1:
                return found[0]
        return None

    def _nearly_holding(self, phrase: str) -> list[Entry]:
        """The statements holding `phrase` nearly, best first."""
        entries = self.statements.entries
        matches = process.extract(
            phrase,
            [e.text for e in entries],
            scorer=fuzz.partial_ratio,
            score_cutoff=NEAR_QUOTE_SCORE,
            limit=None,
        )
        return [entries[index] for _text, _score, index in matches]
