"""What the material says near a question that no answer is sure of.

When the brain can't answer with confidence (it says it doesn't know, offers "Bedoelde je",
or finds that the near answer leaves part of the question unexplained), the statements of the
entity the question names that share a word with it are shown, best first. The reply stays
unmatched: it says plainly that these sentences are what the material holds nearby, not a
sure answer, and the user reads them.
"""

from __future__ import annotations

from dataclasses import replace
from enum import Enum

from bot.brain.statement_parts import StatementHit
from bot.domain import Reply


class Placement(Enum):
    """Where the related statements go in an unsure reply."""

    INSTEAD = "instead"  # instead of a plain "I don't know"
    BEFORE = "before"  # before the "Bedoelde je" suggestions
    AFTER = "after"  # after "that isn't in the material (nothing about: ...)"


def with_related(
    reply: Reply, hits: list[StatementHit], english: bool, placement: Placement
) -> Reply:
    """`reply` (unmatched) with the statements related to its question."""
    if not hits or reply.matched or reply.action is not None:
        return reply
    labels = list(dict.fromkeys(h.entry.label or h.entry.source for h in hits))
    sources = {h.entry.source for h in hits}
    if len(labels) == 1:
        lead = (
            f"I'm not sure I can answer exactly that. What the material says about {labels[0]} "
            "that seems closest:"
            if english
            else f"Precies dit kan ik niet met zekerheid beantwoorden. Dit zegt het materiaal "
            f"over {labels[0]} dat er het dichtst bij ligt:"
        )
        lines = [_statement(h, english) for h in hits]
    else:
        lead = (
            "I'm not sure I can answer exactly that. What the material says nearby:"
            if english
            else "Precies dit kan ik niet met zekerheid beantwoorden. Dit zegt het materiaal "
            "er het dichtst bij:"
        )
        lines = [f"{h.entry.label or h.entry.source}: {_statement(h, english)}" for h in hits]
    block = lead + "\n" + "\n".join(f"- {line}" for line in lines)
    if len(sources) == 1:
        source_label = "Source" if english else "Bron"
        block += f"\n\n{source_label}: {next(iter(sources))}"
    if placement is Placement.INSTEAD:
        text = block
    elif placement is Placement.BEFORE:
        text = f"{block}\n\n{reply.text}"
    else:
        text = f"{reply.text}\n\n{block}"
    return replace(reply, text=text)


def _statement(hit: StatementHit, english: bool) -> str:
    return hit.entry.statement.en if english else hit.entry.statement.nl
