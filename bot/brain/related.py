"""What the material says near a question: beside an unsure reply, or added to a card.

When the brain can't answer with confidence (it says it doesn't know, offers "Bedoelde je",
or finds that the near answer leaves part of the question unexplained), the statements of the
entity the question names that share a word with it are shown, best first. The reply stays
unmatched: it says plainly that these sentences are what the material holds nearby, not a
sure answer, and the user reads them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from enum import Enum

from bot.brain.statement_parts import Entry, StatementHit
from bot.domain import Reply

# A statement of the answered entity this good is added to its card ...
DETAIL_SCORE = 0.35
# ... unless the card already holds this share of its words.
SAID_SHARE = 0.6


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
    labels = list(dict.fromkeys(h.entry.name(english) for h in hits))
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
        lines = [f"{h.entry.name(english)}: {_statement(h, english)}" for h in hits]
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


def with_detail(
    text: str,
    subject: tuple[str, str] | None,
    related: list[StatementHit],
    english: bool,
    naming: Callable[[str], list[Entry]],
    terms_of: Callable[[str], frozenset[str]],
) -> str:
    """A card answer, with the statement of that same entity that best matches what the
    question asks beyond the card ("dagdeel 1, wat kunnen deelnemers daarna"); a person,
    with what the material says about them (`naming`: "Bart Bakker vertelt hoe Oss ...").
    `terms_of`: an answer's content terms."""
    if subject is None:
        return text
    entries = [
        h.entry
        for h in [r for r in related if not r.entry.nearby_only][:1]
        if h.score >= DETAIL_SCORE and (h.entry.kind, h.entry.entity_id) == subject
    ]
    if subject[0] == "person" and not entries:
        entries = naming(subject[1])[:1]
    if not entries:
        return text
    said = terms_of(text)
    for entry in entries:
        sentence = entry.statement.en if english else entry.statement.nl
        terms = terms_of(sentence)
        # Not when the card already says it ("€ 4500,00 per gemeente" twice), unless it
        # gives a number the card lacks ("3 dagdelen").
        new = terms - said
        if terms and (len(new) > (1 - SAID_SHARE) * len(terms) or any(t.isdigit() for t in new)):
            text = f"{text}\n{sentence}"
    return text
