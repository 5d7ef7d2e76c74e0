"""A chat-level harness for the brain: push the turns of one conversation, pop the last reply."""

from __future__ import annotations

from bot.brain.brain import Brain
from bot.brain.context import DialogueContext
from bot.domain import Reply


def last_reply(brain: Brain, *turns: str) -> Reply:
    """The last reply after `turns` in one conversation, sure or not."""
    context = DialogueContext()
    reply = Reply(text="", matched=False)
    for turn in turns:
        answer = brain.answer(turn, context)
        context, reply = answer.context, answer.reply
    return reply


def talk(brain: Brain, *turns: str) -> str:
    """The last reply's text after `turns` in one conversation; asserts it was matched."""
    reply = last_reply(brain, *turns)
    assert reply.matched, reply.text
    return reply.text
