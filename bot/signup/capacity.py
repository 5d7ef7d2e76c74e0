"""The Leernetwerk's capacity rules: who is placed and who goes to the waiting list."""

from __future__ import annotations

from bot.domain import STATUS_CONFIRMED, STATUS_CONTACTED, STATUS_NEW, Capacity, Signup, SignupData

ACTIVE_STATUSES = frozenset({STATUS_NEW, STATUS_CONFIRMED, STATUS_CONTACTED})


def capacity_line(capacity: Capacity, gemeente: str) -> str:
    """ "gemeente X: 2/3, 7/10 gemeenten"."""
    return (
        f"gemeente {gemeente}: {capacity.per_gemeente.get(gemeente, 0)}/"
        f"{capacity.max_per_gemeente}, {capacity.gemeenten}/{capacity.max_gemeenten} gemeenten"
    )


def waitlist_reason(capacity: Capacity, data: SignupData) -> str | None:
    """Why `data` cannot be placed given `capacity` (which must not include it), or None."""
    taken = capacity.roles_per_gemeente.get(data.gemeente, [])
    count = capacity.per_gemeente.get(data.gemeente, 0)
    if data.role in taken:
        return f"Voor {data.gemeente} is de rol {data.role} al ingevuld."
    if count >= capacity.max_per_gemeente:
        return (
            f"{data.gemeente} heeft al {count} deelnemers (maximaal {capacity.max_per_gemeente})."
        )
    if count == 0 and capacity.gemeenten >= capacity.max_gemeenten:
        return (
            f"Er doen al {capacity.gemeenten} gemeenten mee; meer dan "
            f"{capacity.max_gemeenten} kan niet."
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
