"""A chat-level harness for the brain: push the turns of one conversation, pop the last reply."""

from __future__ import annotations

from bot.brain.brain import Brain
from bot.brain.context import DialogueContext


def talk(brain: Brain, *turns: str) -> str:
    """The last reply's text after `turns` in one conversation; asserts it was matched."""
    context = DialogueContext()
    text, matched = "", False
    for turn in turns:
        answer = brain.answer(turn, context)
        context, text, matched = answer.context, answer.reply.text, answer.reply.matched
    assert matched, text
    return text
