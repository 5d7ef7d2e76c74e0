"""The bot's commands: those the core runs (with their deep-link payloads) and the menu."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from telegram import BotCommand

from bot.core.assistant import Assistant
from bot.domain import CoreIntent, Origin, Reply
from bot.telegram.texts import COMMAND_MENU

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
COMMAND_ALIASES: dict[str, str] = {"signup": "aanmelden", "cancel": "annuleer"}
# Deep-link payload of a private-only reply in a group, by the reply's intent.
PAYLOAD_BY_INTENT: dict[str, str] = {
    CoreIntent.MY_DATA: "mijngegevens",
    CoreIntent.DELETE_CONFIRM: "verwijder",
}


def command_menu() -> list[BotCommand]:
    """The Dutch command menu for set_my_commands."""
    return [BotCommand(command, description) for command, description in COMMAND_MENU]
