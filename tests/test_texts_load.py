"""knowledge/texts.yaml mistakes fail at load, naming the file and the entry: a text without
its English or Dutch, placeholders that differ, answer words not written as they are compared,
a word that picks two fields, a missing problem or status text, an unknown entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge.loader import KnowledgeError, load_knowledge


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _texts(knowledge: Path) -> Path:
    return knowledge / "texts.yaml"


def test_the_real_texts_load() -> None:
    assert load_knowledge().texts.form.change_prompt.en == "What would you like to change?"


def test_a_missing_english_text_fails_naming_file_and_entry(knowledge_copy: Path) -> None:
    _edit(
        _texts(knowledge_copy),
        '{nl: "Wat wil je wijzigen?", en: "What would you like to change?"}',
        '{nl: "Wat wil je wijzigen?"}',
    )
    with pytest.raises(KnowledgeError, match=r"^texts\.yaml: entry form\.change_prompt\.en: "):
        load_knowledge(knowledge_copy)


def test_a_missing_dutch_text_fails_naming_file_and_entry(knowledge_copy: Path) -> None:
    _edit(
        _texts(knowledge_copy),
        "    nl: >-\n      Dank je wel, je aanmelding is ontvangen en opgeslagen.",
        "    dutch: >-\n      Dank je wel, je aanmelding is ontvangen en opgeslagen.",
    )
    with pytest.raises(KnowledgeError, match=r"^texts\.yaml: entry submitted\.created\."):
        load_knowledge(knowledge_copy)


def test_placeholders_that_differ_between_languages_fail(knowledge_copy: Path) -> None:
    _edit(_texts(knowledge_copy), 'en: "Do you mean {name}?"', 'en: "Do you mean {naam}?"')
    with pytest.raises(
        KnowledgeError, match=r"texts\.yaml: entry form\.gemeente_one: .*placeholders differ"
    ):
        load_knowledge(knowledge_copy)


def test_an_answer_word_not_written_as_compared_fails(knowledge_copy: Path) -> None:
    _edit(_texts(knowledge_copy), "en: [cancel, /cancel, stop, quit]", "en: [Cancel!, stop]")
    with pytest.raises(
        KnowledgeError, match=r"texts\.yaml: entry answers\.cancel\.words: .*'Cancel!'"
    ):
        load_knowledge(knowledge_copy)


def test_a_word_that_picks_two_fields_fails(knowledge_copy: Path) -> None:
    _edit(
        _texts(knowledge_copy),
        "change_words: {nl: [rol], en: [role]}",
        "change_words: {nl: [rol], en: [name]}",
    )
    with pytest.raises(
        KnowledgeError, match=r"texts\.yaml: entry fields: .*'name' picks both name and role$"
    ):
        load_knowledge(knowledge_copy)


def test_a_missing_problem_text_fails(knowledge_copy: Path) -> None:
    _edit(
        _texts(knowledge_copy),
        "  email_no_at: {nl: In een e-mailadres staat een @., en: An e-mail address contains an @.}",  # noqa: E501
        "  # gone",
    )
    with pytest.raises(KnowledgeError, match=r"texts\.yaml: .*problems: missing email_no_at"):
        load_knowledge(knowledge_copy)


def test_a_missing_status_text_fails(knowledge_copy: Path) -> None:
    _edit(_texts(knowledge_copy), "    afgewezen: {nl: afgewezen, en: not placed}\n", "")
    with pytest.raises(KnowledgeError, match=r"texts\.yaml: .*statuses: missing afgewezen"):
        load_knowledge(knowledge_copy)


def test_an_unknown_text_entry_fails(knowledge_copy: Path) -> None:
    _edit(_texts(knowledge_copy), "  summary_title:", "  summary_titel:")
    with pytest.raises(KnowledgeError, match=r"texts\.yaml: entry form\.summary_t"):
        load_knowledge(knowledge_copy)


def test_a_missing_texts_file_fails(knowledge_copy: Path) -> None:
    _texts(knowledge_copy).unlink()
    with pytest.raises(KnowledgeError, match=r"kind 'texts' needs exactly one file"):
        load_knowledge(knowledge_copy)
