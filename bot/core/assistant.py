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
3. a pending /verwijder confirmation;
4. a form in progress: the text goes to the form, unless it is not a plausible answer for the
   current step AND the brain answers it confidently (matched, confidence >=
   QUESTION_CONFIDENCE): then the answer is given and the form's question repeated;
5. otherwise the brain; a reply with action "signup" starts the form. Unanswered questions are
   recorded without who asked.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from bot.brain.brain import Brain
from bot.brain.context import DialogueContext
from bot.core.numbers import only_number, which_number
from bot.core.redelivery import SEQUENCE_KEY, is_redelivery, mark_handled, redelivered_reply
from bot.core.reminders import due_reminders, expire_form
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
from bot.knowledge.bilingual import Bilingual
from bot.knowledge.commands import Command, TypedCommand
from bot.signup.fields import STEP_NAME, looks_like_question, says
from bot.signup.form import form_language
from bot.signup.service import SignupService
from bot.storage.base import FormScanner, Storage, UnansweredStore
from bot.storage.state import StateStore

# A message mid-form that is no plausible answer for the step is answered as a question when
# the brain matched it confidently; otherwise the form explains what it expects. Text that
# reads as a question ("?" or a question word) needs QUESTION_CONFIDENCE, with the dialogue
# context (so "en dagdeel 6?" works). Other text ("kosten", "data bijeenkomsten") must match
# on its own, without the context, with STATEMENT_CONFIDENCE: measured on the real brain,
# "weet ik niet" and "geen" reached 0.85 only through the previous subject, and 0.0 alone.
QUESTION_CONFIDENCE = 0.75
STATEMENT_CONFIDENCE = 0.85
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
            reply = self._delete_answer(key, state, text, asked or conversation_language(state))
        if reply is None and self.signups is not None and state.get("form"):
            reply = self._form_turn(key, state, text, now)
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
        reply = self._cancel(state, self._language(state, origin) if origin else None)
        if origin is not None:
            mark_handled(state, origin)
        self.states.save_state(key, state)
        return reply

    def my_data(self, key: str, origin: Origin) -> Reply:
        """/mijngegevens: what is stored about this user (never in a group)."""
        state = self.states.load_state(key) or {}
        language = self._language(state, origin)
        if origin.is_group:
            return self._group_private(CoreIntent.MY_DATA, language)
        return self._my_data(key, state, language)

    def request_deletion(self, key: str, origin: Origin) -> Reply:
        """/verwijder: ask for confirmation; the next message "ja" deletes."""
        state = self.states.load_state(key) or {}
        language = self._language(state, origin)
        if origin.is_group:
            return self._group_private(CoreIntent.DELETE_CONFIRM, language)
        if is_redelivery(state, origin):
            return redelivered_reply()
        reply = self._request_deletion(key, state, language)
        mark_handled(state, origin)
        self.states.save_state(key, state)
        return reply

    def request_handoff(self, key: str, origin: Origin, token: str | None = None) -> Reply:
        """Pass the question on offer (under `token`, else the latest) to the coordinators."""
        state = self.states.load_state(key) or {}
        if self.handoffs is None:
            unavailable = self.texts.handoff.unavailable
            language = conversation_language(state)
            return self._say(unavailable, CoreIntent.HANDOFF_UNAVAILABLE, language)
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
            return self._cancel(state, language)
        if name is Command.MY_DATA:
            if origin.is_group:
                return self._group_private(CoreIntent.MY_DATA, language)
            return self._my_data(key, state, language)
        if command.typed == HANDOFF_COMMAND and self.handoffs is not None:
            return self.handoffs.request(key, state, argument or None, origin)
        if name is Command.DELETE:
            if origin.is_group:
                return self._group_private(CoreIntent.DELETE_CONFIRM, language)
            return self._request_deletion(key, state, language)
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

    @staticmethod
    def _say(text: Bilingual, intent: str, language: Language, **extras: Any) -> Reply:
        """A reply of the core's own (knowledge/texts.yaml), in `language`."""
        return Reply(text=text.say(language), intent=intent, language=language.value, **extras)

    def _group_private(self, intent: CoreIntent, language: Language) -> Reply:
        """Personal data is shown or erased in a private chat only."""
        return self._say(self.texts.conversation.group_private, intent, language, private_only=True)

    def _start(
        self, state: dict[str, Any], origin: Origin, now: float, language: Language
    ) -> Reply:
        """Start (or resume) the form; a new form speaks `language` to the end."""
        said = self.texts.conversation
        if self.signups is None:
            return self._say(said.no_signup, CoreIntent.SIGNUP, language, action=Action.SIGNUP)
        if origin.is_group:
            return self._say(
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

    def _cancel(self, state: dict[str, Any], language: Language | None = None) -> Reply:
        language = language or conversation_language(state)
        account = self.texts.account
        if state.pop("form", None) is not None and self.signups is not None:
            return self.signups.form.cancelled_reply(language)
        if state.pop("pending_delete", False):
            return self._say(account.nothing_deleted, CoreIntent.DELETE_CANCELLED, language)
        return self._say(account.nothing_to_cancel, CoreIntent.CANCEL, language)

    def _my_data(self, key: str, state: dict[str, Any], language: Language) -> Reply:
        if self.signups is None:
            return self._say(self.texts.account.nothing_stored, CoreIntent.MY_DATA, language)
        reply = self.signups.my_data(key, language)
        handoff_lines = self.handoffs.my_data_lines(key, language) if self.handoffs else []
        if handoff_lines:
            reply.text += "\n\n" + "\n".join(handoff_lines)
        if state.get("form"):
            reply.text += "\n\n" + self.texts.account.form_in_progress.say(language)
        return reply

    def _request_deletion(self, key: str, state: dict[str, Any], language: Language) -> Reply:
        has_handoffs = bool(self.handoffs and self.handoffs.store.handoffs_for(key))
        if self.signups is None or (
            not self.signups.has_data(key) and not state.get("form") and not has_handoffs
        ):
            return self._say(self.texts.account.nothing_to_delete, CoreIntent.NO_DATA, language)
        state["pending_delete"] = language.value  # the answer is read in the same language
        question = self.signups.deletion_question(key, language)
        if not self.signups.has_data(key) and not state.get("form"):
            question.text = self.texts.account.delete_questions_only.say(language)
        return question

    def _delete_answer(
        self, key: str, state: dict[str, Any], text: str, language: Language
    ) -> Reply | None:
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
            return self._say(nothing, CoreIntent.DELETE_CANCELLED, language)
        return None  # something else: deletion dropped, the text is handled normally

    def _form_turn(self, key: str, state: dict[str, Any], text: str, now: float) -> Reply:
        assert self.signups is not None
        form_state: dict[str, Any] = state["form"]
        form = self.signups.form
        language = form_language(form_state)
        said = self.texts.conversation
        # A question or a sentence is never a name ("nee ik wilde alleen weten wie ...").
        no_name = form_state.get("step") == STEP_NAME and self.brain.reads_as_sentence(text)
        if no_name or not form.is_plausible_answer(form_state, text):
            if looks_like_question(text, self.texts):
                context = DialogueContext.from_dict(state.get("dialogue"))
                needed = QUESTION_CONFIDENCE
            else:
                context, needed = DialogueContext(), STATEMENT_CONFIDENCE
            answer = self.brain.answer(text, context)
            question = answer.reply
            if question.action == Action.SIGNUP:
                prompt = form.prompt(form_state)
                prompt.text = f"{said.already_signing_up.say(language)}\n\n{prompt.text}"
                return prefaced(prompt, question.preface)
            if question.matched and question.confidence >= needed:
                state["dialogue"] = answer.context.to_dict()
                prompt = form.prompt(form_state)
                return Reply(
                    text=f"{question.plain_text()}\n\n{said.back_to_form.say(language)} "
                    f"{prompt.text}",
                    matched=True,
                    intent=question.intent,
                    confidence=question.confidence,
                    choices=prompt.choices,
                    source=None,  # already in the text, before the form's question
                    language=question.language,
                )
            if no_name and not says(text, self.texts.answers.cancel):
                prompt = form.prompt(form_state)
                prompt.text = f"{said.not_a_name.say(language)}\n\n{prompt.text}"
                return prompt
        outcome = form.handle(form_state, text, now)
        if outcome.cancelled:
            state.pop("form", None)
            return outcome.reply
        if outcome.submitted is not None:
            submission = self.signups.submit(key, outcome.submitted, language)  # committed here
            state.pop("form", None)
            return submission.reply
        state["form"] = outcome.state
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


def prefaced(reply: Reply, preface: str) -> Reply:
    """`reply` after the answer to a question asked with a wish (`preface`), if any; the
    preface stays on the reply for a channel that shows the action elsewhere (a group)."""
    if preface:
        reply.text = f"{preface}\n\n{reply.text}"
        reply.preface = preface
    return reply
