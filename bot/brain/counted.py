"""A bare question for how many after an answer ("Welke competenties noemt de leergang?" -
"hoeveel zijn dat er?", "how many are there?"): read as how many of what was just asked
about ("hoeveel competenties"), in the conversation's subject. The words that ask how many
are the claims' number question of knowledge/normalisation.yaml."""

from __future__ import annotations

from bot.brain.context import DialogueContext
from bot.brain.entities import analyse
from bot.brain.lexicon import Lexicon
from bot.brain.normalize import tokenise
from bot.brain.statements import QUESTION_CONCEPTS
from bot.knowledge.schema import ClaimValue

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
        asked = [w for w in context.last_words if w not in QUESTION_CONCEPTS]
        claims = self.lexicon.normaliser.claims
        # (cheap tests first: this is asked of every message)
        if not asked or claims is None or len(tokenise(text)) > MAX_TOKENS:
            return None
        analysis = analyse(text, self.lexicon)
        if analysis.mentions or set(analysis.words) != {COUNT_CONCEPT}:
            return None
        count = claims.questions.get(context.language, {}).get(ClaimValue.NUMBER)
        return f"{' '.join(count)} {' '.join(asked)}" if count else None
