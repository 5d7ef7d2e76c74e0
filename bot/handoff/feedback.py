"""Feedback on answers: the overview per intent and the 👎 questions (no identities)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain import FeedbackEntry, Vote

TIMEZONE = ZoneInfo("Europe/Amsterdam")
MAX_DOWN_QUESTIONS = 30
NO_INTENT = "(geen intentie)"


def feedback_lines(entries: list[FeedbackEntry], limit: int = MAX_DOWN_QUESTIONS) -> list[str]:
    """/feedback and `python -m bot feedback`: 👍/👎 per intent (most 👎 first), then the 👎
    questions newest first. `entries` must be newest first (as the store lists them)."""
    if not entries:
        return ["Er is nog geen feedback gegeven."]
    up: Counter[str] = Counter()
    down: Counter[str] = Counter()
    for entry in entries:
        intent = entry.intent or NO_INTENT
        (up if entry.vote is Vote.UP else down)[intent] += 1
    intents = sorted(set(up) | set(down), key=lambda name: (-down[name], -up[name], name))
    lines = [f"Feedback ({len(entries)}): 👍/👎 per intentie"]
    lines += [f"- {name}: {up[name]} 👍, {down[name]} 👎" for name in intents]
    downs = [entry for entry in entries if entry.vote is Vote.DOWN]
    lines += ["", f"👎-vragen ({len(downs)}), nieuwste eerst:" if downs else "Geen 👎-vragen."]
    for entry in downs[:limit]:
        when = datetime.fromtimestamp(entry.at, TIMEZONE).strftime("%d-%m-%Y %H:%M")
        lines.append(f"- {when} [{entry.intent or NO_INTENT}] {entry.question}")
    if len(downs) > limit:
        lines.append(f"(en nog {len(downs) - limit} oudere)")
    return lines
