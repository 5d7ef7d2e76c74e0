"""What a conversation remembers between questions, so follow-ups work."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True)
class DialogueContext:
    """The last subject talked about; serialisable so it survives restarts."""

    subject_kind: str | None = None  # "dagdeel", "werkpakket", "project", "topic", ...
    subject_id: str | None = None
    last_intent: str | None = None
    last_attributes: list[str] = field(default_factory=list)
    last_words: list[str] = field(default_factory=list)  # the last question's content words
    # The people (person keys) the last answer named, when it answered who: "hij", "ze".
    last_people: list[str] = field(default_factory=list)
    # The ordered entities of one kind the last list answer presented ("Ik vond 2
    # projecten"), kept while follow-ups pick from it ("de oudste", "en de andere?").
    listed_kind: str | None = None
    listed: list[str] = field(default_factory=list)
    language: str = "nl"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe copy."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> DialogueContext:
        """Rebuild from `to_dict` output; unknown keys are ignored."""
        if not data:
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)
