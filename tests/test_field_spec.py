"""The sign-up fields are declared once (bot/signup/fields.py FIELDS, their words in
knowledge/texts.yaml `fields`): the applicant's summary, the coordinator notice, the CSV export
and the "change" menu all follow the spec, in Dutch and in English."""

from __future__ import annotations

import csv
import io

import pytest

from bot.domain import Language, ProgrammeRules, Signup, SignupData
from bot.knowledge.loader import default_programme_rules, default_texts
from bot.knowledge.texts import Fields
from bot.signup.fields import FIELDS, field_choices, field_keywords, simplify, summary_lines
from bot.signup.notices import signup_html
from bot.signup.reports import signups_csv
from bot.signup.validation import InvalidValue

DATA = SignupData("Anna", "Oss", "control", "anna@example.nl", "+31 6 12345678", "Tot dan")
SIGNUP = Signup(7, "k", DATA, "nieuw", False, 1e9, 1e9)
TEXTS = default_texts()


def test_every_field_has_its_texts_and_no_text_lacks_a_field() -> None:
    assert list(Fields.model_fields) == [f.key for f in FIELDS]


@pytest.mark.parametrize("language", list(Language))
def test_every_view_lists_the_fields_of_the_spec_in_order(language: Language) -> None:
    labels = [f.label(TEXTS, language) for f in FIELDS]
    assert [line.split(":")[0] for line in summary_lines(DATA, TEXTS, language)] == labels
    assert [choice.label for choice, _ in field_choices(TEXTS, language)] == labels


def test_coordinators_read_dutch_labels_and_columns() -> None:
    dutch = [f.label(TEXTS, Language.NL) for f in FIELDS]
    notice = signup_html(SIGNUP, None, created=True).splitlines()
    assert [line.split(":")[0] for line in notice[1 : 1 + len(FIELDS)]] == dutch
    header = next(csv.reader(io.StringIO(signups_csv([SIGNUP]).decode("utf-8-sig")), delimiter=";"))
    assert header[3 : 3 + len(FIELDS)] == [TEXTS.fields.of(f.key).csv_column for f in FIELDS]
    assert header[:3] == ["id", "aangemeld op", "bijgewerkt op"]


def test_values_read_the_same_everywhere() -> None:
    assert "Telefoon: 06 12345678" in summary_lines(DATA, TEXTS, Language.NL)
    assert "Phone: 06 12345678" in summary_lines(DATA, TEXTS, Language.EN)
    assert "Telefoon: 06 12345678" in signup_html(SIGNUP, None, created=True)
    row = list(csv.reader(io.StringIO(signups_csv([SIGNUP]).decode("utf-8-sig")), delimiter=";"))[1]
    assert "06 12345678" in row
    empty = SignupData("Anna", "Oss", "control", "anna@example.nl")
    assert summary_lines(empty, TEXTS, Language.NL)[-2:] == [
        "Telefoon: (niet opgegeven)",
        "Opmerking: (geen)",
    ]
    assert summary_lines(empty, TEXTS, Language.EN)[-2:] == ["Phone: (not given)", "Remark: (none)"]


@pytest.mark.parametrize("language", list(Language))
def test_every_change_button_picks_its_field(language: Language) -> None:
    keywords = field_keywords(TEXTS)
    for choice, step in field_choices(TEXTS, language):
        assert keywords[simplify(choice.text)] == step


def test_rules_are_the_knowledge_base_ones() -> None:
    assert isinstance(default_programme_rules(), ProgrammeRules)


@pytest.mark.parametrize("language", list(Language))
def test_the_form_asks_and_checks_each_field_as_its_spec_says(language: Language) -> None:
    from bot.signup.form import SignupForm
    from bot.signup.municipalities import default_municipalities

    form = SignupForm(default_municipalities())
    skip = TEXTS.answers.skip.words.first(language)
    for spec in FIELDS:
        prompt = spec.prompt(TEXTS, language)
        if prompt is None or spec.clean is None:
            continue
        filled = {"name": "Anna", "gemeente": "Oss", "role": "control", "email": "a@example.nl"}
        state = {"step": spec.step, "data": filled, "updated_at": 0.0, "language": language}
        assert form.prompt(state).text == prompt
        if spec.optional:  # "skip" leaves it empty
            skipped = form.handle(state, skip, 1.0)
            assert skipped.state is not None and skipped.state["data"][spec.key] is None
        try:
            spec.clean("@")
        except InvalidValue as error:  # the form refuses it as the validator says, asks again
            refused = form.handle(state, "@", 1.0)
            assert refused.state is not None and refused.state["step"] == spec.step
            assert refused.reply.text == f"{error.text(TEXTS, language)}\n\n{prompt}"
    role_state = {"step": "role", "data": {}, "updated_at": 0.0, "language": language}
    role_prompt = form.prompt(role_state).text
    rules = default_programme_rules()
    assert f" {rules.max_per_gemeente} " in role_prompt
    assert all(role.label.lower() in role_prompt for role in rules.roles)
