"""What a follow-up picking from a list is read as (bot/brain/picks.py): the pick, the last
question asked again about it, and the list it picks from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from bot.brain.context import DialogueContext
from bot.brain.entities import Analysis
from bot.brain.readings import Scored


@dataclass(frozen=True, slots=True)
class Picked:
    """A follow-up read as picking from the remembered list."""

    text: str  # the message without the words that picked
    context: DialogueContext  # about the entities picked
    bare: bool  # nothing else is asked ("de oudste", "and the other one?")


class Again(NamedTuple):
    """The last question again about what a message that only picks picked: the reading,
    the message as analysed and its candidates, and the conversation it is asked in."""

    scored: Scored
    analysis: Analysis
    candidates: list[list[str]]
    context: DialogueContext


@dataclass(frozen=True, slots=True)
class Listed:
    """The ordered entities the last answer presented, and the ones talked about now."""

    kind: str
    ids: tuple[str, ...]
    current: tuple[str, ...]
