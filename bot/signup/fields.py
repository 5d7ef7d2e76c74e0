"""The sign-up form's steps and fields, plus the small parsers and the plain-text summary of
the collected data. Every word shown or understood comes from knowledge/texts.yaml."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.domain import Choice, Language, ProgrammeRules, SignupData
from bot.knowledge.texts import Answer, Texts, folded
from bot.signup.validation import (
    clean_email,
    clean_name,
    clean_phone,
    clean_remarks,
    phone_national,
)

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
    """One field of the sign-up, declared once: the form's step, its validator and how its
    value reads. Its words (label, change words, question) are texts.yaml's `fields.<key>`.
    A new field: a spec here, its texts, a SignupData attribute, a migration."""

    key: str  # the SignupData attribute, the key in the form's state and in texts.yaml
    step: str  # the form step that asks it
    clean: Callable[[str], str] | None = None  # validator (InvalidValue says what is wrong)
    optional: bool = False  # "skip" leaves it empty
    shown: Callable[[str], str] = str  # how a value reads (phone numbers the Dutch way)

    def value(self, data: SignupData) -> str | None:
        """The field's value in `data` as people read it, None when not given."""
        raw = getattr(data, self.key)
        return self.shown(raw) if raw else None

    def label(self, texts: Texts, language: Language) -> str:
        """ "Naam" / "Name": summaries and change buttons (coordinators read the Dutch one)."""
        return texts.fields.of(self.key).label.say(language)

    def prompt(self, texts: Texts, language: Language) -> str | None:
        """The form's question for this field; None when the form asks it its own way."""
        prompt = texts.fields.of(self.key).prompt
        return prompt.say(language) if prompt is not None else None

    def shown_or_empty(self, data: SignupData, texts: Texts, language: Language) -> str:
        """The value as people read it, or how a skipped value reads."""
        empty = texts.fields.of(self.key).empty
        return self.value(data) or (empty.say(language) if empty is not None else "")


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", STEP_NAME, clean=clean_name),
    FieldSpec("gemeente", STEP_GEMEENTE),
    FieldSpec("role", STEP_ROLE),
    FieldSpec("email", STEP_EMAIL, clean=clean_email),
    FieldSpec("phone", STEP_PHONE, clean=clean_phone, optional=True, shown=phone_national),
    FieldSpec("remarks", STEP_REMARKS, clean=clean_remarks, optional=True),
)
FIELD_BY_STEP = {spec.step: spec for spec in FIELDS}
MAX_CHOICE_TEXT_BYTES = 40
NAME_MAX_WORDS = 6


def simplify(text: str) -> str:
    """Case, accents and punctuation folded away, for matching typed words to choices."""
    return folded(text)


def says(text: str, answer: Answer) -> bool:
    """Whether `text` gives `answer` (in either language): "ja", "Yes!", "/annuleer"."""
    return simplify(text) in answer.words.all or text.strip().lower() in answer.words.all


def field_choices(texts: Texts, language: Language) -> list[tuple[Choice, str]]:
    """A button per field (to change it) with the step that asks it."""
    choices = []
    for f in FIELDS:
        word = texts.fields.of(f.key).change_words.first(language)
        choices.append((Choice(f.label(texts, language), word), f.step))
    return choices


def field_keywords(texts: Texts) -> dict[str, str]:
    """Typed word (either language) -> the step of the field it picks."""
    return {word: f.step for f in FIELDS for word in texts.fields.of(f.key).change_words.all}


def looks_like_question(text: str, texts: Texts) -> bool:
    """True when `text` reads as a question: a question mark or a leading question word."""
    stripped = text.strip()
    if stripped.endswith("?"):
        return True
    words = simplify(stripped).split()
    return bool(words) and words[0] in texts.question_words.all


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


def summary_lines(data: SignupData, texts: Texts, language: Language) -> list[str]:
    """The applicant's data as plain-text lines, labelled in `language`."""
    return [
        f"{f.label(texts, language)}: {f.shown_or_empty(data, texts, language)}" for f in FIELDS
    ]
