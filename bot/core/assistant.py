"""The assistant: routes one message of one conversation to the brain (or the sign-up form).

Every channel (Telegram, terminal chat, batch) calls `Assistant.handle`; the conversation's
state is loaded from and saved to a StateStore, so follow-ups and a form in progress survive
restarts.

Routing of a message:
1. a form idle past its TTL is dropped first (with a short notice in the reply);
2. the commands /aanmelden (also "/start aanmelden"), /annuleer, /mijngegevens and /verwijder,
   by their Dutch or English name (knowledge/texts.yaml `commands`: /signup, /cancel, ...);
   a content command (/programma, /programme) becomes its question, in the conversation's
   language (else the name's, else the channel's), and goes on as that text;
3. a pending /verwijder confirmation (bot/core/account.py);
4. a form in progress: the text goes to the form, unless it is not a plausible answer for the
   current step AND the brain answers it confidently (matched, confidence >=
   QUESTION_CONFIDENCE): then the answer is given and the form's question repeated
   (bot/core/form_turn.py);
5. otherwise the brain; a reply with action "signup" starts the form. Unanswered questions are
   recorded without who asked.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from bot.brain.brain import Brain
from bot.brain.context import DialogueContext
from bot.core.account import AccountCommands
from bot.core.form_turn import form_turn
from bot.core.numbers import only_number, which_number
from bot.core.redelivery import SEQUENCE_KEY, is_redelivery, mark_handled, redelivered_reply
from bot.core.reminders import due_reminders, expire_form
from bot.core.replies import core_reply, prefaced
from bot.domain import (
    Action,
    CoreIntent,
    HandoffAnswer,
    Language,
    Origin,
    Reply,
    Vote,
    conversation_language,
    known_language,
)
from bot.handoff.desk import HANDOFF_COMMAND, FeedbackOutcome, HandoffDesk
from bot.knowledge.commands import Command, TypedCommand
from bot.signup.form import form_language
from bot.signup.service import SignupService
from bot.storage.base import FormScanner, Storage, UnansweredStore
from bot.storage.state import StateStore

DEFAULT_REMINDER_AFTER_SECONDS = 2 * 3600.0


class Assistant:
    """Channel-independent conversation handling."""

    def __init__(
        self,
        brain: Brain,
        states: StateStore,
        *,
        signups: SignupService | None = None,
        unanswered: UnansweredStore | None = None,
        clock: Callable[[], float] = time.time,
        reminder_after_seconds: float = DEFAULT_REMINDER_AFTER_SECONDS,
        storage: Storage | None = None,
        handoffs: HandoffDesk | None = None,
    ) -> None:
        self.brain = brain
        self.states = states
        self.signups = signups
        self.unanswered = unanswered
        self.clock = clock
        self.reminder_after_seconds = reminder_after_seconds
        self.storage = storage  # the backend to close (and for the coordinator side)
        self.handoffs = handoffs  # hand-off to the coordinators and feedback (optional)
        self.texts = brain.kb.texts  # what the core says around the form, in nl and en

    def close(self) -> None:
        """Close the storage backend, if the assistant owns one."""
        if self.storage is not None:
            self.storage.close()

    @property
    def _account(self) -> AccountCommands:
        """The account commands over the assistant's stores (as they are now)."""
        return AccountCommands(self.texts, self.states, self.signups, self.handoffs, self.storage)

    @property
    def form_ttl_seconds(self) -> float:
        """How long an idle form is kept."""
        return self.signups.form_ttl_seconds if self.signups else float("inf")

    # -- entry points ---------------------------------------------------------------------

    def handle(self, key: str, text: str, origin: Origin) -> Reply:
        """Answer `text` sent in conversation `key`."""
        now = self.clock()
        state = self.states.load_state(key) or {}
        if is_redelivery(state, origin):
            return redelivered_reply()
        notice = expire_form(state, now, self.form_ttl_seconds, self.texts)
        reply: Reply | None = None
        command = self.texts.commands.parse(text)
        if command is not None:
            language = self._language(state, origin, command)
            question = self._question(command, language)
            if question is None:
                reply = self._command(key, state, command, origin, now, language)
            else:
                text = question  # /programma: answered exactly like the question typed
        if reply is None and (pending := state.pop("pending_delete", False)):
            # The language the question was asked in (True: stored before it was kept).
            asked = Language.of(pending) if isinstance(pending, str) else None
            reply = self._account.deletion_answer(
                key, state, text, asked or conversation_language(state)
            )
        if reply is None and self.signups is not None and state.get("form"):
            reply = form_turn(self.brain, self.texts, self.signups, key, state, text, now)
        if reply is None:
            reply = self._brain_turn(key, state, text, origin, now)
        mark_handled(state, origin)
        if reply.intent != CoreIntent.DELETED:
            self.states.save_state(key, state)
        elif origin.sequence is not None:  # only the message number, nothing personal
            self.states.save_state(key, {SEQUENCE_KEY: origin.sequence})
        if notice:
            reply.text = f"{notice}\n\n{reply.text}"
        return reply

    def start_signup(self, key: str, origin: Origin) -> Reply:
        """/aanmelden, a button or "/start aanmelden": start (or resume) the form."""
        now = self.clock()
        state = self.states.load_state(key) or {}
        if is_redelivery(state, origin):
            return redelivered_reply()
        notice = expire_form(state, now, self.form_ttl_seconds, self.texts)
        reply = self._start(state, origin, now, self._language(state, origin))
        mark_handled(state, origin)
        self.states.save_state(key, state)
        if notice:
            reply.text = f"{notice}\n\n{reply.text}"
        return reply

    def cancel(self, key: str, origin: Origin | None = None) -> Reply:
        """/annuleer: leave the form (or a pending deletion) without storing anything."""
        state = self.states.load_state(key) or {}
        if origin is not None and is_redelivery(state, origin):
            return redelivered_reply()
        reply = self._account.cancel(state, self._language(state, origin) if origin else None)
        if origin is not None:
            mark_handled(state, origin)
        self.states.save_state(key, state)
        return reply

    def my_data(self, key: str, origin: Origin) -> Reply:
        """/mijngegevens: what is stored about this user (never in a group)."""
        state = self.states.load_state(key) or {}
        language = self._language(state, origin)
        if origin.is_group:
            return self._account.group_private(CoreIntent.MY_DATA, language)
        return self._account.my_data(key, state, language)

    def request_deletion(self, key: str, origin: Origin) -> Reply:
        """/verwijder: ask for confirmation; the next message "ja" deletes."""
        state = self.states.load_state(key) or {}
        language = self._language(state, origin)
        if origin.is_group:
            return self._account.group_private(CoreIntent.DELETE_CONFIRM, language)
        if is_redelivery(state, origin):
            return redelivered_reply()
        reply = self._account.request_deletion(key, state, language)
        mark_handled(state, origin)
        self.states.save_state(key, state)
        return reply

    def request_handoff(self, key: str, origin: Origin, token: str | None = None) -> Reply:
        """Pass the question on offer (under `token`, else the latest) to the coordinators."""
        state = self.states.load_state(key) or {}
        if self.handoffs is None:
            unavailable = self.texts.handoff.unavailable
            language = conversation_language(state)
            return core_reply(unavailable, CoreIntent.HANDOFF_UNAVAILABLE, language)
        reply = self.handoffs.request(key, state, token, origin)
        self.states.save_state(key, state)
        return reply

    def record_feedback(self, key: str, origin: Origin, token: str, vote: Vote) -> FeedbackOutcome:
        """A 👍/👎 on the answer that carried `feedback_token` `token` in conversation `key`."""
        state = self.states.load_state(key) or {}
        if self.handoffs is None:
            thanks = self.texts.handoff.thanks.say(conversation_language(state))
            return FeedbackOutcome(recorded=False, thanks=thanks)
        outcome = self.handoffs.vote(state, token, vote, origin)
        self.states.save_state(key, state)
        return outcome

    def form_question(self, key: str) -> Reply | None:
        """The question of the form in progress in `key`, for a channel's refusals (or None)."""
        form = (self.states.load_state(key) or {}).get("form")
        if self.signups is None or not isinstance(form, dict):
            return None
        return self.signups.form.prompt(form)

    def known_language(self, key: str) -> Language | None:
        """The language of conversation `key` so far; None before its first question."""
        return known_language(self.states.load_state(key) or {})

    def handoff_answers(self, key: str, after: int = 0) -> list[HandoffAnswer]:
        """Coordinators' answers for conversation `key` with id > `after`, oldest first."""
        return self.handoffs.store.answers_for(key, after) if self.handoffs else []

    def due_reminders(self, now: float) -> list[tuple[str, Reply]]:
        """Reminders for forms idle past the reminder time (each form reminded once); forms
        idle past the TTL are dropped here too, so their data does not linger."""
        if self.signups is None or not isinstance(self.states, FormScanner):
            return []
        return due_reminders(
            self.states, self.signups, now, self.reminder_after_seconds, self.form_ttl_seconds
        )

    def reset(self, key: str) -> None:
        """Forget everything about conversation `key`."""
        self.states.delete_state(key)

    def state_of(self, key: str) -> dict[str, Any]:
        """The stored state of `key` (for tests and diagnostics)."""
        return self.states.load_state(key) or {}

    # -- routing --------------------------------------------------------------------------

    def _command(
        self,
        key: str,
        state: dict[str, Any],
        command: TypedCommand,
        origin: Origin,
        now: float,
        language: Language,
    ) -> Reply | None:
        name, argument = command.command, command.argument
        started = name is Command.START and self.texts.commands.find(argument) is Command.SIGNUP
        if name is Command.SIGNUP or started:
            state.pop("pending_delete", None)
            return self._start(state, origin, now, language)
        if name is Command.CANCEL:
            return self._account.cancel(state, language)
        if name is Command.MY_DATA:
            if origin.is_group:
                return self._account.group_private(CoreIntent.MY_DATA, language)
            return self._account.my_data(key, state, language)
        if command.typed == HANDOFF_COMMAND and self.handoffs is not None:
            return self.handoffs.request(key, state, argument or None, origin)
        if name is Command.DELETE:
            if origin.is_group:
                return self._account.group_private(CoreIntent.DELETE_CONFIRM, language)
            return self._account.request_deletion(key, state, language)
        return None

    def _question(self, command: TypedCommand, language: Language) -> str | None:
        """What a content command (/programma, /programme) asks, in `language`; None for
        every other command."""
        if command.command is None:
            return None
        question = self.texts.commands.spec(command.command).question
        return question.say(language) if question is not None else None

    def _language(
        self, state: dict[str, Any], origin: Origin, command: TypedCommand | None = None
    ) -> Language:
        """The conversation's language so far; before it has one, English for a command typed
        by its English name ("/signup"), else the one the channel knows the sender by (the
        Dutch names are every channel's defaults, so "/aanmelden" does not override that)."""
        typed = self.texts.commands.language_of(command.typed) if command is not None else None
        english = Language.EN if typed is Language.EN else None
        return known_language(state) or english or Language.of(origin.language)

    def _start(
        self, state: dict[str, Any], origin: Origin, now: float, language: Language
    ) -> Reply:
        """Start (or resume) the form; a new form speaks `language` to the end."""
        said = self.texts.conversation
        if self.signups is None:
            return core_reply(said.no_signup, CoreIntent.SIGNUP, language, action=Action.SIGNUP)
        if origin.is_group:
            return core_reply(
                said.group_signup,
                CoreIntent.SIGNUP,
                language,
                action=Action.SIGNUP,
                private_only=True,
            )
        form = state.get("form")
        if isinstance(form, dict):
            prompt = self.signups.form.prompt(form)
            prompt.text = f"{said.resumed.say(form_language(form))}\n\n{prompt.text}"
            prompt.action = Action.SIGNUP
            return prompt
        outcome = self.signups.form.start(now, language)
        state["form"] = outcome.state
        outcome.reply.action = Action.SIGNUP
        return outcome.reply

    def _brain_turn(
        self, key: str, state: dict[str, Any], text: str, origin: Origin, now: float
    ) -> Reply:
        context = DialogueContext.from_dict(state.get("dialogue"))
        answer = self.brain.answer(text, context)
        state["dialogue"] = answer.context.to_dict()
        reply = answer.reply
        if reply.action == Action.SIGNUP and self.signups is not None:
            # The form speaks the language of the message that started it.
            started = self._start(state, origin, now, Language.of(answer.context.language))
            started.intent = reply.intent or started.intent
            started.confidence = reply.confidence
            return prefaced(started, reply.preface)
        if reply.action == Action.SIGNUP:  # no form here: the answer, then how to sign up
            reply = prefaced(reply, reply.preface)
        if reply.action == Action.LIVE_CAPACITY:
            reply.action = None
            if self.signups is not None:
                live = self.signups.live_capacity(text, Language.of(answer.context.language))
                reply.text = f"{live}\n\n{reply.text}"
        number = only_number(text)
        if not reply.matched and number is not None:
            return which_number(self.brain.kb, number)
        if not reply.matched and self.unanswered is not None and text.strip():
            names = [name for name in (origin.display_name, origin.first_name) if name]
            self.unanswered.record_unanswered(text, now, names=names)
        if self.handoffs is not None:
            reply = self.handoffs.after_brain(state, text, reply, origin)
        return reply
