"""The form state machine on its own (no storage): steps, errors, change, cancel, choices."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.domain import Language, SignupData
from bot.knowledge.loader import default_texts
from bot.signup.fields import (
    MAX_CHOICE_TEXT_BYTES,
    STEP_CHANGE,
    STEP_EMAIL,
    STEP_GEMEENTE,
    STEP_GEMEENTE_CONFIRM,
    STEP_NAME,
    STEP_PHONE,
    STEP_REMARKS,
    STEP_ROLE,
    STEP_SUMMARY,
)
from bot.signup.form import FormOutcome, SignupForm
from bot.signup.municipalities import default_municipalities

PRIVACY_NOTICE = default_texts().form.privacy.nl
HTML_EMOJI_NAME = "<b>Anna</b> & 😀"
HTML_EMOJI_REMARK = "<script>x</script> & 🎉\ntweede regel"


@pytest.fixture
def form() -> SignupForm:
    return SignupForm(default_municipalities())


def run(form: SignupForm, state: dict[str, Any], *texts: str) -> FormOutcome:
    outcome = FormOutcome(state, form.prompt(state))
    for text in texts:
        assert outcome.state is not None
        # The state must survive JSON (it is stored as JSON between messages).
        outcome = form.handle(json.loads(json.dumps(outcome.state)), text, now=1.0)
    return outcome


def test_start_shows_privacy_first_then_name(form: SignupForm) -> None:
    outcome = form.start(now=5.0)
    assert outcome.reply.text.startswith(PRIVACY_NOTICE)
    assert "/mijngegevens" in outcome.reply.text and "/verwijder" in outcome.reply.text
    assert "coördinatoren" in outcome.reply.text
    assert outcome.reply.text.endswith("Wat is je naam? (voor- en achternaam)")
    assert outcome.state is not None
    assert outcome.state["step"] == STEP_NAME
    assert outcome.state["started_at"] == 5.0


def test_start_also_gives_the_materials_own_way_to_sign_up(form: SignupForm) -> None:
    """The form is one way in; the Leernetwerk's own contact (from the knowledge base) stays."""
    contact = form.rules.contact
    for language in Language:
        text = form.start(now=0.0, language=language).reply.text
        assert contact.email in text and contact.phone in text and contact.person in text


def test_happy_path_collects_everything_and_submits_on_confirm(form: SignupForm) -> None:
    start = form.start(now=0.0)
    assert start.state is not None
    outcome = run(
        form,
        start.state,
        HTML_EMOJI_NAME,
        "Meierijstadt",  # fuzzy
        "ja",
        "2",  # control, by number
        "Anna.DeVries@Gemeente.nl",
        "013 - 531 06 18",
        HTML_EMOJI_REMARK,
    )
    assert outcome.state is not None and outcome.state["step"] == STEP_SUMMARY
    assert "Gemeente: Meierijstad" in outcome.reply.text
    assert HTML_EMOJI_NAME in outcome.reply.text and HTML_EMOJI_REMARK in outcome.reply.text
    assert [c.text for c in outcome.reply.choices] == ["bevestigen", "wijzigen", "annuleren"]
    assert outcome.submitted is None
    done = run(form, outcome.state, "Bevestigen")
    assert done.submitted == SignupData(
        name=HTML_EMOJI_NAME,
        gemeente="Meierijstad",
        role="control",
        email="anna.devries@gemeente.nl",
        phone="+31 13 5310618",
        remarks=HTML_EMOJI_REMARK,
    )
    assert done.state is not None and done.state["step"] == STEP_SUMMARY  # caller drops it


def test_optional_fields_can_be_skipped(form: SignupForm) -> None:
    start = form.start(now=0.0)
    assert start.state is not None
    outcome = run(
        form, start.state, "Piet", "Oss", "gemeentesecretaris", "p@oss.nl", "overslaan", "1"
    )
    assert outcome.state is not None and outcome.state["step"] == STEP_SUMMARY
    assert "Telefoon: (niet opgegeven)" in outcome.reply.text
    done = run(form, outcome.state, "1")
    assert done.submitted is not None
    assert (done.submitted.phone, done.submitted.remarks) == (None, None)


