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

from bot.domain import Choice, CoreIntent, ProgrammeRules, Reply, SignupData
from bot.knowledge.loader import default_programme_rules
from bot.signup.fields import (
    BACK_WORDS,
    CANCEL_WORDS,
    CHANGE_WORDS,
    CHOICE_BACK,
    CHOICE_CANCEL,
    CHOICE_CHANGE,
    CHOICE_CONFIRM,
    CHOICE_NO,
    CHOICE_SKIP,
    CHOICE_WAITLIST,
    CONFIRM_WORDS,
    FIELD_BY_STEP,
    FIELD_CHOICES,
    FIELD_KEYWORDS,
    NAME_MAX_WORDS,
    NEXT_STEP,
    NO_WORDS,
    PRIVACY_NOTICE,
    SKIP_WORDS,
    STEP_CHANGE,
    STEP_EMAIL,
    STEP_GEMEENTE,
    STEP_GEMEENTE_CONFIRM,
    STEP_NAME,
    STEP_PHONE,
    STEP_REMARKS,
    STEP_ROLE,
    STEP_SUMMARY,
    WAITLIST_WORDS,
    YES_WORDS,
    data_from_state,
    looks_like_question,
    parse_role,
    role_choices,
    simplify,
    summary_lines,
)
from bot.signup.municipalities import MunicipalityIndex, Verdict
from bot.signup.validation import InvalidValue

