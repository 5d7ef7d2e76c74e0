"""The storage interface. SQLite implements it (`bot.storage.sqlite`); another backend
(PostgreSQL) can be added by implementing these protocols without touching the rest."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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
    in_doubt: bool = False  # an earlier attempt may have reached Telegram (timed out, killed)


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
    # The e-mail address belongs to another user's sign-up: nothing was stored or changed (the
    # coordinators got a flagged possible duplicate); `signup` is that other sign-up, internal
    # only, never to be shown to this user.
    duplicate: bool = False


# Decides, inside the write transaction, whether a sign-up goes to the waiting list:
# gets the capacity *without* the sign-up being saved and returns a reason or None.
WaitlistRule = Callable[[Capacity, SignupData], str | None]
# Builds the coordinator notices for a saved sign-up (same transaction).
NoticeBuilder = Callable[[Signup, Capacity, bool], Sequence[OutboxRequest]]
# Builds the notices for a withdrawn sign-up, given the chats that were told about it.
# Gets the coordinator chats that received a notice about it, with the message ids of its copies.
WithdrawNoticeBuilder = Callable[[Signup, Mapping[str, tuple[int, ...]]], Sequence[OutboxRequest]]
# Builds the "possible duplicate" notices: the submitted data and the sign-up it clashes with.
DuplicateNoticeBuilder = Callable[[SignupData, int], Sequence[OutboxRequest]]


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
        duplicate_notices: DuplicateNoticeBuilder | None = None,
        language: str = "nl",
    ) -> SubmitResult:
        """Atomically (one write transaction): check capacity with `waitlist_rule`, insert the
        sign-up or update this user's own one (same e-mail, or the same name when they
        corrected their e-mail), and queue `notices` in the outbox. An e-mail address of
        another user's sign-up changes nothing and queues `duplicate_notices` instead.
        `language` is the form's, kept with the sign-up. Committed before it returns."""
        ...

    def withdraw_user_signups(self, user_key: str, notices: WithdrawNoticeBuilder) -> list[Signup]:
        """Atomically delete all sign-ups of `user_key`, drop their unsent notices, scrub the
        personal data from sent ones, and queue `notices` (e.g. "withdrawn") for each; the
        builder gets the chats that already received a notice about that sign-up, with the
        message ids of its copies there (to edit them)."""
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

    def add_notice_copy(self, signup_id: int, chat_id: str, message_id: int) -> None:
        """Remember another message that shows sign-up `signup_id`."""
        ...

    def notice_copies(self, signup_id: int, chat_id: str) -> list[int]:
        """Every known copy (message id) of sign-up `signup_id`'s notice in `chat_id`."""
        ...

    def mark_sending(self, item_id: int, at: float) -> None:
        """An attempt starts (its outcome may never be learnt: then the item is in doubt)."""
        ...

    def mark_failed(
        self, item_id: int, error: str, retry_at: float, *, in_doubt: bool = False
    ) -> None: ...

    def pending_count(self) -> int: ...


class UnansweredStore(Protocol):
    """Questions the bot could not answer, kept without who asked."""

    def record_unanswered(self, text: str, at: float, *, names: Sequence[str] = ()) -> None:
        """Record `text` with e-mail addresses, numbers and the words of `names` redacted."""
        ...

    def forget_names(self, names: Sequence[str]) -> int:
        """Drop every recorded question that mentions a word of `names`; how many."""
        ...

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

    def checkpoint(self) -> None:
        """Flush and empty the write-ahead log (after a deletion: no earlier copies remain)."""
        ...

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

    def handoffs_for(self, conversation_key: str) -> list[Handoff]:
        """The hand-offs asked in a conversation, oldest first."""
        ...

    def delete_handoffs(self, conversation_key: str) -> int:
        """Delete a conversation's hand-offs and their answers, drop their unsent messages and
        scrub the sent ones from the outbox; returns how many hand-offs were deleted."""
        ...

    def record_feedback(self, entry: FeedbackEntry) -> None: ...

    def list_feedback(self, vote: Vote | None = None) -> list[FeedbackEntry]:
        """Feedback newest first (one vote kind with `vote`)."""
        ...
