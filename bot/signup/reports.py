"""What operators and coordinators read: sign-up lists, the waiting list, unanswered
questions and the CSV export for Excel."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain import Signup
from bot.knowledge.loader import default_texts
from bot.signup.fields import FIELDS
from bot.storage.base import SignupStore, UnansweredStore

TIMEZONE = ZoneInfo("Europe/Amsterdam")

# CSV for Dutch Excel: ";" is the list separator Excel uses in the nl-NL locale (the comma is
# the decimal separator there), so a double-click opens the file in columns; the UTF-8 BOM
# makes Excel read accents and emoji correctly instead of guessing a code page.
CSV_DELIMITER = ";"
# A cell starting with one of these is a formula to spreadsheets (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def format_time(timestamp: float | None) -> str:
    """Unix seconds as "27-01-2025 10:15" in Dutch time ("" for None)."""
    if timestamp is None:
        return ""
    return datetime.fromtimestamp(timestamp, TIMEZONE).strftime("%d-%m-%Y %H:%M")


def excel_safe(value: str) -> str:
    """`value` made inert for spreadsheets: a leading formula character gets a quote."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def list_text(storage: SignupStore) -> str:
    """/aanmeldingen: every sign-up with its status, plus counts per gemeente and role."""
    signups = storage.list_signups()
    if not signups:
        return "Er zijn nog geen aanmeldingen."
    capacity = storage.capacity()
    lines = [f"Aanmeldingen ({len(signups)}):"]
    for signup in signups:
        lines.append(signup_line(signup))
    lines += ["", "Per gemeente (geplaatst):"]
    for gemeente in sorted(capacity.per_gemeente):
        lines.append(
            f"- {gemeente}: {capacity.per_gemeente[gemeente]}/{capacity.max_per_gemeente} "
            f"({', '.join(capacity.roles_per_gemeente[gemeente])})"
        )
    roles = Counter(role for taken in capacity.roles_per_gemeente.values() for role in taken)
    lines += ["", "Per rol (geplaatst):"]
    lines += [f"- {role}: {roles.get(role, 0)}" for role in capacity.rules.role_ids]
    waitlisted = sum(1 for signup in signups if signup.waitlisted)
    lines += [
        "",
        f"Gemeenten: {capacity.gemeenten}/{capacity.max_gemeenten}; wachtlijst: {waitlisted}",
    ]
    return "\n".join(lines)


def waitlist_text(storage: SignupStore) -> str:
    """/wachtlijst: the waiting list, oldest first."""
    signups = storage.list_signups(waitlisted=True)
    if not signups:
        return "De wachtlijst is leeg."
    lines = [f"Wachtlijst ({len(signups)}):"]
    lines += [signup_line(signup) for signup in signups]
    return "\n".join(lines)


def unanswered_text(storage: UnansweredStore, limit: int = 50) -> str:
    """/onbeantwoord: questions the bot could not answer, newest first, with counts."""
    rows = storage.unanswered_summary(limit)
    if not rows:
        return "Er zijn geen onbeantwoorde vragen."
    lines = ["Onbeantwoorde vragen (nieuwste eerst):"]
    lines += [f"- {count}× {text} (laatst {format_time(at)})" for text, count, at in rows]
    return "\n".join(lines)


def export_csv(storage: SignupStore) -> bytes:
    """Every sign-up as CSV for Excel: UTF-8 with BOM, ";"-separated (see CSV_DELIMITER)."""
    return signups_csv(storage.list_signups())


def signups_csv(signups: Iterable[Signup]) -> bytes:
    """`signups` as CSV for Dutch Excel: UTF-8 with BOM, ";"-separated, CRLF, formulas
    neutralised, phone numbers written the Dutch way (text, so no leading zero is lost)."""
    texts = default_texts().coordinators
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(csv_columns())
    for signup in signups:
        data = signup.data
        row = [
            str(signup.id),
            format_time(signup.created_at),
            format_time(signup.updated_at),
            *(f.value(data) or "" for f in FIELDS),
            signup.status,
            texts.csv_yes if signup.waitlisted else texts.csv_no,
            signup.acted_by or "",
            format_time(signup.acted_at),
        ]
        writer.writerow([excel_safe(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def csv_columns() -> list[str]:
    """The export's Dutch column headings (knowledge/texts.yaml `coordinators`)."""
    texts = default_texts()
    column = texts.coordinators.csv_columns
    return [
        column.id,
        column.created,
        column.updated,
        *(texts.fields.of(f.key).csv_column for f in FIELDS),
        column.status,
        column.waitlisted,
        column.acted_by,
        column.acted_at,
    ]


def signup_line(signup: Signup) -> str:
    data = signup.data
    extra = ", wachtlijst" if signup.waitlisted else ""
    acted = f", door {signup.acted_by}" if signup.acted_by else ""
    return (
        f"#{signup.id} {data.name} ({data.email}) - {data.gemeente}, {data.role} - "
        f"{signup.status}{extra}{acted}"
    )
