"""The hand-off and feedback inside a conversation: offers, feedback tokens and requests.

The desk keeps its bookkeeping in the conversation state (a JSON-safe dict the Assistant loads
and saves), so a button pressed after a restart still works:

* `state["handoff_offers"]`: token -> the question on offer (the last MAX_OFFERS);
* `state["feedback"]`: token -> the answered question awaiting a 👍/👎 (the last MAX_FEEDBACK);
* `state["handoff_wanted"]`: the user asked for a person; the next question is put on offer;
* `state["last_question"]`: the previous question; when the bot could not answer it and the
  user then asks for a person, that question is put on offer.

Nothing is sent to anyone before the user presses the hand-off choice; the offer's text says
what will be shared (the question and the first name).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.domain import (
    Action,
    Choice,
    CoreIntent,
    FeedbackEntry,
    HandoffRequest,
    Language,
    Origin,
    Reply,
    Vote,
    conversation_language,
)
from bot.handoff.service import HandoffService
from bot.knowledge.loader import default_texts
from bot.knowledge.texts import Texts
from bot.storage.base import HandoffStore
from bot.storage.sqlite_unanswered import redact

HANDOFF_COMMAND = "coordinator"  # the choice's text is "/coordinator <token>"
MAX_OFFERS = 5
MAX_FEEDBACK = 10
MAX_QUESTION_CHARS = 1000
NO_OFFER_INTENTS = frozenset({CoreIntent.EMPTY})  # an empty message is no question to pass on


@dataclass(slots=True)
class FeedbackOutcome:
    """What a 👍/👎 press did: the one-word thanks that replaces the buttons and, after a 👎,
    a reply offering the hand-off."""

    recorded: bool  # False: unknown or already used token (nothing stored)
    thanks: str
    follow_up: Reply | None = None


def first_name(origin: Origin) -> str:
    """The asker's first name: the only thing about them a hand-off shares."""
    return (origin.first_name or "").strip()


def _remember(entries: dict[str, Any], token: str, value: dict[str, Any], keep: int) -> None:
    entries[token] = value
    for old in list(entries)[:-keep]:
        del entries[old]


