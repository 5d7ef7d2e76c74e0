"""Checks and normalisation of what the applicant types; every error is Dutch, with an example.

Each `clean_*` function returns the value to store or raises `InvalidValue` with the message to
show. Free text (name, remarks) is stored exactly as typed apart from surrounding whitespace:
HTML and emoji are kept, channels escape on output.
"""

from __future__ import annotations

import re
import unicodedata

from email_validator import EmailNotValidError, validate_email

NAME_MIN_CHARS = 2
NAME_MAX_CHARS = 100
EMAIL_MAX_CHARS = 254
REMARKS_MAX_CHARS = 1000

NAME_EXAMPLE = "Anna de Vries"
EMAIL_EXAMPLE = "anna.devries@gemeente.nl"
PHONE_EXAMPLE = "06 12345678 of 013 531 06 18"

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
    """A value the applicant typed that we cannot accept; `message` is shown to them."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _one_line(text: str) -> str:
    """`text` without control characters, whitespace runs collapsed to one space."""
    text = "".join(ch if unicodedata.category(ch) != "Cc" else " " for ch in text)
    return _SPACES_RE.sub(" ", text).strip()


def clean_name(text: str) -> str:
    """A person's name: 2-100 characters with at least one letter, not an e-mail address."""
    name = _one_line(text)
    example = f"Typ je voor- en achternaam, bijvoorbeeld: {NAME_EXAMPLE}."
    if not name:
        raise InvalidValue(f"Ik heb je naam nog niet. {example}")
    if "@" in name and re.search(r"\S@\S", name):
        raise InvalidValue(f"Dat lijkt een e-mailadres; dat vraag ik straks. {example}")
    if not any(ch.isalpha() for ch in name):
        raise InvalidValue(f"Een naam bevat letters. {example}")
    if len(name) < NAME_MIN_CHARS:
        raise InvalidValue(f"Die naam is wel erg kort. {example}")
    if len(name) > NAME_MAX_CHARS:
        raise InvalidValue(
            f"Die naam is te lang ({len(name)} tekens, maximaal {NAME_MAX_CHARS}). {example}"
        )
    return name


def clean_email(text: str) -> str:
    """A syntactically valid e-mail address, lower-cased (checked offline: no DNS lookup)."""
    candidate = text.strip().strip("<>").strip()
    if candidate.lower().startswith("mailto:"):
        candidate = candidate[len("mailto:") :]
    example = f"Bijvoorbeeld: {EMAIL_EXAMPLE}"
    if not candidate:
        raise InvalidValue(f"Ik heb je e-mailadres nog niet. {example}")
    if re.search(r"\s", candidate):
        raise InvalidValue(f"Een e-mailadres bevat geen spaties. {example}")
    if "@" not in candidate:
        raise InvalidValue(f"In een e-mailadres staat een @. {example}")
    if candidate.count("@") > 1:
        raise InvalidValue(f"Er staat meer dan één @ in. {example}")
    local, _, domain = candidate.partition("@")
    if not local:
        raise InvalidValue(f"Vóór de @ ontbreekt je naam of afdeling. {example}")
    if "." not in domain:
        raise InvalidValue(f"Na de @ hoort een domein zoals gemeente.nl. {example}")
    if len(candidate) > EMAIL_MAX_CHARS:
        raise InvalidValue(f"Dat e-mailadres is te lang. {example}")
    try:
        result = validate_email(candidate, check_deliverability=False)
    except EmailNotValidError as error:
        raise InvalidValue(
            f"Dat e-mailadres klopt niet helemaal (controleer de tekens rond de @ en de "
            f"punten). {example}"
        ) from error
    return result.normalized.lower()


def clean_phone(text: str) -> str:
    """A Dutch phone number, normalised: "+31 6 12345678", "+31 13 5310618", "+31 546 123456".

    Accepts 06..., +31..., 0031..., "+31 (0)6 ...", with spaces, dashes, dots, slashes and
    parentheses.
    """
    raw = text.strip()
    example = f"Bijvoorbeeld: {PHONE_EXAMPLE}. Of kies 'overslaan'."
    if not raw:
        raise InvalidValue(f"Ik heb geen nummer gekregen. {example}")
    if not _PHONE_ALLOWED_RE.match(raw):
        raise InvalidValue(
            f"Een telefoonnummer bestaat uit cijfers (spaties en streepjes mogen). {example}"
        )
    compact = raw.replace("(0)", "")
    plus = compact.startswith("+")
    digits = re.sub(r"\D", "", compact)
    if plus:
        if not digits.startswith("31"):
            raise InvalidValue(f"Ik kan alleen Nederlandse nummers opslaan (+31). {example}")
        national = digits[2:]
    elif digits.startswith("0031"):
        national = digits[4:]
    elif digits.startswith("00"):
        raise InvalidValue(f"Ik kan alleen Nederlandse nummers opslaan (0031 of +31). {example}")
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        raise InvalidValue(f"Een Nederlands nummer begint met 0 of +31. {example}")
    national = national.lstrip("0") if national.startswith("0") else national
    if len(national) != 9:
        raise InvalidValue(
            f"Een Nederlands nummer heeft 10 cijfers, met de 0 vooraan "
            f"(jij gaf er {len(national) + 1}). {example}"
        )
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
        raise InvalidValue(
            "Ik zie geen opmerking. Typ je opmerking, bijvoorbeeld: 'Ik kan niet op 17 februari', "
            "of kies 'overslaan'."
        )
    if len(remarks) > REMARKS_MAX_CHARS:
        raise InvalidValue(
            f"Je opmerking is te lang ({len(remarks)} tekens, maximaal {REMARKS_MAX_CHARS}). "
            "Maak hem korter, bijvoorbeeld: 'Ik kan niet op 17 februari'."
        )
    return remarks
