"""One source of truth: the contact, the capacity rules and the roles live in
knowledge/leernetwerk.yaml and the code reads them; the loader finds knowledge files by kind."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.core.factory import build_assistant
from bot.domain import Language, Origin, SignupData
from bot.knowledge.loader import KnowledgeError, load_knowledge

BOT = Path(__file__).resolve().parents[1] / "bot"
PHONE, NEW_PHONE = "06 1241 77 91", "06 9999 00 11"
TERMINAL = Origin("terminal", user_id="t")


@pytest.fixture
def knowledge(knowledge_copy: Path) -> Path:
    return knowledge_copy


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_python_holds_no_contact_details() -> None:
    strings = [
        node.value
        for path in BOT.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    for detail in ("rpo@vng.nl", "Koelemay", PHONE):
        assert not [s for s in strings if detail in s], detail


def test_the_contact_phone_is_one_edit(knowledge: Path, tmp_path: Path) -> None:
    _edit(knowledge / "leernetwerk.yaml", f"phone: {PHONE}", f"phone: {NEW_PHONE}")
    kb = load_knowledge(knowledge)
    answers = [fact.answer for _, fact in kb.facts()]
    assert any(NEW_PHONE in answer for answer in answers)
    assert not any(PHONE in answer for answer in answers)
    assistant = build_assistant(knowledge_dir=knowledge, db_path=tmp_path / "bot.sqlite3")
    try:
        reply = assistant.handle("k", "wat is het telefoonnummer van het leernetwerk", TERMINAL)
        assert NEW_PHONE in reply.text and PHONE not in reply.text
        assert assistant.signups is not None
        assert NEW_PHONE in assistant.signups.contact_line(Language.NL)
    finally:
        assistant.close()


def test_capacity_rules_and_roles_come_from_the_knowledge_base(
    knowledge: Path, tmp_path: Path
) -> None:
    _edit(knowledge / "leernetwerk.yaml", "max_gemeenten: 10", "max_gemeenten: 2")
    assistant = build_assistant(knowledge_dir=knowledge, db_path=tmp_path / "bot.sqlite3")
    try:
        service = assistant.signups
        assert service is not None
        placed = []
        for number, gemeente in enumerate(["Oss", "Breda", "Tilburg"]):
            data = SignupData(f"P{number}", gemeente, "control", f"p{number}@example.nl")
            placed.append(service.submit(f"u{number}", data).result.waitlist_reason is None)
        assert placed == [True, True, False]  # the third gemeente is past the 2 of the YAML
        assert service.storage.capacity().max_gemeenten == 2
        labels = [choice.label for choice in service.form.choices({"step": "role", "data": {}})]
        assert labels[:3] == ["Gemeentesecretaris", "Control", "Veranderkundig profiel"]
    finally:
        assistant.close()


def test_rules_that_contradict_themselves_fail_at_load(knowledge: Path) -> None:
    _edit(knowledge / "leernetwerk.yaml", "per_gemeente: 3", "per_gemeente: 4")
    with pytest.raises(KnowledgeError, match=r"leernetwerk\.yaml: .*one person per role"):
        load_knowledge(knowledge)


def test_a_new_document_is_a_new_yaml_file_with_its_kind(knowledge: Path) -> None:
    sheet = (knowledge / "apeldoorn.yaml").read_text(encoding="utf-8")
    new = sheet.replace("id: apeldoorn", "id: apeldoorn-kopie", 1)
    new = new.replace("id: apeldoorn.", "id: kopie.")
    (knowledge / "kopie.yaml").write_text(new, encoding="utf-8")
    kb = load_knowledge(knowledge)
    assert [sheet.document.id for sheet in kb.sheets][-1] == "apeldoorn-kopie"


def test_a_file_without_a_known_kind_is_named(knowledge: Path) -> None:
    (knowledge / "notes.yaml").write_text("title: iets\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"^notes\.yaml: entry kind: None is no known kind"):
        load_knowledge(knowledge)
