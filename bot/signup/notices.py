"""The coordinator notices about a sign-up, as outbox requests with ready, escaped HTML. The
coordinators are Dutch: notices are Dutch whatever language the applicant used."""

from __future__ import annotations

import hashlib
import html
from collections.abc import Mapping, Sequence
from typing import Any

from bot.domain import Capacity, Language, Signup, SignupData
from bot.knowledge.loader import default_texts
from bot.signup.capacity import capacity_line
from bot.signup.fields import FIELDS
from bot.signup.reports import format_time
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


def signup_html(signup: Signup, capacity_text: str | None, created: bool) -> str:
    """The coordinator notice about a sign-up as Telegram HTML, every dynamic value escaped:
    the one renderer, used for new notices, status updates and notices rendered late."""
    data = signup.data
    esc = html.escape
    if signup.waitlisted:
        title = "Aanmelding voor de wachtlijst" if created else "Wachtlijst: bijgewerkt"
    else:
        title = "Nieuwe aanmelding" if created else "Aanmelding bijgewerkt"
    lines = [
        f"<b>{esc(title)}</b> (#{signup.id})",
        *field_lines(data),
        f"Status: {esc(signup.status)}",
    ]
    if signup.acted_by:
        lines.append(f"Door: {esc(signup.acted_by)} op {esc(format_time(signup.acted_at))}")
    if capacity_text is not None:
        lines.append(f"Bezetting: {esc(capacity_text)}")
    return "\n".join(lines)


def field_lines(data: SignupData) -> list[str]:
    """Every field with its Dutch label, values escaped ("-" for none)."""
    texts = default_texts()
    return [f"{f.label(texts, Language.NL)}: {html.escape(f.value(data) or '-')}" for f in FIELDS]


WITHDRAWN_HTML = (
    "<b>Aanmelding ingetrokken</b> (#{id})\n"
    "De aanvrager heeft de aanmelding ingetrokken en de gegevens laten verwijderen."
)


def withdrawn_notices(
    chat_ids: Sequence[str], signup: Signup, told: Mapping[str, tuple[int, ...]]
) -> list[OutboxRequest]:
    """For each coordinator chat that had the sign-up: its copies there are edited to say it
    was withdrawn, without any personal field (a new message when no copy is known)."""
    text = WITHDRAWN_HTML.format(id=signup.id)
    return [
        OutboxRequest(
            chat_id,
            "withdrawn",
            {"signup_id": signup.id, "html": text, "edit": list(told[chat_id])},
            f"withdrawn:{signup.id}:{chat_id}",
        )
        for chat_id in chat_ids
        if chat_id in told
    ]


def duplicate_notices(
    chat_ids: Sequence[str], data: SignupData, existing_id: int, user_key: str
) -> list[OutboxRequest]:
    """A flagged possible duplicate for every coordinator chat: someone else submitted the
    e-mail address of sign-up #`existing_id`; nothing was stored or changed."""
    text = "\n".join(
        [
            f"⚠️ <b>Mogelijk dubbele aanmelding</b> (e-mailadres van #{existing_id})",
            "Iemand anders gaf het e-mailadres op van een bestaande aanmelding. Er is niets "
            "opgeslagen of overschreven; de aanvrager kreeg een neutraal antwoord.",
            *field_lines(data),
        ]
    )
    digest = hashlib.sha256(f"{user_key}|{data.email}|{data.name}".encode()).hexdigest()[:16]
    return [
        OutboxRequest(
            chat_id, "duplicate", {"html": text}, f"duplicate:{existing_id}:{digest}:{chat_id}"
        )
        for chat_id in chat_ids
    ]
