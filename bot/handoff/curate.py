"""The curator's draft (`python -m bot curate`): what the knowledge base lacks, as YAML to review.

It covers the questions the bot could not answer, the 👎 questions and the questions
coordinators answered by hand, each with the bot's best guess (intent, confidence, the example
it matched) and, where there is one, the coordinators' answer. Nobody's name is in it.

The draft is written to a file outside `knowledge/` and nothing learns by itself: a curator
writes what is right into `knowledge/` as a fact in our own words, and `python -m bot check`
validates it (see the README, "From questions to knowledge").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from bot.brain.brain import Brain
from bot.brain.context import DialogueContext
from bot.brain.entities import analyse
from bot.domain import Vote
from bot.storage.base import HandoffStore, UnansweredStore

TIMEZONE = ZoneInfo("Europe/Amsterdam")
MAX_PER_KIND = 200


class DraftLocationError(ValueError):
    """The draft would be written inside the knowledge base."""


@dataclass(slots=True)
class DraftEntry:
    """One question for the curator."""

    question: str
    reasons: list[str]  # "unanswered", "thumbs_down", "answered_by_coordinator"
    times: int = 1
    last_asked: float = 0.0
    coordinator_answers: list[str] = field(default_factory=list)


def bot_guess(brain: Brain, question: str) -> dict[str, Any]:
    """What the bot makes of `question` now: whether it answers, its best intent, the
    confidence and the example it matched."""
    reply = brain.answer(question, DialogueContext()).reply
    guess: dict[str, Any] = {"answers": reply.matched}
    ranked = brain.rank(analyse(question, brain.lexicon), DialogueContext())
    if ranked:
        best = ranked[0]
        guess |= {
            "intent": best.target.id,
            "confidence": round(min(best.score, 1.0), 3),
            "matched_example": best.example.text,
        }
    else:
        guess |= {"intent": None, "confidence": 0.0}
    return guess


def collect(store: HandoffStore, unanswered: UnansweredStore) -> list[DraftEntry]:
    """Every question for the draft, the same question once (newest first)."""
    entries: dict[str, DraftEntry] = {}

    def entry(question: str, reason: str, at: float) -> DraftEntry:
        key = " ".join(question.casefold().split())
        found = entries.get(key)
        if found is None:
            found = entries[key] = DraftEntry(question, [reason], 0, at)
        elif reason not in found.reasons:
            found.reasons.append(reason)
        found.last_asked = max(found.last_asked, at)
        return found

    for text, count, at in unanswered.unanswered_summary(MAX_PER_KIND):
        entry(text, "unanswered", at).times += count
    for feedback in store.list_feedback(Vote.DOWN)[:MAX_PER_KIND]:
        entry(feedback.question, "thumbs_down", feedback.at).times += 1
    for handoff in store.list_handoffs(open_only=False)[-MAX_PER_KIND:]:
        answers = store.handoff_answers(handoff.id)
        if not answers:
            continue
        found = entry(handoff.request.question, "answered_by_coordinator", handoff.request.asked_at)
        found.times += 1
        found.coordinator_answers += [
            a.text for a in answers if a.text not in found.coordinator_answers
        ]
    return sorted(entries.values(), key=lambda e: e.last_asked, reverse=True)


def build_draft(brain: Brain, store: HandoffStore, unanswered: UnansweredStore, now: float) -> str:
    """The draft as YAML text (a header comment says what to do with it)."""
    stamp = datetime.fromtimestamp(now, TIMEZONE).strftime("%d-%m-%Y %H:%M")
    items = []
    for found in collect(store, unanswered):
        item: dict[str, Any] = {
            "question": found.question,
            "why": found.reasons,
            "times": found.times,
            "last_asked": datetime.fromtimestamp(found.last_asked, TIMEZONE).strftime(
                "%d-%m-%Y %H:%M"
            ),
            "bot_guess": bot_guess(brain, found.question),
        }
        if found.coordinator_answers:
            item["coordinator_answer"] = found.coordinator_answers
        items.append(item)
    header = (
        f"# Curator's draft, made by `python -m bot curate` on {stamp}. Nothing here is live.\n"
        "# For each question: is the answer in the sources? Then write it into knowledge/ as a\n"
        "# fact in our own words (names, dates, numbers and addresses copied exactly from the\n"
        "# source), add the question as an example, and run `python -m bot check`.\n"
    )
    body = yaml.safe_dump(
        {"kind": "curation_draft", "made_on": stamp, "questions": items},
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )
    return header + body


def write_draft(text: str, out: Path, knowledge_dir: Path) -> Path:
    """Write the draft to `out`; refuses any place inside `knowledge_dir`."""
    target = out.resolve()
    if target.is_relative_to(knowledge_dir.resolve()):
        raise DraftLocationError(
            f"{out}: the draft never goes into the knowledge base ({knowledge_dir}); "
            "choose another place"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target
