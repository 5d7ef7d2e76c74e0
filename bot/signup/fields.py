"""The sign-up form's steps, buttons and the words it understands, plus the small parsers and
the plain-text summary of the collected data."""

from __future__ import annotations

from typing import Any

from bot.domain import Choice, ProgrammeRules, SignupData
from bot.signup.validation import phone_national
from bot.text import words

STEP_NAME = "name"
STEP_GEMEENTE = "gemeente"
STEP_GEMEENTE_CONFIRM = "gemeente_confirm"
STEP_ROLE = "role"
STEP_EMAIL = "email"
STEP_PHONE = "phone"
STEP_REMARKS = "remarks"
STEP_SUMMARY = "summary"
STEP_CHANGE = "change"
STEPS = (
    STEP_NAME,
    STEP_GEMEENTE,
    STEP_GEMEENTE_CONFIRM,
    STEP_ROLE,
    STEP_EMAIL,
    STEP_PHONE,
    STEP_REMARKS,
    STEP_SUMMARY,
    STEP_CHANGE,
)
# The order of the questions; the step after each one when not returning to the summary.
NEXT_STEP = {
    STEP_NAME: STEP_GEMEENTE,
    STEP_GEMEENTE: STEP_ROLE,
    STEP_ROLE: STEP_EMAIL,
    STEP_EMAIL: STEP_PHONE,
    STEP_PHONE: STEP_REMARKS,
    STEP_REMARKS: STEP_SUMMARY,
}
FREE_TEXT_STEPS = frozenset({STEP_NAME, STEP_REMARKS})

PRIVACY_NOTICE = (
    "Privacy: ik bewaar je naam, gemeente, rol, e-mailadres en (als je wilt) telefoonnummer en "
    "opmerking. Alleen de coördinatoren van het Leernetwerk zien ze. Met /mijngegevens zie je "
    "wat er staat, met /verwijder wis je het. Stoppen kan altijd met /annuleer."
)

CHOICE_CONFIRM = Choice("Bevestigen", "bevestigen")
CHOICE_CHANGE = Choice("Iets wijzigen", "wijzigen")
CHOICE_CANCEL = Choice("Annuleren", "annuleren")
CHOICE_SKIP = Choice("Overslaan", "overslaan")
CHOICE_YES = Choice("Ja", "ja")
CHOICE_NO = Choice("Nee", "nee")
CHOICE_BACK = Choice("Terug naar overzicht", "terug")
CHOICE_WAITLIST = Choice("Wachtlijst", "wachtlijst")
WAITLIST_WORDS = frozenset({"wachtlijst", "op de wachtlijst", "wachtlijst graag", "waiting list"})
# Field to change -> (button, step that asks it).
FIELD_CHOICES = (
    (Choice("Naam", "naam"), STEP_NAME),
    (Choice("Gemeente", "gemeente"), STEP_GEMEENTE),
    (Choice("Rol", "rol"), STEP_ROLE),
    (Choice("E-mail", "e-mail"), STEP_EMAIL),
    (Choice("Telefoon", "telefoon"), STEP_PHONE),
    (Choice("Opmerking", "opmerking"), STEP_REMARKS),
)
MAX_CHOICE_TEXT_BYTES = 40

CANCEL_WORDS = frozenset({"/annuleer", "annuleer", "annuleren", "stop", "stoppen", "cancel"})
YES_WORDS = frozenset(
    {"ja", "j", "yes", "y", "klopt", "jazeker", "ok", "oke", "goed", "prima", "zeker", "jep"}
)
NO_WORDS = frozenset({"nee", "n", "no", "nope", "niet", "neen", "fout"})
SKIP_WORDS = frozenset(
    {"overslaan", "skip", "geen", "nee", "-", "niets", "nvt", "n v t", "geen opmerking",
     "geen opmerkingen", "geen telefoon", "geen nummer", "liever niet"}
)  # fmt: skip
CONFIRM_WORDS = frozenset({"bevestigen", "bevestig", "versturen", "verstuur", "aanmelden"})
CHANGE_WORDS = frozenset({"wijzigen", "wijzig", "aanpassen", "iets wijzigen", "veranderen"})
BACK_WORDS = frozenset({"terug", "terug naar overzicht", "overzicht", "niets"})
FIELD_KEYWORDS = {
    "naam": STEP_NAME,
    "name": STEP_NAME,
    "gemeente": STEP_GEMEENTE,
    "rol": STEP_ROLE,
    "role": STEP_ROLE,
    "email": STEP_EMAIL,
    "e mail": STEP_EMAIL,
    "mail": STEP_EMAIL,
    "emailadres": STEP_EMAIL,
    "e mailadres": STEP_EMAIL,
    "telefoon": STEP_PHONE,
    "telefoonnummer": STEP_PHONE,
    "nummer": STEP_PHONE,
    "opmerking": STEP_REMARKS,
    "opmerkingen": STEP_REMARKS,
}
QUESTION_WORDS = frozenset(
    {
        "wat", "wie", "wanneer", "waar", "waarom", "hoe", "hoeveel", "welke", "welk", "kan",
        "kun", "kunnen", "mag", "moet", "zijn", "heeft", "hebben", "wordt", "worden", "is",
        "vertel", "what", "who", "when", "where", "why", "how", "which", "can", "are", "do",
        "does", "tell",
    }
)  # fmt: skip
NAME_MAX_WORDS = 6


def simplify(text: str) -> str:
    """Case, accents and punctuation folded away, for matching typed words to choices."""
    return words(text, keep="/")


def looks_like_question(text: str) -> bool:
    """True when `text` reads as a question: a question mark or a leading question word."""
    stripped = text.strip()
    if stripped.endswith("?"):
        return True
    words = simplify(stripped).split()
    return bool(words) and words[0] in QUESTION_WORDS


def role_choices(rules: ProgrammeRules) -> list[Choice]:
    """A button per role of the programme rules."""
    return [Choice(role.label, role.id) for role in rules.roles]


def parse_role(text: str, rules: ProgrammeRules) -> str | None:
    """The role `text` names (by one of its keywords), or None."""
    simple = simplify(text)
    for role in rules.roles:
        if any(simplify(keyword) in simple for keyword in role.keywords):
            return role.id
    return None


def data_from_state(state: dict[str, Any]) -> SignupData:
    """The collected values as SignupData (the form must be complete)."""
    data = state["data"]
    return SignupData(
        name=data["name"],
        gemeente=data["gemeente"],
        role=data["role"],
        email=data["email"],
        phone=data.get("phone"),
        remarks=data.get("remarks"),
    )


def summary_lines(data: SignupData) -> list[str]:
    """The applicant's data as plain-text lines (Dutch labels)."""
    return [
        f"Naam: {data.name}",
        f"Gemeente: {data.gemeente}",
        f"Rol: {data.role}",
        f"E-mail: {data.email}",
        f"Telefoon: {phone_national(data.phone) if data.phone else '(niet opgegeven)'}",
        f"Opmerking: {data.remarks if data.remarks else '(geen)'}",
    ]
