"""Sign-up rules on top of the storage: submitting, the applicant's rights (/mijngegevens,
/verwijder) and coordinators' status changes. Capacity rules, coordinator notices and the
operators' lists and CSV export live in capacity.py, notices.py and reports.py.

Everything returned for people is Dutch plain text in `Reply` objects (channels escape it),
except the `html` of coordinator notices, which is built here with every value escaped.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.domain import (
    STATUS_CONFIRMED,
    STATUS_CONTACTED,
    STATUS_REJECTED,
    Choice,
    CoreIntent,
    ProgrammeRules,
    Reply,
    Signup,
    SignupData,
)
from bot.knowledge.loader import default_programme_rules
from bot.signup.capacity import ACTIVE_STATUSES, capacity_line, uncount, waitlist_reason
from bot.signup.fields import summary_lines
from bot.signup.form import SignupForm
from bot.signup.live import live_capacity_text
from bot.signup.municipalities import MunicipalityIndex, default_municipalities
from bot.signup.notices import (
    duplicate_notices,
    signup_html,
    signup_notices,
    withdrawn_notices,
)
from bot.signup.reports import format_time
from bot.storage.base import OutboxRequest, Storage, SubmitResult

DEFAULT_FORM_TTL_SECONDS = 24 * 3600.0
COORDINATOR_STATUSES = (STATUS_CONFIRMED, STATUS_REJECTED, STATUS_CONTACTED)
# Said with every sign-up when no coordinator chat is configured (e.g. a terminal chat without
# COORDINATOR_CHAT_IDS): nothing is forwarded, so the applicant must not wait for contact.
STORED_ONLY_TEXT = (
    "Let op: er is geen coördinatorenchat ingesteld, dus je aanmelding is alleen hier "
    "opgeslagen en niet naar de coördinatoren doorgestuurd."
)


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
        rules: ProgrammeRules | None = None,
    ) -> None:
        self.storage = storage
        self.rules = rules or default_programme_rules()
        self.coordinator_chat_ids = tuple(str(chat_id) for chat_id in coordinator_chat_ids)
        self.clock = clock
        self.form_ttl_seconds = form_ttl_seconds
        self.municipalities = municipalities or default_municipalities()
        self.form = SignupForm(
            self.municipalities, capacity_note=self.capacity_note, rules=self.rules
        )

    @property
    def contact_line(self) -> str:
        """Where applicants can ask, from the knowledge base."""
        contact = self.rules.contact
        return f"Vragen? Mail {contact.email} of bel {contact.person}, T {contact.phone}."

    # -- capacity -------------------------------------------------------------------------

    def capacity_note(self, data: dict[str, Any]) -> str | None:
        """A Dutch note when the place `data` asks for is full (the form shows it early)."""
        gemeente = data.get("gemeente")
        if not gemeente:
            return None
        capacity = self.storage.capacity()
        # The applicant's own earlier sign-up (same e-mail, or the same name: they may be
        # correcting their e-mail address) does not count against them.
        email, name = data.get("email"), " ".join(str(data.get("name") or "").casefold().split())
        for signup in self.storage.list_signups(waitlisted=False):
            own_name = " ".join(signup.data.name.casefold().split())
            mine = (email and signup.data.email == email) or (name and own_name == name)
            if mine and signup.status in ACTIVE_STATUSES:
                uncount(capacity, signup)
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

    def live_capacity(self, question: str, *, english: bool = False) -> str:
        """The live fill level a question asks about (no names; see `bot.signup.live`)."""
        return live_capacity_text(
            question, self.storage.capacity(), self.municipalities, self.rules, english=english
        )

    # -- submitting -----------------------------------------------------------------------

    def submit(self, user_key: str, data: SignupData) -> Submission:
        """Commit the sign-up (insert or update by e-mail) and queue the coordinator notices
        in the same transaction; the reply tells the applicant honestly where they stand."""
        result = self.storage.submit_signup(
            user_key,
            data,
            at=self.clock(),
            waitlist_rule=waitlist_reason,
            notices=lambda signup, capacity, created: signup_notices(
                self.coordinator_chat_ids, signup, capacity, created
            ),
            duplicate_notices=lambda submitted, existing_id: duplicate_notices(
                self.coordinator_chat_ids, submitted, existing_id, user_key
            ),
        )
        line = capacity_line(result.capacity, data.gemeente)
        if result.duplicate:
            # The address belongs to someone else's sign-up: the same words as a new sign-up,
            # so nothing about that sign-up is revealed; the coordinators sort it out.
            text = (
                "Dank je wel, je aanmelding is ontvangen. De coördinatoren nemen contact met je "
                f"op. (Bezetting nu: {line}.)"
            )
        elif result.waitlist_reason:
            text = (
                f"Dank je wel. {result.waitlist_reason} Je staat daarom op de wachtlijst; "
                "de coördinatoren hebben je aanmelding ontvangen en nemen contact op als er "
                f"een plaats vrijkomt. {self.contact_line}"
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
        if not self.coordinator_chat_ids:
            text += f"\n{STORED_ONLY_TEXT}"
        if not result.duplicate:
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

        def notices(signup: Signup, told: Mapping[str, tuple[int, ...]]) -> list[OutboxRequest]:
            requests = withdrawn_notices(self.coordinator_chat_ids, signup, told)
            queued.extend(requests)
            return requests

        deleted = self.storage.withdraw_user_signups(user_key, notices)
        # Questions that name them go from the unanswered log too.
        self.storage.forget_names([signup.data.name for signup in deleted])
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
                    f"({where}); de coördinatoren hebben dat bevestigd. {self.contact_line}"
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
                f"is helaas niet geplaatst. {self.contact_line}",
                intent=CoreIntent.SIGNUP_STATUS,
            )
        capacity = self.storage.capacity()
        coordinator_html = signup_html(
            signup, capacity_line(capacity, signup.data.gemeente), created=True
        )
        return StatusChange(signup, signup.user_key, reply, coordinator_html)

    @property
    def store(self) -> Storage:
        """The storage (alias used by the Telegram coordinator side)."""
        return self.storage
