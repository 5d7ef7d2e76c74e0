"""The schema of knowledge/texts.yaml `commands`: every command by its Dutch name, with its
name in each language ("mijngegevens" / "mydata"). Every channel takes both names; a text
names a command by the name of its own language, which `named_commands` finds so the texts'
validation can refuse an English text naming /mijngegevens."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from pydantic import Field, RootModel, model_validator

from bot.domain import Language
from bot.knowledge.bilingual import Bilingual
from bot.knowledge.schema import Strict

# Telegram's rule for a command's name: 1-32 lower-case letters, digits or underscores.
CommandName = Annotated[str, Field(pattern=r"^[a-z0-9_]{1,32}$")]
_TYPED = re.compile(r"^/(\w+)(?:@\w+)?(?:\s+(.*))?$", re.DOTALL)
# "/mydata" in a text; not the "/x" inside "t.me/x", "a/d", "https://" or "</b>".
_NAMED = re.compile(r"(?<![\w/:.<])/([a-z][a-z0-9_]*)\b")


class Command(StrEnum):
    """The commands the channels know, by their Dutch name (the key in texts.yaml)."""

    START = "start"
    HELP = "hulp"
    PROGRAMME = "programma"
    TOOLKIT = "toolkit"
    PROJECTS = "projecten"
    SIGNUP = "aanmelden"
    CANCEL = "annuleer"
    MY_DATA = "mijngegevens"
    DELETE = "verwijder"


class CommandNames(Strict):
    """A command's name in Dutch and in English (the same for "start" and "toolkit")."""

    nl: CommandName
    en: CommandName

    def of(self, language: Language) -> str:
        """The name in `language`."""
        return self.en if language is Language.EN else self.nl


class CommandSpec(Strict):
    """One command: its names, and for a content command the question it asks the core."""

    name: CommandNames
    question: Bilingual | None = None  # /programma asks the core "programma" (in English: ...)


@dataclass(frozen=True, slots=True)
class TypedCommand:
    """A message that is a command: its name as typed (lower case), the command it stands
    for (None: no command of ours, such as "coordinator") and what follows it."""

    typed: str
    command: Command | None
    argument: str


class Commands(RootModel[dict[Command, CommandSpec]]):
    """knowledge/texts.yaml `commands`: every Command once, no name used twice."""

    @model_validator(mode="after")
    def _complete_and_unambiguous(self) -> Commands:
        missing = [command.value for command in Command if command not in self.root]
        if missing:
            raise ValueError(f"missing {', '.join(missing)}")
        owner: dict[str, Command] = {}
        for command, spec in self.root.items():
            for name in {spec.name.nl, spec.name.en}:
                if owner.setdefault(name, command) != command:
                    raise ValueError(f"the name {name!r} is used by {owner[name]} and {command}")
        return self

    def spec(self, command: Command) -> CommandSpec:
        """The names and question of `command`."""
        return self.root[command]

    def name(self, command: Command, language: Language) -> str:
        """What `command` is called in `language` ("mydata")."""
        return self.root[command].name.of(language)

    def names(self, *commands: Command) -> list[str]:
        """Every name of `commands`, in both languages, each once (for a channel's handlers)."""
        found = (name for c in commands for name in (self.name(c, lang) for lang in Language))
        return list(dict.fromkeys(found))

    def find(self, name: str) -> Command | None:
        """The command `name` ("mydata", "MijnGegevens") stands for, or None."""
        name = name.lower()
        found = (c for c, spec in self.root.items() if name in (spec.name.nl, spec.name.en))
        return next(found, None)

    def language_of(self, name: str) -> Language | None:
        """The language a command name belongs to: English for "mydata", Dutch for
        "mijngegevens", None for a name both share ("toolkit") or no command's."""
        command = self.find(name)
        if command is None:
            return None
        spec, name = self.root[command].name, name.lower()
        if spec.nl == spec.en:
            return None
        return Language.EN if name == spec.en else Language.NL

    def parse(self, text: str) -> TypedCommand | None:
        """The command `text` is ("/mydata", "/Verwijder@SomeBot", "/start aanmelden"), or
        None when it is no command."""
        match = _TYPED.match(text.strip())
        if match is None:
            return None
        typed = match.group(1).lower()
        return TypedCommand(typed, self.find(typed), (match.group(2) or "").strip())


def named_commands(text: str) -> Iterator[str]:
    """The command names a text mentions: "mydata" for "... /mydata shows ..."."""
    return (match.group(1) for match in _NAMED.finditer(text))
