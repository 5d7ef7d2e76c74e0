"""The question as the composers read it: the reading, the attributes asked for and the
specific words no example explains."""

from __future__ import annotations

from bot.brain.answers import ATTRIBUTE_CONCEPTS, Question
from bot.brain.context import DialogueContext
from bot.brain.entities import Analysis
from bot.brain.lexicon import Lexicon
from bot.brain.readings import Scored
from bot.brain.word_classes import is_everyday_word
from bot.knowledge.schema import Labels

# A word shorter than this is no specific detail of a question.
MIN_DETAIL_LENGTH = 5


class QuestionReader:
    """Builds the Question a composer answers from a scored reading."""

    def __init__(self, lexicon: Lexicon, labels: Labels) -> None:
        self.lexicon = lexicon
        self.labels = labels
        self._concept_words = frozenset(lexicon.concepts.values())

    def read(
        self, analysis: Analysis, best: Scored, context: DialogueContext, english: bool
    ) -> Question:
        """The question as the composers read it: the reading, the attributes asked for (or,
        asked again, those of the last question) and the details no example explains."""
        attributes = {ATTRIBUTE_CONCEPTS[w] for w in analysis.words if w in ATTRIBUTE_CONCEPTS}
        if (
            not attributes
            and best.interpretation.from_context is False
            and (context.last_intent == best.target.id)
        ):
            attributes = set(context.last_attributes)
        return Question(
            analysis,
            best.interpretation,
            attributes,
            english,
            self.labels,
            self.details(analysis, best),
        )

    def details(self, analysis: Analysis, best: Scored) -> list[str]:
        """Specific words the matched example doesn't explain: not a concept, not a word any
        example or name uses ("inwoners" in "hoeveel inwoners heeft Tilburg")."""
        return [
            word
            for word in analysis.words
            if word not in best.example.features
            and word not in self._concept_words
            and word not in self.lexicon.vocabulary
            and not is_everyday_word(word)
            and len(word) >= MIN_DETAIL_LENGTH
        ]
