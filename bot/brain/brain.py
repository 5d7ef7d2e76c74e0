"""The brain: one message plus the dialogue context in, one Reply and the new context out."""

from __future__ import annotations

from dataclasses import dataclass

from bot.brain.context import DialogueContext
from bot.core.types import Reply


@dataclass(slots=True)
class Answer:
    """The brain's output: the reply and the context to keep for the next message."""

    reply: Reply
    context: DialogueContext


class Brain:
    """Answers questions from the knowledge base. (Placeholder until the real brain lands.)"""

    def answer(self, text: str, context: DialogueContext) -> Answer:
        """Understand `text` in `context` and answer it."""
        return Answer(Reply(text="Dat weet ik niet.", matched=False), context)
