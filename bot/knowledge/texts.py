"""The schema of knowledge/texts.yaml: what the bot says around the sign-up form and the
applicant's data, in Dutch and English, and the words it understands in answers. A text
without both languages, placeholders that differ between them, a word not written the way
typed words are compared, or a word that picks two fields fail at load."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, TypeVar

from pydantic import AfterValidator, BaseModel, Field, RootModel, model_validator

from bot.domain import Choice, Language, SignupStatus
from bot.knowledge.bilingual import Bilingual
from bot.knowledge.channel_texts import TelegramTexts, TerminalTexts, WebTexts
from bot.knowledge.commands import Commands, named_commands
from bot.knowledge.schema import KnowledgeFile, NonEmpty, Strict
from bot.text import words

Word = NonEmpty


def folded(word: str) -> str:
    """How a typed word is compared: case, accents and punctuation (but "/") folded away."""
    return words(word, keep="/")


class Words(Strict):
    """Words people type for one thing, per language; the first of each is a button's text."""

    nl: list[Word] = Field(min_length=1)
    en: list[Word] = Field(min_length=1)

    @model_validator(mode="after")
    def _written_folded(self) -> Words:
        unfolded = [word for word in [*self.nl, *self.en] if folded(word) != word]
        if unfolded:
            shown = ", ".join(f"{word!r} (write {folded(word)!r})" for word in unfolded)
            raise ValueError(f"words must be written as they are compared: {shown}")
        return self

    @property
    def all(self) -> frozenset[str]:
        """Every word, in either language: answers are understood whatever the form's language."""
        return frozenset([*self.nl, *self.en])

    def first(self, language: Language) -> str:
        """The word a button sends in `language`."""
        return (self.en if language is Language.EN else self.nl)[0]


class Answer(Strict):
    """A kind of answer (yes, skip, confirm, ...): its button and the words that give it."""

    button: Bilingual
    words: Words

    def choice(self, language: Language) -> Choice:
        """The button in `language`; pressing it sends the answer's first word."""
        return Choice(self.button.say(language), self.words.first(language))


class Answers(Strict):
    """knowledge/texts.yaml `answers`."""

    yes: Answer
    no: Answer
    skip: Answer
    cancel: Answer
    confirm: Answer
    change: Answer
    back: Answer
    waitlist: Answer
    delete: Answer


class FieldTexts(Strict):
    """The words of one sign-up field."""

    label: Bilingual  # summaries, the change buttons; the Dutch one in coordinator notices
    csv_column: NonEmpty  # the coordinators' export (Dutch)
    change_words: Words  # typed to pick it under "change" (the first: its button)
    prompt: Bilingual | None = None  # None: the form asks it its own way
    empty: Bilingual | None = None  # how a skipped optional value reads


class Fields(Strict):
    """knowledge/texts.yaml `fields`: one entry per SignupData attribute."""

    name: FieldTexts
    gemeente: FieldTexts
    role: FieldTexts
    email: FieldTexts
    phone: FieldTexts
    remarks: FieldTexts

    def of(self, key: str) -> FieldTexts:
        """The texts of the field `key` ("email")."""
        texts = getattr(self, key)
        if not isinstance(texts, FieldTexts):
            raise KeyError(key)
        return texts

    @model_validator(mode="after")
    def _one_field_per_word(self) -> Fields:
        seen: dict[str, str] = {}
        for key in type(self).model_fields:
            for word in self.of(key).change_words.all:
                if seen.setdefault(word, key) != key:
                    raise ValueError(f"change word {word!r} picks both {seen[word]} and {key}")
        return self


