"""The answer to a message that describes a situation and asks which werkpakket, dagdeel or
project fits it (the fit itself is found by bot/brain/situations.py).

A sure answer stands unless it lists them all or is about another member and the situation
fits one clearly. The message's other questions are asked about the member found ("...
welke gemeente doet dat? Wie is projectleider?").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from bot.brain.answer import Answer, joined, partly
from bot.brain.clauses import ClauseSplitter
from bot.brain.context import DialogueContext
from bot.brain.entities import Analysis
from bot.brain.lexicon import DOCUMENT
from bot.brain.situations import (
    MIN_FIT_WEIGHT,
    OVERRIDE_WEIGHT,
    SITUATION_KINDS,
    SituationFinder,
)
from bot.brain.statement_parts import StatementHit
from bot.brain.statement_scope import KIND_CUES
from bot.brain.unsure import UnsureReplies
from bot.domain import DIALOGUE_ACTS

AnswerOne = Callable[[str, DialogueContext], Answer]


class SituationAnswers:
    """Answers messages that ask which member fits a described situation."""

    def __init__(
        self,
        situations: SituationFinder,
        read: Callable[[str], Analysis | None],
        lists_all: frozenset[str],
        unsure: UnsureReplies,
        clauses: ClauseSplitter,
    ) -> None:
        """`read`: a whole text's analysis; `lists_all`: the intents that list every member."""
        self.situations = situations
        self.read = read
        self.lists_all = lists_all
        self.unsure = unsure
        self.clauses = clauses

    def answer(self, text: str, answer: Answer, answer_one: AnswerOne) -> Answer | None:
        """The member a described situation fits, or the nearest ones, instead of `answer`
        (the message read otherwise); None when `answer` stands."""
        reply = answer.reply
        # (a live answer, how many places are taken, is an answer like any other)
        if reply.action in DIALOGUE_ACTS or not self.situations.may_ask(text):
            return None
        reading = self.read(text)
        if reading is None:
            return None
        english = reply.language == "en"
        subject = (answer.context.subject_kind, answer.context.subject_id)
        # a list of all (a theme's werkpakketten too), an answer about no one thing, or about
        # another kind than the one asked for ("welk filmpje ...?" answered with projects)
        # answers no question for one
        lists = reply.intent in self.lists_all or subject[0] in (None, DOCUMENT)
        lists = lists or subject[0] in SITUATION_KINDS - {self.situations.asked_kind(reading)}
        # ... unless the message asks for a theme itself ("welk thema past daarbij?")
        named = {KIND_CUES[w] for w in reading.words if w in KIND_CUES} - SITUATION_KINDS
        lists = lists and subject[0] not in named
        sure = reply.matched and not lists
        fit = self.situations.sure(reading, OVERRIDE_WEIGHT if sure else MIN_FIT_WEIGHT)
        if reply.matched:
            if fit is None or subject == (fit.kind, fit.entity_id):
                return None
            if not lists and subject[0] != fit.kind:
                return None
        if fit is None:
            offered = self.situations.offer(reading, english, self.unsure.unknown(english))
            if offered is None:
                return None
            offered.language = reply.language
            return Answer(offered, replace(answer.context, language=reply.language))
        answers = [StatementHit(fit.entry, 1.0, scoped=True).as_answer(reply.language)]
        for part in self.clauses.split(text):
            part_reading = self.read(part)
            if part_reading is None or self.situations.asked_kind(part_reading) is not None:
                continue
            other = answer_one(part, answers[0].context)
            if not other.reply.matched or other.reply.action is not None:
                return partly(answers, other)
            answers.append(other)
        return joined(answers)
