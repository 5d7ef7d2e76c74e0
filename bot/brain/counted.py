"""A bare question for how many after an answer ("Welke competenties noemt de leergang?" -
"hoeveel zijn dat er?", "how many are there?"): read as how many of what was just asked
about ("hoeveel competenties"), in the conversation's subject."""

from __future__ import annotations

from bot.brain.context import DialogueContext
from bot.brain.entities import analyse
from bot.brain.lexicon import Lexicon
from bot.brain.statements import QUESTION_CONCEPTS

COUNT_CONCEPT = "hoeveel"  # knowledge/vocabulary.yaml: "hoeveel", "how many", "hvl"
# A bare count question is short: "hoeveel zijn dat er eigenlijk?".
MAX_TOKENS = 6


class CountFollowups:
    """Rewrites a bare count follow-up; see the module docstring."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def question(self, text: str, context: DialogueContext) -> str | None:
        """ "hoeveel <what the last question asked about>" for a bare count follow-up; None
        for any other message, or when the last question asked about nothing countable."""
        analysis = analyse(text, self.lexicon)
        if len(analysis.tokens) > MAX_TOKENS or analysis.mentions:
            return None
        if set(analysis.words) != {COUNT_CONCEPT}:
            return None
        asked = [w for w in context.last_words if w not in QUESTION_CONCEPTS]
        if not asked:
            return None
        count = "how many" if context.language == "en" else "hoeveel"
        return f"{count} {' '.join(asked)}"
