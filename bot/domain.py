"""The domain types every package shares: what the core answers (Reply, Choice), who asks
(Origin), the reply actions and core intent names, and the sign-up data with its statuses and
capacity. Plain data only: no Telegram, no storage, no brain, so brain, signup, storage and the
channels all import this module and none of them imports another for its types."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Action(StrEnum):
    """What a reply asks the channel or the core to do next (its value is the batch output)."""

    SIGNUP = "signup"  # start (or resume) the sign-up form
    HANDOFF = "handoff"  # the user wishes for a person: offer the hand-off to the coordinators
    LIVE_CAPACITY = "live_capacity"  # add the live fill level from the sign-up store


# Actions that start a dialogue act instead of answering a question (a live fill level is
# added to an answer, which is checked like any other).
DIALOGUE_ACTS = frozenset({Action.SIGNUP, Action.HANDOFF})


class Language(StrEnum):
    """The language of a message and of its reply (and of a sign-up form, chosen at its start)."""

    NL = "nl"
    EN = "en"

    @classmethod
    def of(cls, value: object) -> Language:
        """The language named by `value` ("en" or Language.EN); Dutch for anything else."""
        return cls.EN if value == cls.EN.value else cls.NL


def known_language(state: dict[str, Any]) -> Language | None:
    """The language of a conversation so far, from its state: the form's while one is in
    progress (chosen when it started), else that of the last question; None before any."""
    form = state.get("form")
    if isinstance(form, dict):
        return Language.of(form.get("language"))
    dialogue = state.get("dialogue")
    language = dialogue.get("language") if isinstance(dialogue, dict) else None
    return Language.of(language) if language else None


def conversation_language(state: dict[str, Any]) -> Language:
    """The language to answer in: the conversation's so far (Dutch before any)."""
    return known_language(state) or Language.NL


class CoreIntent(StrEnum):
    """Intent names the code itself gives replies and compares (knowledge-base intents are
    the ids in knowledge/intents.yaml)."""

    SIGNUP = "signup"
    SIGNUP_FORM = "signup_form"
    SIGNUP_CANCELLED = "signup_cancelled"
    SIGNUP_DONE = "signup_done"
    SIGNUP_REMINDER = "signup_reminder"
    SIGNUP_STATUS = "signup_status"
    MY_DATA = "my_data"
    DELETE_CONFIRM = "delete_confirm"
    DELETE_CANCELLED = "delete_cancelled"
    DELETED = "deleted"
    NO_DATA = "no_data"
    CANCEL = "cancel"
    EMPTY = "leeg"  # an empty message
    SUGGESTIONS = "suggesties"  # "Bedoelde je ...?"
    UNKNOWN = "onbekend"  # not understood
    HANDOFF_OFFER = "handoff_offer"  # offering to pass a question on to the coordinators
    HANDOFF_SENT = "handoff_sent"
    HANDOFF_LIMIT = "handoff_limit"  # the daily limit of hand-offs is reached
    HANDOFF_STALE = "handoff_stale"  # an unknown or expired hand-off button
    HANDOFF_DUPLICATE = "handoff_duplicate"  # that question was passed on already
    HANDOFF_UNAVAILABLE = "handoff_unavailable"  # no coordinator chats configured
    REDELIVERED = "redelivered"  # a message handled before, delivered again: nothing to send


@dataclass(frozen=True, slots=True)
class Choice:
    """A button: the label shown and the text that pressing it sends, as if typed."""

    label: str
    text: str


@dataclass(frozen=True, slots=True)
class Origin:
    """Who sends a message and from where, as far as the core needs to know."""

    channel: str  # "telegram", "terminal", "batch", "web"
    user_id: str | None = None
    is_group: bool = False
    display_name: str | None = None
    first_name: str | None = None  # the only personal detail a hand-off shares
    chat_title: str | None = None  # the group's title (hand-offs say where a question came from)
    chat_ref: str | None = None  # the channel's address of the chat (a later answer goes there)
    message_ref: str | None = None  # the channel's id of this message (answers thread to it)
    # The channel's increasing number of this message (Telegram: the update_id). Stored with the
    # conversation in the same transaction, so a message delivered again is recognised.
    sequence: int | None = None
    # The language the channel knows the sender by (Telegram: their app's): the core's own
    # texts use it before the conversation has a language of its own.
    language: Language | None = None


@dataclass(slots=True)
class Reply:
    """What the core answers: plain text (channels escape it) plus structured extras."""

    text: str
    matched: bool = True
    # An answer from a weak match, given as what the bot thinks was meant (matched is False).
    tentative: bool = False
    action: Action | None = None  # Action.SIGNUP when this reply starts the sign-up form
    intent: str | None = None  # a CoreIntent or a knowledge-base intent id
    confidence: float = 1.0
    suggestions: list[str] = field(default_factory=list)  # "Bedoelde je ...?" question texts
    choices: list[Choice] = field(default_factory=list)  # buttons, suggestions included
    source: str | None = None  # the document a factual answer comes from
    private_only: bool = False  # needs personal data: channels move it to a private chat
    feedback_token: str | None = None  # set on factual answers: channels offer 👍/👎 with it
    language: str = "nl"  # "nl" or "en": the language of the question, and of this reply
    # With an action: the answer to a question asked in the same message, given before what
    # the action starts ("Ik wil me aanmelden. Wat kost het?": the price, then the form).
    preface: str = ""

    @property
    def source_label(self) -> str:
        """ "Bron" or "Source", in the reply's language."""
        return "Source" if self.language == "en" else "Bron"

    def plain_text(self) -> str:
        """The reply as a user reads it in a plain-text channel, provenance included."""
        if self.source:
            return f"{self.text}\n\n{self.source_label}: {self.source}"
        return self.text