class Problem(StrEnum):
    """What can be wrong with an answer in the form (the keys of `problems`)."""

    NAME_MISSING = "name_missing"
    NAME_IS_EMAIL = "name_is_email"
    NAME_NO_LETTERS = "name_no_letters"
    NAME_SHORT = "name_short"
    NAME_LONG = "name_long"
    NAME_HINT = "name_hint"
    EMAIL_MISSING = "email_missing"
    EMAIL_SPACES = "email_spaces"
    EMAIL_NO_AT = "email_no_at"
    EMAIL_MANY_AT = "email_many_at"
    EMAIL_NO_LOCAL = "email_no_local"
    EMAIL_NO_DOMAIN = "email_no_domain"
    EMAIL_LONG = "email_long"
    EMAIL_INVALID = "email_invalid"
    EMAIL_HINT = "email_hint"
    PHONE_MISSING = "phone_missing"
    PHONE_CHARACTERS = "phone_characters"
    PHONE_FOREIGN = "phone_foreign"
    PHONE_FOREIGN_PREFIX = "phone_foreign_prefix"
    PHONE_NO_ZERO = "phone_no_zero"
    PHONE_LENGTH = "phone_length"
    PHONE_HINT = "phone_hint"
    REMARKS_MISSING = "remarks_missing"
    REMARKS_LONG = "remarks_long"
    GEMEENTE_UNKNOWN = "gemeente_unknown"
    ROLE_UNKNOWN = "role_unknown"
    SUMMARY_UNKNOWN = "summary_unknown"
    CHANGE_UNKNOWN = "change_unknown"


KeyT = TypeVar("KeyT", bound=StrEnum)


def every_key(keys: type[KeyT]) -> AfterValidator:
    """A check that a mapping has a text for every member of `keys`."""

    def check(mapping: dict[KeyT, Bilingual]) -> dict[KeyT, Bilingual]:
        missing = [key.value for key in keys if key not in mapping]
        if missing:
            raise ValueError(f"missing {', '.join(missing)}")
        return mapping

    return AfterValidator(check)


class FormTexts(Strict):
    """knowledge/texts.yaml `form`."""

    privacy: Bilingual
    other_route: Bilingual  # {organisation}, {email}, {person}, {phone}
    gemeente_one: Bilingual
    gemeente_many: Bilingual
    gemeente_yes: Bilingual
    gemeente_none: Bilingual
    gemeente_again: Bilingual
    or_word: Bilingual
    and_word: Bilingual
    role_prompt: Bilingual
    role_taken: Bilingual
    summary_title: Bilingual
    summary_waitlist: Bilingual
    summary_not_sent: Bilingual
    change_prompt: Bilingual
    cancelled: Bilingual
    full_note: Bilingual
    gemeente_full: Bilingual
    role_full: Bilingual
    gemeenten_full: Bilingual


class SubmittedTexts(Strict):
    """knowledge/texts.yaml `submitted`."""

    created: Bilingual
    duplicate: Bilingual
    waitlisted: Bilingual
    unchanged: Bilingual
    updated: Bilingual
    capacity: Bilingual
    stored_only: Bilingual
    your_data: Bilingual
    contact: Bilingual


class AccountTexts(Strict):
    """knowledge/texts.yaml `account`: /mijngegevens, /verwijder and status news."""

    no_signup: Bilingual
    stored_title: Bilingual
    status: Bilingual
    waitlisted: Bilingual
    signed_up_at: Bilingual
    who_sees: Bilingual
    form_in_progress: Bilingual
    delete_one: Bilingual
    delete_many: Bilingual
    delete_question: Bilingual
    delete_questions_only: Bilingual
    nothing_to_delete: Bilingual
    nothing_stored: Bilingual
    deleted: Bilingual
    told_withdrawn: Bilingual
    told_never_sent: Bilingual
    questions_deleted: Bilingual
    nothing_deleted: Bilingual
    nothing_to_cancel: Bilingual
    statuses: Annotated[dict[SignupStatus, Bilingual], every_key(SignupStatus)]
    status_confirmed: Bilingual
    status_waitlisted: Bilingual
    status_rejected: Bilingual


class ConversationTexts(Strict):
    """knowledge/texts.yaml `conversation`: what the core says around the form."""

    group_signup: Bilingual
    group_private: Bilingual
    no_signup: Bilingual
    not_a_name: Bilingual
    expired: Bilingual
    resumed: Bilingual
    already_signing_up: Bilingual
    back_to_form: Bilingual
    reminder: Bilingual


class LiveTexts(Strict):
    """knowledge/texts.yaml `live`: the live fill level, asked as a question."""

    role_free: Bilingual
    role_taken: Bilingual
    gemeente_new_but_full: Bilingual
    gemeente_full: Bilingual
    gemeente_places: Bilingual
    overall_room: Bilingual
    overall_full: Bilingual


