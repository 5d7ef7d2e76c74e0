"""A wish and a question in one message ("Ik wil mijn gemeente aanmelden. Wanneer is de eerste
bijeenkomst?"): both are served. The reply keeps the wish's action (the channel starts the
form) and carries the question's answer as its `preface`, which the core shows first.

The message is read as a whole first. When that reading is a wish, each other sentence that
asks something is answered on its own and kept when the answer is sure; when it is an answer,
each other sentence that names signing up and asks nothing is read on its own and kept when it
surely wishes. A sentence is cut at a full stop, question or exclamation mark, or a line
break, so a condition ("Als we meedoen, wat kost het?") stays with its question and wishes
nothing."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from bot.brain.answer import Answer, is_sure, joined
from bot.brain.context import DialogueContext
from bot.brain.entities import Analysis, analyse_tokens
from bot.brain.lexicon import Lexicon
from bot.brain.readings import Target
from bot.domain import Action

# Where one sentence of a message ends and the next begins.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\s*\n+\s*")
# A wish beside a question the message asks is served only this sure and when it asks
# nothing itself: "How do I register? Is there an e-mail address?" asks about signing up, and
# "wil eerst bellen voor we ons opgeven" (0.72) wishes nothing yet; a plain wish scores 0.85-1.
WISH_CONFIDENCE = 0.8
# A message of more sentences than this is a letter: its parts are not read one by one.
MAX_SENTENCES = 6

SIGNUP_HANDLER = "signup"  # knowledge/intents.yaml: the handler of the wish to sign up
AnswerOne = Callable[[str, DialogueContext], Answer]


class WishesAndQuestions:
    """Serves a wish and a question in one message; see the module docstring."""

    def __init__(
        self,
        lexicon: Lexicon,
        asks: Callable[[Analysis], bool],
        targets: Iterable[Target],
        confidence: float,
    ) -> None:
        """`asks`: whether a sentence asks something; `confidence`: how sure an answer to a
        sentence must be to be given. A sentence wishes to sign up only if it holds one of
        the concepts the sign-up intent `requires`."""
        self.lexicon = lexicon
        self.asks = asks
        self.wish_concepts = frozenset(
            c for t in targets if t.handler == SIGNUP_HANDLER for c in t.requires
        )
        self.confidence = confidence

    def combined(
        self, text: str, context: DialogueContext, answer: Answer, answer_one: AnswerOne
    ) -> Answer:
        """`answer` to the whole of `text`, with the wish or the answers it left out."""
        reply = answer.reply
        wishes = reply.action == Action.SIGNUP
        if not (wishes or (reply.matched and reply.action is None)):
            return answer
        sentences = [s for s in SENTENCE_END.split(text.strip()) if s.strip()]
        if not 1 < len(sentences) <= MAX_SENTENCES:
            return answer
        readings = [(s, self._analysis(s)) for s in sentences]
        if wishes:
            asked = [s for s, analysis in readings if analysis and self._asks(s, analysis)]
            answers = [
                a for s in asked if is_sure((a := answer_one(s, context)).reply, self.confidence)
            ]
            if not answers:
                return answer
            return self._with_answers(answer, answers)
        wishing = [
            s
            for s, analysis in readings
            if analysis and self._names_wish(analysis) and not self._asking(s, analysis)
        ]
        for sentence in wishing:
            wish = answer_one(sentence, context)
            if wish.reply.action == Action.SIGNUP and wish.reply.confidence >= WISH_CONFIDENCE:
                return self._with_answers(wish, [answer])
        return answer

    def _analysis(self, sentence: str) -> Analysis | None:
        candidates = self.lexicon.normaliser.candidates(sentence)
        return analyse_tokens(candidates[0], self.lexicon) if candidates else None

    def _asks(self, sentence: str, analysis: Analysis) -> bool:
        """True for a sentence that asks something and names no wish to sign up."""
        return self._asking(sentence, analysis) and not self._names_wish(analysis)

    def _asking(self, sentence: str, analysis: Analysis) -> bool:
        return sentence.rstrip().endswith("?") or self.asks(analysis)

    def _names_wish(self, analysis: Analysis) -> bool:
        return not self.wish_concepts.isdisjoint(analysis.words)

    @staticmethod
    def _with_answers(wish: Answer, answers: list[Answer]) -> Answer:
        """The wish's reply with the answers before it, in the conversation they leave."""
        given = joined(answers)
        language = given.reply.language
        reply = replace(wish.reply, preface=given.reply.plain_text(), language=language)
        return Answer(reply, replace(given.context, language=language))
