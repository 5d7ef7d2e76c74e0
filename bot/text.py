"""The one text normaliser every package uses to compare what people type: case and accents
folded away (é -> e, ĳ -> ij), and for word comparisons punctuation as spaces."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Combining marks are never ASCII: only the other characters need a look.
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _unless_combining(match: re.Match[str]) -> str:
    return "" if unicodedata.combining(match.group()) else match.group()


def fold(text: str) -> str:
    """Lower-case (casefold) and strip accents: "Één Café" -> "een cafe"."""
    if text.isascii():
        return text.lower()  # (what casefolding and decomposing leave of ASCII)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if decomposed.isascii():
        return decomposed
    return _NON_ASCII.sub(_unless_combining, decomposed)


def words(text: str, keep: str = "") -> str:
    """`text` folded, every character that is no letter, digit or space (nor in `keep`) made
    a space, "_" included, and runs of spaces collapsed: "Iets-wijzigen!" -> "iets wijzigen"."""
    kept = re.escape(keep) if keep else ""
    spaced = re.sub(rf"[^\w\s{kept}]|_", " ", fold(text))
    return _SPACES.sub(" ", spaced).strip()
