"""Live capacity through the core: the real brain and knowledge base answer capacity questions
with the fill level of a real SQLite sign-up store (never names), and the form catches a
taken role at the role step."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core.assistant import Assistant
from bot.core.factory import build_assistant
from bot.domain import Origin, SignupData

ORIGIN = Origin(channel="terminal", user_id="t1")
PLACED = (("Tilburg", "control"), ("Tilburg", "gemeentesecretaris"), ("Meierijstad", "control"))


@pytest.fixture
def assistant(tmp_path: Path) -> Iterator[Assistant]:
    built = build_assistant(db_path=tmp_path / "bot.sqlite3")
    assert built.signups is not None
    for number, (gemeente, role) in enumerate(PLACED):
        data = SignupData(f"Persoon{number} Geheim", gemeente, role, f"p{number}@example.nl")
        built.signups.submit(f"user{number}", data)
    yield built
    built.close()


def ask(assistant: Assistant, text: str) -> str:
    return assistant.handle(f"k:{text}", text, ORIGIN).text


def test_places_overall(assistant: Assistant) -> None:
    for question in ("is er nog plek?", "hoeveel gemeenten doen al mee"):
        text = ask(assistant, question)
        assert "Via deze assistent doen op dit moment 2 van de maximaal 10 gemeenten mee" in text
        assert "beperkt" in text  # what the source says follows
        assert "Persoon" not in text and "Geheim" not in text


def test_a_role_for_a_gemeente(assistant: Assistant) -> None:
    taken = ask(assistant, "is de rol control voor Tilburg nog vrij")
    assert "Voor Tilburg is de rol control al ingevuld" in taken and "wachtlijst" in taken
    free = ask(assistant, "is de rol veranderkundig profiel voor Tilburg nog vrij")
    assert "is de rol veranderkundig profiel voor Tilburg nog vrij" in free
    assert "Persoon" not in taken + free


def test_a_gemeente(assistant: Assistant) -> None:
    text = ask(assistant, "is er voor tilburg nog plek")
    assert (
        "Voor Tilburg zijn nu 2 van de 3 plaatsen bezet; nog vrij: veranderkundig profiel" in text
    )


def test_english(assistant: Assistant) -> None:
    assert "2 of at most 10 municipalities" in ask(assistant, "is there still room")
    taken = ask(assistant, "is the role control still free for Tilburg?")
    assert taken.startswith("Not right now: For Tilburg the role control is already taken.")
    places = ask(assistant, "are there still places for Meierijstad")
    assert places.startswith("For Meierijstad 1 of the 3 places are taken now; still free:")


def test_the_form_catches_a_taken_role_at_the_role_step(assistant: Assistant) -> None:
    key = "terminal:form"
    for text in ("/aanmelden", "Anna de Vries", "Tilburg"):
        reply = assistant.handle(key, text, ORIGIN)
    clash = assistant.handle(key, "control", ORIGIN)
    assert "Voor Tilburg is de rol control al ingevuld" in clash.text
    assert [c.label for c in clash.choices] == ["Veranderkundig profiel", "Wachtlijst"]
    # Another free role goes on without the waiting list.
    moved_on = assistant.handle(key, "1", ORIGIN)
    assert "e-mailadres" in moved_on.text
    assert assistant.state_of(key)["form"]["data"]["role"] == "veranderkundig profiel"
    assert reply is not None


def test_the_waiting_list_choice_keeps_the_taken_role(assistant: Assistant) -> None:
    key = "terminal:wait"
    for text in ("/aanmelden", "Bram Jansen", "Tilburg", "control"):
        assistant.handle(key, text, ORIGIN)
    assistant.handle(key, "wachtlijst", ORIGIN)
    for text in ("bram@example.nl", "overslaan", "overslaan"):
        summary = assistant.handle(key, text, ORIGIN)
    assert "Met 'Bevestigen' kom je op de wachtlijst" in summary.text
    done = assistant.handle(key, "bevestigen", ORIGIN)
    assert "wachtlijst" in done.text


def test_a_full_gemeente_is_told_at_the_gemeente_step(tmp_path: Path) -> None:
    built = build_assistant(db_path=tmp_path / "full.sqlite3")
    try:
        assert built.signups is not None
        for number, role in enumerate(("control", "gemeentesecretaris", "veranderkundig profiel")):
            built.signups.submit(
                f"u{number}", SignupData(f"P{number} Q", "Tilburg", role, f"q{number}@example.nl")
            )
        for text in ("/aanmelden", "Anna de Vries"):
            built.handle("k", text, ORIGIN)
        role_question = built.handle("k", "Tilburg", ORIGIN)
        assert "Tilburg heeft al 3 deelnemers" in role_question.text
        assert "wachtlijst" in role_question.text
    finally:
        built.close()