class HandoffDesk:
    """Hand-off offers and feedback for one Assistant (see the module docstring)."""

    def __init__(
        self,
        service: HandoffService,
        *,
        clock: Callable[[], float] = time.time,
        token: Callable[[], str] = lambda: secrets.token_hex(4),
        texts: Texts | None = None,
    ) -> None:
        self.service = service
        self.texts = (texts or default_texts()).handoff
        self.clock = clock
        self._token = token

    @property
    def store(self) -> HandoffStore:
        """Where hand-offs, answers and feedback are stored."""
        return self.service.store

    # -- decorating a brain reply ---------------------------------------------------------

    def after_brain(self, state: dict[str, Any], text: str, reply: Reply, origin: Origin) -> Reply:
        """Add the hand-off offer (not known, or a person was asked for) or a feedback token
        (a factual answer in a private chat) to `reply`."""
        lang = conversation_language(state)
        if reply.action == Action.HANDOFF:
            reply.action = None
            previous = state.pop("last_question", None)
            if isinstance(previous, dict) and not previous.get("matched"):
                # The question the bot just could not answer is the one to pass on.
                return self._offer(state, previous, reply, origin, lang)
            # Offered right away (the wish itself is the question), and the next question the
            # user types is put on offer too.
            state["handoff_wanted"] = True
            ask = self.texts.ask_question.say(lang)
            reply.text = f"{reply.text}\n\n{ask}" if reply.text else ask
            wish = {
                "question": text.strip()[:MAX_QUESTION_CHARS],
                "bot_answer": "(vroeg om een mens)",
                "intent": reply.intent,
                "confidence": reply.confidence,
                "matched": True,
                "message_ref": origin.message_ref,
            }
            return self._offer(state, wish, reply, origin, lang)
        question = {
            "question": text.strip()[:MAX_QUESTION_CHARS],
            "bot_answer": reply.plain_text(),
            "intent": reply.intent,
            "confidence": reply.confidence,
            "matched": reply.matched,
            "message_ref": origin.message_ref,
        }
        state["last_question"] = question
        wanted = bool(state.pop("handoff_wanted", False))
        if wanted or (not reply.matched and reply.intent not in NO_OFFER_INTENTS and text.strip()):
            return self._offer(state, question, reply, origin, lang)
        if reply.matched and reply.source and not origin.is_group:
            token = self._token()
            entry = {**question, "source": reply.source}
            _remember(state.setdefault("feedback", {}), token, entry, MAX_FEEDBACK)
            reply.feedback_token = token
        return reply

    def _offer(
        self,
        state: dict[str, Any],
        question: dict[str, Any],
        reply: Reply,
        origin: Origin,
        lang: Language,
    ) -> Reply:
        token = self._token()
        _remember(state.setdefault("handoff_offers", {}), token, dict(question), MAX_OFFERS)
        said = self.texts
        who = (said.first_name if first_name(origin) else said.no_name).say(lang)
        line = said.share_line.say(lang, who=who)
        if origin.is_group:
            line += " " + said.group_line.say(lang)
        reply.text = f"{reply.text}\n\n{line}" if reply.text else line
        button = Choice(said.button.say(lang), f"/{HANDOFF_COMMAND} {token}")
        reply.choices = [*reply.choices, button]
        return reply

    # -- the user's rights ----------------------------------------------------------------

    def my_data_lines(self, key: str, lang: Language = Language.NL) -> list[str]:
        """/mijngegevens: the questions this conversation passed on (with the first name)."""
        handoffs = self.store.handoffs_for(key)
        if not handoffs:
            return []
        lines = [self.texts.your_questions.say(lang)]
        for handoff in handoffs:
            state = self.texts.still_open if handoff.is_open else self.texts.answered
            lines.append(f"- {handoff.request.question} ({state.say(lang)})")
        return lines

    def forget(self, key: str) -> int:
        """/verwijder: delete the hand-offs of this conversation; how many were deleted."""
        return self.store.delete_handoffs(key)

    # -- requests and votes ---------------------------------------------------------------

    def request(self, key: str, state: dict[str, Any], token: str | None, origin: Origin) -> Reply:
        """Forward the question on offer under `token` (the latest offer without a token)."""
        lang = conversation_language(state)
        offers: dict[str, Any] = state.get("handoff_offers") or {}
        if not token and offers:
            token = list(offers)[-1]
        offer = offers.get(token or "")
        if not isinstance(offer, dict):
            return Reply(text=self.texts.stale_offer.say(lang), intent=CoreIntent.HANDOFF_STALE)
        if offer.get("sent"):
            text = self.texts.already_sent.say(lang)
            return Reply(text=text, intent=CoreIntent.HANDOFF_DUPLICATE)
        request = HandoffRequest(
            channel=origin.channel,
            conversation_key=key,
            user_key=f"{origin.channel}:{origin.user_id}" if origin.user_id else key,
            first_name=first_name(origin),
            question=str(offer.get("question", "")),
            place=(origin.chat_title or "") if origin.is_group else "",
            is_group=origin.is_group,
            chat_ref=origin.chat_ref,
            message_ref=offer.get("message_ref"),
            bot_answer=str(offer.get("bot_answer", "")),
            intent=offer.get("intent"),
            confidence=float(offer.get("confidence") or 0.0),
            asked_at=self.clock(),
            offer_key=f"{key}:{token}",
        )
        handoff, reply = self.service.forward(request)
        if handoff is not None:
            offer["sent"] = handoff.id
        return reply

    def vote(
        self, state: dict[str, Any], token: str, vote: Vote, origin: Origin
    ) -> FeedbackOutcome:
        """Store a 👍/👎 for the answer behind `token` (once), without who gave it."""
        lang = conversation_language(state)
        pending: dict[str, Any] = state.get("feedback") or {}
        entry = pending.pop(token, None)
        if not isinstance(entry, dict):
            return FeedbackOutcome(recorded=False, thanks=self.texts.thanks.say(lang))
        self.store.record_feedback(
            FeedbackEntry(
                question=redact(str(entry.get("question", ""))),
                intent=entry.get("intent"),
                source=entry.get("source"),
                vote=vote,
                at=self.clock(),
            )
        )
        follow_up = None
        if vote is Vote.DOWN:
            follow_up = self._offer(
                state,
                entry,
                Reply(text=self.texts.sorry_down.say(lang), intent=CoreIntent.HANDOFF_OFFER),
                origin,
                lang,
            )
        thanks = self.texts.thanks.say(lang)
        return FeedbackOutcome(recorded=True, thanks=thanks, follow_up=follow_up)