class HandoffTexts(Strict):
    """knowledge/texts.yaml `handoff`: offering to pass a question on, and feedback."""

    button: Bilingual
    share_line: Bilingual
    first_name: Bilingual
    no_name: Bilingual
    group_line: Bilingual
    ask_question: Bilingual
    stale_offer: Bilingual
    already_sent: Bilingual
    thanks: Bilingual
    unavailable: Bilingual  # no hand-off desk in this set-up
    sorry_down: Bilingual
    your_questions: Bilingual
    answered: Bilingual
    still_open: Bilingual


class ChannelTexts(Strict):
    """knowledge/texts.yaml `channel`: a message a channel cannot pass on to the core."""

    too_long: Bilingual
    no_words: Bilingual


class CsvColumns(Strict):
    """The coordinators' CSV headings (Dutch) besides the fields' own."""

    id: NonEmpty
    created: NonEmpty
    updated: NonEmpty
    status: NonEmpty
    waitlisted: NonEmpty
    acted_by: NonEmpty
    acted_at: NonEmpty


class CoordinatorTexts(Strict):
    """knowledge/texts.yaml `coordinators`: Dutch only (the coordinators are Dutch)."""

    csv_columns: CsvColumns
    csv_yes: NonEmpty
    csv_no: NonEmpty


class Texts(KnowledgeFile):
    """knowledge/texts.yaml."""

    commands: Commands
    answers: Answers
    question_words: Words
    fields: Fields
    form: FormTexts
    problems: Annotated[dict[Problem, Bilingual], every_key(Problem)]
    submitted: SubmittedTexts
    account: AccountTexts
    conversation: ConversationTexts
    live: LiveTexts
    handoff: HandoffTexts
    channel: ChannelTexts
    telegram: TelegramTexts
    web: WebTexts
    terminal: TerminalTexts
    coordinators: CoordinatorTexts

    def problem(self, problem: Problem, language: Language, **values: object) -> str:
        """What is wrong, in `language`."""
        return self.problems[problem].say(language, **values)

    def bilinguals(self) -> Iterator[tuple[str, Bilingual]]:
        """Every text with where it is ("form.summary_title")."""
        return _bilinguals(self, "")

    @model_validator(mode="after")
    def _buttons_named_in_their_own_language(self) -> Texts:
        """A text that names a button ('Skip') names it as that language's button reads:
        an English text quoting 'Overslaan' is a translation mistake."""
        buttons = [getattr(self.answers, name).button for name in Answers.model_fields]
        for where, text in self.bilinguals():
            for button in buttons:
                if button.nl.casefold() == button.en.casefold():
                    continue  # the same in both languages
                for own, other in ((text.en, button.nl), (text.nl, button.en)):
                    if f"'{other}'".casefold() in own.casefold():
                        raise ValueError(
                            f"entry {where}: names the button '{other}' of the other language"
                        )
        return self

    @model_validator(mode="after")
    def _commands_named_in_their_own_language(self) -> Texts:
        """A text names a command as its language calls it: an English text naming
        /mijngegevens (not /mydata) is a translation mistake, and /mijngegeven a typo."""
        for where, text in self.bilinguals():
            for language, own in ((Language.NL, text.nl), (Language.EN, text.en)):
                for name in named_commands(own):
                    command = self.commands.find(name)
                    if command is None:
                        raise ValueError(f"entry {where}: names /{name}, which is no command")
                    if self.commands.language_of(name) not in (None, language):
                        right = self.commands.name(command, language)
                        raise ValueError(
                            f"entry {where}: its {language.value} text names /{name} of the other"
                            f" language; write /{right}"
                        )
        return self


def _bilinguals(node: object, where: str) -> Iterator[tuple[str, Bilingual]]:
    if isinstance(node, Bilingual):
        yield where, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _bilinguals(value, f"{where}.{key}" if where else str(key))
    elif isinstance(node, RootModel):
        yield from _bilinguals(node.root, where)
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _bilinguals(getattr(node, name), f"{where}.{name}" if where else name)
