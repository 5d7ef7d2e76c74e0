"""The curator's draft: built from a real SQLite store filled through the real core, with the
real brain's guesses; written to a file, never into knowledge/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.brain.brain import Brain
from bot.cli import main
from bot.core.factory import build_assistant
from bot.domain import Origin, Vote
from bot.handoff.curate import DraftLocationError, build_draft, write_draft
from bot.knowledge.loader import DEFAULT_KNOWLEDGE_DIR, load_knowledge
from bot.storage.sqlite import SqliteStorage

ANNA = Origin(channel="telegram", user_id="42", first_name="Anna", chat_ref="42")
KEY = "tg:private:42"
DOG = "Mag mijn hond mee naar de bijeenkomst?"
COFFEE = "wat kost een kopje koffie"


def seed(db: Path) -> None:
    """An unanswered question twice, one handed off and answered twice, one 👎."""
    assistant = build_assistant(db_path=db, coordinator_chat_ids=["-1"])
    try:
        offer = assistant.handle(KEY, DOG, ANNA)
        assistant.handle(KEY, offer.choices[-1].text, ANNA)
        assistant.handle(KEY, COFFEE, ANNA)
        assistant.handle(KEY, COFFEE, ANNA)
        answer = assistant.handle(KEY, "wanneer is dagdeel 5", ANNA)
        assert answer.feedback_token is not None
        assistant.record_feedback(KEY, ANNA, answer.feedback_token, Vote.DOWN)
        assert assistant.handoffs is not None
        [handoff] = assistant.handoffs.store.list_handoffs(open_only=True)
        for ref, text in (("a", "Nee, honden mogen niet mee."), ("b", "Een hulphond wel.")):
            assistant.handoffs.service.answer(
                handoff.id, coordinator="Piet", text=text, source_ref=ref
            )
    finally:
        assistant.close()


def draft_of(db: Path) -> tuple[str, dict[str, Any]]:
    storage = SqliteStorage(db)
    try:
        text = build_draft(Brain(load_knowledge()), storage, storage, now=1_795_850_000.0)
    finally:
        storage.close()
    return text, yaml.safe_load(text)


def test_the_draft_covers_the_three_kinds_with_guesses(tmp_path: Path) -> None:
    seed(tmp_path / "bot.sqlite3")
    text, draft = draft_of(tmp_path / "bot.sqlite3")
    by_question = {item["question"]: item for item in draft["questions"]}
    assert set(by_question) == {DOG, COFFEE, "wanneer is dagdeel 5"}

    dog = by_question[DOG]
    assert dog["why"] == ["unanswered", "answered_by_coordinator"]
    assert dog["coordinator_answer"] == ["Nee, honden mogen niet mee.", "Een hulphond wel."]
    assert dog["bot_guess"]["answers"] is False
    assert 0.0 <= dog["bot_guess"]["confidence"] < 0.6

    coffee = by_question[COFFEE]
    assert coffee["why"] == ["unanswered"] and coffee["times"] == 2
    assert "coordinator_answer" not in coffee

    thumbs = by_question["wanneer is dagdeel 5"]
    assert thumbs["why"] == ["thumbs_down"]
    assert thumbs["bot_guess"] == {
        "answers": True,
        "intent": "dagdeel.info",
        "confidence": 1.0,
        "matched_example": "wanneer is dagdeel 5",
    }
    # Nobody's name: not the asker's, not the coordinator's.
    assert "Anna" not in text and "Piet" not in text
    assert text.startswith("# Curator's draft") and "python -m bot check" in text


def test_an_empty_store_gives_an_empty_draft(tmp_path: Path) -> None:
    SqliteStorage(tmp_path / "empty.sqlite3").close()
    _text, draft = draft_of(tmp_path / "empty.sqlite3")
    assert draft["questions"] == []


def test_never_into_the_knowledge_base(tmp_path: Path) -> None:
    with pytest.raises(DraftLocationError):
        write_draft("x: 1\n", DEFAULT_KNOWLEDGE_DIR / "draft.yaml", DEFAULT_KNOWLEDGE_DIR)
    with pytest.raises(DraftLocationError):
        write_draft(
            "x: 1\n", DEFAULT_KNOWLEDGE_DIR / "sub" / ".." / "d.yaml", DEFAULT_KNOWLEDGE_DIR
        )
    assert not (DEFAULT_KNOWLEDGE_DIR / "draft.yaml").exists()
    written = write_draft("x: 1\n", tmp_path / "drafts" / "d.yaml", DEFAULT_KNOWLEDGE_DIR)
    assert written.read_text(encoding="utf-8") == "x: 1\n"


def test_the_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "bot.sqlite3"
    seed(db)
    out = tmp_path / "draft.yaml"
    assert main(["curate", "--db", str(db), "--out", str(out)]) == 0
    assert len(yaml.safe_load(out.read_text(encoding="utf-8"))["questions"]) == 3
    bad = DEFAULT_KNOWLEDGE_DIR / "curate.yaml"
    assert main(["curate", "--db", str(db), "--out", str(bad)]) == 2 and not bad.exists()
    assert main(["feedback", "--db", str(db)]) == 0
    assert "dagdeel.info: 0 👍, 1 👎" in capsys.readouterr().out
    assert main(["questions", "--db", str(db)]) == 0
    assert "geen open vragen" in capsys.readouterr().out
