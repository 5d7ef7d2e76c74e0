"""Hand-off rules and texts: forwarding a question to the coordinators (with the daily limit),
relaying their answers, and the coordinators' overview of open questions.

User texts are Dutch plain text in `Reply` objects (channels escape them); coordinator
notices and relayed answers are ready Telegram HTML, built here with every value escaped.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain import (
    Contact,
    CoreIntent,
    Handoff,
    HandoffAnswer,
    HandoffKind,
    HandoffRequest,
    Reply,
    notice_key_prefix,
)
from bot.knowledge.loader import default_programme_rules
from bot.storage.base import HandoffStore, OutboxRequest

TIMEZONE = ZoneInfo("Europe/Amsterdam")
DEFAULT_DAILY_LIMIT = 5
MAX_BOT_ANSWER_CHARS = 600  # what the bot said, clipped in the coordinator notice
MAX_HTML_CHARS = 4000  # one Telegram message (4096) with a margin
# Channels whose answers are pushed through the outbox (the Telegram bot sends them); the
# others (web, terminal) read them from the store with `answers_for`.
OUTBOX_CHANNELS = frozenset({"telegram"})

FORWARDED_PRIVATE = (
    "Je vraag is doorgestuurd naar de coördinatoren van het Leernetwerk. Hun antwoord krijg "
    "je hier in dit gesprek."
)
FORWARDED_GROUP = (
    "De vraag is doorgestuurd naar de coördinatoren van het Leernetwerk. Hun antwoord komt "
    "hier in de groep, als reactie op de vraag."
)
NO_COORDINATORS = (
    "Doorsturen naar de coördinatoren lukt hier helaas niet. Mail je vraag naar het "
    "{organisation} via {email}."
)
LIMIT_TEXT = (
    "Je hebt vandaag al {limit} vragen naar de coördinatoren gestuurd; meer kan helaas niet "
    "op één dag. Morgen kan het weer. Heb je haast? Mail dan naar {email}."
)


@dataclass(frozen=True, slots=True)
class RelayedAnswer:
    """A coordinator's answer as stored and queued for the asker."""

    handoff: Handoff  # as it was before this answer
    answer: HandoffAnswer
    first_answer: bool  # False for a second (or later) reply


def format_time(at: float) -> str:
    """Unix seconds as "28-11-2026 10:15" in Dutch time."""
    return datetime.fromtimestamp(at, TIMEZONE).strftime("%d-%m-%Y %H:%M")


