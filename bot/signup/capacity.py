"""The Leernetwerk's capacity rules: who is placed and who goes to the waiting list."""

from __future__ import annotations

from bot.domain import (
    STATUS_CONFIRMED,
    STATUS_CONTACTED,
    STATUS_NEW,
    Capacity,
    Language,
    Signup,
    SignupData,
)
from bot.knowledge.loader import default_texts
from bot.knowledge.texts import Texts

ACTIVE_STATUSES = frozenset({STATUS_NEW, STATUS_CONFIRMED, STATUS_CONTACTED})


def capacity_line(
    capacity: Capacity,
    gemeente: str,
    language: Language = Language.NL,
    texts: Texts | None = None,
) -> str:
    """ "gemeente X: 2/3, 7/10 gemeenten" (the coordinators read the Dutch one)."""
    return (texts or default_texts()).submitted.capacity.say(
        language,
        gemeente=gemeente,
        count=capacity.per_gemeente.get(gemeente, 0),
        most=capacity.max_per_gemeente,
        gemeenten=capacity.gemeenten,
        most_gemeenten=capacity.max_gemeenten,
    )


def waitlist_reason(
    capacity: Capacity,
    data: SignupData,
    language: Language = Language.NL,
    texts: Texts | None = None,
) -> str | None:
    """Why `data` cannot be placed given `capacity` (which must not include it), or None."""
    form = (texts or default_texts()).form
    taken = capacity.roles_per_gemeente.get(data.gemeente, [])
    count = capacity.per_gemeente.get(data.gemeente, 0)
    if data.role in taken:
        return form.role_full.say(language, gemeente=data.gemeente, role=data.role)
    if count >= capacity.max_per_gemeente:
        return form.gemeente_full.say(
            language, gemeente=data.gemeente, count=count, most=capacity.max_per_gemeente
        )
    if count == 0 and capacity.gemeenten >= capacity.max_gemeenten:
        return form.gemeenten_full.say(
            language, count=capacity.gemeenten, most=capacity.max_gemeenten
        )
    return None


def uncount(capacity: Capacity, signup: Signup) -> None:
    """Remove `signup`'s place from `capacity` (if it is counted there)."""
    gemeente, role = signup.data.gemeente, signup.data.role
    roles = capacity.roles_per_gemeente.get(gemeente)
    if not roles or role not in roles:
        return
    roles.remove(role)
    capacity.per_gemeente[gemeente] -= 1
    if capacity.per_gemeente[gemeente] == 0:
        del capacity.per_gemeente[gemeente]
        del capacity.roles_per_gemeente[gemeente]
    capacity.gemeenten = len(capacity.per_gemeente)
