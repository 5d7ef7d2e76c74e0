"""Load and validate the YAML knowledge base once; every mistake names its file and entry."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.domain import Contact, ProgrammeRules, Role
from bot.knowledge.parse_cache import cached_parse
from bot.knowledge.schema import (
    Calibration,
    Document,
    Fact,
    FactSheet,
    Gemeenten,
    Intents,
    Labels,
    Leernetwerk,
    Municipality,
    Normalisation,
    Projecten,
    Verandertoolkit,
    Vocabulary,
)
from bot.knowledge.texts import Texts

DEFAULT_KNOWLEDGE_DIR = Path(__file__).resolve().parents[2] / "knowledge"

ModelT = TypeVar("ModelT", bound=BaseModel)
# libyaml's safe loader when available (several times faster), else the pure-Python one.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """The safe loader, but a key written twice in one mapping is an error (not last-wins)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:  # an unhashable key: the base class reports it
                break
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


def yaml_error_line(file_name: str, exc: yaml.YAMLError) -> str:
    """One line for a YAML error: file, line, column and what is wrong."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or str(exc)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    return f"{file_name}: not valid YAML{where}: {' '.join(str(problem).split())}"


class KnowledgeError(Exception):
    """The knowledge base is wrong: the message names the file, the entry and the reason."""


@dataclass(slots=True)
class KnowledgeBase:
    """Every validated knowledge file, plus indexes used by the brain."""

    leernetwerk: Leernetwerk
    toolkit: Verandertoolkit
    projecten: Projecten
    sheets: list[FactSheet]
    intents: Intents
    vocabulary: Vocabulary
    normalisation: Normalisation
    calibration: Calibration
    labels: Labels
    texts: Texts
    municipalities: list[Municipality] = field(default_factory=list)

    @property
    def programme_rules(self) -> ProgrammeRules:
        """The Leernetwerk's sign-up rules and contact."""
        return programme_rules(self.leernetwerk)

    @property
    def gemeenten(self) -> list[str]:
        """The names of every Dutch municipality (gemeenten.yaml)."""
        return [municipality.name for municipality in self.municipalities]

    @property
    def documents(self) -> list[Document]:
        """All source documents."""
        return [
            self.leernetwerk.document,
            self.toolkit.document,
            self.projecten.document,
            *(sheet.document for sheet in self.sheets),
        ]

    def facts(self) -> list[tuple[Document, Fact]]:
        """Every document-level fact with its document."""
        pairs: list[tuple[Document, Fact]] = []
        pairs += [(self.leernetwerk.document, f) for f in self.leernetwerk.facts]
        pairs += [(self.toolkit.document, f) for f in self.toolkit.facts]
        pairs += [(self.projecten.document, f) for f in self.projecten.facts]
        for sheet in self.sheets:
            pairs += [(sheet.document, f) for f in sheet.facts]
        return pairs

    def document(self, doc_id: str) -> Document:
        """The document with id `doc_id`."""
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KnowledgeError(f"{path.name}: file is missing") from None
    try:
        return cached_parse(path.name, text, _parse, _PARSER_ID)
    except yaml.YAMLError as exc:
        raise KnowledgeError(yaml_error_line(path.name, exc)) from None


def _parse(text: str) -> Any:
    return yaml.load(text, Loader=_StrictLoader)


# What the parsed data depends on besides the text: PyYAML (and libyaml) and this module.
_PARSER_ID = f"{yaml.__version__} {_BaseLoader.__name__}".encode() + Path(__file__).read_bytes()


def _entry_label(data: Any, loc: tuple[int | str, ...]) -> str:
    """Describe where an error is: the path, plus the id/number/title of the nearest entry."""
    label = ""
    node = data
    parts: list[str] = []
    for key in loc:
        parts.append(f"[{key}]" if isinstance(key, int) else f".{key}" if parts else str(key))
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict):
            for name_key in ("id", "number", "letter", "title", "name"):
                if isinstance(node.get(name_key), (str, int)):
                    label = f" ({name_key} {node[name_key]!r})"
                    break
    return "".join(parts) + label


def _validate(
    model: type[ModelT], path: Path, data: Any = None, values: Mapping[str, str] | None = None
) -> ModelT:
    """`path`'s YAML (or its already read `data`) validated against `model`, with `kind`
    dropped and the `{contact.*}` placeholders of `values` filled in."""
    if data is None:
        data = _read_yaml(path)
    if isinstance(data, dict):
        data = {key: value for key, value in data.items() if key != "kind"}
    if values:
        data = fill_placeholders(data, values)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = _entry_label(data, tuple(first["loc"])) or "top level"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise KnowledgeError(f"{path.name}: entry {where}: {first['msg']}{more}") from None


def fill_placeholders(node: Any, values: Mapping[str, str]) -> Any:
    """Every "{contact.phone}"-style placeholder in the strings of `node` replaced."""
    if isinstance(node, str):
        if "{" not in node:
            return node
        for name, value in values.items():
            node = node.replace("{" + name + "}", value)
        return node
    if isinstance(node, dict):
        return {key: fill_placeholders(value, values) for key, value in node.items()}
    if isinstance(node, list):
        return [fill_placeholders(item, values) for item in node]
    return node


def placeholder_values(leernetwerk: Any) -> dict[str, str]:
    """ "{contact.email}" and friends -> their values, from leernetwerk.yaml's data."""
    contact = leernetwerk.get("contact") if isinstance(leernetwerk, dict) else None
    if not isinstance(contact, dict):
        return {}
    return {f"contact.{key}": str(value) for key, value in contact.items()}


