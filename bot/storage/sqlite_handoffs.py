"""SQLite tables of hand-offs, their answers and feedback (migration 4): a part of
`SqliteStorage` (same file, same connection, same write lock), implementing
`bot.storage.base.HandoffStore`.

Each public write is one `BEGIN IMMEDIATE` transaction, so a hand-off and its coordinator
notices, or an answer and its relay to the asker, are committed together or not at all.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from bot.domain import (
    FeedbackEntry,
    Handoff,
    HandoffAnswer,
    HandoffKind,
    HandoffRequest,
    Vote,
    notice_key_prefix,
)
from bot.storage.base import AnswerRelay, HandoffNotices
from bot.storage.sqlite_outbox import SCRUBBED_PAYLOAD, SqliteOutbox


def _handoff(row: sqlite3.Row) -> Handoff:
    request = HandoffRequest(
        channel=row["channel"],
        conversation_key=row["conversation_key"],
        user_key=row["user_key"],
        first_name=row["first_name"],
        question=row["question"],
        place=row["place"],
        is_group=bool(row["is_group"]),
        chat_ref=row["chat_ref"],
        message_ref=row["message_ref"],
        bot_answer=row["bot_answer"],
        intent=row["intent"],
        confidence=float(row["confidence"]),
        asked_at=float(row["asked_at"]),
        offer_key=row["offer_key"],
    )
    return Handoff(int(row["id"]), request, row["answered_at"], row["answered_by"])


def _answer(row: sqlite3.Row) -> HandoffAnswer:
    return HandoffAnswer(
        id=int(row["id"]),
        handoff_id=int(row["handoff_id"]),
        conversation_key=row["conversation_key"],
        coordinator=row["coordinator"],
        text=row["text"],
        question=row["question"],
        at=float(row["at"]),
    )


_ANSWER_SELECT = (
    "SELECT a.*, h.question AS question FROM handoff_answers a "
    "JOIN handoffs h ON h.id = a.handoff_id"
)


class SqliteHandoffs(SqliteOutbox):
    """Hand-off and feedback storage (part of `SqliteStorage`)."""

    def create_handoff(
        self, request: HandoffRequest, notices: HandoffNotices, *, since: float, limit: int
    ) -> Handoff | None:
        with self._write() as conn:
            if request.offer_key is not None:
                row = conn.execute(
                    "SELECT * FROM handoffs WHERE offer_key = ?", (request.offer_key,)
                ).fetchone()
                if row is not None:
                    return _handoff(row)
            row = conn.execute(
                "SELECT COUNT(*) FROM handoffs WHERE user_key = ? AND asked_at >= ?",
                (request.user_key, since),
            ).fetchone()
            if int(row[0]) >= limit:
                return None
            cursor = conn.execute(
                """INSERT INTO handoffs (channel, conversation_key, user_key, first_name,
                    question, place, is_group, chat_ref, message_ref, bot_answer, intent,
                    confidence, asked_at, offer_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    request.channel,
                    request.conversation_key,
                    request.user_key,
                    request.first_name,
                    request.question,
                    request.place,
                    int(request.is_group),
                    request.chat_ref,
                    request.message_ref,
                    request.bot_answer,
                    request.intent,
                    request.confidence,
                    request.asked_at,
                    request.offer_key,
                ),
            )
            handoff = Handoff(int(cursor.lastrowid or 0), request)
            for notice in notices(handoff):
                self._insert_outbox(conn, notice, None, request.asked_at)
        return handoff

    def get_handoff(self, handoff_id: int) -> Handoff | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT * FROM handoffs WHERE id = ?", (handoff_id,)
            ).fetchone()
        return _handoff(row) if row is not None else None

    def handoff_for_notice(self, chat_id: str, message_id: int) -> Handoff | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT payload_json FROM outbox WHERE chat_id = ? AND message_id = ? AND kind = ?",
                (str(chat_id), message_id, HandoffKind.QUESTION.value),
            ).fetchone()
        if row is None:
            return None
        payload: dict[str, Any] = json.loads(row[0])
        handoff_id = payload.get("handoff_id")
        return self.get_handoff(handoff_id) if isinstance(handoff_id, int) else None

    def handoff_notices(self, handoff_id: int) -> list[tuple[str, int, str]]:
        with self._lock:
            rows = self._conn.execute(
                """SELECT chat_id, message_id, payload_json FROM outbox
                WHERE kind = ? AND dedupe_key LIKE ? AND sent_at IS NOT NULL
                    AND message_id IS NOT NULL
                ORDER BY id""",
                (HandoffKind.QUESTION.value, f"{notice_key_prefix(handoff_id)}%"),
            ).fetchall()
        return [(str(row[0]), int(row[1]), str(json.loads(row[2]).get("html", ""))) for row in rows]

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
        with self._write() as conn:
            row = conn.execute("SELECT * FROM handoffs WHERE id = ?", (handoff_id,)).fetchone()
            if row is None:
                return None
            handoff = _handoff(row)
            cursor = conn.execute(
                """INSERT INTO handoff_answers (handoff_id, conversation_key, coordinator, text,
                    source_ref, at)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source_ref) DO NOTHING""",
                (handoff_id, handoff.request.conversation_key, coordinator, text, source_ref, at),
            )
            if cursor.rowcount != 1:
                return None
            conn.execute(
                """UPDATE handoffs SET answered_at = ?, answered_by = ?
                WHERE id = ? AND answered_at IS NULL""",
                (at, coordinator, handoff_id),
            )
            answer = HandoffAnswer(
                id=int(cursor.lastrowid or 0),
                handoff_id=handoff_id,
                conversation_key=handoff.request.conversation_key,
                coordinator=coordinator,
                text=text,
                question=handoff.request.question,
                at=at,
            )
            for message in relay(handoff, answer):
                self._insert_outbox(conn, message, None, at)
        return answer

    def answers_for(self, conversation_key: str, after: int = 0) -> list[HandoffAnswer]:
        with self._lock:
            rows = self._conn.execute(
                f"{_ANSWER_SELECT} WHERE a.conversation_key = ? AND a.id > ? ORDER BY a.id",
                (conversation_key, after),
            ).fetchall()
        return [_answer(row) for row in rows]

    def handoff_answers(self, handoff_id: int) -> list[HandoffAnswer]:
        with self._lock:
            rows = self._conn.execute(
                f"{_ANSWER_SELECT} WHERE a.handoff_id = ? ORDER BY a.id", (handoff_id,)
            ).fetchall()
        return [_answer(row) for row in rows]

    def list_handoffs(self, *, open_only: bool) -> list[Handoff]:
        where = "WHERE answered_at IS NULL" if open_only else ""
        with self._lock:
            rows = self._conn.execute(
                f"SELECT * FROM handoffs {where} ORDER BY asked_at, id"
            ).fetchall()
        return [_handoff(row) for row in rows]

    def handoffs_for(self, conversation_key: str) -> list[Handoff]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT * FROM handoffs WHERE conversation_key = ? ORDER BY asked_at, id",
                (conversation_key,),
            ).fetchall()
        return [_handoff(row) for row in rows]

    def delete_handoffs(self, conversation_key: str) -> int:
        scrubbed = json.dumps(SCRUBBED_PAYLOAD)
        with self._write() as conn:
            ids = [
                int(row[0])
                for row in conn.execute(
                    "SELECT id FROM handoffs WHERE conversation_key = ?", (conversation_key,)
                )
            ]
            for handoff_id in ids:
                answers = [
                    f"handoff-answer:{row[0]}"
                    for row in conn.execute(
                        "SELECT id FROM handoff_answers WHERE handoff_id = ?", (handoff_id,)
                    )
                ]
                notices = f"{notice_key_prefix(handoff_id)}%"
                for clause, value in (
                    ("dedupe_key LIKE ?", notices),
                    *(("dedupe_key = ?", key) for key in answers),
                ):
                    conn.execute(f"DELETE FROM outbox WHERE {clause} AND sent_at IS NULL", (value,))
                    conn.execute(
                        f"UPDATE outbox SET payload_json = ? WHERE {clause}", (scrubbed, value)
                    )
                conn.execute("DELETE FROM handoff_answers WHERE handoff_id = ?", (handoff_id,))
                conn.execute("DELETE FROM handoffs WHERE id = ?", (handoff_id,))
        return len(ids)

    def record_feedback(self, entry: FeedbackEntry) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO feedback (question, intent, source, vote, at) VALUES (?, ?, ?, ?, ?)",
                (entry.question, entry.intent, entry.source, entry.vote.value, entry.at),
            )

    def list_feedback(self, vote: Vote | None = None) -> list[FeedbackEntry]:
        with self._lock:
            if vote is None:
                rows = self._conn.execute(
                    "SELECT * FROM feedback ORDER BY at DESC, id DESC"
                ).fetchall()
            else:
                rows = self._conn.execute(
                    "SELECT * FROM feedback WHERE vote = ? ORDER BY at DESC, id DESC",
                    (vote.value,),
                ).fetchall()
        return [
            FeedbackEntry(
                question=row["question"],
                intent=row["intent"],
                source=row["source"],
                vote=Vote(row["vote"]),
                at=float(row["at"]),
            )
            for row in rows
        ]
