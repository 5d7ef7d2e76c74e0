"""The core's own replies: a text of knowledge/texts.yaml in one language, and the answer to a
question asked with a wish, put before the reply to that wish."""

from __future__ import annotations

from typing import Any

from bot.domain import Language, Reply
from bot.knowledge.bilingual import Bilingual


def core_reply(text: Bilingual, intent: str, language: Language, **extras: Any) -> Reply:
    """A reply of the core's own (knowledge/texts.yaml), in `language`."""
    return Reply(text=text.say(language), intent=intent, language=language.value, **extras)


def prefaced(reply: Reply, preface: str) -> Reply:
    """`reply` after the answer to a question asked with a wish (`preface`), if any; the
    preface stays on the reply for a channel that shows the action elsewhere (a group)."""
    if preface:
        reply.text = f"{preface}\n\n{reply.text}"
        reply.preface = preface
    return reply
