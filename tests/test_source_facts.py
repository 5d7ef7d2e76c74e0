"""The source-facts check: every number, date, e-mail, phone and name of the sources is in
the knowledge base, and the check notices when one goes missing."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.brain.source_facts import (
    DEFAULT_SOURCES_DIR,
    extract_facts,
    missing_facts,
    report_missing,
)
from bot.knowledge.loader import DEFAULT_KNOWLEDGE_DIR, KnowledgeError
from bot.knowledge.schema import Statement

needs_sources = pytest.mark.skipif(
    not DEFAULT_SOURCES_DIR.is_dir(), reason="../shared/sources is not here"
)


@pytest.fixture()
def kb_copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, target)
    return target


def _remove(path: Path, text: str, replacement: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert text in content
    path.write_text(content.replace(text, replacement), encoding="utf-8")


@needs_sources
def test_the_knowledge_base_lacks_no_fact_of_the_sources() -> None:
    out = io.StringIO()
    assert report_missing(out) == 0, out.getvalue()


@needs_sources
def test_a_removed_number_and_name_are_reported(kb_copy: Path) -> None:
    _remove(kb_copy / "projecten.yaml", "109.000", "honderdduizend")
    _remove(kb_copy / "verandertoolkit.yaml", "Ghandi", "een beroemd man")
    missing = {(f.kind, f.value) for f in missing_facts(DEFAULT_SOURCES_DIR, kb_copy)}
    assert ("number", "109.000") in missing
    assert ("name", "Ghandi") in missing


@needs_sources
def test_a_removed_phone_number_is_reported(kb_copy: Path) -> None:
    for name in ("leernetwerk.yaml", "burgemeesters.yaml"):
        text = (kb_copy / name).read_text(encoding="utf-8")
        (kb_copy / name).write_text(text.replace("0343-595802", "[weg]"), encoding="utf-8")
    missing = missing_facts(DEFAULT_SOURCES_DIR, kb_copy)
    assert [f.value for f in missing if f.kind == "phone"] == ["0343-595802"]


def test_facts_are_extracted_by_kind() -> None:
    text = (
        "Bel Hanke Koelemay T 06 1241 77 91 of mail rpo@vng.nl. Looptijd: 1 mei 2021 - "
        "maart 2022. Emmen heeft circa 109.000 inwoners."
    )
    facts = {(f.kind, f.value) for f in extract_facts(text, "x.txt")}
    assert ("phone", "06 1241 77 91") in facts
    assert ("email", "rpo@vng.nl") in facts
    assert ("date", "1 mei 2021") in facts
    assert ("date", "maart 2022") in facts
    assert ("number", "109.000") in facts
    names = [value for kind, value in facts if kind == "name"]
    assert any(value.startswith("Hanke Koelemay") for value in names)
    assert not any(value.startswith("Bel") for value in names)  # a common one is not


def test_a_broken_ignore_list_fails_loudly(kb_copy: Path) -> None:
    (kb_copy / "source_facts_ignore.yaml").write_text("ignore:\n  - value: Kortom\n")
    with pytest.raises(KnowledgeError, match=r"source_facts_ignore\.yaml"):
        missing_facts(DEFAULT_SOURCES_DIR, kb_copy)


def test_a_statement_must_keep_its_figures_in_english() -> None:
    with pytest.raises(ValidationError, match=r"109\.000"):
        Statement(nl="Emmen heeft 109.000 inwoners.", en="Emmen has many inhabitants.")


def test_without_the_sources_the_check_is_skipped(tmp_path: Path) -> None:
    out = io.StringIO()
    assert report_missing(out, sources=tmp_path / "no-shared" / "sources") == 0
    assert "skipped" in out.getvalue()
