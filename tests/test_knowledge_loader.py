"""The loader: the real knowledge base loads; a broken file fails with file, entry and reason."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.knowledge.loader import DEFAULT_KNOWLEDGE_DIR, KnowledgeError, load_knowledge


@pytest.fixture()
def kb_copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, target)
    return target


def _edit(kb_copy: Path, name: str, old: str, new: str) -> None:
    """Replace the first `old` in the copied knowledge file `name` (which must hold it)."""
    path = kb_copy / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{name} no longer holds {old!r}: the test edits nothing"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_real_knowledge_base_loads() -> None:
    kb = load_knowledge()
    assert [d.number for d in kb.leernetwerk.dagdelen] == list(range(1, 9))
    assert len(kb.toolkit.werkpakketten) == 18
    assert {t.letter for t in kb.toolkit.themes} == set("ABCDEF")
    assert len(kb.projecten.projects) == 23
    assert kb.leernetwerk.contact.email == "rpo@vng.nl"


def test_broken_yaml_names_the_file(kb_copy: Path) -> None:
    (kb_copy / "leernetwerk.yaml").write_text("dagdelen: [unclosed\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"leernetwerk\.yaml: not valid YAML"):
        load_knowledge(kb_copy)


def test_missing_field_names_file_entry_and_reason(kb_copy: Path) -> None:
    _edit(kb_copy, "verandertoolkit.yaml", "    title: Een spannende vraag\n", "")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(kb_copy)
    message = str(info.value)
    assert message.startswith("verandertoolkit.yaml: entry werkpakketten[1]")
    assert "(number 2)" in message and "Field required" in message


def test_unknown_theme_letter_is_rejected(kb_copy: Path) -> None:
    _edit(kb_copy, "verandertoolkit.yaml", "    theme: F\n", "    theme: Z\n")
    with pytest.raises(KnowledgeError, match="theme 'Z' is not defined"):
        load_knowledge(kb_copy)


def test_a_comparison_with_an_unknown_werkpakket_is_rejected(kb_copy: Path) -> None:
    _edit(kb_copy, "verandertoolkit.yaml", "compared_with: [8]", "compared_with: [99]")
    with pytest.raises(KnowledgeError, match=r"werkpakket 18: compared_with \[99\] is no other"):
        load_knowledge(kb_copy)


def test_dagdelen_out_of_order_are_rejected(kb_copy: Path) -> None:
    _edit(kb_copy, "leernetwerk.yaml", "  - number: 3\n", "  - number: 4\n")
    with pytest.raises(KnowledgeError, match=r"numbered 1\.\.8 in order"):
        load_knowledge(kb_copy)


def test_unknown_key_is_rejected(kb_copy: Path) -> None:
    _edit(
        kb_copy,
        "intents.yaml",
        "    handler: dagdeel\n",
        "    handler: dagdeel\n    handlr: typo\n",
    )
    with pytest.raises(
        KnowledgeError,
        match=r"intents\.yaml: entry intents\[0\]\.handlr \(id 'dagdeel.info'\): Extra inputs",
    ):
        load_knowledge(kb_copy)


def test_missing_file_is_named(kb_copy: Path) -> None:
    (kb_copy / "intents.yaml").unlink()
    with pytest.raises(KnowledgeError, match=r"kind 'intents' needs exactly one file.*found none"):
        load_knowledge(kb_copy)


def test_duplicate_fact_id_is_rejected(kb_copy: Path) -> None:
    _edit(kb_copy, "apeldoorn.yaml", "id: apeldoorn.basis", "id: apeldoorn.titel")
    with pytest.raises(KnowledgeError, match=r"apeldoorn\.titel"):
        load_knowledge(kb_copy)


def test_intent_with_unknown_document_is_rejected(kb_copy: Path) -> None:
    _edit(kb_copy, "intents.yaml", "    document: verandertoolkit\n", "    document: toolkitt\n")
    with pytest.raises(KnowledgeError, match="unknown document 'toolkitt'"):
        load_knowledge(kb_copy)


def test_a_key_written_twice_is_an_error_naming_file_line_and_key(kb_copy: Path) -> None:
    path = kb_copy / "apeldoorn.yaml"
    text = path.read_text(encoding="utf-8")
    first_key = next(line for line in text.splitlines() if line and line[0].isalpha())
    key = first_key.split(":", 1)[0]
    path.write_text(text + f"\n{key}: again\n", encoding="utf-8")
    line = len((text + "\n").splitlines()) + 1
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(kb_copy)
    message = str(info.value)
    assert message == (
        f"apeldoorn.yaml: not valid YAML at line {line}, column 1: duplicate key {key!r}"
    )


def test_a_nested_duplicate_key_is_an_error_too(kb_copy: Path) -> None:
    path = kb_copy / "intents.yaml"
    text = path.read_text(encoding="utf-8")
    marker = "\n  - id: "
    assert marker in text
    duplicated = text.replace(marker, marker.replace("id", "id: x\n    id"), 1)
    path.write_text(duplicated, encoding="utf-8")
    with pytest.raises(
        KnowledgeError,
        match=r"^intents\.yaml: not valid YAML at line \d+, column 5: duplicate key 'id'$",
    ):
        load_knowledge(kb_copy)


def test_a_yaml_syntax_error_is_one_line_with_file_line_and_column(kb_copy: Path) -> None:
    broken = "document:\n  id: x\n  title: [open\n"
    (kb_copy / "leernetwerk.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(kb_copy)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("leernetwerk.yaml: not valid YAML at line 4, column 1: ")
