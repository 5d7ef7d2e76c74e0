"""Live capacity: "is er nog plek?", "hoeveel gemeenten doen al mee?", "is de rol control voor
Tilburg nog vrij?" answered from the sign-up store. Only counts and roles, never who signed up;
the knowledge base's own answer (what the source says) follows it."""

from __future__ import annotations

from bot.domain import Capacity, Language, ProgrammeRules, SignupData
from bot.knowledge.texts import Texts
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
    texts: Texts,
    language: Language = Language.NL,
) -> str:
    """The fill level the question asks about: a role in a gemeente, a gemeente, or overall."""
    said = texts.live
    gemeente = municipalities.find_in(question)
    role = parse_role(question, rules)
    placed, most = capacity.gemeenten, capacity.max_gemeenten
    if gemeente is not None and role is not None:
        wanted = SignupData(name="", gemeente=gemeente, role=role, email="")
        reason = waitlist_reason(capacity, wanted, language, texts)
        if reason is None:
            return said.role_free.say(language, role=role, gemeente=gemeente)
        return said.role_taken.say(language, reason=reason)
    if gemeente is not None:
        count = capacity.per_gemeente.get(gemeente, 0)
        free = _free_roles(capacity, gemeente, rules.role_ids)
        if count == 0 and placed >= most:
            return said.gemeente_new_but_full.say(language, gemeente=gemeente, placed=placed)
        if not free or count >= capacity.max_per_gemeente:
            return said.gemeente_full.say(
                language, gemeente=gemeente, most=capacity.max_per_gemeente
            )
        return said.gemeente_places.say(
            language,
            gemeente=gemeente,
            count=count,
            most=capacity.max_per_gemeente,
            free=", ".join(free),
        )
    overall = said.overall_room if placed < most else said.overall_full
    return overall.say(language, placed=placed, most=most)
