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


def answered(reply: Reply) -> bool:
    """True when the reply gives an answer: a sure one, or a tentative one from a weak match
    ("Als ik je goed begrijp: ...", see bot/brain/tentative.py)."""
    return reply.matched or reply.tentative


def answer_text(reply: Reply) -> str:
    """The answer a reply gives, without the lead of a tentative answer."""
    return reply.text.split("\n", 1)[1] if reply.tentative else reply.text


def talk(brain: Brain, *turns: str) -> str:
    """The last reply's answer after `turns` in one conversation; asserts it gave one."""
    reply = last_reply(brain, *turns)
    assert answered(reply), reply.text
    return answer_text(reply)
