"""Pydantic models for every YAML file in `knowledge/`. Unknown keys are errors."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator, model_validator

from bot.domain import Action
from bot.knowledge.schema_base import EXACT_FIGURE
from bot.knowledge.schema_base import KnowledgeFile as KnowledgeFile
from bot.knowledge.schema_base import NonEmpty as NonEmpty
from bot.knowledge.schema_base import Strict as Strict
from bot.knowledge.schema_language import Calibration as Calibration
from bot.knowledge.schema_language import ClaimPhrases as ClaimPhrases
from bot.knowledge.schema_language import ClaimValue as ClaimValue
from bot.knowledge.schema_language import Normalisation as Normalisation
from bot.knowledge.schema_language import Order as Order
from bot.knowledge.schema_language import Vocabulary as Vocabulary


class Document(Strict):
    """A source document, named in every answer drawn from it (provenance)."""

    id: NonEmpty
    title: NonEmpty  # shown as "Bron: <title>"
    source_file: NonEmpty  # file name under shared/sources
    aliases: list[NonEmpty] = []  # how users refer to it ("leernetwerk", "toolkit")
    # the fact or intent that says what it is, for a message naming only the document ("de
    # leergang voor burgemeesters?", "summarise the mayors' course")
    overview: NonEmpty | None = None


class Fact(Strict):
    """A document-level fact: one answer in our own words, many phrasings that ask for it."""

    id: NonEmpty
    answer: NonEmpty
    answer_en: str | None = None
    examples: list[NonEmpty] = Field(min_length=1)
    action: Action | None = None  # e.g. "signup": the reply starts the sign-up form
    # False for an honest "the material doesn't say" (with where to ask): answered unmatched.
    in_material: bool = True
    # Concepts of which a message must have one to match ("vrij", "plek" for whether a role
    # is still free: "wie is de gemeentesecretaris van Emmen" asks no such thing).
    requires: list[NonEmpty] = []
    # A composer that answers a question for one part of this fact instead ("de tweede
    # bijeenkomst" of all dates), with the fixed answer otherwise; its entity slots.
    handler: NonEmpty | None = None
    slots: list[NonEmpty] = []


class Statement(Strict):
    """One fact about one entity, in our own words, in Dutch and in English. Names, titles,
    numbers, dates and e-mail addresses are copied exactly; every figure of the Dutch text
    must appear in the English one too."""

    nl: NonEmpty
    en: NonEmpty

    @model_validator(mode="after")
    def _same_figures(self) -> Statement:
        missing = [f for f in EXACT_FIGURE.findall(self.nl) if f not in self.en]
        if missing:
            raise ValueError(f"figures {missing} of 'nl' are missing in 'en': {self.nl!r}")
        return self


# --- Leernetwerk ---------------------------------------------------------------------


class Dagdeel(Strict):
    """One half-day meeting of the Leernetwerk programme."""

    number: int = Field(ge=1)
    title: NonEmpty
    speakers: list[NonEmpty] = []  # named speakers, exactly as in the source
    speaker_note: str | None = None  # for an unnamed speaker ("een directeur van ...")
    speaker_note_en: str | None = None  # the same in English
    date: NonEmpty  # "27 januari" (the source gives no year)
    summary: NonEmpty
    aliases: list[NonEmpty] = []  # other ways to name its topic
    # situations it helps with, in users' own words: read only to find the dagdeel a described
    # situation fits, never shown
    signals: list[NonEmpty] = []
    statements: list[Statement] = []  # what its own text states, one fact each


class ContactPoint(Strict):
    """Where to sign up or ask: an organisation's e-mail and a person's phone."""

    organisation: NonEmpty
    email: NonEmpty
    person: NonEmpty
    phone: NonEmpty


class RoleSpec(Strict):
    """A role each gemeente fills (one person per role)."""

    id: NonEmpty  # stored with the sign-up
    label: NonEmpty  # the button
    keywords: list[NonEmpty] = Field(min_length=1)  # typed words that name it


class SignupRules(Strict):
    """Who can take part: how many gemeenten, how many people each, in which roles."""

    max_gemeenten: int = Field(ge=1)
    per_gemeente: int = Field(ge=1)
    roles: list[RoleSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_per_role(self) -> SignupRules:
        if self.per_gemeente != len(self.roles):
            raise ValueError(
                f"per_gemeente is {self.per_gemeente} but there are {len(self.roles)} roles "
                "(one person per role)"
            )
        return self


class Leernetwerk(KnowledgeFile):
    """The Leernetwerk Werken volgens de Bedoeling."""

    document: Document
    contact: ContactPoint
    signup: SignupRules
    weekday: NonEmpty  # "donderdagochtend"
    rhythm: NonEmpty  # "elke maand één"
    rhythm_en: NonEmpty
    year_note: NonEmpty
    year_note_en: NonEmpty
    places_note: NonEmpty  # what the source says about places left
    places_note_en: NonEmpty
    dagdelen: list[Dagdeel] = Field(min_length=1)
    facts: list[Fact] = []
    statements: list[Statement] = []  # facts of the document's own text

    @model_validator(mode="after")
    def _numbered_in_order(self) -> Leernetwerk:
        numbers = [d.number for d in self.dagdelen]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"dagdelen must be numbered 1..{len(numbers)} in order, got {numbers}")
        return self


# --- Verandertoolkit -----------------------------------------------------------------


class Theme(Strict):
    """A theme (A-F) of the Verandertoolkit."""

    letter: Annotated[str, Field(pattern=r"^[A-Z]$")]
    name: NonEmpty
    subtitle: NonEmpty | None = None  # as the source gives it after the name
    aliases: list[NonEmpty] = []


class Werkpakket(Strict):
    """One of the toolkit's work packages."""

    number: int = Field(ge=1)
    title: NonEmpty
    theme: Annotated[str, Field(pattern=r"^[A-Z]$")]
    summary: NonEmpty
    aliases: list[NonEmpty] = []  # key phrases users may use ("proeftuin ruwaard")
    # situations it helps with, in users' own words ("afdelingen werken langs elkaar heen"):
    # read only to find the werkpakket a described situation fits, never shown
    signals: list[NonEmpty] = []
    statements: list[Statement] = []
    # the werkpakketten the source compares it with ("net als 'Hoort het of helpt het?'")
    compared_with: list[int] = []


