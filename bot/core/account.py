"""The account commands of one conversation: /annuleer, /mijngegevens, and /verwijder with its
confirmation; what is stored about a user is shown and erased in a private chat only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.core.replies import core_reply
from bot.domain import CoreIntent, Language, Reply, conversation_language
from bot.handoff.desk import HandoffDesk
from bot.knowledge.texts import Texts
from bot.signup.fields import says
from bot.signup.service import SignupService
from bot.storage.base import Storage
from bot.storage.state import StateStore


@dataclass(frozen=True)
class AccountCommands:
    """The replies to the account commands, over the assistant's stores."""

    texts: Texts
    states: StateStore
    signups: SignupService | None
    handoffs: HandoffDesk | None
    storage: Storage | None

    def group_private(self, intent: CoreIntent, language: Language) -> Reply:
        """Personal data is shown or erased in a private chat only."""
        said = self.texts.conversation
        return core_reply(said.group_private, intent, language, private_only=True)

    def cancel(self, state: dict[str, Any], language: Language | None = None) -> Reply:
        """Leave the form (or a pending deletion) without storing anything."""
        language = language or conversation_language(state)
        account = self.texts.account
        if state.pop("form", None) is not None and self.signups is not None:
            return self.signups.form.cancelled_reply(language)
        if state.pop("pending_delete", False):
            return core_reply(account.nothing_deleted, CoreIntent.DELETE_CANCELLED, language)
        return core_reply(account.nothing_to_cancel, CoreIntent.CANCEL, language)

    def my_data(self, key: str, state: dict[str, Any], language: Language) -> Reply:
        """What is stored about conversation `key`: sign-ups, questions passed on, a form."""
        if self.signups is None:
            return core_reply(self.texts.account.nothing_stored, CoreIntent.MY_DATA, language)
        reply = self.signups.my_data(key, language)
        handoff_lines = self.handoffs.my_data_lines(key, language) if self.handoffs else []
        if handoff_lines:
            reply.text += "\n\n" + "\n".join(handoff_lines)
        if state.get("form"):
            reply.text += "\n\n" + self.texts.account.form_in_progress.say(language)
        return reply

    def request_deletion(self, key: str, state: dict[str, Any], language: Language) -> Reply:
        """Ask to confirm the deletion (remembered in `state`), or say there is nothing."""
        has_handoffs = bool(self.handoffs and self.handoffs.store.handoffs_for(key))
        if self.signups is None or (
            not self.signups.has_data(key) and not state.get("form") and not has_handoffs
        ):
            return core_reply(self.texts.account.nothing_to_delete, CoreIntent.NO_DATA, language)
        state["pending_delete"] = language.value  # the answer is read in the same language
        question = self.signups.deletion_question(key, language)
        if not self.signups.has_data(key) and not state.get("form"):
            question.text = self.texts.account.delete_questions_only.say(language)
        return question

    def deletion_answer(
        self, key: str, state: dict[str, Any], text: str, language: Language
    ) -> Reply | None:
        """The answer to the confirmation: "ja" deletes, "nee" keeps; None for any other text."""
        answers = self.texts.answers
        yes = says(text, answers.delete) or says(text, answers.yes)
        if yes and self.signups is not None:
            reply = self.signups.delete(key, language)
            if self.handoffs is not None and self.handoffs.forget(key):
                reply.text += " " + self.texts.account.questions_deleted.say(language)
            self.states.delete_state(key)  # the form in progress and the dialogue go too
            if self.storage is not None:
                self.storage.checkpoint()  # no copy of the deleted pages stays in the log
            reply.intent = CoreIntent.DELETED
            return reply
        if says(text, answers.no):
            nothing = self.texts.account.nothing_deleted
            return core_reply(nothing, CoreIntent.DELETE_CANCELLED, language)
        return None  # something else: deletion dropped, the text is handled normally
