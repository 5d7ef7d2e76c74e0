"""A message that is only a number: what carries that number in the material."""

from __future__ import annotations

from bot.domain import Choice, CoreIntent, Reply
from bot.knowledge.loader import KnowledgeBase


def only_number(text: str) -> int | None:
    """The number when `text` is nothing but a whole number ("5", " 12. "), else None."""
    stripped = text.strip().rstrip(".?!")
    return int(stripped) if stripped.isdigit() and len(stripped) <= 6 else None


def which_number(kb: KnowledgeBase, number: int) -> Reply:
    """The dagdelen and werkpakketten numbered `number` as choices; else what exists."""
    choices = [
        Choice(f"Dagdeel {d.number}: {d.title}", f"dagdeel {d.number}")
        for d in kb.leernetwerk.dagdelen
        if d.number == number
    ] + [
        Choice(f"Werkpakket {w.number}: {w.title}", f"werkpakket {w.number}")
        for w in kb.toolkit.werkpakketten
        if w.number == number
    ]
    if choices:
        return Reply(
            text=f"Wat bedoel je met {number}? Kies er een:",
            matched=False,
            intent=CoreIntent.SUGGESTIONS,
            choices=choices,
        )
    return Reply(
        text=f"Wat bedoel je met {number}? Het Leernetwerk heeft "
        f"{len(kb.leernetwerk.dagdelen)} dagdelen en de toolkit "
        f"{len(kb.toolkit.werkpakketten)} werkpakketten; noem er een, bijvoorbeeld "
        '"dagdeel 2" of "werkpakket 5".',
        matched=False,
        intent=CoreIntent.UNKNOWN,
    )