@pytest.mark.parametrize(
    ("step", "bad", "fragment"),
    [
        (STEP_NAME, "12345", "Anna de Vries"),
        (STEP_GEMEENTE, "Atlantis", "Meierijstad"),
        (STEP_ROLE, "wethouder", "veranderkundig profiel"),
        (STEP_EMAIL, "anna.gemeente.nl", "anna.devries@gemeente.nl"),
        (STEP_PHONE, "06 1234", "06 12345678"),
        (STEP_REMARKS, "x" * 1001, "Ik kan niet op 17 februari"),
        (STEP_SUMMARY, "misschien", "Bevestigen"),
        (STEP_CHANGE, "schoenmaat", "e-mail"),
    ],
)
def test_each_bad_value_explains_and_retries_the_same_step(
    form: SignupForm, step: str, bad: str, fragment: str
) -> None:
    state = {
        "step": step,
        "data": {"name": "Piet", "gemeente": "Oss", "role": "control", "email": "p@oss.nl"},
        "candidates": [],
        "return_to_summary": False,
        "started_at": 0.0,
        "updated_at": 0.0,
        "reminded": False,
    }
    outcome = form.handle(state, bad, now=1.0)
    assert outcome.state is not None and outcome.state["step"] == step
    assert fragment in outcome.reply.text
    assert outcome.reply.text.endswith(form.prompt(state).text)  # the question again
    assert outcome.state["data"] == state["data"]


def test_gemeente_confirmation_no_and_new_try(form: SignupForm) -> None:
    start = form.start(now=0.0)
    assert start.state is not None
    asked = run(form, start.state, "Piet", "Eindhovn")
    assert asked.state is not None and asked.state["step"] == STEP_GEMEENTE_CONFIRM
    assert asked.reply.text == "Bedoel je Eindhoven?"
    assert [c.text for c in asked.reply.choices] == ["ja", "nee"]
    again = run(form, asked.state, "nee")
    assert again.state is not None and again.state["step"] == STEP_GEMEENTE
    retyped = run(form, asked.state, "Helmond")  # typing another gemeente instead of yes/no
    assert retyped.state is not None and retyped.state["data"]["gemeente"] == "Helmond"


def test_ambiguous_gemeente_offers_the_candidates_as_buttons(form: SignupForm) -> None:
    start = form.start(now=0.0)
    assert start.state is not None
    asked = run(form, start.state, "Piet", "Bergen")
    texts = [c.text for c in asked.reply.choices]
    assert {"Bergen (L.)", "Bergen (NH.)"} <= set(texts)
    assert asked.state is not None
    chosen = run(form, asked.state, "Bergen (L.)")
    assert chosen.state is not None and chosen.state["data"]["gemeente"] == "Bergen (L.)"


def test_change_a_field_returns_to_summary(form: SignupForm) -> None:
    start = form.start(now=0.0)
    assert start.state is not None
    summary = run(form, start.state, "Piet", "Oss", "control", "p@oss.nl", "overslaan", "nee")
    assert summary.state is not None
    change = run(form, summary.state, "wijzigen")
    assert change.state is not None and change.state["step"] == STEP_CHANGE
    assert "email" in [c.text for c in change.reply.choices]
    asked = run(form, change.state, "e-mail")
    assert asked.state is not None and asked.state["step"] == STEP_EMAIL
    back = run(form, asked.state, "piet@oss.nl")
    assert back.state is not None and back.state["step"] == STEP_SUMMARY
    assert "E-mail: piet@oss.nl" in back.reply.text
    # Changing the gemeente via a fuzzy match also comes back to the summary.
    again = run(form, back.state, "gemeente", "Eindhovn", "ja")
    assert again.state is not None and again.state["step"] == STEP_SUMMARY
    assert "Gemeente: Eindhoven" in again.reply.text
    # "terug" from the field list goes back without changes.
    same = run(form, again.state, "wijzigen", "terug")
    assert same.state is not None and same.state["step"] == STEP_SUMMARY


