"""Checks knowledge/projecten.yaml against its schema and, verbatim, against the source text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.brain.brain import Brain
from bot.brain.context import DialogueContext
from bot.knowledge.loader import load_knowledge
from bot.knowledge.schema import Project, Projecten

REPO_ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE_FILE = REPO_ROOT / "knowledge" / "projecten.yaml"
SOURCE_FILE = (
    REPO_ROOT / ".." / "shared" / "sources" / "ao-fonds-projecten-leiderschap-en-cultuur.txt"
)
EXPECTED_PROJECT_COUNT = 23
CONTACT_ROLES = {"Contactpersoon gemeente", "Projectleider gemeente"}
HEADING_ROUND = re.compile(r" - (\d{4}/\d)$")
# A summary must be in our own words: no run of this many words may come from the source.
MAX_COPIED_WORDS = 8


@pytest.fixture(scope="module")
def projecten() -> Projecten:
    """The validated knowledge file."""
    data = yaml.safe_load(KNOWLEDGE_FILE.read_text(encoding="utf-8"))
    return Projecten.model_validate(data)


@pytest.fixture(scope="module")
def source_lines() -> list[str]:
    """The source text as lines; skips the test when the shared sources are absent."""
    if not SOURCE_FILE.is_file():
        pytest.skip(f"source not available: {SOURCE_FILE}")
    return SOURCE_FILE.read_text(encoding="utf-8").splitlines()


def _source_headings(lines: list[str]) -> list[int]:
    """Indexes of project headings: the line four lines above each 'Project:' line."""
    return [i - 4 for i, line in enumerate(lines) if line.startswith("Project: ")]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def test_has_all_23_projects(projecten: Projecten) -> None:
    assert len(projecten.projects) == EXPECTED_PROJECT_COUNT


def test_source_has_23_projects(source_lines: list[str]) -> None:
    assert len(_source_headings(source_lines)) == EXPECTED_PROJECT_COUNT
    assert sum(line.startswith("Contactgegevens: ") for line in source_lines) == 23


def test_document_names_the_source(projecten: Projecten) -> None:
    assert projecten.document.id == "projecten"
    assert projecten.document.source_file == SOURCE_FILE.name
    assert "a&o fonds" in projecten.document.aliases


def test_every_source_project_is_covered_once(
    projecten: Projecten, source_lines: list[str]
) -> None:
    in_source = sorted(
        (source_lines[i + 2], source_lines[i + 4].removeprefix("Project: "))
        for i in _source_headings(source_lines)
    )
    in_knowledge = sorted((p.organisation, p.title) for p in projecten.projects)
    assert in_knowledge == in_source


def _block_start(project: Project, lines: list[str]) -> int:
    """Index of the project's 'Contactgegevens:' line, found by its e-mail and phone."""
    wanted = f"Contactgegevens: {project.contact.email} | {project.contact.phone}"
    hits = [i for i, line in enumerate(lines) if line == wanted]
    assert len(hits) == 1, f"{project.id}: {wanted!r} found {len(hits)} times in the source"
    return hits[0]


@pytest.mark.parametrize("index", range(EXPECTED_PROJECT_COUNT))
def test_project_fields_are_verbatim(
    index: int, projecten: Projecten, source_lines: list[str]
) -> None:
    project = projecten.projects[index]
    i = _block_start(project, source_lines)
    contact = project.contact
    assert contact.role in CONTACT_ROLES
    assert source_lines[i - 1] == f"{contact.role}: {contact.name}", project.id
    assert source_lines[i - 2] == f"Project: {project.title}", project.id
    assert source_lines[i - 4] == project.organisation, project.id
    assert source_lines[i + 1] == f"Thema: {project.theme}", project.id
    assert source_lines[i + 2] == f"Looptijd: {project.period}", project.id
    heading = source_lines[i - 6]
    if project.heading_title:  # the heading's own title ("Meierijstad: Leidinggevenden ...")
        assert heading.startswith(f"{project.place}: {project.heading_title}"), project.id
    match = HEADING_ROUND.search(heading)
    assert (match.group(1) if match else None) == project.round, f"{project.id}: {heading!r}"


