"""Every question set scored like ../shared/eval/score.py, through the real assistant (real
knowledge base, real SQLite file), each against its ratchet in ratchets.yaml."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.channels.batch import BATCH_ORIGIN
from bot.core.assistant import Assistant
from bot.core.factory import build_assistant
from bot.domain import Reply

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1].parent / "shared" / "eval"
RATCHETS: dict[str, dict[str, int]] = yaml.safe_load((HERE / "ratchets.yaml").read_text())


def squash(text: str) -> str:
    """Lower-case, no accents, only letters, digits and '@' (as the shared scorer)."""
    text = unicodedata.normalize("NFKD", str(text)).lower()
    return "".join(ch for ch in text if ch.isalnum() or ch == "@")


def problems(case: dict[str, Any], reply: Reply) -> list[str]:
    """What is wrong with `reply` for `case` (empty: it passes), as score.py judges it."""
    found = []
    answer = squash(reply.plain_text())
    if "matched" in case and reply.matched != bool(case["matched"]):
        found.append(f"matched is {reply.matched}")
    if "action" in case and reply.action != case["action"]:
        found.append(f"action is {reply.action}")
    for group in case.get("expect", []):
        options = group if isinstance(group, list) else [group]
        if not any(squash(o) in answer for o in options):
            found.append(f"missing {options}")
    found += [f"contains {bad}" for bad in case.get("forbid", []) if squash(bad) in answer]
    return found


def path_of(name: str) -> Path:
    return SHARED / name.removeprefix("shared/") if name.startswith("shared/") else HERE / name


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    db = tmp_path_factory.mktemp("eval") / "bot.sqlite3"
    return build_assistant(db_path=db, ephemeral_conversations=True)


def test_every_set_has_a_ratchet() -> None:
    files = {p.name for p in HERE.glob("*.yaml")} - {"ratchets.yaml"}
    assert files <= set(RATCHETS), files - set(RATCHETS)


@pytest.mark.parametrize("name", sorted(RATCHETS))
def test_question_set_meets_its_ratchet(assistant: Assistant, name: str) -> None:
    path = path_of(name)
    if not path.exists():
        pytest.skip(f"{path} is not here")
    cases: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    passed = wrong = 0
    failures = []
    for index, case in enumerate(cases):
        turns = case["q"] if isinstance(case["q"], list) else [case["q"]]
        reply = None
        for turn in turns:
            reply = assistant.handle(f"{name}:{index}", str(turn), BATCH_ORIGIN)
        assert reply is not None
        found = problems(case, reply)
        if not found:
            passed += 1
            continue
        confident = reply.matched or reply.action == "signup"
        wrong += confident
        failures.append(f"{'WRONG' if confident else 'FAIL'} {turns[-1]!r}: {found}")
    ratchet = RATCHETS[name]
    report = f"{name}: {passed}/{len(cases)} passed, {wrong} wrong\n" + "\n".join(failures)
    assert passed >= ratchet["min_passed"], report
    assert wrong <= ratchet["max_wrong"], report
