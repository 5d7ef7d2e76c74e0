"""The storage protocol of hand-offs and feedback; SQLite implements it
(`bot.storage.handoffs.HandoffTables`, part of `SqliteStorage`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

from bot.handoff.model import FeedbackEntry, Handoff, HandoffAnswer, HandoffRequest, Vote
from bot.storage.base import OutboxRequest

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
