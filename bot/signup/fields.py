"""The sign-up form's steps, buttons and the words it understands, plus the small parsers and
the plain-text summary of the collected data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.domain import Choice, ProgrammeRules, SignupData
from bot.signup.validation import (
    clean_email,
    clean_name,
    clean_phone,
    clean_remarks,
    phone_national,
)
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


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of the sign-up, declared once: the form's step and change button, the words
    that choose it under "Iets wijzigen", its label in summaries, notices and the CSV export,
    and how its value reads. A new field: a spec here, a SignupData attribute, a migration."""

    key: str  # the SignupData attribute and the key in the form's state
    step: str  # the form step that asks it
    label: str  # "Naam": summaries and coordinator notices
    csv_column: str  # "naam"
    change_words: tuple[str, ...]  # typed to pick it under "Iets wijzigen" (the first: button)
    prompt: str | None = None  # the form's question; None: the form asks it its own way
    clean: Callable[[str], str] | None = None  # validator (InvalidValue says what is wrong)
    optional: bool = False  # "Overslaan" leaves it empty
    empty: str = ""  # how a missing optional value reads in the applicant's summary
    shown: Callable[[str], str] = str  # how a value reads (phone numbers the Dutch way)

    def value(self, data: SignupData) -> str | None:
        """The field's value in `data` as people read it, None when not given."""
        raw = getattr(data, self.key)
        return self.shown(raw) if raw else None


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "name",
        STEP_NAME,
        "Naam",
        "naam",
        ("naam", "name"),
        prompt="Wat is je naam? (voor- en achternaam)",
        clean=clean_name,
    ),
    FieldSpec("gemeente", STEP_GEMEENTE, "Gemeente", "gemeente", ("gemeente",)),
    FieldSpec("role", STEP_ROLE, "Rol", "rol", ("rol", "role")),
    FieldSpec(
        "email",
        STEP_EMAIL,
        "E-mail",
        "e-mail",
        ("e-mail", "email", "mail", "emailadres", "e mailadres"),
        prompt="Wat is je e-mailadres? Daarop nemen de coördinatoren contact met je op.",
        clean=clean_email,
    ),
    FieldSpec(
        "phone",
        STEP_PHONE,
        "Telefoon",
        "telefoon",
        ("telefoon", "telefoonnummer", "nummer"),
        prompt="Wat is je telefoonnummer? Dat is niet verplicht: kies 'Overslaan' als je wilt.",
        clean=clean_phone,
        optional=True,
        empty="(niet opgegeven)",
        shown=phone_national,
    ),
    FieldSpec(
        "remarks",
        STEP_REMARKS,
        "Opmerking",
        "opmerking",
        ("opmerking", "opmerkingen"),
        prompt="Heb je nog een opmerking voor de coördinatoren? Dat is niet verplicht: kies "
        "'Overslaan' als je niets wilt toevoegen.",
        clean=clean_remarks,
        optional=True,
        empty="(geen)",
    ),
)

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
FIELD_BY_STEP = {spec.step: spec for spec in FIELDS}
# Field to change -> (button, step that asks it).
FIELD_CHOICES = tuple((Choice(f.label, f.change_words[0]), f.step) for f in FIELDS)
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
FIELD_KEYWORDS = {words(word): f.step for f in FIELDS for word in f.change_words}
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
    return [f"{f.label}: {f.value(data) or f.empty}" for f in FIELDS]