def format_age(seconds: float) -> str:
    """An age as Dutch coordinators read it: "5 min", "3 uur", "2 dagen"."""
    minutes = max(0, int(seconds // 60))
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} uur"
    return f"{hours // 24} dagen"


def place_text(request: HandoffRequest) -> str:
    """Where the question was asked, for the coordinators."""
    if request.is_group:
        return f"in de groep “{request.place}”" if request.place else "in een groep"
    if request.channel == "telegram":
        return "in een privégesprek"
    if request.channel == "web":
        return "in de webchat"
    return f"via {request.channel}"


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class HandoffService:
    """Forwarding questions to the coordinators and relaying their answers."""

    def __init__(
        self,
        store: HandoffStore,
        coordinator_chat_ids: Sequence[str],
        *,
        clock: Callable[[], float] = time.time,
        daily_limit: int = DEFAULT_DAILY_LIMIT,
        contact: Contact | None = None,
    ) -> None:
        self.store = store
        # Where to ask instead (knowledge/leernetwerk.yaml's contact).
        self.contact = contact or default_programme_rules().contact
        self.coordinator_chat_ids = tuple(str(chat_id) for chat_id in coordinator_chat_ids)
        self.clock = clock
        self.daily_limit = daily_limit

    # -- forwarding -----------------------------------------------------------------------

    def day_start(self, now: float) -> float:
        """Midnight (Dutch time) of the day `now` falls on: the daily limit resets there."""
        moment = datetime.fromtimestamp(now, TIMEZONE)
        return moment.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()

    def forward(self, request: HandoffRequest) -> tuple[Handoff | None, Reply]:
        """Store the hand-off and queue its notices in one transaction; the reply for the
        asker. (None, reply) when there are no coordinator chats or the limit is reached."""
        if not self.coordinator_chat_ids:
            return None, Reply(
                text=NO_COORDINATORS.format(
                    organisation=self.contact.organisation, email=self.contact.email
                ),
                intent=CoreIntent.HANDOFF_UNAVAILABLE,
            )
        handoff = self.store.create_handoff(
            request,
            self.notices,
            since=self.day_start(request.asked_at),
            limit=self.daily_limit,
        )
        if handoff is None:
            return None, Reply(
                text=LIMIT_TEXT.format(limit=self.daily_limit, email=self.contact.email),
                intent=CoreIntent.HANDOFF_LIMIT,
            )
        text = FORWARDED_GROUP if request.is_group else FORWARDED_PRIVATE
        return handoff, Reply(text=text, intent=CoreIntent.HANDOFF_SENT)

    def notices(self, handoff: Handoff) -> list[OutboxRequest]:
        """One notice per coordinator chat (deduplicated per hand-off and chat)."""
        payload = {"handoff_id": handoff.id, "html": self.notice_html(handoff)}
        return [
            OutboxRequest(
                chat_id,
                HandoffKind.QUESTION.value,
                payload,
                notice_key_prefix(handoff.id) + chat_id,
            )
            for chat_id in self.coordinator_chat_ids
        ]

    def notice_html(self, handoff: Handoff) -> str:
        """The coordinator notice as Telegram HTML; every dynamic value is escaped, and the
        question and the bot's answer are shortened until it fits one Telegram message."""
        request = handoff.request
        esc = html.escape
        name = request.first_name or "(naam onbekend)"
        question_chars, answer_chars = len(request.question), MAX_BOT_ANSWER_CHARS
        while True:
            text = "\n".join(
                [
                    f"❓ <b>Vraag voor de coördinatoren</b> (#{handoff.id})",
                    f"Van: {esc(name)}, {esc(place_text(request))}",
                    "",
                    f"<b>Vraag:</b> {esc(_clip(request.question, question_chars))}",
                    f"<b>De bot antwoordde:</b> {esc(_clip(request.bot_answer, answer_chars))}",
                    "",
                    "<i>Antwoord door op dit bericht te reageren (Beantwoorden); ik stuur het "
                    "door.</i>",
                ]
            )
            if len(text) <= MAX_HTML_CHARS or question_chars <= 20:
                return text
            question_chars, answer_chars = question_chars * 2 // 3, answer_chars // 2

    # -- answering ------------------------------------------------------------------------

    def answer(
        self, handoff_id: int, *, coordinator: str, text: str, source_ref: str
    ) -> RelayedAnswer | None:
        """Store a coordinator's answer and queue it for the asker (one transaction); None
        when the hand-off is unknown or this answer (`source_ref`) was stored before."""
        before = self.store.get_handoff(handoff_id)
        if before is None:
            return None
        stored = self.store.add_handoff_answer(
            handoff_id,
            coordinator=coordinator,
            text=text,
            source_ref=source_ref,
            at=self.clock(),
            relay=self.relay,
        )
        if stored is None:
            return None
        return RelayedAnswer(before, stored, first_answer=before.is_open)

    def relay(self, handoff: Handoff, answer: HandoffAnswer) -> list[OutboxRequest]:
        """The outbox message that brings `answer` to the asker (channels that read from the
        store get none)."""
        request = handoff.request
        if request.channel not in OUTBOX_CHANNELS or not request.chat_ref:
            return []
        payload: dict[str, object] = {
            "handoff_id": handoff.id,
            "answer_id": answer.id,
            "html": self.answer_html(handoff, answer),
        }
        if request.message_ref:
            payload["reply_to_message_id"] = request.message_ref
        return [
            OutboxRequest(
                request.chat_ref, HandoffKind.ANSWER.value, payload, f"handoff-answer:{answer.id}"
            )
        ]

    @staticmethod
    def answer_text(answer: HandoffAnswer) -> str:
        """The relayed answer as plain text (for channels that escape it themselves)."""
        question = _clip(answer.question, 200)
        return (
            f"Antwoord van {answer.coordinator} (coördinator van het Leernetwerk) op je vraag "
            f"“{question}”:\n\n{answer.text}"
        )

    def answer_html(self, handoff: Handoff, answer: HandoffAnswer) -> str:
        """The relayed answer as Telegram HTML, escaped."""
        question = _clip(handoff.request.question, 200)
        esc = html.escape
        head = (
            f"💬 <b>Antwoord van {esc(answer.coordinator)}</b> (coördinator van het "
            f"Leernetwerk) op je vraag “{esc(question)}”:\n\n"
        )
        body = esc(answer.text)
        if len(head) + len(body) > MAX_HTML_CHARS:  # cut outside an entity such as &amp;
            body = esc(answer.text[: max(0, MAX_HTML_CHARS - len(head)) // 6]) + "…"
        return head + body

    @staticmethod
    def answered_html(notice_html: str, relayed: RelayedAnswer) -> str:
        """A coordinator notice marked answered (who answered, when, how many answers)."""
        answer = relayed.answer
        first = relayed.handoff.answered_by if not relayed.first_answer else answer.coordinator
        marker = f"✅ <b>Beantwoord</b> door {html.escape(first or answer.coordinator)}"
        if not relayed.first_answer:
            marker += f"; nog een antwoord van {html.escape(answer.coordinator)}"
        marker += f" ({format_time(answer.at)})"
        base = notice_html.split("\n\n✅", 1)[0]
        return f"{base}\n\n{marker}"

    # -- overview -------------------------------------------------------------------------

    def open_lines(self, now: float | None = None) -> list[str]:
        """/vragen and `python -m bot questions`: open questions, oldest first, with age."""
        now = self.clock() if now is None else now
        handoffs = self.store.list_handoffs(open_only=True)
        if not handoffs:
            return ["Er staan geen open vragen voor de coördinatoren."]
        lines = [f"Open vragen ({len(handoffs)}), oudste eerst:"]
        for handoff in handoffs:
            request = handoff.request
            age = format_age(now - request.asked_at)
            name = request.first_name or "(naam onbekend)"
            lines.append(
                f"#{handoff.id} ({age} geleden) {name}, {place_text(request)}: "
                f"{_clip(request.question, 300)}"
            )
        lines.append("Beantwoorden: reageer in de coördinatorengroep op het bericht met de vraag.")
        return lines
