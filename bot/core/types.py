"""Plain data types shared by the core and every channel (no Telegram types here)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Choice:
    """A button: the label shown and the text that pressing it sends, as if typed."""

    label: str
    text: str


@dataclass(frozen=True, slots=True)
class Origin:
    """Who sends a message and from where, as far as the core needs to know."""

    channel: str  # "telegram", "terminal", "batch"
    user_id: str | None = None
    is_group: bool = False
    display_name: str | None = None


@dataclass(slots=True)
class Reply:
    """What the core answers: plain text (channels escape it) plus structured extras."""

    text: str
    matched: bool = True
    action: str | None = None  # "signup" when this reply starts the sign-up form
    intent: str | None = None
    confidence: float = 1.0
    suggestions: list[str] = field(default_factory=list)  # "Bedoelde je ...?" question texts
    choices: list[Choice] = field(default_factory=list)  # buttons, suggestions included
    source: str | None = None  # the document a factual answer comes from
    private_only: bool = False  # needs personal data: channels move it to a private chat
    language: str = "nl"  # "nl" or "en": the language of the question, and of this reply

    @property
    def source_label(self) -> str:
        """ "Bron" or "Source", in the reply's language."""
        return "Source" if self.language == "en" else "Bron"

    def plain_text(self) -> str:
        """The reply as a user reads it in a plain-text channel, provenance included."""
        if self.source:
            return f"{self.text}\n\n{self.source_label}: {self.source}"
        return self.text
