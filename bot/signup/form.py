"""The sign-up form as a state machine over a JSON-safe dict (so it survives restarts).

Steps: name -> gemeente (-> gemeente_confirm when the match is fuzzy) -> role -> email ->
phone (optional) -> remarks (optional) -> summary (Bevestigen / Iets wijzigen / Annuleren;
"wijzigen" -> change -> the chosen field -> back to summary). The privacy line is shown with
the first question. Nothing is stored outside the conversation state before "Bevestigen":
confirming returns the data in `FormOutcome.submitted` and leaves the state at the summary, so
the caller can commit it and only then drop the form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.domain import Choice, CoreIntent, Language, ProgrammeRules, Reply, SignupData
from bot.knowledge.loader import default_programme_rules, default_texts
from bot.knowledge.texts import Problem, Texts
from bot.signup.fields import (
    FIELD_BY_STEP,
    NAME_MAX_WORDS,
    NEXT_STEP,
    STEP_CHANGE,
    STEP_EMAIL,
    STEP_GEMEENTE,
    STEP_GEMEENTE_CONFIRM,
    STEP_NAME,
    STEP_PHONE,
    STEP_REMARKS,
    STEP_ROLE,
    STEP_SUMMARY,
    data_from_state,
    field_choices,
    field_keywords,
    looks_like_question,
    parse_role,
    role_choices,
    says,
    simplify,
    summary_lines,
)
from bot.signup.municipalities import MunicipalityIndex, Verdict
from bot.signup.validation import InvalidValue

# The values collected so far (gemeente, maybe role and e-mail) and the form's language -> a
# note when that place is past capacity, else None.
CapacityNote = Callable[[dict[str, Any], Language], str | None]


def form_language(state: dict[str, Any]) -> Language:
    """The language the form was started in (Dutch for a form stored before it had one)."""
    return Language.of(state.get("language"))


@dataclass(slots=True)
class FormOutcome:
    """What one message did to the form."""

    state: dict[str, Any] | None  # None: the form is over (cancelled)
    reply: Reply
    submitted: SignupData | None = None  # the applicant confirmed this
    cancelled: bool = False


class SignupForm:
    """The form's questions, answers and transitions; stateless apart from the state dict."""

    def __init__(
        self,
        municipalities: MunicipalityIndex,
        capacity_note: CapacityNote | None = None,
        rules: ProgrammeRules | None = None,
        texts: Texts | None = None,
    ) -> None:
        self.municipalities = municipalities
        self.capacity_note = capacity_note
        self.rules = rules or default_programme_rules()
        self.texts = texts or default_texts()
        self.field_keywords = field_keywords(self.texts)

    # -- questions ------------------------------------------------------------------------

    def start(self, now: float, language: Language = Language.NL) -> FormOutcome:
        """A new form in `language`: the privacy line, the material's own sign-up route (it
        stays open), and the first question."""
        state: dict[str, Any] = {
            "step": STEP_NAME,
            "data": {},
            "candidates": [],
            "return_to_summary": False,
            "started_at": now,
            "updated_at": now,
            "reminded": False,
            "language": language.value,
        }
        first = self.prompt(state)
        contact = self.rules.contact
        route = self.texts.form.other_route.say(
            language,
            organisation=contact.organisation,
            email=contact.email,
            person=contact.person,
            phone=contact.phone,
        )
        first.text = f"{self.texts.form.privacy.say(language)}\n\n{route}\n\n{first.text}"
        return FormOutcome(state, first)

    def choices(self, state: dict[str, Any]) -> list[Choice]:
        """The buttons for the current step."""
        step = state["step"]
        language = form_language(state)
        answers, form = self.texts.answers, self.texts.form
        if step == STEP_GEMEENTE_CONFIRM:
            candidates: list[str] = state.get("candidates") or []
            yes, no = answers.yes.choice(language), answers.no.choice(language)
            if len(candidates) == 1:
                return [Choice(form.gemeente_yes.say(language, name=candidates[0]), yes.text), no]
            none = Choice(form.gemeente_none.say(language), no.text)
            return [Choice(name, name) for name in candidates] + [none]
        if step == STEP_ROLE:
            if state.get("role_taken"):
                free = self.free_roles(state["data"], language)
                waitlist = answers.waitlist.choice(language)
                return [c for c in role_choices(self.rules) if c.text in free] + [waitlist]
            return role_choices(self.rules)
        spec = FIELD_BY_STEP.get(step)
        if spec is not None and spec.optional:
            return [answers.skip.choice(language)]
        if step == STEP_SUMMARY:
            return [answer.choice(language) for answer in (answers.confirm, answers.change,
                                                           answers.cancel)]  # fmt: skip
        if step == STEP_CHANGE:
            fields = [choice for choice, _step in field_choices(self.texts, language)]
            return [*fields, answers.back.choice(language)]
        return []

    def prompt(self, state: dict[str, Any]) -> Reply:
        """The question for the current step, with its buttons, in the form's language."""
        step = state["step"]
        data = state["data"]
        language = form_language(state)
        form = self.texts.form
        spec = FIELD_BY_STEP.get(step)
        question = spec.prompt(self.texts, language) if spec is not None else None
        if question is not None:
            text = question
        elif step == STEP_GEMEENTE_CONFIRM:
            candidates = state.get("candidates") or []
            if len(candidates) == 1:
                text = form.gemeente_one.say(language, name=candidates[0])
            else:
                text = form.gemeente_many.say(language, names=self._or(candidates, language))
        elif step == STEP_ROLE and state.get("role_taken"):
            text = form.role_taken.say(
                language, gemeente=data.get("gemeente"), role=state["role_taken"]
            )
        elif step == STEP_ROLE:
            roles = [role.label.lower() for role in self.rules.roles]
            text = form.role_prompt.say(
                language, count=self.rules.max_per_gemeente, roles=self._and(roles, language)
            )
            note = self._note({**data, "role": None}, language)
            if note:
                text = f"{note}\n\n{text}"
        elif step == STEP_SUMMARY:
            text = self._summary_text(state, language)
        elif step == STEP_CHANGE:
            text = form.change_prompt.say(language)
        else:  # pragma: no cover - guarded by STEPS
            raise ValueError(f"unknown form step {step!r}")
        return Reply(
            text=text,
            choices=self.choices(state),
            intent=CoreIntent.SIGNUP_FORM,
            language=language.value,
        )

    def _or(self, items: list[str], language: Language) -> str:
        """ "a, b of c" / "a, b or c"."""
        return self._listed(items, self.texts.form.or_word.say(language))

    def _and(self, items: list[str], language: Language) -> str:
        """ "a, b en c" / "a, b and c"."""
        return self._listed(items, self.texts.form.and_word.say(language))

    @staticmethod
    def _listed(items: list[str], last_joiner: str) -> str:
        if len(items) < 2:
            return "".join(items)
        return f"{', '.join(items[:-1])} {last_joiner} {items[-1]}"

    def free_roles(self, data: dict[str, Any], language: Language = Language.NL) -> list[str]:
        """The roles still free for the gemeente in `data` (all of them without a check)."""
        return [
            choice.text
            for choice in role_choices(self.rules)
            if self._note({**data, "role": choice.text}, language) is None
        ]

    def _role_clash(self, data: dict[str, Any], role: str, language: Language) -> bool:
        """True when `role` is taken for the gemeente while the gemeente itself has room, so
        another role can still be placed."""
        return self._note({**data, "role": role}, language) is not None and (
            self._note({**data, "role": None}, language) is None
        )

    def _role(self, state: dict[str, Any], text: str, language: Language) -> FormOutcome:
        """The role step: a role taken for this gemeente is caught here, offering the free
        roles and the waiting list (choosing the taken role again means the waiting list)."""
        taken = state.get("role_taken")
        if taken and says(text, self.texts.answers.waitlist):
            state.pop("role_taken", None)
            return self._store(state, "role", taken, STEP_ROLE)
        role = parse_role(text, self.rules)
        if role is None:
            roles = [r.label.lower() for r in self.rules.roles]
            example = roles[1 % len(roles)]  # the second: the text says "(or type 2)"
            raise InvalidValue(
                Problem.ROLE_UNKNOWN, roles=self._or(roles, language), example=example
            )
        if role != taken and self._role_clash(state["data"], role, language):
            state["role_taken"] = role
            return self._goto(state, STEP_ROLE)
        state.pop("role_taken", None)
        return self._store(state, "role", role, STEP_ROLE)

    def _note(self, data: dict[str, Any], language: Language) -> str | None:
        if not data.get("gemeente") or self.capacity_note is None:
            return None
        return self.capacity_note(data, language)

    def _summary_text(self, state: dict[str, Any], language: Language) -> str:
        form = self.texts.form
        data = data_from_state(state)
        lines = [form.summary_title.say(language), *summary_lines(data, self.texts, language)]
        note = self._note(state["data"], language)
        if note:
            lines += ["", note, form.summary_waitlist.say(language)]
        lines += ["", form.summary_not_sent.say(language)]
        return "\n".join(lines)

    # -- answers --------------------------------------------------------------------------

    def resolve_choice(self, state: dict[str, Any], text: str) -> str:
        """`text` with a choice number ("2") replaced by that choice's text."""
        stripped = text.strip().rstrip(".)")
        if stripped.isdigit():
            choices = self.choices(state)
            index = int(stripped) - 1
            if 0 <= index < len(choices):
                return choices[index].text
        return text

    def is_plausible_answer(self, state: dict[str, Any], text: str) -> bool:
        """Whether `text` could be a real answer to the current step (else it may be a
        question for the brain)."""
        answers = self.texts.answers
        if says(text, answers.cancel):
            return True
        text = self.resolve_choice(state, text)
        simple = simplify(text)
        step = state["step"]
        if step == STEP_NAME:
            return (
                not looks_like_question(text, self.texts) and len(simple.split()) <= NAME_MAX_WORDS
            )
        if step == STEP_GEMEENTE:
            return self.municipalities.lookup(text).verdict is not Verdict.UNKNOWN
        if step == STEP_GEMEENTE_CONFIRM:
            return (
                says(text, answers.yes)
                or says(text, answers.no)
                or self.municipalities.lookup(text).verdict is not Verdict.UNKNOWN
            )
        if step == STEP_ROLE:
            return parse_role(text, self.rules) is not None or (
                bool(state.get("role_taken")) and says(text, answers.waitlist)
            )
        if step == STEP_EMAIL:
            return "@" in text
        if step == STEP_PHONE:
            return says(text, answers.skip) or sum(ch.isdigit() for ch in text) >= 6
        if step == STEP_REMARKS:
            return says(text, answers.skip) or not looks_like_question(text, self.texts)
        if step == STEP_SUMMARY:
            return (
                any(says(text, a) for a in (answers.confirm, answers.change, answers.yes))
                or simple in self.field_keywords
            )
        if step == STEP_CHANGE:
            return simple in self.field_keywords or says(text, answers.back)
        return False

    def handle(self, state: dict[str, Any], text: str, now: float) -> FormOutcome:
        """Apply one message to the form."""
        state = {**state, "updated_at": now, "reminded": False}
        language = form_language(state)
        if says(text, self.texts.answers.cancel):
            return FormOutcome(None, self.cancelled_reply(language), cancelled=True)
        text = self.resolve_choice(state, text)
        step = state["step"]
        spec = FIELD_BY_STEP.get(step)
        try:
            if spec is not None and spec.clean is not None:
                skipped = spec.optional and says(text, self.texts.answers.skip)
                return self._store(state, spec.key, None if skipped else spec.clean(text), step)
            if step == STEP_GEMEENTE:
                return self._gemeente(state, text)
            if step == STEP_GEMEENTE_CONFIRM:
                return self._gemeente_confirm(state, text, language)
            if step == STEP_ROLE:
                return self._role(state, text, language)
            if step == STEP_SUMMARY:
                return self._summary(state, text)
            if step == STEP_CHANGE:
                return self._change(state, text)
        except InvalidValue as error:
            retry = self.prompt(state)
            retry.text = f"{error.text(self.texts, language)}\n\n{retry.text}"
            return FormOutcome(state, retry)
        raise ValueError(f"unknown form step {step!r}")

    def _goto(self, state: dict[str, Any], step: str) -> FormOutcome:
        state["step"] = step
        return FormOutcome(state, self.prompt(state))

    def _store(self, state: dict[str, Any], field: str, value: Any, step: str) -> FormOutcome:
        state["data"] = {**state["data"], field: value}
        if state.get("return_to_summary"):
            return self._goto(state, STEP_SUMMARY)
        return self._goto(state, NEXT_STEP[step])

    def _gemeente(self, state: dict[str, Any], text: str) -> FormOutcome:
        match = self.municipalities.lookup(text)
        if match.verdict is Verdict.SURE and match.name is not None:
            state["candidates"] = []
            return self._store(state, "gemeente", match.name, STEP_GEMEENTE)
        if match.verdict is Verdict.CONFIRM:
            state["candidates"] = list(match.candidates)
            return self._goto(state, STEP_GEMEENTE_CONFIRM)
        raise InvalidValue(Problem.GEMEENTE_UNKNOWN)

    def _gemeente_confirm(
        self, state: dict[str, Any], text: str, language: Language
    ) -> FormOutcome:
        candidates: list[str] = state.get("candidates") or []
        simple = simplify(text)
        yes, no = says(text, self.texts.answers.yes), says(text, self.texts.answers.no)
        chosen: str | None = None
        if yes and len(candidates) == 1:
            chosen = candidates[0]
        else:
            chosen = next((name for name in candidates if simplify(name) == simple), None)
        if chosen is not None:
            state["candidates"] = []
            return self._store(state, "gemeente", chosen, STEP_GEMEENTE)
        if no or yes:
            state["candidates"] = []
            state["step"] = STEP_GEMEENTE
            reply = self.prompt(state)
            reply.text = self.texts.form.gemeente_again.say(language, prompt=reply.text)
            return FormOutcome(state, reply)
        # Anything else is a new try at the gemeente.
        return self._gemeente(state, text)

    def _summary(self, state: dict[str, Any], text: str) -> FormOutcome:
        answers = self.texts.answers
        if says(text, answers.confirm) or says(text, answers.yes):
            return FormOutcome(state, self.prompt(state), submitted=data_from_state(state))
        if says(text, answers.change):
            return self._goto(state, STEP_CHANGE)
        if simplify(text) in self.field_keywords:
            return self._change(state, text)
        raise InvalidValue(Problem.SUMMARY_UNKNOWN)

    def _change(self, state: dict[str, Any], text: str) -> FormOutcome:
        if says(text, self.texts.answers.back):
            return self._goto(state, STEP_SUMMARY)
        step = self.field_keywords.get(simplify(text))
        if step is None:
            raise InvalidValue(Problem.CHANGE_UNKNOWN)
        state["return_to_summary"] = True
        return self._goto(state, step)

    def cancelled_reply(self, language: Language) -> Reply:
        """The reply to /annuleer inside a form."""
        return Reply(
            text=self.texts.form.cancelled.say(language),
            intent=CoreIntent.SIGNUP_CANCELLED,
            language=language.value,
        )
