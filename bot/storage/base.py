"""The storage interface. SQLite implements it (`bot.storage.sqlite`); another backend
(PostgreSQL) can be added by implementing these protocols without touching the rest."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from bot.domain import (
    Capacity,
    FeedbackEntry,
    Handoff,
    HandoffAnswer,
    HandoffRequest,
    Signup,
    SignupData,
    Vote,
)
from bot.storage.state import StateStore


@dataclass(slots=True)
class OutboxItem:
    """A message waiting to be sent to a coordinator chat."""

    id: int
    chat_id: str
    kind: str  # "signup", "status", "withdrawn", ...
    payload: dict[str, Any]
    attempts: int
    next_attempt_at: float
    last_error: str | None = None
    signup_id: int | None = None  # the sign-up this message is about, if any


@dataclass(frozen=True, slots=True)
class OutboxRequest:
    """A message to queue in the same transaction as a sign-up change."""

    chat_id: str
    kind: str
    payload: dict[str, Any]
    dedupe_key: str


@dataclass(slots=True)
class SubmitResult:
    """What `submit_signup` did."""

    signup: Signup
    created: bool  # False: an existing sign-up with the same e-mail was updated
    changed: bool  # False: identical to what was stored (nothing new to forward)
    waitlist_reason: str | None  # why it went to the waiting list, None when placed
    capacity: Capacity  # after the change
    enqueued: int  # outbox items added


# Decides, inside the write transaction, whether a sign-up goes to the waiting list:
# gets the capacity *without* the sign-up being saved and returns a reason or None.
WaitlistRule = Callable[[Capacity, SignupData], str | None]
# Builds the coordinator notices for a saved sign-up (same transaction).
NoticeBuilder = Callable[[Signup, Capacity, bool], Sequence[OutboxRequest]]
# Builds the notices for a withdrawn sign-up, given the chats that were told about it.
WithdrawNoticeBuilder = Callable[[Signup, frozenset[str]], Sequence[OutboxRequest]]


class SignupStore(Protocol):
    """Sign-ups with capacity rules."""

    def save_signup(
        self, user_key: str, data: SignupData, *, waitlisted: bool
    ) -> tuple[Signup, bool]:
        """Insert, or update the sign-up with the same e-mail. Returns (signup, created).
        Committed before it returns."""
        ...

    def get_signup(self, signup_id: int) -> Signup | None: ...

    def signups_for_user(self, user_key: str) -> list[Signup]: ...

    def list_signups(self, *, waitlisted: bool | None = None) -> list[Signup]: ...

    def set_status(
        self, signup_id: int, status: str, *, actor: str, at: float
    ) -> Signup | None: ...

    def delete_user_signups(self, user_key: str) -> list[Signup]:
        """Delete all sign-ups of `user_key`; returns what was deleted."""
        ...

    def capacity(self) -> Capacity: ...

    def submit_signup(
        self,
        user_key: str,
        data: SignupData,
        *,
        at: float,
        waitlist_rule: WaitlistRule,
        notices: NoticeBuilder,
    ) -> SubmitResult:
        """Atomically (one write transaction): check capacity with `waitlist_rule`, insert the
        sign-up or update the one with the same e-mail, and queue `notices` in the outbox.
        Committed before it returns."""
        ...

    def withdraw_user_signups(self, user_key: str, notices: WithdrawNoticeBuilder) -> list[Signup]:
        """Atomically delete all sign-ups of `user_key`, drop their unsent notices, scrub the
        personal data from sent ones, and queue `notices` (e.g. "withdrawn") for each; the
        builder gets the chat ids that already received a notice about that sign-up."""
        ...


class OutboxStore(Protocol):
    """Messages to coordinators, sent at least once and recorded exactly once."""

    def enqueue(
        self,
        chat_id: str,
        kind: str,
        payload: dict[str, Any],
        dedupe_key: str,
        *,
        signup_id: int | None = None,
    ) -> int | None:
        """Queue a message; a second call with the same dedupe_key is ignored (returns None)."""
        ...

    def due_items(self, now: float, limit: int = 50) -> list[OutboxItem]: ...

    def mark_sent(self, item_id: int, message_id: int | None, at: float) -> None: ...

    def mark_failed(self, item_id: int, error: str, retry_at: float) -> None: ...

    def pending_count(self) -> int: ...


class UnansweredStore(Protocol):
    """Questions the bot could not answer, kept without who asked."""

    def record_unanswered(self, text: str, at: float) -> None: ...

    def unanswered_summary(self, limit: int = 50) -> list[tuple[str, int, float]]:
        """(question, count, last asked) newest first."""
        ...


@runtime_checkable
class FormScanner(Protocol):
    """A state store that can find conversations with a sign-up form in progress."""

    def forms_idle_since(self, before: float) -> list[tuple[str, dict[str, Any]]]:
        """(key, state) of every conversation whose form was last touched at or before
        `before` (the form's own `updated_at`)."""
        ...


class Storage(StateStore, SignupStore, OutboxStore, UnansweredStore, FormScanner, Protocol):
    """Everything the bot stores."""

    def close(self) -> None: ...


# --- hand-offs and feedback ----------------------------------------------------------------

# Builds the coordinator notices of a new hand-off (queued in the same transaction).
HandoffNotices = Callable[[Handoff], Sequence[OutboxRequest]]
# Builds the messages relaying a coordinator's answer to the asker (same transaction).
AnswerRelay = Callable[[Handoff, HandoffAnswer], Sequence[OutboxRequest]]


@runtime_checkable
class HandoffStore(Protocol):
    """Hand-offs, their answers and the feedback on answers."""

    def create_handoff(
        self, request: HandoffRequest, notices: HandoffNotices, *, since: float, limit: int
    ) -> Handoff | None:
        """Atomically: count the user's hand-offs asked at or after `since`; below `limit`,
        store the hand-off and queue `notices` in the outbox. None when over the limit."""
        ...

    def get_handoff(self, handoff_id: int) -> Handoff | None: ...

    def handoff_for_notice(self, chat_id: str, message_id: int) -> Handoff | None:
        """The hand-off whose coordinator notice is message `message_id` in `chat_id`."""
        ...

    def handoff_notices(self, handoff_id: int) -> list[tuple[str, int, str]]:
        """(chat id, message id, html) of every coordinator notice sent for the hand-off."""
        ...

    def add_handoff_answer(
        self,
        handoff_id: int,
        *,
        coordinator: str,
        text: str,
        source_ref: str,
        at: float,
        relay: AnswerRelay,
    ) -> HandoffAnswer | None:
        """Atomically: store the answer (once per `source_ref`, e.g. the coordinator's
        message), mark the hand-off answered (the first answer only) and queue `relay`.
        None when this `source_ref` was stored before (a redelivered update)."""
        ...

    def answers_for(self, conversation_key: str, after: int = 0) -> list[HandoffAnswer]:
        """Answers for a conversation with id > `after`, oldest first."""
        ...

    def list_handoffs(self, *, open_only: bool) -> list[Handoff]:
        """Hand-offs oldest first (only the unanswered ones with `open_only`)."""
        ...

    def handoff_answers(self, handoff_id: int) -> list[HandoffAnswer]: ...

    def record_feedback(self, entry: FeedbackEntry) -> None: ...

    def list_feedback(self, vote: Vote | None = None) -> list[FeedbackEntry]:
        """Feedback newest first (one vote kind with `vote`)."""
        ...
