"""The sign-up form speaks the language of the message that started it, through the real core:
the real knowledge base, a real SQLite file, restarts included. Coordinators stay Dutch."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core.assistant import Assistant
from bot.core.factory import build_assistant
from bot.domain import CoreIntent, Language, Origin, Reply
from bot.knowledge.loader import load_knowledge
from bot.knowledge.texts import Texts

ME = Origin(channel="terminal", user_id="7")
KEY = "terminal:7"
COORDINATORS = ("-100",)
TTL = 24 * 3600.0
ENGLISH_START = "Hello, I would like to sign up for the Leernetwerk please"
DUTCH_START = "Ik wil me graag aanmelden voor het leernetwerk"


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


def dutch_sentences(texts: Texts) -> list[str]:
    """The fixed parts of every Dutch text (what lies between placeholders), long enough to
    tell the languages apart; none may show up in an English conversation."""
    parts = [part for _, text in texts.bilinguals() for part in re.split(r"\{[^}]*\}", text.nl)]
    return [part.strip() for part in parts if len(part.strip()) > 12]


@pytest.fixture
def clock() -> Clock:
    return Clock()


def open_core(path: Path, clock: Clock) -> Assistant:
    """The real core on the SQLite file `path` (opened again after a "restart")."""
    return build_assistant(db_path=path, coordinator_chat_ids=COORDINATORS, clock=clock)


@pytest.fixture
def assistant(tmp_path: Path, clock: Clock) -> Iterator[Assistant]:
    core = open_core(tmp_path / "bot.sqlite3", clock)
    yield core
    core.close()


def talk(bot: Assistant, *messages: str) -> list[Reply]:
    return [bot.handle(KEY, message, ME) for message in messages]


def assert_english(replies: list[Reply], texts: Texts) -> None:
    dutch = dutch_sentences(texts)
    for reply in replies:
        assert reply.language == Language.EN, reply
        leaked = [part for part in dutch if part in reply.text]
        assert leaked == [], f"Dutch in an English reply: {leaked}\n{reply.text}"
        for choice in reply.choices:
            assert not any(part in choice.label for part in dutch), choice


def test_an_english_user_gets_the_whole_form_in_english(assistant: Assistant) -> None:
    texts = assistant.texts
    replies = talk(assistant, ENGLISH_START)
    assert replies[0].text.startswith("Privacy: I store your name")
    assert replies[0].text.endswith("What is your name? (first and last name)")
    replies += talk(
        assistant,
        "Anna de Vries",
        "Meierijstadt",  # a typo: "Do you mean Meierijstad?"
        "yes",
        "wethouder",  # no role: the error names the roles, in English
        "controller",
        "anna.example.nl",  # no @: the error, in English
        "anna@example.nl",
        "skip",
        "no remarks",
    )
    assert replies[2].text == "Do you mean Meierijstad?"
    assert [c.label for c in replies[2].choices] == ["Yes, Meierijstad", "No"]
    assert replies[4].text.startswith("Choose one of the roles: gemeentesecretaris, control or")
    assert replies[6].text.startswith("An e-mail address contains an @. For example:")
    summary = replies[-1]
    assert summary.text.splitlines()[:7] == [
        "Is this correct?",
        "Name: Anna de Vries",
        "Municipality: Meierijstad",
        "Role: control",
        "E-mail: anna@example.nl",
        "Phone: (not given)",
        "Remark: (none)",
    ]
    assert [c.label for c in summary.choices] == ["Confirm", "Change something", "Cancel"]
    replies += talk(assistant, "change", "remark", "Vegetarian lunch, please", "confirm")
    done = replies[-1]
    assert done.intent == CoreIntent.SIGNUP_DONE
    assert done.text.startswith("Thank you, your sign-up has been received and stored.")
    assert "municipality Meierijstad: 1/3, 1/10 municipalities" in done.text
    replies += talk(assistant, "/mijngegevens")
    assert "Remark: Vegetarian lunch, please" in replies[-1].text
    assert "Status: new" in replies[-1].text
    assert_english(replies, texts)

    # The coordinators are Dutch: their notice is, whatever the applicant's language.
    assert assistant.storage is not None
    [notice] = [item for item in assistant.storage.due_items(1e13) if item.kind == "signup"]
    html = notice.payload["html"]
    assert "<b>Nieuwe aanmelding</b>" in html and "Naam: Anna de Vries" in html
    assert "Opmerking: Vegetarian lunch, please" in html and "Bezetting: gemeente" in html


def test_a_dutch_user_gets_dutch_and_either_language_is_understood(
    assistant: Assistant,
) -> None:
    replies = talk(assistant, DUTCH_START)
    assert replies[0].language == Language.NL
    assert replies[0].text.endswith("Wat is je naam? (voor- en achternaam)")
    # English answer words work in a Dutch form, and Dutch ones in an English form.
    replies += talk(assistant, "Piet Jansen", "Oss", "control", "piet@oss.nl", "skip", "none")
    assert replies[-1].text.startswith("Klopt dit?")
    assert "Telefoon: (niet opgegeven)" in replies[-1].text
    done = talk(assistant, "confirm")[-1]
    assert done.text.startswith("Dank je wel, je aanmelding is ontvangen")

    other = Origin(channel="terminal", user_id="8")
    english = [assistant.handle("terminal:8", ENGLISH_START, other)]
    for answer in ("Kees de Boer", "Oss", "municipal secretary", "kees@oss.nl", "overslaan"):
        english.append(assistant.handle("terminal:8", answer, other))
    english.append(assistant.handle("terminal:8", "geen", other))
    assert english[-1].text.startswith("Is this correct?")
    assert assistant.handle("terminal:8", "ja", other).text.startswith("Thank you")


def test_a_restart_mid_form_keeps_the_language(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "bot.sqlite3"
    first = open_core(path, clock)
    talk(first, ENGLISH_START, "Anna de Vries")
    first.close()
    with sqlite3.connect(path) as conn:
        [(state_json,)] = conn.execute("SELECT state_json FROM conversation_state").fetchall()
    stored = json.loads(state_json)
    assert stored["form"]["language"] == "en"

    second = open_core(path, clock)
    try:
        replies = talk(second, "Oss", "control")
        assert replies[-1].text.startswith("What is your e-mail address?")
        resumed = second.start_signup(KEY, ME)  # "/aanmelden" again resumes, in English
        assert resumed.text.startswith("You are already signing up; let's continue.")
        replies += talk(second, "anna@example.nl", "skip", "skip", "confirm")
        assert replies[-1].text.startswith("Thank you, your sign-up has been received")
        assert_english(replies, second.texts)
    finally:
        second.close()


def test_reminder_expiry_and_cancel_speak_the_forms_language(
    assistant: Assistant, clock: Clock
) -> None:
    talk(assistant, ENGLISH_START, "Anna de Vries")
    clock.now += 3 * 3600.0
    [(key, reminder)] = assistant.due_reminders(clock.now)
    assert key == KEY
    assert reminder.text.startswith("Your sign-up for the Leernetwerk is not finished yet.")
    assert "Which municipality do you work for?" in reminder.text
    clock.now += TTL
    expired = talk(assistant, "hello")[0]
    assert expired.text.startswith("Your earlier sign-up has expired")
    talk(assistant, ENGLISH_START)
    cancelled = talk(assistant, "cancel")[0]
    assert cancelled.intent == CoreIntent.SIGNUP_CANCELLED
    assert cancelled.text.startswith("Your sign-up is cancelled; I have stored nothing.")


def test_deleting_ones_data_in_english(assistant: Assistant) -> None:
    talk(assistant, ENGLISH_START, "Anna de Vries", "Oss", "control", "anna@example.nl")
    talk(assistant, "skip", "skip", "confirm")
    question = talk(assistant, "/verwijder")[0]
    assert question.text.startswith("Are you sure I should erase your sign-up and your data?")
    assert [c.label for c in question.choices] == ["Yes, delete", "No"]
    kept = talk(assistant, "no")[0]
    assert kept.text == "Okay, I have erased nothing."
    talk(assistant, "/verwijder")
    deleted = talk(assistant, question.choices[0].text)[0]
    assert deleted.intent == CoreIntent.DELETED
    assert deleted.text.startswith("Your data has been erased.")
    assert assistant.storage is not None and assistant.storage.list_signups() == []


def test_coordinator_news_reaches_the_applicant_in_the_forms_language(
    assistant: Assistant,
) -> None:
    talk(assistant, ENGLISH_START, "Anna de Vries", "Oss", "control", "anna@example.nl")
    talk(assistant, "skip", "skip", "confirm")
    assert assistant.signups is not None and assistant.storage is not None
    [signup] = assistant.storage.list_signups()
    assert signup.language == Language.EN
    change = assistant.signups.set_status(signup.id, "bevestigd", actor="Hanke")
    assert change is not None and change.applicant_reply is not None
    assert change.applicant_reply.text.startswith("Good news: your sign-up for the Leernetwerk")
    assert "Nieuwe aanmelding" in change.coordinator_html  # the coordinators' side: Dutch


def test_the_real_knowledge_base_has_every_text_in_both_languages() -> None:
    texts = load_knowledge().texts
    assert len(dutch_sentences(texts)) > 50  # the walk reaches the texts
    for language in Language:
        assert texts.answers.confirm.choice(language).text in texts.answers.confirm.words.all
