"""Python holds no word lists: the words the bot understands or shows live in knowledge/ YAML,
validated at load. A scan of bot/ finds literal collections of plain lowercase words; each one
left is named below with the reason it is no language data (or is known debt, to be moved)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.brain.brain import Brain
from bot.brain.context import DialogueContext
from bot.knowledge.loader import KnowledgeError, load_knowledge

BOT = Path(__file__).resolve().parents[1] / "bot"
# A plain lowercase word or phrase ("daarvan", "op de wachtlijst"); not keys like "bench-web".
WORD = re.compile(r"^[a-zà-ÿ]+(?: [a-zà-ÿ]+)*$")
MIN_WORDS = 4  # fewer is a pair of labels, not a list

# Collections of identifiers, not language: where they are and why they may stay.
IDENTIFIERS = {
    ("brain/answers/__init__.py", "Answers.__init__"): "composer per entity kind",
    ("brain/answers/base.py", "ATTRIBUTE_CONCEPTS"): "vocabulary.yaml concept ids -> attributes",
    ("brain/answers/base.py", "CARD_ATTRIBUTES"): "attribute ids",
    ("brain/subject_readings.py", "KIND_WORDS"): "vocabulary.yaml concept ids",
    ("brain/entities.py", "HOME_DOCUMENT"): "entity kinds -> document ids",
    ("brain/dialogue.py", "SENTENCE_CONCEPTS"): "vocabulary.yaml concept ids",
    ("brain/dialogue.py", "REQUEST_CONCEPTS"): "vocabulary.yaml concept ids",
    ("brain/entities.py", "_NUMBERED_KINDS"): "concept ids -> entity kinds",
    ("brain/entities.py", "NUMBERED_IN_DOCUMENT"): "document ids -> entity kinds",
    ("brain/lexicon.py", "Lexicon._add_keywords"): "entity kinds and document ids",
    ("brain/matcher.py", "DESCRIPTIVE_KINDS"): "entity kinds",
    ("brain/pick_readers.py", "MEASURE_CONCEPTS"): "vocabulary.yaml concept ids",
    ("brain/references.py", "ENTITY_KINDS"): "entity kinds",
    ("brain/statements.py", "QUESTION_CONCEPTS"): "vocabulary.yaml concept ids",
    ("brain/statement_scope.py", "KIND_CUES"): "concept ids -> entity kinds",
    ("channels/batch.py", "*"): "JSON field names",
    ("cli/__init__.py", "*"): "command names",
    ("cli/bench_outbox.py", "*"): "report field names",
    ("cli/bench_telegram.py", "*"): "Bot API field names",
    ("handoff/desk.py", "HandoffDesk.after_brain"): "log field names",
    ("knowledge/loader.py", "*"): "knowledge kinds and field names",
    ("signup/form.py", "*"): "state field names",
    ("signup/notices.py", "*"): "JSON field names",
    ("web/app.py", "*"): "JSON field names",
    ("web/transcript.py", "*"): "JSON field names",
}
# Word lists still in Python, to be moved into knowledge/ (issue 7). This list only shrinks.
NOT_YET_MOVED = {
    ("brain/word_classes.py", "INFLECTIONS"): "Dutch word endings",
    ("brain/normalize.py", "_CARDINALS"): "number words",
    ("brain/normalize.py", "_ORDINALS"): "ordinal words",
}


class _Finder(ast.NodeVisitor):
    """Literal collections of at least MIN_WORDS plain words, with the name they sit under."""

    def __init__(self) -> None:
        self.scope: list[str] = []
        self.found: list[tuple[str, list[str]]] = []

    def _named(self, name: str, node: ast.AST) -> None:
        self.scope.append(name)
        self.generic_visit(node)
        self.scope.pop()

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._named(node.name, node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._named(node.name, node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._named(node.name, node)

    def visit_Assign(self, node: ast.Assign) -> None:
        targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
        if targets and not self.scope:
            self._named(targets[0], node)
        else:
            self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if isinstance(node.target, ast.Name) and not self.scope:
            self._named(node.target.id, node)
        else:
            self.generic_visit(node)

    def generic_visit(self, node: ast.AST) -> None:
        elements: list[ast.expr | None] = []
        if isinstance(node, ast.Dict):
            elements = [*node.keys, *node.values]
        elif isinstance(node, (ast.Set, ast.List, ast.Tuple)):
            elements = list(node.elts)
        words = [
            e.value
            for e in elements
            if isinstance(e, ast.Constant) and isinstance(e.value, str) and WORD.match(e.value)
        ]
        if len(words) >= MIN_WORDS:
            self.found.append((".".join(self.scope) or "<module>", words))
        super().generic_visit(node)


def word_lists() -> Iterator[tuple[str, str, list[str]]]:
    """(module path under bot/, enclosing name, words) for every literal word collection."""
    for path in sorted(BOT.rglob("*.py")):
        finder = _Finder()
        finder.visit(ast.parse(path.read_text(encoding="utf-8")))
        for name, words in finder.found:
            yield path.relative_to(BOT).as_posix(), name, words


def _allowed(module: str, name: str) -> bool:
    known = IDENTIFIERS | NOT_YET_MOVED
    return (module, name) in known or (module, "*") in known


def test_python_holds_no_new_word_lists() -> None:
    found = [f"bot/{m} {n}: {w[:6]}" for m, n, w in word_lists() if not _allowed(m, n)]
    assert found == [], "word lists belong in knowledge/ YAML:\n" + "\n".join(found)


def test_the_scan_sees_a_word_list() -> None:
    source = 'PRONOUNS = {"hij", "zij", "hem", "haar"}\nKEYS = ("id", "text")\n'
    finder = _Finder()
    finder.visit(ast.parse(source))
    assert finder.found == [("PRONOUNS", ["hij", "zij", "hem", "haar"])]


def test_every_allowance_still_matches_something() -> None:
    seen = {(m, n) for m, n, _ in word_lists()} | {(m, "*") for m, _, _ in word_lists()}
    stale = sorted(key for key in IDENTIFIERS | NOT_YET_MOVED if key not in seen)
    assert stale == [], f"remove these allowances, their lists are gone: {stale}"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_month_mapped_to_no_dutch_month_fails_at_load(knowledge_copy: Path) -> None:
    _edit(knowledge_copy / "normalisation.yaml", "  june: juni\n", "  june: junie\n")
    with pytest.raises(KnowledgeError, match=r"normalisation\.yaml: .*months"):
        load_knowledge(knowledge_copy)


def test_an_english_month_label_missing_fails_at_load(knowledge_copy: Path) -> None:
    _edit(knowledge_copy / "labels.yaml", "  juni: June\n", "")
    with pytest.raises(KnowledgeError, match=r"labels\.yaml: entry english_months"):
        load_knowledge(knowledge_copy)


def test_english_labels_come_from_the_knowledge_base(knowledge_copy: Path) -> None:
    _edit(knowledge_copy / "labels.yaml", "Thursday morning", "Thursday forenoon")
    _edit(knowledge_copy / "labels.yaml", "  mei: May\n", "  mei: Maytime\n")
    brain = Brain(load_knowledge(knowledge_copy))
    reply = brain.answer("When is dagdeel 5?", DialogueContext()).reply
    assert "Thursday forenoon 19 mei (19 Maytime)" in reply.text