class Verandertoolkit(KnowledgeFile):
    """The Verandertoolkit Werken vanuit de bedoeling bij de gemeente."""

    document: Document
    themes: list[Theme] = Field(min_length=1)
    werkpakketten: list[Werkpakket] = Field(min_length=1)
    makers: list[NonEmpty] = []
    thanked: list[NonEmpty] = []  # people the makers thank for inspiring the films
    facts: list[Fact] = []
    statements: list[Statement] = []

    @model_validator(mode="after")
    def _consistent(self) -> Verandertoolkit:
        letters = {t.letter for t in self.themes}
        for wp in self.werkpakketten:
            if wp.theme not in letters:
                raise ValueError(f"werkpakket {wp.number}: theme {wp.theme!r} is not defined")
        numbers = [w.number for w in self.werkpakketten]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"werkpakketten must be numbered 1..{len(numbers)} in order")
        for wp in self.werkpakketten:
            unknown = [n for n in wp.compared_with if n not in numbers or n == wp.number]
            if unknown:
                raise ValueError(f"werkpakket {wp.number}: compared_with {unknown} is no other")
        return self


# --- A&O fonds projects --------------------------------------------------------------


class Contact(Strict):
    """A project's contact person(s)."""

    name: NonEmpty  # exactly as in the source, e.g. "Nancy Hermans & Thomas Verheijen"
    role: NonEmpty  # "Contactpersoon gemeente" or "Projectleider gemeente"
    email: NonEmpty
    phone: NonEmpty  # exactly as in the source

    @field_validator("email")
    @classmethod
    def _looks_like_email(cls, value: str) -> str:
        if "@" not in value or " " in value:
            raise ValueError(f"not an e-mail address: {value!r}")
        return value


class Project(Strict):
    """An A&O fonds project on leiderschap en cultuur."""

    id: NonEmpty
    organisation: NonEmpty  # "Gemeente Asten", "CNV Jongeren"
    place: NonEmpty  # short name users use: "Asten", "CNV Jongeren"
    title: NonEmpty
    # the title the page's heading gives, where it differs ("Leidinggevenden in beweging")
    heading_title: NonEmpty | None = None
    round: str | None = None  # subsidy round, "2021/2"; None where the source gives none
    contact: Contact
    theme: NonEmpty
    period: NonEmpty  # exactly as in the source: "1 mei 2021 - 1 november 2021"
    years: list[int] = Field(min_length=1)  # calendar years the period touches
    summary: NonEmpty  # our own words, 1-3 sentences
    tags: list[NonEmpty] = []  # topics users search by
    statements: list[Statement] = []  # notable details in our words (inhabitants, methods)
    aliases: list[NonEmpty] = []  # other names for the organisation or project
    # situations it answered, in users' own words ("teamleiders vallen buiten het MD-programma"):
    # read only to find the project a described situation fits, never shown
    signals: list[NonEmpty] = []

    @property
    def shown_title(self) -> str:
        """The title as answers show it: with the heading's title too where that differs."""
        return f"{self.title} ({self.heading_title})" if self.heading_title else self.title

    @property
    def titles(self) -> list[str]:
        """Every title the page gives the project."""
        return [self.title, *([self.heading_title] if self.heading_title else [])]