def programme_rules(leernetwerk: Leernetwerk) -> ProgrammeRules:
    """The sign-up rules and contact of knowledge/leernetwerk.yaml as domain values."""
    rules, contact = leernetwerk.signup, leernetwerk.contact
    return ProgrammeRules(
        max_gemeenten=rules.max_gemeenten,
        max_per_gemeente=rules.per_gemeente,
        roles=tuple(Role(r.id, r.label, tuple(r.keywords)) for r in rules.roles),
        contact=Contact(contact.organisation, contact.email, contact.person, contact.phone),
    )


@cache
def default_programme_rules() -> ProgrammeRules:
    """The repository's rules (knowledge/leernetwerk.yaml), read once; the assistant uses
    those of its own knowledge base."""
    return programme_rules(_validate(Leernetwerk, DEFAULT_KNOWLEDGE_DIR / "leernetwerk.yaml"))


@cache
def default_texts() -> Texts:
    """The repository's user texts (knowledge/texts.yaml), read once; the assistant uses those
    of its own knowledge base."""
    values = placeholder_values(_read_yaml(DEFAULT_KNOWLEDGE_DIR / "leernetwerk.yaml"))
    return _validate(Texts, DEFAULT_KNOWLEDGE_DIR / "texts.yaml", values=values)


def load_gemeenten(directory: Path | None = None) -> list[Municipality]:
    """The validated municipality list of `directory` (default: the repo's knowledge/)."""
    return _validate(Gemeenten, (directory or DEFAULT_KNOWLEDGE_DIR) / "gemeenten.yaml").gemeenten


# Every knowledge file names its kind; the loader finds the files itself. A new document is a
# new YAML file with `kind: factsheet`. Kinds read by other code are listed as such.
SINGLE_KINDS: dict[str, type[BaseModel]] = {
    "leernetwerk": Leernetwerk,
    "toolkit": Verandertoolkit,
    "projecten": Projecten,
    "intents": Intents,
    "vocabulary": Vocabulary,
    "normalisation": Normalisation,
    "calibration": Calibration,
    "labels": Labels,
    "gemeenten": Gemeenten,
    "texts": Texts,
}
FACTSHEET = "factsheet"
READ_ELSEWHERE = frozenset({"source_facts_ignore"})  # bot/brain/source_facts.py


def discover(root: Path) -> dict[str, list[tuple[Path, Any]]]:
    """The YAML files of `root` by their `kind`, each with its data."""
    known = {*SINGLE_KINDS, FACTSHEET, *READ_ELSEWHERE}
    found: dict[str, list[tuple[Path, Any]]] = {}
    for path in sorted(root.glob("*.yaml")):
        data = _read_yaml(path)
        kind = data.get("kind") if isinstance(data, dict) else None
        if kind not in known:
            raise KnowledgeError(
                f"{path.name}: entry kind: {kind!r} is no known kind ({', '.join(sorted(known))})"
            )
        found.setdefault(kind, []).append((path, data))
    for kind in SINGLE_KINDS:
        files = found.get(kind, [])
        if len(files) != 1:
            names = ", ".join(path.name for path, _ in files) or "none"
            raise KnowledgeError(f"kind {kind!r} needs exactly one file in {root}, found {names}")
    return found


def load_knowledge(directory: Path | None = None) -> KnowledgeBase:
    """Load and validate every knowledge file in `directory` (default: the repo's knowledge/),
    each found by its `kind`."""
    root = directory or DEFAULT_KNOWLEDGE_DIR
    found = discover(root)
    [(_, leernetwerk)] = found["leernetwerk"]
    values = placeholder_values(leernetwerk)

    def single(kind: str) -> Any:
        [(path, data)] = found[kind]
        return _validate(SINGLE_KINDS[kind], path, data, values)

    kb = KnowledgeBase(
        leernetwerk=single("leernetwerk"),
        toolkit=single("toolkit"),
        projecten=single("projecten"),
        sheets=[_validate(FactSheet, p, d, values) for p, d in found.get(FACTSHEET, [])],
        intents=single("intents"),
        vocabulary=single("vocabulary"),
        normalisation=single("normalisation"),
        calibration=single("calibration"),
        labels=single("labels"),
        texts=single("texts"),
        municipalities=single("gemeenten").gemeenten,
    )
    _check_references(kb)
    return kb


def _check_references(kb: KnowledgeBase) -> None:
    seen: dict[str, str] = {}
    for doc, fact in kb.facts():
        if fact.id in seen:
            raise KnowledgeError(
                f"{doc.id}.yaml: entry fact {fact.id!r}: id already used in {seen[fact.id]}.yaml"
            )
        seen[fact.id] = doc.id
    months = set(kb.normalisation.months.values())
    if set(kb.labels.english_months) != months:
        raise KnowledgeError(
            "labels.yaml: entry english_months: needs exactly the months of normalisation.yaml "
            f"({', '.join(sorted(months ^ set(kb.labels.english_months)))} differ)"
        )
    intent_ids: set[str] = set()
    document_ids = {doc.id for doc in kb.documents}
    if kb.normalisation.default_document not in document_ids:
        raise KnowledgeError(
            "normalisation.yaml: entry default_document: unknown document "
            f"{kb.normalisation.default_document!r}"
        )
    for intent in kb.intents.intents:
        if intent.document is not None and intent.document not in document_ids:
            raise KnowledgeError(
                f"intents.yaml: entry intent {intent.id!r}: unknown document {intent.document!r}"
            )
        if intent.id in intent_ids or intent.id in seen:
            raise KnowledgeError(f"intents.yaml: entry intent {intent.id!r}: duplicate id")
        intent_ids.add(intent.id)
