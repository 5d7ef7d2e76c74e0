"""How the brain orders its readings of a message: the rank of a target, the whole message's
entities for a sentence that names none, and when a named part beats its document's statement."""

from __future__ import annotations

from bot.brain.entities import HOME_DOCUMENT, Analysis
from bot.brain.lexicon import DOCUMENT
from bot.brain.readings import Scored
from bot.brain.statement_parts import Entry

# Scores equal to this many digits are a tie (float sums differ in the last bits).
SCORE_DIGITS = 9


def with_whole_entities(
    best: tuple[Analysis, list[Scored]], whole: tuple[Analysis, list[Scored]]
) -> tuple[Analysis, list[Scored]]:
    """A sentence read best that names nothing ("welk van de twee begon het eerst?")
    asks about what the rest of the message names: when the whole message matches the
    same target, the sentence's score stands with the whole message's reading ("Asten
    of Capelle")."""
    if best is whole or not best[1] or not whole[1]:
        return best
    top = best[1][0]
    same = next((s for s in whole[1] if s.target.id == top.target.id), None)
    if same is None or top.interpretation.entities or not same.interpretation.entities:
        return best
    merged = Scored(top.target, top.score, same.example, same.interpretation)
    return whole[0], [merged, *best[1][1:]]


def rank_key(scored: Scored) -> tuple[float, bool, bool, bool]:
    """Score (to SCORE_DIGITS), then the follow-up reading, then whether the target answers
    about every kind of entity the reading names, then a topic's reading: a name that is
    both a topic and projects' title ("leidinggeven op afstand") asks for all projects of
    that topic, which include those of that title."""
    entities = scored.interpretation.entities
    return (
        round(scored.score, SCORE_DIGITS),
        scored.interpretation.from_context,
        not entities or entities.keys() <= scored.target.slot_kinds,
        "topic" in entities,
    )


def narrower(ranked: list[Scored], statement: Entry, confident: bool) -> bool:
    """True when a confident intent answers about a part the message names (thema E, dagdeel 3)
    while the statement is only the whole document's: the part is what is asked about; or
    about a topic, while the statement is one entity's. (A
    part of another document, a Leernetwerk dagdeel in June while the leergang is asked
    about, is not.)"""
    if not ranked or not confident:
        return False
    reading = ranked[0].interpretation
    if "topic" in reading.entities and statement.kind != DOCUMENT:
        # "welke projecten noemen corona": every project on the topic, not one's sentence
        return not reading.from_context
    if statement.kind != DOCUMENT:
        return False
    return not reading.from_context and any(
        HOME_DOCUMENT.get(kind) == statement.entity_id for kind in reading.entities
    )
