"""Sign-up rules on top of the storage: submitting, the applicant's rights (/mijngegevens,
/verwijder) and coordinators' status changes. Capacity rules, coordinator notices and the
operators' lists and CSV export live in capacity.py, notices.py and reports.py.

Everything returned for the applicant is plain text in `Reply` objects (channels escape it), in
the applicant's language, from knowledge/texts.yaml; coordinator notices are Dutch HTML with
every value escaped.
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
    CoreIntent,
    Language,
    ProgrammeRules,
    Reply,
    Signup,
    SignupData,
    SignupStatus,
)
from bot.knowledge.loader import default_programme_rules, default_texts
from bot.knowledge.texts import Texts
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
        texts: Texts | None = None,
    ) -> None:
        self.storage = storage
        self.rules = rules or default_programme_rules()
        self.texts = texts or default_texts()
        self.coordinator_chat_ids = tuple(str(chat_id) for chat_id in coordinator_chat_ids)
        self.clock = clock
        self.form_ttl_seconds = form_ttl_seconds
        self.municipalities = municipalities or default_municipalities()
        self.form = SignupForm(
            self.municipalities, capacity_note=self.capacity_note, rules=self.rules, texts=texts
        )

    def contact_line(self, language: Language) -> str:
        """Where applicants can ask, from the knowledge base."""
        return self.texts.submitted.contact.say(language)

    # -- capacity -------------------------------------------------------------------------

    def capacity_note(self, data: dict[str, Any], language: Language = Language.NL) -> str | None:
        """A note when the place `data` asks for is full (the form shows it early)."""
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
        # Without a role yet, only the gemeente's and the programme's limits count.
        wanted = SignupData(name="", gemeente=gemeente, role=data.get("role") or "", email="")
        reason = waitlist_reason(capacity, wanted, language, self.texts)
        if reason is None:
            return None
        return self.texts.form.full_note.say(language, reason=reason)

    def live_capacity(self, question: str, language: Language = Language.NL) -> str:
        """The live fill level a question asks about (no names; see `bot.signup.live`)."""
        return live_capacity_text(
            question,
            self.storage.capacity(),
            self.municipalities,
            self.rules,
            self.texts,
            language,
        )

    # -- submitting -----------------------------------------------------------------------

    def submit(
        self, user_key: str, data: SignupData, language: Language = Language.NL
    ) -> Submission:
        """Commit the sign-up (insert or update by e-mail) and queue the coordinator notices
        in the same transaction; the reply tells the applicant honestly where they stand."""
        result = self.storage.submit_signup(
            user_key,
            data,
            at=self.clock(),
            waitlist_rule=lambda capacity, wanted: waitlist_reason(
                capacity, wanted, language, self.texts
            ),
            notices=lambda signup, capacity, created: signup_notices(
                self.coordinator_chat_ids, signup, capacity, created
            ),
            duplicate_notices=lambda submitted, existing_id: duplicate_notices(
                self.coordinator_chat_ids, submitted, existing_id, user_key
            ),
            language=language.value,
        )
        said = self.texts.submitted
        line = capacity_line(result.capacity, data.gemeente, language, self.texts)
        if result.duplicate:
            # The address belongs to someone else's sign-up: the same words as a new sign-up,
            # so nothing about that sign-up is revealed; the coordinators sort it out.
            text = said.duplicate.say(language, capacity=line)
        elif result.waitlist_reason:
            text = said.waitlisted.say(
                language, reason=result.waitlist_reason, contact=self.contact_line(language)
            )
        elif not result.changed:
            text = said.unchanged.say(language, capacity=line)
        elif result.created:
            text = said.created.say(language, capacity=line)
        else:
            text = said.updated.say(language, capacity=line)
        if not self.coordinator_chat_ids:
            # No coordinator chat (a terminal chat without COORDINATOR_CHAT_IDS): nothing is
            # forwarded, so the applicant must not wait for contact.
            text += f"\n{said.stored_only.say(language)}"
        if not result.duplicate:
            text += f"\n{said.your_data.say(language)}"
        reply = Reply(text=text, intent=CoreIntent.SIGNUP_DONE, language=language.value)
        return Submission(result, reply)

    # -- the applicant's rights -----------------------------------------------------------

    def my_data(self, user_key: str, language: Language = Language.NL) -> Reply:
        """/mijngegevens: everything stored about `user_key`."""
        account = self.texts.account
        signups = self.storage.signups_for_user(user_key)
        if not signups:
            return self._reply(account.no_signup.say(language), CoreIntent.MY_DATA, language)
        blocks = [account.stored_title.say(language)]
        for signup in signups:
            state = account.statuses[SignupStatus(signup.status)].say(language)
            if signup.waitlisted:
                state += f", {account.waitlisted.say(language)}"
            blocks.append(
                "\n".join(
                    [
                        *summary_lines(signup.data, self.texts, language),
                        account.status.say(language, status=state),
                        account.signed_up_at.say(language, time=format_time(signup.created_at)),
                    ]
                )
            )
        blocks.append(account.who_sees.say(language))
        return self._reply("\n\n".join(blocks), CoreIntent.MY_DATA, language)

    @staticmethod
    def _reply(text: str, intent: CoreIntent, language: Language) -> Reply:
        return Reply(text=text, intent=intent, language=language.value)

    def has_data(self, user_key: str) -> bool:
        """Whether anything is stored for `user_key`."""
        return bool(self.storage.signups_for_user(user_key))

    def deletion_question(self, user_key: str, language: Language = Language.NL) -> Reply:
        """/verwijder: ask for confirmation first."""
        account = self.texts.account
        count = len(self.storage.signups_for_user(user_key))
        what = (
            account.delete_one.say(language)
            if count <= 1
            else account.delete_many.say(language, count=count)
        )
        reply = self._reply(
            account.delete_question.say(language, what=what), CoreIntent.DELETE_CONFIRM, language
        )
        reply.choices = [
            self.texts.answers.delete.choice(language),
            self.texts.answers.no.choice(language),
        ]
        return reply

    def delete(self, user_key: str, language: Language = Language.NL) -> Reply:
        """Delete everything of `user_key` and queue "withdrawn" notices; returns the reply."""
        account = self.texts.account
        queued: list[OutboxRequest] = []

        def notices(signup: Signup, told: Mapping[str, tuple[int, ...]]) -> list[OutboxRequest]:
            requests = withdrawn_notices(self.coordinator_chat_ids, signup, told)
            queued.extend(requests)
            return requests

        deleted = self.storage.withdraw_user_signups(user_key, notices)
        # Questions that name them go from the unanswered log too.
        self.storage.forget_names([signup.data.name for signup in deleted])
        if not deleted:
            return self._reply(account.nothing_stored.say(language), CoreIntent.DELETED, language)
        told = account.told_withdrawn if queued else account.told_never_sent
        return self._reply(
            account.deleted.say(language, told=told.say(language)), CoreIntent.DELETED, language
        )

    # -- coordinators ---------------------------------------------------------------------

    def set_status(self, signup_id: int, status: str, actor: str) -> StatusChange | None:
        """A coordinator's action; None when the sign-up no longer exists."""
        if status not in COORDINATOR_STATUSES:
            raise ValueError(f"unknown status {status!r}")
        signup = self.storage.set_status(signup_id, status, actor=actor, at=self.clock())
        if signup is None:
            return None
        reply = self._status_news(signup, status)
        capacity = self.storage.capacity()
        coordinator_html = signup_html(
            signup, capacity_line(capacity, signup.data.gemeente), created=True
        )
        return StatusChange(signup, signup.user_key, reply, coordinator_html)

    def _status_news(self, signup: Signup, status: str) -> Reply | None:
        """What the applicant is told about a coordinator's action (None: nothing)."""
        account, language = self.texts.account, Language.of(signup.language)
        where = f"{signup.data.gemeente}, {signup.data.role}"
        contact = self.contact_line(language)
        if status == STATUS_CONFIRMED and signup.waitlisted:
            text = account.status_waitlisted.say(language, where=where, contact=contact)
        elif status == STATUS_CONFIRMED:
            text = account.status_confirmed.say(language, where=where)
        elif status == STATUS_REJECTED:
            text = account.status_rejected.say(language, where=where, contact=contact)
        else:
            return None
        return self._reply(text, CoreIntent.SIGNUP_STATUS, language)

    @property
    def store(self) -> Storage:
        """The storage (alias used by the Telegram coordinator side)."""
        return self.storage
