"""Names the code and the knowledge base share fail at load when they disagree: an intent's
slot that is no entity kind, a `blocked_by` concept, or a concept the code compares with."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.brain.brain import Brain
from bot.brain.references import code_concepts
from bot.knowledge.loader import DEFAULT_KNOWLEDGE_DIR, KnowledgeError, load_knowledge


def _knowledge_with(knowledge: Path, file: str, old: str, new: str) -> Path:
    path = knowledge / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return knowledge


def test_the_real_knowledge_base_names_only_what_exists() -> None:
    Brain(load_knowledge())


def test_a_slot_typo_fails_naming_the_intent(knowledge_copy: Path) -> None:
    knowledge = _knowledge_with(
        knowledge_copy, "intents.yaml", "slots: [dagdeel]", "slots: [dagdeeel]"
    )
    with pytest.raises(
        KnowledgeError, match=r"intents\.yaml: entry intent .*unknown slot 'dagdeeel'"
    ):
        Brain(load_knowledge(knowledge))


def test_a_concept_the_code_needs_must_be_in_the_vocabulary(knowledge_copy: Path) -> None:
    assert "telefoon" in code_concepts()
    knowledge = _knowledge_with(knowledge_copy, "vocabulary.yaml", "  telefoon: [", "  telefon: [")
    with pytest.raises(KnowledgeError, match=r"vocabulary\.yaml: .*telefoon"):
        Brain(load_knowledge(knowledge))


@pytest.mark.parametrize(
    ("file_name", "field", "entry"),
    [
        ("intents.yaml", "blocked_by", r"intents\.yaml: entry intent '[\w.]+'"),
        ("leernetwerk.yaml", "requires", r"leernetwerk\.yaml: entry fact 'leernetwerk\.rol_vrij'"),
    ],
)
def test_a_gating_concept_must_exist(
    knowledge_copy: Path, file_name: str, field: str, entry: str
) -> None:
    """An intent's `blocked_by` and a fact's `requires` name vocabulary concepts."""
    text = (DEFAULT_KNOWLEDGE_DIR / file_name).read_text(encoding="utf-8")
    match = re.search(rf"{field}: \[(\w+)", text)
    assert match is not None
    old = match.group(0)
    knowledge = _knowledge_with(knowledge_copy, file_name, old, old + "x")
    with pytest.raises(
        KnowledgeError, match=rf"{entry}: {field} names unknown concept '{match.group(1)}x'"
    ):
        Brain(load_knowledge(knowledge))
