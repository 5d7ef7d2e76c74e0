"""An answer from a scored intent or a statement, checked against the question: composed, given
the detail the question asks beyond a card, and made an honest "not in the material" when it
leaves part of the question unexplained (see bot/brain/calibration.py)."""

from __future__ import annotations

from bot.brain.answer import Answer
from bot.brain.answers import Answers
from bot.brain.calibration import Calibrator
from bot.brain.context import DialogueContext
from bot.brain.entities import Analysis, analyse_tokens
from bot.brain.evidence import Evidence
from bot.brain.matcher import IntentMatcher
from bot.brain.questions import QuestionReader
from bot.brain.readings import Scored
from bot.brain.related import Placement, with_detail, with_related
from bot.brain.statement_parts import StatementHit
from bot.brain.statements import StatementIndex
from bot.brain.unsure import UnsureReplies
from bot.domain import DIALOGUE_ACTS, Action, Reply

# A match this strong may leave this many ordinary words of the question unexplained.
STRONG_MATCH = 0.6
PHRASING_WORDS = 1
# Kinds of mention that name a gemeente (a live fill level's place).
PLACE_KINDS = frozenset({"gemeente", "project"})


class CalibratedAnswers:
    """Composes and calibrates the answer of an intent or a statement, with the parts the
    Brain builds."""

    answers: Answers
    calibrator: Calibrator
    matcher: IntentMatcher
    questions: QuestionReader
    statements: StatementIndex
    unsure: UnsureReplies

    def _from_statement(
        self,
        hit: StatementHit,
        related: list[StatementHit],
        candidates: list[list[str]],
        analysis: Analysis,
        kept: DialogueContext,
    ) -> Answer:
        """The answer of a statement, calibrated."""
        english = kept.language == "en"
        also = self.statements.answering_more(hit, related, analysis)
        reply = hit.reply(english, also=also)
        reply.language = "en" if english else "nl"
        evidence = self.calibrator.statement_evidence(hit.entry)
        return self._calibrated(
            Answer(reply, hit.context(english)), candidates, analysis, evidence, kept, related
        )

    def _from_intent(
        self,
        best: Scored,
        analysis: Analysis,
        candidates: list[list[str]],
        context: DialogueContext,
        kept: DialogueContext,
        related: list[StatementHit],
    ) -> tuple[Answer, bool]:
        """The answer of one scored intent, calibrated; True with it when calibration
        refused a sure answer as leaving part of the question unexplained."""
        english = kept.language == "en"
        question = self.questions.read(analysis, best, context, english)
        composed = self.answers.compose(question, best)
        reply = Reply(
            text=with_detail(
                composed.text,
                composed.subject if composed.details else None,
                related,
                english,
                self.statements.naming,
                self.calibrator.terms_of,
            ),
            matched=composed.matched,
            action=composed.action,
            intent=best.target.id,
            confidence=round(min(best.score, 1.0), 3),
            choices=composed.choices,
            source=composed.source,
            language="en" if english else "nl",
        )
        new_context = DialogueContext(
            subject_kind=composed.subject[0] if composed.subject else context.subject_kind,
            subject_id=composed.subject[1] if composed.subject else context.subject_id,
            last_intent=best.target.id,
            last_attributes=sorted(question.attributes),
            last_words=sorted(set(analysis.words)),
            language="en" if english else "nl",
        )
        if not reply.matched:  # "Over inwoners staat bij ... niets": what it does say nearby
            reply = with_related(reply, related, english, Placement.AFTER)
        evidence = self.calibrator.intent_evidence(best, composed.subject)
        answer = self._calibrated(
            Answer(reply, new_context), candidates, analysis, evidence, kept, related, best
        )
        return answer, reply.matched and not answer.reply.matched

    def _calibrated(
        self,
        answer: Answer,
        candidates: list[list[str]],
        analysis: Analysis,
        evidence: Evidence,
        kept: DialogueContext,
        related: list[StatementHit],
        suggested: Scored | None = None,
    ) -> Answer:
        """The answer, or an honest "not in the material" (suggesting the `suggested` intent)
        when it leaves part of the question unexplained (see bot/brain/calibration.py)."""
        reply = answer.reply
        exempt = reply.intent in self.calibrator.exempt
        if not reply.matched or reply.action in DIALOGUE_ACTS or exempt:
            return answer
        parts = self.calibrator.parts(candidates, analysis)
        whole = analyse_tokens(candidates[0], self.calibrator.lexicon) if candidates else analysis
        verdict = self.calibrator.verdict(
            parts, evidence, reply, kept, self.calibrator.corrects(whole)
        )
        # A live answer whether a place or role is free: its live part is about the gemeente
        # asked about ("is er voor Breda nog plek"); "doet Amsterdam mee" asks no such thing.
        target = self.matcher.target(reply.intent) if reply.intent else None
        if reply.action is Action.LIVE_CAPACITY and target is not None and target.requires:
            places = {
                m.surface for m in analysis.mentions if PLACE_KINDS & {r.kind for r in m.refs}
            }
            verdict.mentions = [m for m in verdict.mentions if m not in places]
        # A strong match with one ordinary word left over ("wat is de *volledige* titel"):
        # that word is phrasing.
        if not verdict or (
            reply.confidence >= STRONG_MATCH and verdict.only_phrasing(PHRASING_WORDS)
        ):
            return answer
        english = kept.language == "en"  # (an intent's example is suggested in it)
        suggestion = self.unsure.suggestion_text(suggested, english) if suggested else ""
        honest = self.calibrator.honest(reply, verdict, suggestion)
        return Answer(with_related(honest, related, honest.language == "en", Placement.AFTER), kept)
