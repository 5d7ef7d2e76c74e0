"""Which facts of the source texts the knowledge base lacks.

A fact is an e-mail address, a phone number, a date, a number or a proper name in
../shared/sources/*.txt. Each must occur somewhere in knowledge/*.yaml (any string value,
compared case- and accent-insensitively, numbers with their separators). Genuine non-facts (a
form label, a word that is only capitalised) are listed, with a reason, in
knowledge/source_facts_ignore.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import yaml
from pydantic import ValidationError

from bot.brain.word_classes import is_common_word
from bot.knowledge.loader import (
    DEFAULT_KNOWLEDGE_DIR,
    KnowledgeError,
    fill_placeholders,
    placeholder_values,
)
from bot.knowledge.schema import SourceFactsIgnore
from bot.text import fold

DEFAULT_SOURCES_DIR = DEFAULT_KNOWLEDGE_DIR.parents[1] / "shared" / "sources"
IGNORE_FILE = "source_facts_ignore.yaml"

_MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Dutch phone numbers: 0 and 9 more digits, grouped by spaces and dashes.
_PHONE = re.compile(r"(?<![\d/])0\d(?:[ -]*\d){8}(?![\d/])")
_DATE = re.compile(
    rf"\b(?:\d{{1,2}} (?:{_MONTHS})(?: \d{{4}})?|(?:{_MONTHS}) \d{{4}}|\d{{2}}-\d{{2}}-\d{{4}})\b",
    re.IGNORECASE,
)
# Numbers with their inner separators: "109.000", "4500,00", "18:30", "2021/2", "80%".
_NUMBER = re.compile(r"(?<![\w])\d+(?:[.,:/]\d+)*%?")
# A name: capitalised words, joined by the particles Dutch names use.
_NAME = re.compile(
    r"\b[A-Z][\w&'’-]*(?:\s+(?:(?:van|der|den|de|op|het|ter|aan|voor|en|in|&)\s+)*"
    r"[A-Z][\w&'’-]*)*",
)
_NAME_JOINS = re.compile(r"\s+(?:en|&|in|van|voor|bij|aan)\s+")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;•–\-\d)\]]\s*|\n\s*|[“‘'\"(]\s*)$")


@dataclass(frozen=True, slots=True)
class SourceFact:
    """One fact of a source text: its kind, its text and where it is."""

    kind: str  # "email", "phone", "date", "number", "name"
    value: str
    source: str  # file name
    line: int


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", fold(text).replace("’", "'"))


def _strings(node: Any) -> list[str]:
    """Every string value (and key) of a YAML tree."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(node, list):
        return [s for item in node for s in _strings(item)]
    return [str(node)] if isinstance(node, int | float) else []


def knowledge_text(directory: Path) -> str:
    """All text of the knowledge base, folded, one string value per line."""
    values: list[str] = []
    leernetwerk = directory / "leernetwerk.yaml"
    filled = (
        placeholder_values(yaml.safe_load(leernetwerk.read_text("utf-8")))
        if leernetwerk.exists()
        else {}
    )
    for path in sorted(directory.glob("*.yaml")):
        if path.name == IGNORE_FILE:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        values += _strings(fill_placeholders(data, filled))  # as the loader reads them
    return "\n".join(_fold(v) for v in values)


def load_ignore(directory: Path) -> dict[str, str]:
    """The ignore list: value -> reason. A wrong entry fails loudly."""
    path = directory / IGNORE_FILE
    if not path.exists():
        return {}
    try:
        data = SourceFactsIgnore.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise KnowledgeError(f"{IGNORE_FILE}: {exc}") from None
    return {entry.value: entry.reason for entry in data.ignore}


def extract_facts(text: str, source: str) -> list[SourceFact]:
    """Every e-mail address, phone number, date, number and proper name in `text`."""
    facts: list[SourceFact] = []
    for number, line in enumerate(text.splitlines(), start=1):
        taken: list[tuple[int, int]] = []

        def add(
            kind: str,
            match: re.Match[str],
            value: str = "",
            number: int = number,
            taken: list[tuple[int, int]] = taken,
        ) -> None:
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                return
            taken.append((start, end))
            value = (value or match.group()).strip(" ’'\"")
            facts.append(SourceFact(kind, value, source, number))

        for match in _EMAIL.finditer(line):
            add("email", match)
        for match in _PHONE.finditer(line):
            add("phone", match)
        for match in _DATE.finditer(line):
            add("date", match)
        for match in _NUMBER.finditer(line):
            add("number", match)
        for match in _NAME.finditer(line):
            words = match.group().split()
            # A capitalised word that starts a sentence is an ordinary word, unless rare.
            if _SENTENCE_START.search(line[: match.start()]) and is_common_word(words[0].lower()):
                words = words[1:]
                while words and words[0].islower():
                    words = words[1:]
            if words:
                add("name", match, " ".join(words))
    return facts


def _squash(text: str) -> str:
    return re.sub(r"[\W_]", "", text)


def _present(fact: SourceFact, kb: str, kb_digits: str, kb_squashed: str) -> bool:
    value = _fold(fact.value)
    if fact.kind == "phone":
        return re.sub(r"\D", "", value) in kb_digits
    if fact.kind == "name":
        # Each name of "Thom Verheggen en Wouter Hart" on its own, spaces and dashes ignored.
        parts = _NAME_JOINS.split(value)
        return all(_squash(part) in kb_squashed for part in parts)
    if fact.kind == "number":
        return re.search(rf"(?<![\d]){re.escape(value)}(?![\d])", kb) is not None
    return value in kb


def missing_facts(
    sources: Path = DEFAULT_SOURCES_DIR, knowledge: Path = DEFAULT_KNOWLEDGE_DIR
) -> list[SourceFact]:
    """The facts of every source text that the knowledge base lacks (ignore list applied)."""
    kb = knowledge_text(knowledge)
    kb_digits = "\n".join(re.sub(r"\D", "", line) for line in kb.splitlines())
    kb_squashed = "\n".join(_squash(line) for line in kb.splitlines())
    ignore = {_fold(v) for v in load_ignore(knowledge)}
    missing: list[SourceFact] = []
    seen: set[tuple[str, str]] = set()
    for path in sorted(sources.glob("*.txt")):
        for fact in extract_facts(path.read_text(encoding="utf-8"), path.name):
            key = (fact.kind, _fold(fact.value))
            if key in seen or key[1] in ignore:
                continue
            seen.add(key)
            if not _present(fact, kb, kb_digits, kb_squashed):
                missing.append(fact)
    return missing


def report_missing(
    out: TextIO, sources: Path = DEFAULT_SOURCES_DIR, knowledge: Path = DEFAULT_KNOWLEDGE_DIR
) -> int:
    """Print every source fact the knowledge base lacks; the count (0 without the sources)."""
    if not sources.is_dir():
        out.write(f"Source facts: skipped ({sources} not found).\n")
        return 0
    missing = missing_facts(sources, knowledge)
    for fact in missing:
        out.write(f"MISSING {fact.kind} {fact.value!r} ({fact.source}:{fact.line})\n")
    out.write(f"{len(missing)} fact(s) of the sources missing from the knowledge base.\n")
    return len(missing)