@pytest.mark.parametrize("index", range(EXPECTED_PROJECT_COUNT))
def test_email_and_phone_occur_verbatim(
    index: int, projecten: Projecten, source_lines: list[str]
) -> None:
    text = "\n".join(source_lines)
    contact = projecten.projects[index].contact
    assert contact.email in text
    assert contact.phone in text


def test_years_cover_the_period(projecten: Projecten) -> None:
    for project in projecten.projects:
        named = sorted({int(y) for y in re.findall(r"\b(?:19|20)\d{2}\b", project.period)})
        assert named, f"{project.id}: no year in period {project.period!r}"
        expected = list(range(named[0], named[-1] + 1))
        assert project.years == expected, project.id


def test_known_odd_spellings_are_kept(projecten: Projecten) -> None:
    by_id = {p.id: p for p in projecten.projects}
    beuningen = by_id["beuningen-doorontwikkeling-zelforganisatie"].contact
    assert (beuningen.name, beuningen.email) == ("Valerie Jassen", "v.janssen@beuningen.nl")
    assert by_id["breda-leiderschapstraject"].contact.phone == "06 - 51 97 7 098"
    assert by_id["oisterwijk-waarmakers"].contact.email == "jessica.vanIersel@oisterwijk.nl"
    assert by_id["cnv-jongeren-mz-frontliners"].round is None
    assert by_id["meierijstad-leidinggevenden-in-beweging"].years == [2018, 2019]


def test_ids_are_slugs_and_tags_are_lower_case(projecten: Projecten) -> None:
    for project in projecten.projects:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", project.id), project.id
        assert 3 <= len(project.tags) <= 8, project.id
        assert len(set(project.tags)) == len(project.tags), project.id
        for tag in project.tags:
            assert tag == tag.lower().strip(), f"{project.id}: {tag!r}"
        for alias in project.aliases:
            assert alias == alias.lower().strip(), f"{project.id}: {alias!r}"


def test_topic_tags_users_search_by(projecten: Projecten) -> None:
    def places_tagged(tag: str) -> set[str]:
        return {p.place for p in projecten.projects if tag in p.tags}

    assert {"Beuningen", "Goirle", "Meierijstad"} <= places_tagged("zelforganisatie")
    assert {"Asten", "Capelle aan den IJssel"} <= places_tagged("leidinggeven op afstand")
    assert "SED Organisatie" in places_tagged("burgerparticipatie")
    assert "Utrechtse Heuvelrug" in places_tagged("co-creatie")
    assert places_tagged("medezeggenschap") == {"CNV Jongeren"}
    assert "Deurne" in places_tagged("verzuim")


def test_summaries_are_in_our_own_words(projecten: Projecten, source_lines: list[str]) -> None:
    source_words = " ".join(_words("\n".join(source_lines)))
    for project in projecten.projects:
        words = _words(project.summary)
        for start in range(len(words) - MAX_COPIED_WORDS + 1):
            run = " ".join(words[start : start + MAX_COPIED_WORDS])
            assert f" {run} " not in f" {source_words} ", f"{project.id} copies: {run!r}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Need the contact for Emmen's leadership development programme — name and phone please",
            "06 52 49 03 89",
        ),
        ("which municipalities had a project on leading remotely?", "Capelle aan den IJssel"),
        (
            "Could you give me the contact person and phone number for the Tilburg team leader "
            "programme?",
            "06 - 51 40 55 73",
        ),
    ],
)
def test_a_project_is_named_by_its_title_in_english(text: str, expected: str) -> None:
    brain = Brain(load_knowledge())
    reply = brain.answer(text, DialogueContext()).reply
    assert reply.matched and expected in reply.text


def test_a_project_the_heading_names_otherwise_shows_both_titles() -> None:
    brain = Brain(load_knowledge())
    reply = brain.answer(
        "Welk project heeft een video van het A&O fondsen Festival?", DialogueContext()
    )
    assert reply.reply.matched
    assert (
        "Leidinggevenden Meierijstad in beweging (Leidinggevenden in beweging)" in reply.reply.text
    )
