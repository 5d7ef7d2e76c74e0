"""The sign-up fields are declared once (bot/signup/fields.py FIELDS): the applicant's summary,
the coordinator notice, the CSV export and the "Iets wijzigen" menu all follow the spec."""

from __future__ import annotations

import csv
import io

from bot.domain import ProgrammeRules, Signup, SignupData
from bot.knowledge.loader import default_programme_rules
from bot.signup.fields import FIELD_CHOICES, FIELD_KEYWORDS, FIELDS, simplify, summary_lines
from bot.signup.notices import signup_html
from bot.signup.reports import signups_csv
from bot.signup.validation import InvalidValue

DATA = SignupData("Anna", "Oss", "control", "anna@example.nl", "+31 6 12345678", "Tot dan")
SIGNUP = Signup(7, "k", DATA, "nieuw", False, 1e9, 1e9)


def test_every_view_lists_the_fields_of_the_spec_in_order() -> None:
    labels = [f.label for f in FIELDS]
    assert [line.split(":")[0] for line in summary_lines(DATA)] == labels
    notice = signup_html(SIGNUP, None, created=True).splitlines()
    assert [line.split(":")[0] for line in notice[1 : 1 + len(FIELDS)]] == labels
    header = next(csv.reader(io.StringIO(signups_csv([SIGNUP]).decode("utf-8-sig")), delimiter=";"))
    assert header[3 : 3 + len(FIELDS)] == [f.csv_column for f in FIELDS]
    assert [choice.label for choice, _ in FIELD_CHOICES] == labels


def test_values_read_the_same_everywhere() -> None:
    assert "Telefoon: 06 12345678" in summary_lines(DATA)
    assert "Telefoon: 06 12345678" in signup_html(SIGNUP, None, created=True)
    row = list(csv.reader(io.StringIO(signups_csv([SIGNUP]).decode("utf-8-sig")), delimiter=";"))[1]
    assert "06 12345678" in row
    empty = SignupData("Anna", "Oss", "control", "anna@example.nl")
    assert summary_lines(empty)[-2:] == ["Telefoon: (niet opgegeven)", "Opmerking: (geen)"]


def test_every_change_word_picks_its_field() -> None:
    for spec in FIELDS:
        for word in spec.change_words:
            assert FIELD_KEYWORDS[simplify(word)] == spec.step


def test_rules_are_the_knowledge_base_ones() -> None:
    assert isinstance(default_programme_rules(), ProgrammeRules)


def test_the_form_asks_and_checks_each_field_as_its_spec_says() -> None:
    from bot.signup.form import SignupForm
    from bot.signup.municipalities import default_municipalities

    form = SignupForm(default_municipalities())
    for spec in FIELDS:
        if spec.prompt is None:
            continue
        filled = {"name": "Anna", "gemeente": "Oss", "role": "control", "email": "a@example.nl"}
        state = {"step": spec.step, "data": filled, "updated_at": 0.0}
        assert form.prompt(state).text == spec.prompt
        if spec.optional:  # "Overslaan" leaves it empty
            skipped = form.handle(state, "overslaan", 1.0)
            assert skipped.state is not None and skipped.state["data"][spec.key] is None
        assert spec.clean is not None
        try:
            spec.clean("@")
        except InvalidValue as error:  # the form refuses it as the validator says, asks again
            refused = form.handle(state, "@", 1.0)
            assert refused.state is not None and refused.state["step"] == spec.step
            assert refused.reply.text == f"{error.message}\n\n{spec.prompt}"
    role_prompt = form.prompt({"step": "role", "data": {}, "updated_at": 0.0}).text
    rules = default_programme_rules()
    assert f"met {rules.max_per_gemeente} mensen" in role_prompt
    assert all(role.label.lower() in role_prompt for role in rules.roles)