# The values collected so far (gemeente, maybe role and e-mail) -> a Dutch note when that
# place is past capacity, else None.
CapacityNote = Callable[[dict[str, Any]], str | None]


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
    ) -> None:
        self.municipalities = municipalities
        self.capacity_note = capacity_note
        self.rules = rules or default_programme_rules()

    # -- questions ------------------------------------------------------------------------

    def start(self, now: float) -> FormOutcome:
        """A new form: the privacy line plus the first question."""
        state: dict[str, Any] = {
            "step": STEP_NAME,
            "data": {},
            "candidates": [],
            "return_to_summary": False,
            "started_at": now,
            "updated_at": now,
            "reminded": False,
        }
        first = self.prompt(state)
        first.text = f"{PRIVACY_NOTICE}\n\n{first.text}"
        return FormOutcome(state, first)

    def choices(self, state: dict[str, Any]) -> list[Choice]:
        """The buttons for the current step."""
        step = state["step"]
        if step == STEP_GEMEENTE_CONFIRM:
            candidates: list[str] = state.get("candidates") or []
            if len(candidates) == 1:
                return [Choice(f"Ja, {candidates[0]}", "ja"), CHOICE_NO]
            return [Choice(name, name) for name in candidates] + [Choice("Geen van deze", "nee")]
        if step == STEP_ROLE:
            if state.get("role_taken"):
                free = self.free_roles(state["data"])
                return [c for c in role_choices(self.rules) if c.text in free] + [CHOICE_WAITLIST]
            return role_choices(self.rules)
        spec = FIELD_BY_STEP.get(step)
        if spec is not None and spec.optional:
            return [CHOICE_SKIP]
        if step == STEP_SUMMARY:
            return [CHOICE_CONFIRM, CHOICE_CHANGE, CHOICE_CANCEL]
        if step == STEP_CHANGE:
            return [choice for choice, _step in FIELD_CHOICES] + [CHOICE_BACK]
        return []

    def prompt(self, state: dict[str, Any]) -> Reply:
        """The question for the current step, with its buttons."""
        step = state["step"]
        data = state["data"]
        spec = FIELD_BY_STEP.get(step)
        if spec is not None and spec.prompt is not None:
            text = spec.prompt
        elif step == STEP_GEMEENTE:
            text = "Voor welke gemeente werk je?"
        elif step == STEP_GEMEENTE_CONFIRM:
            candidates = state.get("candidates") or []
            if len(candidates) == 1:
                text = f"Bedoel je {candidates[0]}?"
            else:
                text = "Welke gemeente bedoel je: " + " of ".join(candidates) + "?"
        elif step == STEP_ROLE and state.get("role_taken"):
            text = (
                f"Voor {data.get('gemeente')} is de rol {state['role_taken']} al ingevuld. Kies "
                "een andere rol die nog vrij is, of 'Wachtlijst' om je voor deze rol op de "
                "wachtlijst te zetten."
            )
        elif step == STEP_ROLE:
            roles = [role.label.lower() for role in self.rules.roles]
            text = (
                "Welke rol heb je in het Leernetwerk? Elke gemeente doet mee met "
                f"{self.rules.max_per_gemeente} mensen, één per rol: "
                f"{', '.join(roles[:-1])} en {roles[-1]}."
            )
            note = self._note({**data, "role": None})
            if note:
                text = f"{note}\n\n{text}"
        elif step == STEP_SUMMARY:
            text = self._summary_text(state)
        elif step == STEP_CHANGE:
            text = "Wat wil je wijzigen?"
        else:  # pragma: no cover - guarded by STEPS
            raise ValueError(f"unknown form step {step!r}")
        return Reply(text=text, choices=self.choices(state), intent=CoreIntent.SIGNUP_FORM)

    def free_roles(self, data: dict[str, Any]) -> list[str]:
        """The roles still free for the gemeente in `data` (all of them without a check)."""
        return [
            choice.text
            for choice in role_choices(self.rules)
            if self._note({**data, "role": choice.text}) is None
        ]

    def _role_clash(self, data: dict[str, Any], role: str) -> bool:
        """True when `role` is taken for the gemeente while the gemeente itself has room, so
        another role can still be placed."""
        return self._note({**data, "role": role}) is not None and (
            self._note({**data, "role": None}) is None
        )

    def _role(self, state: dict[str, Any], text: str) -> FormOutcome:
        """The role step: a role taken for this gemeente is caught here, offering the free
        roles and the waiting list (choosing the taken role again means the waiting list)."""
        taken = state.get("role_taken")
        if taken and simplify(text) in WAITLIST_WORDS:
            state.pop("role_taken", None)
            return self._store(state, "role", taken, STEP_ROLE)
        role = parse_role(text, self.rules)
        if role is None:
            raise InvalidValue(
                "Kies een van de drie rollen: gemeentesecretaris, control of "
                "veranderkundig profiel. Bijvoorbeeld: control (of typ 2)."
            )
        if role != taken and self._role_clash(state["data"], role):
            state["role_taken"] = role
            return self._goto(state, STEP_ROLE)
        state.pop("role_taken", None)
        return self._store(state, "role", role, STEP_ROLE)

    def _note(self, data: dict[str, Any]) -> str | None:
        if not data.get("gemeente") or self.capacity_note is None:
            return None
        return self.capacity_note(data)

    def _summary_text(self, state: dict[str, Any]) -> str:
        data = data_from_state(state)
        lines = ["Klopt dit?", *summary_lines(data)]
        note = self._note(state["data"])
        if note:
            lines += ["", note, "Met 'Bevestigen' kom je op de wachtlijst."]
        lines += ["", "Er is nog niets verstuurd: pas na 'Bevestigen' is je aanmelding definitief."]
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
        if simplify(text) in CANCEL_WORDS or text.strip().lower() in CANCEL_WORDS:
            return True
        text = self.resolve_choice(state, text)
        simple = simplify(text)
        step = state["step"]
        if step == STEP_NAME:
            return not looks_like_question(text) and len(simple.split()) <= NAME_MAX_WORDS
        if step == STEP_GEMEENTE:
            return self.municipalities.lookup(text).verdict is not Verdict.UNKNOWN
        if step == STEP_GEMEENTE_CONFIRM:
            return (
                simple in YES_WORDS
                or simple in NO_WORDS
                or self.municipalities.lookup(text).verdict is not Verdict.UNKNOWN
            )
        if step == STEP_ROLE:
            return parse_role(text, self.rules) is not None or (
                bool(state.get("role_taken")) and simple in WAITLIST_WORDS
            )
        if step == STEP_EMAIL:
            return "@" in text
        if step == STEP_PHONE:
            return simple in SKIP_WORDS or sum(ch.isdigit() for ch in text) >= 6
        if step == STEP_REMARKS:
            return simple in SKIP_WORDS or not looks_like_question(text)
        if step == STEP_SUMMARY:
            return (
                simple in CONFIRM_WORDS | CHANGE_WORDS | CANCEL_WORDS | YES_WORDS
                or simple in FIELD_KEYWORDS
            )
        if step == STEP_CHANGE:
            return simple in FIELD_KEYWORDS or simple in BACK_WORDS
        return False

    def handle(self, state: dict[str, Any], text: str, now: float) -> FormOutcome:
        """Apply one message to the form."""
        state = {**state, "updated_at": now, "reminded": False}
        if simplify(text) in CANCEL_WORDS or text.strip().lower() in CANCEL_WORDS:
            return FormOutcome(None, cancelled_reply(), cancelled=True)
        text = self.resolve_choice(state, text)
        step = state["step"]
        spec = FIELD_BY_STEP.get(step)
        try:
            if spec is not None and spec.clean is not None:
                skipped = spec.optional and simplify(text) in SKIP_WORDS
                return self._store(state, spec.key, None if skipped else spec.clean(text), step)
            if step == STEP_GEMEENTE:
                return self._gemeente(state, text)
            if step == STEP_GEMEENTE_CONFIRM:
                return self._gemeente_confirm(state, text)
            if step == STEP_ROLE:
                return self._role(state, text)
            if step == STEP_SUMMARY:
                return self._summary(state, text)
            if step == STEP_CHANGE:
                return self._change(state, text)
        except InvalidValue as error:
            retry = self.prompt(state)
            retry.text = f"{error.message}\n\n{retry.text}"
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
        raise InvalidValue(
            "Die gemeente ken ik niet. Typ de naam van je gemeente zoals die officieel heet, "
            "bijvoorbeeld: Meierijstad of 's-Hertogenbosch."
        )

    def _gemeente_confirm(self, state: dict[str, Any], text: str) -> FormOutcome:
        candidates: list[str] = state.get("candidates") or []
        simple = simplify(text)
        chosen: str | None = None
        if simple in YES_WORDS and len(candidates) == 1:
            chosen = candidates[0]
        else:
            chosen = next((name for name in candidates if simplify(name) == simple), None)
        if chosen is not None:
            state["candidates"] = []
            return self._store(state, "gemeente", chosen, STEP_GEMEENTE)
        if simple in NO_WORDS or simple in YES_WORDS:
            state["candidates"] = []
            state["step"] = STEP_GEMEENTE
            reply = self.prompt(state)
            reply.text = f"Geen probleem. {reply.text} Typ de volledige naam."
            return FormOutcome(state, reply)
        # Anything else is a new try at the gemeente.
        return self._gemeente(state, text)

    def _summary(self, state: dict[str, Any], text: str) -> FormOutcome:
        simple = simplify(text)
        if simple in CONFIRM_WORDS or simple in YES_WORDS:
            return FormOutcome(state, self.prompt(state), submitted=data_from_state(state))
        if simple in CHANGE_WORDS:
            return self._goto(state, STEP_CHANGE)
        if simple in FIELD_KEYWORDS:
            return self._change(state, text)
        raise InvalidValue(
            "Kies 'Bevestigen' om je aan te melden, 'Iets wijzigen' om iets aan te passen of "
            "'Annuleren' om te stoppen (of typ 1, 2 of 3)."
        )

    def _change(self, state: dict[str, Any], text: str) -> FormOutcome:
        simple = simplify(text)
        if simple in BACK_WORDS:
            return self._goto(state, STEP_SUMMARY)
        step = FIELD_KEYWORDS.get(simple)
        if step is None:
            raise InvalidValue(
                "Kies wat je wilt wijzigen, bijvoorbeeld: e-mail (of typ het nummer)."
            )
        state["return_to_summary"] = True
        return self._goto(state, step)


def cancelled_reply() -> Reply:
    """The reply to /annuleer inside a form."""
    return Reply(
        text="Je aanmelding is geannuleerd; ik heb niets bewaard. Je kunt altijd opnieuw "
        "beginnen met /aanmelden.",
        intent=CoreIntent.SIGNUP_CANCELLED,
    )
