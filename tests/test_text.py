"""The one text normaliser (bot/text.py) and the places that compare typed text through it."""

from __future__ import annotations

import ast
from pathlib import Path

from bot.signup.fields import simplify
from bot.signup.municipalities import normalise
from bot.storage.sqlite_unanswered import question_group_key
from bot.text import fold, words

BOT = Path(__file__).resolve().parents[1] / "bot"


def test_fold_and_words() -> None:
    assert fold("Één Café ĳs") == "een cafe ijs"
    assert words("  Iets-wijzigen!!  Nú_graag ") == "iets wijzigen nu graag"
    assert words("ja/nee [e-mail]", keep="/[]") == "ja/nee [e mail]"


def test_every_caller_folds_the_same_way() -> None:
    typed = "Bevestigen, ÁUB!"
    assert simplify(typed) == question_group_key(typed) == normalise(typed) == "bevestigen aub"


def test_accent_folding_is_written_once() -> None:
    """Only bot/text.py decomposes characters to strip accents."""
    folding = []
    for path in BOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "combining":
                folding.append(str(path.relative_to(BOT)))
    assert folding == ["text.py"]
