"""The core's share of issue 11, on the real brain and a real SQLite file: redelivered messages
are skipped, a message that is only a number gets a real answer, the form's question is at
hand for channel-level refusals, and the unanswered log keeps no names."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core.assistant import Assistant
from bot.core.factory import build_assistant
from bot.domain import CoreIntent, Origin


@pytest.fixture
def assistant(tmp_path: Path) -> Iterator[Assistant]:
    core = build_assistant(db_path=tmp_path / "bot.sqlite3", coordinator_chat_ids=["-1"])
    yield core
    core.close()


def origin(sequence: int | None, name: str = "Gerrit Geheimhouder") -> Origin:
    return Origin(channel="telegram", user_id="7", display_name=name, sequence=sequence)


def test_a_message_delivered_again_is_skipped_and_changes_nothing(assistant: Assistant) -> None:
    key = "tg:private:7"
    assistant.start_signup(key, origin(10))
    asks_gemeente = assistant.handle(key, "Anna de Vries", origin(11))
    assert "gemeente" in asks_gemeente.text.lower()
    state_before = assistant.state_of(key)
    again = assistant.handle(key, "Anna de Vries", origin(11))
    assert again.intent == CoreIntent.REDELIVERED and again.text == ""
    assert assistant.state_of(key) == state_before
    assert assistant.start_signup(key, origin(10)).intent == CoreIntent.REDELIVERED
    # Without a sequence (terminal, batch) nothing is skipped.
    assert assistant.handle(key, "Meierijstad", origin(None)).intent != CoreIntent.REDELIVERED


def test_a_message_that_is_only_a_number_gets_a_real_answer(assistant: Assistant) -> None:
    five = assistant.handle("tg:private:8", "5", origin(1))
    labels = [choice.label for choice in five.choices]
    assert any(label.startswith("Dagdeel 5") for label in labels)
    assert any(label.startswith("Werkpakket 5") for label in labels)
    unknown = assistant.handle("tg:private:9", "99", origin(1))
    assert "99" in unknown.text and "dagdeel" in unknown.text and "Sorry" not in unknown.text


def test_the_form_question_is_at_hand_for_refusals(assistant: Assistant) -> None:
    key = "tg:private:10"
    assert assistant.form_question(key) is None
    started = assistant.start_signup(key, origin(1))
    question = assistant.form_question(key)
    assert question is not None and question.text and question.text in started.text


def test_the_unanswered_log_keeps_no_name_of_the_asker(assistant: Assistant) -> None:
    assistant.handle(
        "tg:private:11", "Kan Gerrit Geheimhouder een parkeerkaart krijgen?", origin(1)
    )
    assert assistant.storage is not None
    texts = [text for text, _count, _at in assistant.storage.unanswered_summary()]
    assert texts and all("Gerrit" not in t and "Geheimhouder" not in t for t in texts)
    assert assistant.storage.forget_names(["Parkeerkaart"]) == 1
    assert assistant.storage.unanswered_summary() == []