class Projecten(KnowledgeFile):
    """All A&O fonds projects on one theme."""

    document: Document
    projects: list[Project] = Field(min_length=1)
    facts: list[Fact] = []
    statements: list[Statement] = []

    @model_validator(mode="after")
    def _unique_ids(self) -> Projecten:
        seen: set[str] = set()
        for project in self.projects:
            if project.id in seen:
                raise ValueError(f"duplicate project id {project.id!r}")
            seen.add(project.id)
        return self


# --- Single documents answered by facts ----------------------------------------------


class FactSheet(KnowledgeFile):
    """A document whose content is answered through facts only (booklet, leergang)."""

    document: Document
    name: NonEmpty  # how an answer names it: "de leergang voor burgemeesters"
    people: list[NonEmpty] = []  # named people, for person lookups
    dates: list[NonEmpty] = []  # dated events, exactly as in the source ("vrijdag 22 maart 2019")
    facts: list[Fact] = Field(min_length=1)
    statements: list[Statement] = []


# --- Understanding: intents and vocabulary -------------------------------------------


class Intent(Strict):
    """A kind of question the brain answers from structured data through a named handler."""

    id: NonEmpty
    handler: NonEmpty
    slots: list[NonEmpty] = []  # entity kinds the handler uses
    document: str | None = None  # the document it answers from (id), if any
    examples: list[NonEmpty] = Field(min_length=1)
    answer: str | None = None  # fixed reply text, for small talk
    answer_en: str | None = None  # the same in English
    # Concepts that mark a message as a question *about* this intent's subject, not a wish for
    # it ("tot wanneer kan ik me aanmelden" is no sign-up): such a message never matches it.
    blocked_by: list[NonEmpty] = []
    # Concepts of which a message must have one to match ("aanmelden" for the sign-up wish:
    # "ik wil graag informeren naar het leernetwerk" is no wish to sign up).
    requires: list[NonEmpty] = []
    # The answer lists every thing of a kind ("de 18 werkpakketten"): no answer to a question
    # for one of them ("welk werkpakket helpt bij ...", see calibration.yaml `one_asked`).
    lists_all: bool = False


class Intents(KnowledgeFile):
    """knowledge/intents.yaml."""

    intents: list[Intent] = Field(min_length=1)


class BilingualTemplate(Strict):
    """A text with a "{s}" slot, in Dutch and in English."""

    nl: NonEmpty
    en: NonEmpty

    @model_validator(mode="after")
    def _has_slot(self) -> BilingualTemplate:
        if "{s}" not in self.nl or "{s}" not in self.en:
            raise ValueError(f"needs '{{s}}' in both languages: {self.nl!r} / {self.en!r}")
        return self


class Labels(KnowledgeFile):
    """knowledge/labels.yaml: English labels for Dutch words of the sources in English replies."""

    english_months: dict[NonEmpty, NonEmpty]  # Dutch month -> English
    english_weekdays: dict[NonEmpty, NonEmpty]  # "donderdagochtend" -> "Thursday morning"
    english_roles: dict[NonEmpty, NonEmpty]  # a contact's role, lower case -> English
    # entity kind -> a question about one of its names ("{s}"), for "Bedoelde je ...?"
    suggestion_templates: dict[NonEmpty, BilingualTemplate]


# --- The source-facts check ----------------------------------------------------------


class IgnoredSourceFact(Strict):
    """A capitalised word, number or label of a source that is no fact, and why."""

    value: NonEmpty
    reason: NonEmpty


class SourceFactsIgnore(KnowledgeFile):
    """knowledge/source_facts_ignore.yaml."""

    ignore: list[IgnoredSourceFact]


# --- Gemeenten -----------------------------------------------------------------------

PROVINCES = frozenset(
    {
        "Groningen",
        "Fryslân",
        "Drenthe",
        "Overijssel",
        "Flevoland",
        "Gelderland",
        "Utrecht",
        "Noord-Holland",
        "Zuid-Holland",
        "Zeeland",
        "Noord-Brabant",
        "Limburg",
    }
)


class Municipality(Strict):
    """One Dutch municipality, in its official spelling, with names people also type."""

    name: Annotated[str, Field(min_length=2)]
    province: Annotated[str, Field(min_length=2)]
    aliases: tuple[NonEmpty, ...] = ()

    @field_validator("province")
    @classmethod
    def _known_province(cls, value: str) -> str:
        if value not in PROVINCES:
            raise ValueError(f"unknown province {value!r}")
        return value


class Gemeenten(KnowledgeFile):
    """gemeenten.yaml: every municipality on the reference date, counted."""

    reference_date: NonEmpty
    expected_count: int = Field(ge=1)
    gemeenten: list[Municipality]

    @model_validator(mode="after")
    def _complete_and_unique(self) -> Gemeenten:
        names = [entry.name for entry in self.gemeenten]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"duplicate names: {', '.join(duplicates)}")
        if len(names) != self.expected_count:
            raise ValueError(
                f"{len(names)} municipalities, expected_count says {self.expected_count}"
            )
        return self
