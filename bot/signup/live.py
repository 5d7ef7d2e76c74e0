"""Live capacity: "is er nog plek?", "hoeveel gemeenten doen al mee?", "is de rol control voor
Tilburg nog vrij?" answered from the sign-up store. Only counts and roles, never who signed up;
the knowledge base's own answer (what the source says) follows it."""

from __future__ import annotations

from bot.domain import Capacity, ProgrammeRules, SignupData
from bot.signup.capacity import waitlist_reason
from bot.signup.fields import parse_role
from bot.signup.municipalities import MunicipalityIndex


def _free_roles(capacity: Capacity, gemeente: str, roles: tuple[str, ...]) -> list[str]:
    taken = capacity.roles_per_gemeente.get(gemeente, [])
    return [role for role in roles if role not in taken]


def live_capacity_text(
    question: str,
    capacity: Capacity,
    municipalities: MunicipalityIndex,
    rules: ProgrammeRules,
    *,
    english: bool = False,
) -> str:
    """The fill level the question asks about: a role in a gemeente, a gemeente, or overall."""
    gemeente = municipalities.find_in(question)
    role = parse_role(question, rules)
    placed, most = capacity.gemeenten, capacity.max_gemeenten
    if gemeente is not None and role is not None:
        reason = waitlist_reason(
            capacity, SignupData(name="", gemeente=gemeente, role=role, email="")
        )
        if english:
            if reason is None:
                return f"Right now the role {role} is still free for {gemeente}."
            return (
                f"Right now the role {role} is not free for {gemeente}; the waiting list is open."
            )
        if reason is None:
            return f"Op dit moment is de rol {role} voor {gemeente} nog vrij."
        return f"Op dit moment niet: {reason} Aanmelden voor de wachtlijst kan wel."
    if gemeente is not None:
        count = capacity.per_gemeente.get(gemeente, 0)
        free = _free_roles(capacity, gemeente, rules.role_ids)
        if count == 0 and placed >= most:
            text = (
                f"{gemeente} doet nog niet mee, en er doen al {placed} gemeenten mee: het maximum."
            )
            return text + " Aanmelden voor de wachtlijst kan wel."
        if not free or count >= capacity.max_per_gemeente:
            return (
                f"Voor {gemeente} zijn alle {capacity.max_per_gemeente} plaatsen bezet; "
                "aanmelden voor de wachtlijst kan wel."
            )
        return (
            f"Voor {gemeente} zijn nu {count} van de {capacity.max_per_gemeente} plaatsen bezet; "
            f"nog vrij: {', '.join(free)}."
        )
    if english:
        state = "places are still available" if placed < most else "all places are taken"
        return f"Right now {placed} of at most {most} municipalities are placed: {state}."
    state = (
        "er zijn dus nog plaatsen voor nieuwe gemeenten"
        if placed < most
        else "er is dus geen plaats meer voor een nieuwe gemeente (de wachtlijst is open)"
    )
    return f"Op dit moment doen {placed} van de maximaal {most} gemeenten mee; {state}."
