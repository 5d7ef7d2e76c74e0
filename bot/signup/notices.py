"""The coordinator notices about a sign-up, as outbox requests with ready, escaped HTML."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from bot.domain import Capacity, Signup
from bot.signup.capacity import capacity_line
from bot.signup.reports import format_time
from bot.signup.validation import phone_national
from bot.storage.base import OutboxRequest


def signup_notices(
    chat_ids: Sequence[str], signup: Signup, capacity: Capacity, created: bool
) -> list[OutboxRequest]:
    """The "signup" notice for every coordinator chat (deduplicated per version and chat)."""
    payload = signup_payload(signup, capacity, created)
    return [
        OutboxRequest(
            chat_id=chat_id,
            kind="signup",
            payload=payload,
            dedupe_key=f"signup:{signup.id}:v{signup.version}:{chat_id}",
        )
        for chat_id in chat_ids
    ]


def signup_payload(signup: Signup, capacity: Capacity, created: bool) -> dict[str, Any]:
    """The coordinator notice: every field, the capacity line and ready, escaped HTML."""
    data = signup.data
    payload: dict[str, Any] = {
        "signup_id": signup.id,
        "version": signup.version,
        "created": created,
        "updated": not created,
        "name": data.name,
        "gemeente": data.gemeente,
        "role": data.role,
        "email": data.email,
        "phone": data.phone,
        "remarks": data.remarks,
        "status": signup.status,
        "waitlisted": signup.waitlisted,
        "capacity": capacity_line(capacity, data.gemeente),
    }
    payload["html"] = signup_html(signup, payload["capacity"], created)
    return payload


def signup_html(signup: Signup, capacity_text: str, created: bool) -> str:
    """The coordinator notice as Telegram HTML; every dynamic value is escaped."""
    data = signup.data
    esc = html.escape
    if signup.waitlisted:
        title = "Aanmelding voor de wachtlijst" if created else "Wachtlijst: bijgewerkt"
    else:
        title = "Nieuwe aanmelding" if created else "Aanmelding bijgewerkt"
    lines = [
        f"<b>{esc(title)}</b> (#{signup.id})",
        f"Naam: {esc(data.name)}",
        f"Gemeente: {esc(data.gemeente)}",
        f"Rol: {esc(data.role)}",
        f"E-mail: {esc(data.email)}",
        f"Telefoon: {esc(phone_national(data.phone)) if data.phone else '-'}",
        f"Opmerking: {esc(data.remarks) if data.remarks else '-'}",
        f"Status: {esc(signup.status)}",
    ]
    if signup.acted_by:
        lines.append(f"Door: {esc(signup.acted_by)} op {esc(format_time(signup.acted_at))}")
    lines.append(f"Bezetting: {esc(capacity_text)}")
    return "\n".join(lines)


def withdrawn_notices(
    chat_ids: Sequence[str], signup: Signup, capacity: Capacity, told: frozenset[str]
) -> list[OutboxRequest]:
    """The "withdrawn" notice for each coordinator chat in `told` (those that had the sign-up)."""
    esc = html.escape
    text = "\n".join(
        [
            f"<b>Aanmelding ingetrokken</b> (#{signup.id})",
            f"Naam: {esc(signup.data.name)}",
            f"Gemeente: {esc(signup.data.gemeente)}",
            f"Rol: {esc(signup.data.role)}",
            "De aanvrager heeft de gegevens laten verwijderen.",
            f"Bezetting: {esc(capacity_line(capacity, signup.data.gemeente))}",
        ]
    )
    payload = {
        "signup_id": signup.id,
        "name": signup.data.name,
        "gemeente": signup.data.gemeente,
        "role": signup.data.role,
        "html": text,
    }
    return [
        OutboxRequest(chat_id, "withdrawn", payload, f"withdrawn:{signup.id}:{chat_id}")
        for chat_id in chat_ids
        if chat_id in told
    ]
