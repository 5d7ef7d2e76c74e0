"""Tentative answers: what the brain shows without being sure of it.

Two kinds, both unmatched replies (never counted as a confident answer) that still give the
answer, so a user who meant it need not ask again:
- a weak match (below SURE_INTENT, or SURE_STATEMENT for one sentence of the material) is
  given as "Als ik je goed begrijp: ...": measured on the first scores of the held-out sets,
  most confident wrong answers lie below these bars. A short follow-up ("en C?", "and the
  last one?") is read from the conversation, not matched by its words: it stays sure;
- a "Bedoelde je ...?" reply shows the answer to its first suggestion when that answer
  explains the whole question.
"""

from __future__ import annotations

from dataclasses import replace

from bot.brain.answer import Answer
from bot.brain.answers import Answers
from bot.brain.calibration import Calibrator
from bot.brain.context import DialogueContext
from bot.brain.entities import Analysis
from bot.brain.lexicon import Lexicon
from bot.brain.normalize import tokenise
from bot.brain.questions import QuestionReader
from bot.brain.ranker import WISH_HANDLERS
from bot.brain.readings import Scored
from bot.brain.statement_parts import is_statement_intent
from bot.domain import Reply

# Below these match scores (0..1) an answer is tentative; chosen by measurement on every set.
SURE_INTENT = 0.75
SURE_STATEMENT = 0.7
# A message of at most this many words in a conversation about something is a follow-up.
FOLLOW_UP_WORDS = 4
# A first suggestion this good comes with its answer (when that explains the question).
PREVIEW_THRESHOLD = 0.3

LEAD = {"nl": "Als ik je goed begrijp:", "en": "If I understand you correctly:"}
PREVIEW_LEAD = {"nl": "Als je dat bedoelt:", "en": "If that is what you mean:"}


def is_weak(reply: Reply) -> bool:
    """True for an answer from a weak match (a score under the sure bar of its kind)."""
    sure = SURE_STATEMENT if is_statement_intent(reply.intent) else SURE_INTENT
    return reply.confidence < sure


class TentativeReplies:
    """Makes weak answers tentative and previews the answer to a suggestion."""

    def __init__(
        self,
        answers: Answers,
        questions: QuestionReader,
        calibrator: Calibrator,
        lexicon: Lexicon,
    ) -> None:
        self.answers = answers
        self.questions = questions
        self.calibrator = calibrator
        self.lexicon = lexicon

    def weigh(self, text: str, before: DialogueContext, answer: Answer) -> Answer:
        """`answer` to `text`, made tentative when it is a factual answer from a weak match.
        The conversation goes on about what it answered."""
        reply = answer.reply
        if not reply.matched or reply.action is not None or reply.intent in self.calibrator.exempt:
            return answer
        if before.subject_id and len(tokenise(text)) <= FOLLOW_UP_WORDS:
            return answer
        if not is_weak(reply):
            return answer
        lead = LEAD["en" if reply.language == "en" else "nl"]
        tentative = replace(reply, text=f"{lead}\n{reply.text}", matched=False, tentative=True)
        return Answer(tentative, answer.context)

    def preview(
        self,
        reply: Reply,
        candidates: list[list[str]],
        analysis: Analysis,
        ranked: list[Scored],
        context: DialogueContext,
        kept: DialogueContext,
    ) -> Answer:
        """ "Bedoelde je ...?" with the answer to the first suggestion when that answer
        explains the whole question (calibration finds nothing left over). The reply stays
        unsure; the conversation goes on about what the answer shown is about, else `kept`."""
        english = kept.language == "en"
        top = ranked[0]
        off_topic = self.lexicon.normaliser.off_topic.intersection(analysis.tokens)
        if (
            top.score < PREVIEW_THRESHOLD
            or top.target.handler in WISH_HANDLERS
            or off_topic  # "wat is het weer in Emmen": no Emmen card
        ):
            return Answer(reply, kept)
        composed = self.answers.compose(self.questions.read(analysis, top, context, english), top)
        if not composed.matched or composed.action is not None:
            return Answer(reply, kept)
        # Only an answer that explains the whole question: never a neighbour's data.
        shown = Reply(composed.text, source=composed.source, language=reply.language)
        evidence = self.calibrator.intent_evidence(top, composed.subject)
        parts = self.calibrator.parts(candidates, analysis)
        if self.calibrator.verdict(parts, evidence, shown, context):
            return Answer(reply, kept)
        lead = PREVIEW_LEAD["en" if english else "nl"]
        text = f"{reply.text}\n\n{lead}\n{composed.text}"
        about = kept
        if composed.subject:  # "... || welke van de twee begon eerst?"
            kind, ids = composed.subject
            about = replace(kept, subject_kind=kind, subject_id=ids, last_intent=top.target.id)
        return Answer(replace(reply, text=text, source=composed.source), about)
