"""Sign-up rules on top of the storage: capacity, waiting list, coordinator notices, the
applicant's rights (/mijngegevens, /verwijder), status changes, lists and the CSV export.

Everything returned for people is Dutch plain text in `Reply` objects (channels escape it),
except the `html` of coordinator notices, which is built here with every value escaped.
"""

from __future__ import annotations

import csv
import html
import io
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain import (
    ROLES,
    STATUS_CONFIRMED,
    STATUS_CONTACTED,
    STATUS_NEW,
    STATUS_REJECTED,
    Capacity,
    Choice,
    CoreIntent,
    Reply,
    Signup,
    SignupData,
)
from bot.signup.form import SignupForm, summary_lines
from bot.signup.municipalities import MunicipalityIndex, default_municipalities
from bot.signup.validation import phone_national
from bot.storage.base import OutboxRequest, Storage, SubmitResult

TIMEZONE = ZoneInfo("Europe/Amsterdam")
DEFAULT_FORM_TTL_SECONDS = 24 * 3600.0
COORDINATOR_STATUSES = (STATUS_CONFIRMED, STATUS_REJECTED, STATUS_CONTACTED)
ACTIVE_STATUSES = frozenset({STATUS_NEW, STATUS_CONFIRMED, STATUS_CONTACTED})
CONTACT_LINE = "Vragen? Mail rpo@vng.nl of bel Hanke Koelemay, T 06 1241 77 91."

# CSV for Dutch Excel: ";" is the list separator Excel uses in the nl-NL locale (the comma is
# the decimal separator there), so a double-click opens the file in columns; the UTF-8 BOM
# makes Excel read accents and emoji correctly instead of guessing a code page.
CSV_DELIMITER = ";"
CSV_COLUMNS = (
    "id",
    "aangemeld op",
    "bijgewerkt op",
    "naam",
    "gemeente",
    "rol",
    "e-mail",
    "telefoon",
    "opmerking",
    "status",
    "wachtlijst",
    "behandeld door",
    "behandeld op",
)
# A cell starting with one of these is a formula to spreadsheets (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def format_time(timestamp: float | None) -> str:
    """Unix seconds as "27-01-2025 10:15" in Dutch time ("" for None)."""
    if timestamp is None:
        return ""
    return datetime.fromtimestamp(timestamp, TIMEZONE).strftime("%d-%m-%Y %H:%M")


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


def excel_safe(value: str) -> str:
    """`value` made inert for spreadsheets: a leading formula character gets a quote."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


@dataclass(slots=True)
class StatusChange:
    """The result of a coordinator's action on a sign-up."""

    signup: Signup
    applicant_key: str  # the conversation key to tell the applicant in
    applicant_reply: Reply | None  # None: nothing to tell the applicant
    coordinator_html: str  # the updated notice for the coordinators (escaped HTML)


@dataclass(slots=True)
class Submission:
    """The result of confirming the form."""

    result: SubmitResult
    reply: Reply


