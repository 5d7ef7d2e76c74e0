"""Checks and normalisation of what the applicant types. Every error names its problem (its
words, Dutch and English, are texts.yaml's `problems`), most with a hint that gives an example.

Each `clean_*` function returns the value to store or raises `InvalidValue`. Free text (name,
remarks) is stored exactly as typed apart from surrounding whitespace: HTML and emoji are kept,
channels escape on output.
"""

from __future__ import annotations

import re
import unicodedata

from email_validator import EmailNotValidError, validate_email

from bot.domain import Language
from bot.knowledge.texts import Problem, Texts

NAME_MIN_CHARS = 2
NAME_MAX_CHARS = 100
EMAIL_MAX_CHARS = 254
REMARKS_MAX_CHARS = 1000

# Dutch area codes (after the leading 0) that have two digits, geographic (013) and
# non-geographic (085, 088); all others have three (0546). Mobile numbers start with 06.
TWO_DIGIT_AREA_CODES = frozenset(
    {
        "10", "13", "15", "20", "23", "24", "26", "30", "33", "35", "36", "38", "40", "43",
        "45", "46", "50", "53", "55", "58", "70", "71", "72", "73", "74", "75", "76", "77",
        "78", "79", "84", "85", "87", "88", "91",
    }
)  # fmt: skip

_SPACES_RE = re.compile(r"\s+")
_PHONE_ALLOWED_RE = re.compile(r"^\+?[\d\s\-./()]+$")


class InvalidValue(ValueError):
    """A value the applicant typed that we cannot accept: what is wrong, an optional hint and
    the values its text is filled with; `text` says it in the applicant's language."""

    def __init__(self, problem: Problem, hint: Problem | None = None, **values: object) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.hint = hint
        self.values = values

    def text(self, texts: Texts, language: Language) -> str:
        """The message shown to the applicant."""
        message = texts.problem(self.problem, language, **self.values)
        if self.hint is not None:
            message += " " + texts.problem(self.hint, language)
        return message


def _one_line(text: str) -> str:
    """`text` without control characters, whitespace runs collapsed to one space."""
    text = "".join(ch if unicodedata.category(ch) != "Cc" else " " for ch in text)
    return _SPACES_RE.sub(" ", text).strip()


def clean_name(text: str) -> str:
    """A person's name: 2-100 characters with at least one letter, not an e-mail address."""
    name = _one_line(text)
    hint = Problem.NAME_HINT
    if not name:
        raise InvalidValue(Problem.NAME_MISSING, hint)
    if "@" in name and re.search(r"\S@\S", name):
        raise InvalidValue(Problem.NAME_IS_EMAIL, hint)
    if not any(ch.isalpha() for ch in name):
        raise InvalidValue(Problem.NAME_NO_LETTERS, hint)
    if len(name) < NAME_MIN_CHARS:
        raise InvalidValue(Problem.NAME_SHORT, hint)
    if len(name) > NAME_MAX_CHARS:
        raise InvalidValue(Problem.NAME_LONG, hint, length=len(name), most=NAME_MAX_CHARS)
    return name


def clean_email(text: str) -> str:
    """A syntactically valid e-mail address, lower-cased (checked offline: no DNS lookup)."""
    candidate = text.strip().strip("<>").strip()
    if candidate.lower().startswith("mailto:"):
        candidate = candidate[len("mailto:") :]
    hint = Problem.EMAIL_HINT
    if not candidate:
        raise InvalidValue(Problem.EMAIL_MISSING, hint)
    if re.search(r"\s", candidate):
        raise InvalidValue(Problem.EMAIL_SPACES, hint)
    if "@" not in candidate:
        raise InvalidValue(Problem.EMAIL_NO_AT, hint)
    if candidate.count("@") > 1:
        raise InvalidValue(Problem.EMAIL_MANY_AT, hint)
    local, _, domain = candidate.partition("@")
    if not local:
        raise InvalidValue(Problem.EMAIL_NO_LOCAL, hint)
    if "." not in domain:
        raise InvalidValue(Problem.EMAIL_NO_DOMAIN, hint)
    if len(candidate) > EMAIL_MAX_CHARS:
        raise InvalidValue(Problem.EMAIL_LONG, hint)
    try:
        result = validate_email(candidate, check_deliverability=False)
    except EmailNotValidError as error:
        raise InvalidValue(Problem.EMAIL_INVALID, hint) from error
    return result.normalized.lower()


def clean_phone(text: str) -> str:
    """A Dutch phone number, normalised: "+31 6 12345678", "+31 13 5310618", "+31 546 123456".

    Accepts 06..., +31..., 0031..., "+31 (0)6 ...", with spaces, dashes, dots, slashes and
    parentheses.
    """
    raw = text.strip()
    hint = Problem.PHONE_HINT
    if not raw:
        raise InvalidValue(Problem.PHONE_MISSING, hint)
    if not _PHONE_ALLOWED_RE.match(raw):
        raise InvalidValue(Problem.PHONE_CHARACTERS, hint)
    compact = raw.replace("(0)", "")
    plus = compact.startswith("+")
    digits = re.sub(r"\D", "", compact)
    if plus:
        if not digits.startswith("31"):
            raise InvalidValue(Problem.PHONE_FOREIGN, hint)
        national = digits[2:]
    elif digits.startswith("0031"):
        national = digits[4:]
    elif digits.startswith("00"):
        raise InvalidValue(Problem.PHONE_FOREIGN_PREFIX, hint)
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        raise InvalidValue(Problem.PHONE_NO_ZERO, hint)
    national = national.lstrip("0") if national.startswith("0") else national
    if len(national) != 9:
        raise InvalidValue(Problem.PHONE_LENGTH, hint, count=len(national) + 1)
    if national.startswith("6"):
        return f"+31 6 {national[1:]}"
    if national[:2] in TWO_DIGIT_AREA_CODES:
        return f"+31 {national[:2]} {national[2:]}"
    return f"+31 {national[:3]} {national[3:]}"


def phone_national(phone: str) -> str:
    """A normalised number ("+31 6 12345678") written the Dutch way ("06 12345678")."""
    if phone.startswith("+31 "):
        return "0" + phone[len("+31 ") :]
    return phone


def clean_remarks(text: str) -> str:
    """Free remarks: kept as typed (line breaks too), at most REMARKS_MAX_CHARS characters."""
    remarks = "".join(ch for ch in text.strip() if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    if not remarks:
        raise InvalidValue(Problem.REMARKS_MISSING)
    if len(remarks) > REMARKS_MAX_CHARS:
        raise InvalidValue(Problem.REMARKS_LONG, length=len(remarks), most=REMARKS_MAX_CHARS)
    return remarks
