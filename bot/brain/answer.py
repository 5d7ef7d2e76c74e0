"""An answer of the brain (the reply and the conversation it leaves), and the answers to the
several questions of one message joined into one reply."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.brain.context import DialogueContext
from bot.domain import Reply


@dataclass(slots=True)
class Answer:
    """The brain's output: the reply and the context to keep for the next message."""

    reply: Reply
    context: DialogueContext


def joined(answers: list[Answer]) -> Answer:
    """The answers to the questions of one message, as one reply (each with its source when
    they differ) and the conversation the last one leaves."""
    replies = [a.reply for a in answers]
    sources = {r.source for r in replies}
    same_source = len(sources) == 1
    texts = list(dict.fromkeys(r.text if same_source else r.plain_text() for r in replies))
    # an answer another one holds whole (the same card, once with a detail more) is said once
    texts = [t for t in texts if not any(t != other and t in other for other in texts)]
    first = replies[0]
    reply = replace(
        first,
        text="\n\n".join(texts),
        confidence=min(r.confidence for r in replies),
        source=first.source if same_source else None,
        choices=[],
        suggestions=[],
    )
    return Answer(reply, answers[-1].context)


def more_than_parts(whole: Answer, answers: list[Answer]) -> bool:
    """True when the whole message's answer is sure and more than one of its parts' answers."""
    return whole.reply.matched and not any(
        whole.reply.plain_text() in a.reply.plain_text() for a in answers
    )


def partly(answers: list[Answer], unsure: Answer) -> Answer:
    """The sure answers to some questions of a message and the unsure reply to another, as
    one reply that is, as a whole, not sure."""
    known = joined(answers)
    reply = replace(
        unsure.reply,
        text=f"{known.reply.plain_text()}\n\n{unsure.reply.text}",
        matched=False,
        source=None,
    )
    return Answer(reply, known.context)


def is_sure(reply: Reply, confidence: float) -> bool:
    """True for a matched answer, no action, at least this confident."""
    return reply.matched and not reply.action and reply.confidence >= confidence


def answer_parts(
    parts: list[str],
    answer_one: Callable[[str, DialogueContext], Answer],
    start: DialogueContext,
    confidence: float,
    subject_of: Callable[[str, DialogueContext], DialogueContext],
    covered: Callable[[str, list[Answer]], bool] = lambda _part, _answers: False,
) -> tuple[list[Answer], Answer | None]:
    """The sure answers to the parts of a message, each asked in the conversation the one
    before leaves, and the answer to the first part that is not sure (None when all are).
    A part that is not sure after a part cut off at a comma (it ends in one) is first asked
    again together with it: one question cut in two ("how many take part, how many does
    each send"). After a part the brain does not know, the next is asked about what that
    part names (`subject_of`: "Waarom is dagdeel 4 interessant? Waar gaat het over?"); a
    wish, or a part matched without confidence, ends the parts, unless the answers before it
    already say what it asks (`covered`: "hoeveel medewerkers en hoeveel teams?" after "950
    medewerkers, in 40 teams")."""
    answers: list[Answer] = []
    asked: list[str] = []
    first_unsure: Answer | None = None
    current = start
    for part in parts:
        answered = answer_one(part, current)
        if answers and asked[-1].endswith(",") and not is_sure(answered.reply, confidence):
            together = f"{asked[-1]} {part}"
            retried = answer_one(together, answers[-2].context if len(answers) > 1 else start)
            if is_sure(retried.reply, confidence):
                answers[-1], asked[-1] = retried, together
                current = retried.context
                continue
        if is_sure(answered.reply, confidence):
            answers.append(answered)
            asked.append(part)
            current = answered.context
            continue
        if answers and not answered.reply.action and covered(part, answers):
            asked.append(part)
            continue
        first_unsure = first_unsure or answered
        if answered.reply.matched or answered.reply.action:
            return answers, first_unsure
        current = subject_of(part, current)
    return answers, first_unsure