class SignupService:
    """Sign-up rules and texts; storage does the atomic parts."""

    def __init__(
        self,
        storage: Storage,
        coordinator_chat_ids: Sequence[str],
        clock: Callable[[], float] = time.time,
        form_ttl_seconds: float = DEFAULT_FORM_TTL_SECONDS,
        municipalities: MunicipalityIndex | None = None,
    ) -> None:
        self.storage = storage
        self.coordinator_chat_ids = tuple(str(chat_id) for chat_id in coordinator_chat_ids)
        self.clock = clock
        self.form_ttl_seconds = form_ttl_seconds
        self.municipalities = municipalities or default_municipalities()
        self.form = SignupForm(self.municipalities, capacity_note=self.capacity_note)

    # -- capacity -------------------------------------------------------------------------

    def capacity_note(self, data: dict[str, Any]) -> str | None:
        """A Dutch note when the place `data` asks for is full (the form shows it early)."""
        gemeente = data.get("gemeente")
        if not gemeente:
            return None
        capacity = self.storage.capacity()
        email = data.get("email")
        if email:  # the applicant's own earlier sign-up does not count against them
            for signup in self.storage.list_signups(waitlisted=False):
                if signup.data.email == email and signup.status in ACTIVE_STATUSES:
                    _uncount(capacity, signup)
        role = data.get("role")
        if role:
            reason = waitlist_reason(
                capacity, SignupData(name="", gemeente=gemeente, role=role, email="")
            )
            if reason is None:
                return None
            return f"Let op: {reason} Je kunt je wel aanmelden voor de wachtlijst."
        count = capacity.per_gemeente.get(gemeente, 0)
        if count >= capacity.max_per_gemeente:
            return (
                f"Let op: {gemeente} heeft al {count} deelnemers. Je kunt je wel aanmelden "
                "voor de wachtlijst."
            )
        if count == 0 and capacity.gemeenten >= capacity.max_gemeenten:
            return (
                f"Let op: er doen al {capacity.gemeenten} gemeenten mee, het maximum. Je kunt "
                "je wel aanmelden voor de wachtlijst."
            )
        return None

    # -- submitting -----------------------------------------------------------------------

    def _notices(self, signup: Signup, capacity: Capacity, created: bool) -> list[OutboxRequest]:
        payload = self.signup_payload(signup, capacity, created)
        return [
            OutboxRequest(
                chat_id=chat_id,
                kind="signup",
                payload=payload,
                dedupe_key=f"signup:{signup.id}:v{signup.version}:{chat_id}",
            )
            for chat_id in self.coordinator_chat_ids
        ]

    def signup_payload(self, signup: Signup, capacity: Capacity, created: bool) -> dict[str, Any]:
        """The coordinator notice: every field, the capacity line and ready, escaped HTML."""
        data = signup.data
        payload: dict[str, Any] = {
            "signup_id": signup.id,
            "version": signup.version,
            "created": created,
            "updated": not created,
            "name": data.name,
            "gemeente": data.gemeente,
            "role": data.role,
            "email": data.email,
            "phone": data.phone,
            "remarks": data.remarks,
            "status": signup.status,
            "waitlisted": signup.waitlisted,
            "capacity": capacity_line(capacity, data.gemeente),
        }
        payload["html"] = self.signup_html(signup, payload["capacity"], created)
        return payload

    def signup_html(self, signup: Signup, capacity_text: str, created: bool) -> str:
        """The coordinator notice as Telegram HTML; every dynamic value is escaped."""
        data = signup.data
        esc = html.escape
        if signup.waitlisted:
            title = "Aanmelding voor de wachtlijst" if created else "Wachtlijst: bijgewerkt"
        else:
            title = "Nieuwe aanmelding" if created else "Aanmelding bijgewerkt"
        lines = [
            f"<b>{esc(title)}</b> (#{signup.id})",
            f"Naam: {esc(data.name)}",
            f"Gemeente: {esc(data.gemeente)}",
            f"Rol: {esc(data.role)}",
            f"E-mail: {esc(data.email)}",
            f"Telefoon: {esc(phone_national(data.phone)) if data.phone else '-'}",
            f"Opmerking: {esc(data.remarks) if data.remarks else '-'}",
            f"Status: {esc(signup.status)}",
        ]
        if signup.acted_by:
            lines.append(f"Door: {esc(signup.acted_by)} op {esc(format_time(signup.acted_at))}")
        lines.append(f"Bezetting: {esc(capacity_text)}")
        return "\n".join(lines)

    def submit(self, user_key: str, data: SignupData) -> Submission:
        """Commit the sign-up (insert or update by e-mail) and queue the coordinator notices
        in the same transaction; the reply tells the applicant honestly where they stand."""
        result = self.storage.submit_signup(
            user_key,
            data,
            at=self.clock(),
            waitlist_rule=waitlist_reason,
            notices=self._notices,
        )
        line = capacity_line(result.capacity, data.gemeente)
        if result.waitlist_reason:
            text = (
                f"Dank je wel. {result.waitlist_reason} Je staat daarom op de wachtlijst; "
                "de coördinatoren hebben je aanmelding ontvangen en nemen contact op als er "
                f"een plaats vrijkomt. {CONTACT_LINE}"
            )
        elif not result.changed:
            text = (
                "Je aanmelding was al ontvangen en opgeslagen; er is niets dubbel verstuurd. "
                f"(Bezetting nu: {line}.)"
            )
        elif result.created:
            text = (
                "Dank je wel, je aanmelding is ontvangen en opgeslagen. De coördinatoren nemen "
                f"contact met je op. (Bezetting nu: {line}.)"
            )
        else:
            text = (
                "Dank je wel. Er stond al een aanmelding met dit e-mailadres; die heb ik "
                f"bijgewerkt, er is geen tweede bijgekomen. (Bezetting nu: {line}.)"
            )
        text += "\nMet /mijngegevens zie je wat er is opgeslagen, met /verwijder wis je het."
        return Submission(result, Reply(text=text, intent=CoreIntent.SIGNUP_DONE))

    # -- the applicant's rights -----------------------------------------------------------

    def my_data(self, user_key: str) -> Reply:
        """/mijngegevens: everything stored about `user_key`."""
        signups = self.storage.signups_for_user(user_key)
        if not signups:
            return Reply(
                text="Er staat geen aanmelding van je opgeslagen. Aanmelden kan met /aanmelden.",
                intent=CoreIntent.MY_DATA,
            )
        blocks = ["Dit staat er over je opgeslagen:"]
        for signup in signups:
            state = signup.status + (", wachtlijst" if signup.waitlisted else "")
            blocks.append(
                "\n".join(
                    [
                        *summary_lines(signup.data),
                        f"Status: {state}",
                        f"Aangemeld op: {format_time(signup.created_at)}",
                    ]
                )
            )
        blocks.append(
            "Alleen de coördinatoren van het Leernetwerk zien dit. Wissen kan met /verwijder."
        )
        return Reply(text="\n\n".join(blocks), intent=CoreIntent.MY_DATA)

    def has_data(self, user_key: str) -> bool:
        """Whether anything is stored for `user_key`."""
        return bool(self.storage.signups_for_user(user_key))

    def deletion_question(self, user_key: str) -> Reply:
        """/verwijder: ask for confirmation first."""
        count = len(self.storage.signups_for_user(user_key))
        what = "je aanmelding" if count <= 1 else f"je {count} aanmeldingen"
        return Reply(
            text=f"Weet je zeker dat ik {what} en je gegevens wis? De coördinatoren krijgen "
            "bericht dat je aanmelding is ingetrokken.",
            choices=[Choice("Ja, verwijderen", "ja, verwijderen"), Choice("Nee", "nee")],
            intent=CoreIntent.DELETE_CONFIRM,
        )

    def delete(self, user_key: str) -> Reply:
        """Delete everything of `user_key` and queue "withdrawn" notices; returns the reply."""
        queued: list[OutboxRequest] = []

        def notices(signup: Signup, told: frozenset[str]) -> list[OutboxRequest]:
            requests = self._withdrawn_notices(signup, told)
            queued.extend(requests)
            return requests

        deleted = self.storage.withdraw_user_signups(user_key, notices)
        if not deleted:
            return Reply(
                text="Er stond geen aanmelding van je opgeslagen.", intent=CoreIntent.DELETED
            )
        if queued:
            told_text = "De coördinatoren krijgen bericht dat je aanmelding is ingetrokken."
        else:
            told_text = (
                "De coördinatoren hadden je aanmelding nog niet ontvangen; die gaat nu ook "
                "niet meer naar hen toe."
            )
        return Reply(text=f"Je gegevens zijn verwijderd. {told_text}", intent=CoreIntent.DELETED)

    def _withdrawn_notices(self, signup: Signup, told: frozenset[str]) -> list[OutboxRequest]:
        capacity = self.storage.capacity()
        esc = html.escape
        text = "\n".join(
            [
                f"<b>Aanmelding ingetrokken</b> (#{signup.id})",
                f"Naam: {esc(signup.data.name)}",
                f"Gemeente: {esc(signup.data.gemeente)}",
                f"Rol: {esc(signup.data.role)}",
                "De aanvrager heeft de gegevens laten verwijderen.",
                f"Bezetting: {esc(capacity_line(capacity, signup.data.gemeente))}",
            ]
        )
        payload = {
            "signup_id": signup.id,
            "name": signup.data.name,
            "gemeente": signup.data.gemeente,
            "role": signup.data.role,
            "html": text,
        }
        return [
            OutboxRequest(chat_id, "withdrawn", payload, f"withdrawn:{signup.id}:{chat_id}")
            for chat_id in self.coordinator_chat_ids
            if chat_id in told
        ]

    # -- coordinators ---------------------------------------------------------------------

    def set_status(self, signup_id: int, status: str, actor: str) -> StatusChange | None:
        """A coordinator's action; None when the sign-up no longer exists."""
        if status not in COORDINATOR_STATUSES:
            raise ValueError(f"unknown status {status!r}")
        signup = self.storage.set_status(signup_id, status, actor=actor, at=self.clock())
        if signup is None:
            return None
        where = f"{signup.data.gemeente}, {signup.data.role}"
        reply: Reply | None = None
        if status == STATUS_CONFIRMED:
            if signup.waitlisted:
                text = (
                    f"Je staat op de wachtlijst van het Leernetwerk Werken volgens de Bedoeling "
                    f"({where}); de coördinatoren hebben dat bevestigd. {CONTACT_LINE}"
                )
            else:
                text = (
                    f"Goed nieuws: je aanmelding voor het Leernetwerk Werken volgens de "
                    f"Bedoeling ({where}) is bevestigd door de coördinatoren."
                )
            reply = Reply(text=text, intent=CoreIntent.SIGNUP_STATUS)
        elif status == STATUS_REJECTED:
            reply = Reply(
                text=f"Je aanmelding voor het Leernetwerk Werken volgens de Bedoeling ({where}) "
                f"is helaas niet geplaatst. {CONTACT_LINE}",
                intent=CoreIntent.SIGNUP_STATUS,
            )
        capacity = self.storage.capacity()
        coordinator_html = self.signup_html(
            signup, capacity_line(capacity, signup.data.gemeente), created=True
        )
        return StatusChange(signup, signup.user_key, reply, coordinator_html)

    def list_text(self) -> str:
        """/aanmeldingen: every sign-up with its status, plus counts per gemeente and role."""
        signups = self.storage.list_signups()
        if not signups:
            return "Er zijn nog geen aanmeldingen."
        capacity = self.storage.capacity()
        lines = [f"Aanmeldingen ({len(signups)}):"]
        for signup in signups:
            lines.append(_signup_line(signup))
        lines += ["", "Per gemeente (geplaatst):"]
        for gemeente in sorted(capacity.per_gemeente):
            lines.append(
                f"- {gemeente}: {capacity.per_gemeente[gemeente]}/{capacity.max_per_gemeente} "
                f"({', '.join(capacity.roles_per_gemeente[gemeente])})"
            )
        roles = Counter(role for taken in capacity.roles_per_gemeente.values() for role in taken)
        lines += ["", "Per rol (geplaatst):"]
        lines += [f"- {role}: {roles.get(role, 0)}" for role in ROLES]
        waitlisted = sum(1 for signup in signups if signup.waitlisted)
        lines += [
            "",
            f"Gemeenten: {capacity.gemeenten}/{capacity.max_gemeenten}; wachtlijst: {waitlisted}",
        ]
        return "\n".join(lines)

    def waitlist_text(self) -> str:
        """/wachtlijst: the waiting list, oldest first."""
        signups = self.storage.list_signups(waitlisted=True)
        if not signups:
            return "De wachtlijst is leeg."
        lines = [f"Wachtlijst ({len(signups)}):"]
        lines += [_signup_line(signup) for signup in signups]
        return "\n".join(lines)

    def unanswered_text(self, limit: int = 50) -> str:
        """/onbeantwoord: questions the bot could not answer, newest first, with counts."""
        rows = self.storage.unanswered_summary(limit)
        if not rows:
            return "Er zijn geen onbeantwoorde vragen."
        lines = ["Onbeantwoorde vragen (nieuwste eerst):"]
        lines += [f"- {count}× {text} (laatst {format_time(at)})" for text, count, at in rows]
        return "\n".join(lines)

    def export_csv(self) -> bytes:
        """Every sign-up as CSV for Excel: UTF-8 with BOM, ";"-separated (see CSV_DELIMITER)."""
        return signups_csv(self.storage.list_signups())

    @property
    def store(self) -> Storage:
        """The storage (alias used by the Telegram coordinator side)."""
        return self.storage


def signups_csv(signups: Iterable[Signup]) -> bytes:
    """`signups` as CSV for Dutch Excel: UTF-8 with BOM, ";"-separated, CRLF, formulas
    neutralised, phone numbers written the Dutch way (text, so no leading zero is lost)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for signup in signups:
        data = signup.data
        row = [
            str(signup.id),
            format_time(signup.created_at),
            format_time(signup.updated_at),
            data.name,
            data.gemeente,
            data.role,
            data.email,
            phone_national(data.phone) if data.phone else "",
            data.remarks or "",
            signup.status,
            "ja" if signup.waitlisted else "nee",
            signup.acted_by or "",
            format_time(signup.acted_at),
        ]
        writer.writerow([excel_safe(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def _signup_line(signup: Signup) -> str:
    data = signup.data
    extra = ", wachtlijst" if signup.waitlisted else ""
    acted = f", door {signup.acted_by}" if signup.acted_by else ""
    return (
        f"#{signup.id} {data.name} ({data.email}) - {data.gemeente}, {data.role} - "
        f"{signup.status}{extra}{acted}"
    )


def _uncount(capacity: Capacity, signup: Signup) -> None:
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
