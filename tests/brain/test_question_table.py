"""The project's own question table, run through the real assistant (real knowledge base,
real SQLite file), judged exactly like ../shared/eval/score.py judges the shared questions."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.channels.batch import BATCH_ORIGIN
from bot.core.assistant import Assistant
from bot.core.factory import build_assistant

TABLE = Path(__file__).with_name("questions.yaml")
CASES: list[dict[str, Any]] = yaml.safe_load(TABLE.read_text(encoding="utf-8"))


def squash(text: str) -> str:
    """Lower-case, no accents, only letters, digits and '@' (as the shared scorer)."""
    text = unicodedata.normalize("NFKD", str(text)).lower()
    return "".join(ch for ch in text if ch.isalnum() or ch == "@")


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    db = tmp_path_factory.mktemp("brain") / "bot.sqlite3"
    return build_assistant(db_path=db, ephemeral_conversations=True)


@pytest.mark.parametrize("case", CASES, ids=[str(c["q"])[:60] for c in CASES])
def test_question(assistant: Assistant, case: dict[str, Any]) -> None:
    turns = case["q"] if isinstance(case["q"], list) else [case["q"]]
    key = f"table:{CASES.index(case)}"
    reply = None
    for turn in turns:
        reply = assistant.handle(key, turn, BATCH_ORIGIN)
    assert reply is not None
    answer = squash(reply.plain_text())
    if "matched" in case:
        assert reply.matched is case["matched"], reply.plain_text()
    if "action" in case:
        assert reply.action == case["action"], reply.plain_text()
    for group in case.get("expect", []):
        options = group if isinstance(group, list) else [group]
        assert any(squash(o) in answer for o in options), (options, reply.plain_text())
    for bad in case.get("forbid", []):
        assert squash(bad) not in answer, (bad, reply.plain_text())
