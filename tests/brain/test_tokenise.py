"""tokenise gives back plain words as they are without the number steps, and number words,
numbers said apart and ordinals as those steps make them, for every text of the material."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.brain import normalize
from bot.brain.normalize import tokenise

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
NUMBERS = [
    "tweeduizend tweeentwintig",
    "vierduizend vijfhonderd euro",
    "twenty three people came",
    "de vijfde dag, 5e dagdeel",
    "two thousand and eenendertig",
    "dagdeel vijf en zes, zesde",
]


def _number_steps(text: str) -> list[str]:
    """tokenise's every step, for every word."""
    words = normalize._TOKEN.findall(normalize._pre_tokenise(text))
    return list(map(normalize.number_token, normalize._joined_numbers(words)))


def _texts() -> list[str]:
    lines: set[str] = set()
    for path in sorted(KNOWLEDGE.glob("*.yaml")):
        lines.update(path.read_text(encoding="utf-8").splitlines())
    return sorted(lines)


@pytest.mark.parametrize("numbers", NUMBERS)
def test_number_words_go_through_the_number_steps(numbers: str) -> None:
    assert tokenise(numbers) == _number_steps(numbers)
    assert tokenise(numbers) != normalize._TOKEN.findall(normalize._pre_tokenise(numbers))


def test_every_line_of_the_material_tokenises_as_through_every_step() -> None:
    for text in _texts():
        assert tokenise(text) == _number_steps(text), text
        with_number = f"{text} en vijf"  # a plain line, then a number word
        assert tokenise(with_number) == _number_steps(with_number), with_number


# Ordinal endings, multipliers and Dutch tens inside plain words, number words, other words.
WORDS = ["5e", "21st", "3rd", "12de", "honderden", "duizenden", "dertigers", "vijftigplus"]
WORDS += ["tigtal", "2022", "#5", "eerste", "zeventien", "eenentwintig", "tweeduizend", "zoë"]


@pytest.mark.parametrize("word", WORDS)
def test_each_word_is_known_plain_only_when_the_number_steps_leave_it(word: str) -> None:
    assert tokenise(f"een {word} woord") == _number_steps(f"een {word} woord")
    assert tokenise(word) == _number_steps(word)


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("wp12 titel", ["wp", "12", "titel"]),
        ("spreker dd4", ["spreker", "dd", "4"]),
        ("dagdeel4", ["dagdeel", "4"]),
        ("covid19", ["covid", "19"]),
        ("2021/2", ["ronde2021x2"]),  # a round stays one token
    ],
)
def test_a_name_and_its_number_typed_as_one_word_are_two(text: str, tokens: list[str]) -> None:
    assert tokenise(text) == tokens
