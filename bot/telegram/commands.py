"""The bot's commands: those the core runs (with their deep-link payloads) and the menu."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from telegram import BotCommand

from bot.core.assistant import Assistant
from bot.core.commands import COMMAND_ALIASES, english_name
from bot.domain import CoreIntent, Language, Origin, Reply
from bot.knowledge.channel_texts import CommandMenu

SIGNUP_PAYLOAD = "aanmelden"


@dataclass(frozen=True, slots=True)
class CoreCommand:
    """A command the core has a method for; `private` ones never run in a group."""

    run: Callable[[Assistant, str, Origin], Reply]  # the Assistant method, run(key, origin)
    private: bool  # needs personal data: in a group it becomes a deep link
    payload: str  # the /start payload of its deep link


# Commands handled by the core. Their names are also valid deep-link payloads (/start <name>).
CORE_COMMANDS: dict[str, CoreCommand] = {
    "aanmelden": CoreCommand(
        lambda core, key, origin: core.start_signup(key, origin), True, "aanmelden"
    ),
    "annuleer": CoreCommand(lambda core, key, origin: core.cancel(key, origin), False, ""),
    "mijngegevens": CoreCommand(
        lambda core, key, origin: core.my_data(key, origin), True, "mijngegevens"
    ),
    "verwijder": CoreCommand(
        lambda core, key, origin: core.request_deletion(key, origin), True, "verwijder"
    ),
}
# The English names of core commands ("signup"), registered besides the Dutch ones.
CORE_ALIASES: tuple[str, ...] = tuple(
    alias for alias, command in COMMAND_ALIASES.items() if command in CORE_COMMANDS
)
# Deep-link payload of a private-only reply in a group, by the reply's intent.
PAYLOAD_BY_INTENT: dict[str, str] = {
    CoreIntent.MY_DATA: "mijngegevens",
    CoreIntent.DELETE_CONFIRM: "verwijder",
}


def command_menu(menu: CommandMenu, language: Language) -> list[BotCommand]:
    """The command menu in `language` for set_my_commands; the English one names the
    commands by their English names where they have one (/help, /signup, /cancel)."""
    return [
        BotCommand(english_name(command) if language is Language.EN else command, description)
        for command, description in menu.entries(language)
    ]
