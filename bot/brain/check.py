"""`python -m bot check`: validate the knowledge base and report example collisions.

Every example phrasing is run through the brain on its own; an example that lands on another
intent or fact than its own is a collision, and the knowledge base should be fixed (clearer
examples, a synonym, an alias)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from bot.brain.brain import ANSWER_THRESHOLD, Brain
from bot.brain.context import DialogueContext
from bot.brain.entities import analyse
from bot.brain.source_facts import report_missing
from bot.knowledge.loader import DEFAULT_KNOWLEDGE_DIR, load_knowledge


def find_collisions(brain: Brain) -> list[tuple[str, str, str, float]]:
    """(example, own target, target it lands on, score) for every misrouted example."""
    collisions = []
    for example in brain.matcher.examples:
        ranked = brain.rank(analyse(example.text, brain.lexicon), DialogueContext())
        top = ranked[0] if ranked else None
        if top is None or top.target.id != example.target.id or top.score < ANSWER_THRESHOLD:
            landed = top.target.id if top else "-"
            collisions.append((example.text, example.target.id, landed, top.score if top else 0))
    return collisions


def run_check(out: TextIO = sys.stdout, knowledge_dir: Path | None = None) -> int:
    """Load and validate; print a summary and the collision report. 0 when clean."""
    kb = load_knowledge(knowledge_dir)
    brain = Brain(kb)
    examples = len(brain.matcher.examples)
    out.write(
        f"Knowledge base OK: {len(kb.leernetwerk.dagdelen)} dagdelen, "
        f"{len(kb.toolkit.werkpakketten)} werkpakketten, {len(kb.projecten.projects)} projects, "
        f"{len(kb.facts())} facts, {len(kb.intents.intents)} intents, {examples} examples, "
        f"{len(kb.gemeenten)} municipalities.\n"
    )
    collisions = find_collisions(brain)
    for text, own, landed, score in collisions:
        out.write(f"COLLISION {text!r}: belongs to {own}, lands on {landed} ({score:.2f})\n")
    out.write(f"{len(collisions)} collision(s) in {examples} examples.\n")
    missing = report_missing(out, knowledge=knowledge_dir or DEFAULT_KNOWLEDGE_DIR)
    return 1 if collisions or missing else 0