# --- sign-ups ---------------------------------------------------------------------------


class SignupStatus(StrEnum):
    """A sign-up's status, stored as its value."""

    NEW = "nieuw"
    CONFIRMED = "bevestigd"
    REJECTED = "afgewezen"
    CONTACTED = "contact opgenomen"
    WITHDRAWN = "ingetrokken"


STATUS_NEW = SignupStatus.NEW
STATUS_CONFIRMED = SignupStatus.CONFIRMED
STATUS_REJECTED = SignupStatus.REJECTED
STATUS_CONTACTED = SignupStatus.CONTACTED
STATUS_WITHDRAWN = SignupStatus.WITHDRAWN


@dataclass(frozen=True, slots=True)
class Role:
    """A role a gemeente fills in the Leernetwerk: its stored id, button label and the words
    that name it when typed."""

    id: str
    label: str
    keywords: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Contact:
    """Where to sign up or ask: an organisation's e-mail and a person's phone."""

    organisation: str
    email: str
    person: str
    phone: str


@dataclass(frozen=True, slots=True)
class ProgrammeRules:
    """The Leernetwerk's sign-up rules and contact, as knowledge/leernetwerk.yaml states them:
    how many gemeenten, how many people per gemeente, one person per role."""

    max_gemeenten: int
    max_per_gemeente: int
    roles: tuple[Role, ...]
    contact: Contact

    @property
    def role_ids(self) -> tuple[str, ...]:
        """The stored names of the roles, in order."""
        return tuple(role.id for role in self.roles)


@dataclass(slots=True)
class SignupData:
    """What the form collects."""

    name: str
    gemeente: str
    role: str  # a Role.id of the programme rules
    email: str  # lower-cased, validated
    phone: str | None = None  # normalised Dutch number, e.g. "+31 6 12345678"
    remarks: str | None = None


@dataclass(slots=True)
class Signup:
    """A stored sign-up."""

    id: int
    user_key: str  # who may see/delete it, e.g. "telegram:12345" or "terminal:local"
    data: SignupData
    status: str  # a SignupStatus value
    waitlisted: bool
    created_at: float  # unix seconds
    updated_at: float
    acted_by: str | None = None  # coordinator display name of the last status change
    acted_at: float | None = None
    version: int = 1  # raised each time the applicant changes the data (dedupe of notices)
    language: str = Language.NL  # the form's language: news about the sign-up uses it


@dataclass(slots=True)
class Capacity:
    """The Leernetwerk's fill level, counted over active (not withdrawn/rejected/waitlisted)
    sign-ups, with the rules it is measured against."""

    rules: ProgrammeRules
    per_gemeente: dict[str, int] = field(default_factory=dict)
    roles_per_gemeente: dict[str, list[str]] = field(default_factory=dict)
    gemeenten: int = 0

    @property
    def max_gemeenten(self) -> int:
        """How many gemeenten can take part."""
        return self.rules.max_gemeenten

    @property
    def max_per_gemeente(self) -> int:
        """How many people one gemeente can send."""
        return self.rules.max_per_gemeente


# --- hand-offs to the coordinators and feedback on answers --------------------------------


class Vote(StrEnum):
    """A 👍 or 👎 on a factual answer (stored as its value)."""

    UP = "up"
    DOWN = "down"


class HandoffKind(StrEnum):
    """Outbox item kinds of the hand-off (the Telegram outbox sender renders them)."""

    QUESTION = "handoff"  # the question, to every coordinator chat
    ANSWER = "handoff_answer"  # a coordinator's answer, to the asker's chat


@dataclass(frozen=True, slots=True)
class HandoffRequest:
    """A question a user asked to pass on, as stored (before it has an id)."""

    channel: str  # Origin.channel: "telegram", "web", "terminal", ...
    conversation_key: str  # where the answer belongs (the web channel reads it by this key)
    user_key: str  # who counts against the daily limit ("telegram:42", a web session, ...)
    first_name: str  # the only thing shared about the asker
    question: str
    place: str  # "" for a private chat, else the group's title
    is_group: bool
    chat_ref: str | None  # the channel's address of the asker's chat (Telegram chat id)
    message_ref: str | None  # the channel's id of the question message (threading the answer)
    bot_answer: str  # what the bot answered or suggested
    intent: str | None
    confidence: float
    asked_at: float
    offer_key: str | None = None  # one hand-off per offer: a second press changes nothing


@dataclass(frozen=True, slots=True)
class Handoff:
    """A stored hand-off."""

    id: int
    request: HandoffRequest
    answered_at: float | None = None
    answered_by: str | None = None  # first name of the coordinator who answered first

    @property
    def is_open(self) -> bool:
        """True while no coordinator has answered."""
        return self.answered_at is None


@dataclass(frozen=True, slots=True)
class HandoffAnswer:
    """A coordinator's answer to a hand-off, relayed to the asker (and kept for the web chat
    and the curator)."""

    id: int  # increasing: a channel polls with `answers_for(key, after=<last id seen>)`
    handoff_id: int
    conversation_key: str
    coordinator: str  # the coordinator's first name
    text: str
    question: str
    at: float


@dataclass(frozen=True, slots=True)
class FeedbackEntry:
    """One 👍/👎, stored without who gave it."""

    question: str
    intent: str | None
    source: str | None
    vote: Vote
    at: float


def notice_key_prefix(handoff_id: int) -> str:
    """The outbox dedupe-key prefix of a hand-off's coordinator notices ("handoff:7:")."""
    return f"{HandoffKind.QUESTION.value}:{handoff_id}:"