@pytest.mark.parametrize("word", ["/annuleer", "annuleren", "Stop"])
def test_cancel_at_any_step(form: SignupForm, word: str) -> None:
    start = form.start(now=0.0)
    assert start.state is not None
    for texts in ((), ("Piet",), ("Piet", "Oss", "control")):
        outcome = run(form, start.state, *texts, word)
        assert outcome.cancelled and outcome.state is None
        assert "niets bewaard" in outcome.reply.text


def test_capacity_note_appears_at_role_and_summary() -> None:
    def note(data: dict[str, Any], _language: Language) -> str | None:
        return "Let op: Oss is vol." if data.get("gemeente") == "Oss" else None

    form = SignupForm(default_municipalities(), capacity_note=note)
    start = form.start(now=0.0)
    assert start.state is not None
    role = run(form, start.state, "Piet", "Oss")
    assert role.reply.text.startswith("Let op: Oss is vol.")
    assert role.state is not None
    summary = run(form, role.state, "control", "p@oss.nl", "overslaan", "overslaan")
    assert "Let op: Oss is vol." in summary.reply.text
    assert "wachtlijst" in summary.reply.text


def test_plausible_answers_per_step(form: SignupForm) -> None:
    def state(step: str) -> dict[str, Any]:
        return {"step": step, "data": {}, "candidates": ["Eindhoven"]}

    assert form.is_plausible_answer(state(STEP_NAME), "Anna de Vries")
    assert not form.is_plausible_answer(state(STEP_NAME), "Wat kost het Leernetwerk?")
    assert not form.is_plausible_answer(state(STEP_NAME), "wanneer is dagdeel 3")
    assert form.is_plausible_answer(state(STEP_GEMEENTE), "Meierijstadt")
    assert not form.is_plausible_answer(state(STEP_GEMEENTE), "wie is de spreker van dagdeel 2")
    assert form.is_plausible_answer(state(STEP_GEMEENTE_CONFIRM), "ja")
    assert form.is_plausible_answer(state(STEP_ROLE), "3")
    assert not form.is_plausible_answer(state(STEP_ROLE), "hoeveel kost het")
    assert form.is_plausible_answer(state(STEP_EMAIL), "a@b")
    assert form.is_plausible_answer(state(STEP_PHONE), "06 12345678")
    assert form.is_plausible_answer(state(STEP_REMARKS), "Ik kom graag")
    assert not form.is_plausible_answer(state(STEP_REMARKS), "Wanneer is dagdeel 5?")
    assert form.is_plausible_answer(state(STEP_SUMMARY), "bevestigen")
    assert form.is_plausible_answer(state(STEP_NAME), "/annuleer")


def test_every_choice_text_fits_telegram_callback_data(form: SignupForm) -> None:
    states: list[dict[str, Any]] = [
        {"step": step, "data": {}, "candidates": []}
        for step in (STEP_ROLE, STEP_PHONE, STEP_REMARKS, STEP_CHANGE)
    ]
    states.append(
        {"step": STEP_SUMMARY, "data": {"name": "a", "gemeente": "Oss", "role": "control",
                                        "email": "a@b.nl"}, "candidates": []}
    )  # fmt: skip
    names = list(default_municipalities().names)
    states += [
        {"step": STEP_GEMEENTE_CONFIRM, "data": {}, "candidates": names[i : i + 3]}
        for i in range(0, len(names), 3)
    ]
    for state in states:
        for choice in form.choices(state):
            assert len(choice.text.encode("utf-8")) <= MAX_CHOICE_TEXT_BYTES, choice
