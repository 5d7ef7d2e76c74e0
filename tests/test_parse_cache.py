"""The parsed-YAML cache (bot/knowledge/parse_cache.py): the same data as parsing, parsing
skipped for an unchanged file, and no failure where nothing can be stored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.knowledge.loader import DEFAULT_KNOWLEDGE_DIR, load_knowledge
from bot.knowledge.parse_cache import MAX_VERSIONS, cached_parse

PARSER = b"test parser"


def _parse(text: str) -> Any:
    return yaml.safe_load(text)


def _never(text: str) -> Any:
    raise AssertionError("parsed again")


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_an_unchanged_file_is_read_back_as_it_parsed() -> None:
    text = (DEFAULT_KNOWLEDGE_DIR / "projecten.yaml").read_text(encoding="utf-8")
    first = cached_parse("projecten.yaml", text, _parse, PARSER)
    again = cached_parse("projecten.yaml", text, _never, PARSER)
    assert first == again == yaml.safe_load(text)


def test_a_changed_text_or_parser_is_parsed_again() -> None:
    cached_parse("x.yaml", "a: 1\n", _parse, PARSER)
    assert cached_parse("x.yaml", "a: 2\n", _parse, PARSER) == {"a": 2}
    assert cached_parse("x.yaml", "a: 2\n", lambda t: "new parser", b"other") == "new parser"


def test_a_date_is_parsed_every_time(cache_home: Path) -> None:
    assert cached_parse("d.yaml", "day: 2024-01-01\n", _parse, PARSER)["day"].year == 2024
    assert not list((cache_home / "wvdb-bot").glob("d.yaml*"))


def test_no_writable_cache_still_loads(cache_home: Path) -> None:
    cache_home.write_text("a file where the cache directory would be")
    kb = load_knowledge()
    assert len(kb.projecten.projects) == len(load_knowledge().projecten.projects) > 0


def test_two_versions_of_a_file_stay_stored_side_by_side() -> None:
    """Checkouts (or test copies) of two versions of a file don't push each other out."""
    assert cached_parse("v.yaml", "a: 1\n", _parse, PARSER) == {"a": 1}
    assert cached_parse("v.yaml", "a: 2\n", _parse, PARSER) == {"a": 2}
    assert cached_parse("v.yaml", "a: 1\n", _never, PARSER) == {"a": 1}
    assert cached_parse("v.yaml", "a: 2\n", _never, PARSER) == {"a": 2}


def test_only_the_versions_used_last_are_kept(cache_home: Path) -> None:
    cached_parse("k.yaml", "a: 0\n", _parse, PARSER)
    for n in range(1, MAX_VERSIONS + 3):
        cached_parse("k.yaml", f"a: {n}\n", _parse, PARSER)
        cached_parse("k.yaml", "a: 0\n", _never, PARSER)  # version 0 is used every time
    assert len(list((cache_home / "wvdb-bot").glob("k.yaml.*.marshal"))) == MAX_VERSIONS
    assert cached_parse("k.yaml", "a: 0\n", _never, PARSER) == {"a": 0}
    assert cached_parse("k.yaml", f"a: {MAX_VERSIONS + 2}\n", _never, PARSER)
    assert cached_parse("k.yaml", "a: 1\n", _parse, PARSER) == {"a": 1}  # pushed out
