"""Field validation and the municipality list/lookup."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain import Language
from bot.knowledge.loader import KnowledgeError, default_texts, load_knowledge
from bot.signup.municipalities import (
    CONFIRM_SCORE,
    SURE_SCORE,
    Verdict,
    default_municipalities,
)
from bot.signup.validation import (
    REMARKS_MAX_CHARS,
    InvalidValue,
    clean_email,
    clean_name,
    clean_phone,
    clean_remarks,
    phone_national,
)


def dutch(error: InvalidValue) -> str:
    """What the applicant of a Dutch form reads."""
    return error.text(default_texts(), Language.NL)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("06 12345678", "+31 6 12345678"),
        ("0612345678", "+31 6 12345678"),
        ("06-1234 5678", "+31 6 12345678"),
        ("+31 6 12345678", "+31 6 12345678"),
        ("+31 (0)6 1234 5678", "+31 6 12345678"),
        ("+31 06 12345678", "+31 6 12345678"),
        ("0031 6 12345678", "+31 6 12345678"),
        ("06 1241 77 91", "+31 6 12417791"),
        ("013 - 531 06 18", "+31 13 5310618"),
        ("020-1234567", "+31 20 1234567"),
        ("0546 123456", "+31 546 123456"),
        ("088.123.45.67", "+31 88 1234567"),
    ],
)
def test_dutch_phone_numbers_are_normalised(typed: str, expected: str) -> None:
    assert clean_phone(typed) == expected


def test_phone_national_form() -> None:
    assert phone_national("+31 13 5310618") == "013 5310618"
    assert phone_national("+31 6 12345678") == "06 12345678"


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("", "geen nummer"),
        ("06 1234", "10 cijfers"),
        ("06 123456789", "10 cijfers"),
        ("+32 470 12 34 56", "Nederlandse nummers"),
        ("0032 470 123456", "Nederlandse nummers"),
        ("12345678", "begint met 0 of +31"),
        ("bel me 📞", "cijfers"),
    ],
)
def test_bad_phone_numbers_get_a_dutch_message_with_example(typed: str, fragment: str) -> None:
    with pytest.raises(InvalidValue) as error:
        clean_phone(typed)
    assert fragment in dutch(error.value)
    assert "06 12345678" in dutch(error.value)  # the example


def test_names_keep_html_and_emoji() -> None:
    assert clean_name("  <b>Anna</b>   de Vries 😀 ") == "<b>Anna</b> de Vries 😀"


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("", "nog niet"),
        ("A", "kort"),
        ("12345", "letters"),
        ("anna@gemeente.nl", "e-mailadres"),
        ("x" * 101, "te lang"),
    ],
)
def test_bad_names(typed: str, fragment: str) -> None:
    with pytest.raises(InvalidValue) as error:
        clean_name(typed)
    assert fragment in dutch(error.value)
    assert "Anna de Vries" in dutch(error.value)


def test_email_is_normalised_and_keeps_special_characters() -> None:
    assert clean_email(" Anna.DeVries@Gemeente-OSS.nl ") == "anna.devries@gemeente-oss.nl"
    assert clean_email("<mailto:o'brien&co@example.nl>") == "o'brien&co@example.nl"


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("", "nog niet"),
        ("anna gemeente.nl", "spaties"),
        ("anna.gemeente.nl", "@"),
        ("anna@@gemeente.nl", "meer dan één @"),
        ("@gemeente.nl", "Vóór de @"),
        ("anna@gemeente", "domein"),
        ("anna..x@gemeente.nl", "klopt niet"),
        ("<b>anna</b>@gemeente.nl", "klopt niet"),
    ],
)
def test_bad_emails(typed: str, fragment: str) -> None:
    with pytest.raises(InvalidValue) as error:
        clean_email(typed)
    assert fragment in dutch(error.value)
    assert "anna.devries@gemeente.nl" in dutch(error.value)


def test_remarks_keep_html_emoji_and_line_breaks_within_the_limit() -> None:
    text = "Graag <i>vegetarisch</i> 🥦\nen & meer"
    assert clean_remarks(f"  {text}  ") == text
    assert len(clean_remarks("x" * REMARKS_MAX_CHARS)) == REMARKS_MAX_CHARS
    with pytest.raises(InvalidValue) as error:
        clean_remarks("x" * (REMARKS_MAX_CHARS + 1))
    assert "te lang" in dutch(error.value)


# -- municipalities ---------------------------------------------------------------------------


def test_the_list_has_342_municipalities_with_tricky_spellings() -> None:
    index = default_municipalities()
    assert len(index) == 342
    for name in (
        "'s-Hertogenbosch",
        "'s-Gravenhage",
        "Súdwest-Fryslân",
        "Noardeast-Fryslân",
        "Capelle aan den IJssel",
        "Bergen (L.)",
        "Bergen (NH.)",
        "Nuenen, Gerwen en Nederwetten",
        "Voorne aan Zee",
        "Dijk en Waard",
        "Land van Cuijk",
        "Maashorst",
        "Meierijstad",
    ):
        assert name in index, name
    for gone in ("Weesp", "Brielle", "Uden", "Haaren", "Heerhugowaard", "Beemster"):
        assert gone not in index, gone


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Meierijstad", "Meierijstad"),
        ("gemeente Tilburg", "Tilburg"),
        ("De gemeente Utrecht", "Utrecht"),
        ("oisterwyk", "Oisterwijk"),
        ("s hertogenbosch", "'s-Hertogenbosch"),
        ("Den Bosch", "'s-Hertogenbosch"),
        ("den haag", "'s-Gravenhage"),
        ("SUDWEST-FRYSLAN", "Súdwest-Fryslân"),
        ("Capelle a/d IJssel", "Capelle aan den IJssel"),
        ("Nuenen", "Nuenen, Gerwen en Nederwetten"),
    ],
)
def test_sure_matches(typed: str, name: str) -> None:
    match = default_municipalities().lookup(typed)
    assert (match.verdict, match.name) == (Verdict.SURE, name)


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Meierijstadt", "Meierijstad"),
        ("Eindhovn", "Eindhoven"),
        ("Apeldorn", "Apeldoorn"),
        ("zwole", "Zwolle"),
        ("Leeuwaarden", "Leeuwarden"),
        ("den bosh", "'s-Hertogenbosch"),
        ("Sittard", "Sittard-Geleen"),
    ],
)
def test_typos_ask_for_confirmation(typed: str, name: str) -> None:
    match = default_municipalities().lookup(typed)
    assert (match.verdict, match.name) == (Verdict.CONFIRM, name)
    assert CONFIRM_SCORE <= match.score < SURE_SCORE or len(match.candidates) > 1


def test_bergen_is_ambiguous() -> None:
    match = default_municipalities().lookup("Bergen")
    assert match.verdict is Verdict.CONFIRM
    assert set(match.candidates) == {"Bergen (L.)", "Bergen (NH.)"}


@pytest.mark.parametrize(
    "typed",
    ["banaan", "wat kost het?", "Jan de Vries", "control", "gemeentesecretaris", "jan@example.nl",
     "06 12345678", "Ed", "Wouter Hart"],
)  # fmt: skip
def test_non_municipalities_are_unknown(typed: str) -> None:
    assert default_municipalities().lookup(typed).verdict is Verdict.UNKNOWN


def test_bad_municipality_file_fails_at_load_naming_file_and_entry(knowledge_copy: Path) -> None:
    knowledge = knowledge_copy
    path = knowledge / "gemeenten.yaml"
    path.write_text(
        "kind: gemeenten\nreference_date: '2024-01-01'\nexpected_count: 2\ngemeenten:\n"
        "  - {name: Oss, province: Noord-Brabant}\n  - {name: Oss, province: Noord-Brabant}\n",
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError, match=r"gemeenten\.yaml: .*duplicate names: Oss"):
        load_knowledge(knowledge)
    path.write_text(
        "kind: gemeenten\nreference_date: '2024-01-01'\nexpected_count: 1\n"
        "gemeenten:\n  - {name: Oss}\n",
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError, match=r"gemeenten\.yaml: entry gemeenten\[0\].*'Oss'"):
        load_knowledge(knowledge)
