"""The one text normaliser every package uses to compare what people type: case and accents
folded away (é -> e, ĳ -> ij), and for word comparisons punctuation as spaces."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case (casefold) and strip accents: "Één Café" -> "een cafe"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str, keep: str = "") -> str:
    """`text` folded, every character that is no letter, digit or space (nor in `keep`) made
    a space, "_" included, and runs of spaces collapsed: "Iets-wijzigen!" -> "iets wijzigen"."""
    kept = re.escape(keep) if keep else ""
    spaced = re.sub(rf"[^\w\s{kept}]|_", " ", fold(text))
    return _SPACES.sub(" ", spaced).strip()
