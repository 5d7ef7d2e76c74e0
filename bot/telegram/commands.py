"""The bot's commands: those the core runs (with their deep-link payloads) and the menu."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from telegram import BotCommand

from bot.core.assistant import Assistant
from bot.domain import CoreIntent, Language, Origin, Reply
from bot.knowledge.channel_texts import CommandMenu
from bot.knowledge.commands import Command, Commands

SIGNUP_PAYLOAD = Command.SIGNUP.value


@dataclass(frozen=True, slots=True)
class CoreCommand:
    """A command the core has a method for; `private` ones never run in a group."""

    run: Callable[[Assistant, str, Origin], Reply]  # the Assistant method, run(key, origin)
    private: bool  # needs personal data: in a group it becomes a deep link
    payload: str  # the /start payload of its deep link


# Commands handled by the core, by either name (knowledge/texts.yaml `commands`). Their Dutch
# names are also valid deep-link payloads (/start aanmelden).
CORE_COMMANDS: dict[Command, CoreCommand] = {
    Command.SIGNUP: CoreCommand(
        lambda core, key, origin: core.start_signup(key, origin), True, Command.SIGNUP
    ),
    Command.CANCEL: CoreCommand(lambda core, key, origin: core.cancel(key, origin), False, ""),
    Command.MY_DATA: CoreCommand(
        lambda core, key, origin: core.my_data(key, origin), True, Command.MY_DATA
    ),
    Command.DELETE: CoreCommand(
        lambda core, key, origin: core.request_deletion(key, origin), True, Command.DELETE
    ),
}
# Content commands ask the core their question, so they answer exactly like typed text.
CONTENT_COMMANDS = (Command.PROGRAMME, Command.TOOLKIT, Command.PROJECTS)
# Deep-link payload of a private-only reply in a group, by the reply's intent.
PAYLOAD_BY_INTENT: dict[str, str] = {
    CoreIntent.MY_DATA: Command.MY_DATA,
    CoreIntent.DELETE_CONFIRM: Command.DELETE,
}


def command_menu(menu: CommandMenu, commands: Commands, language: Language) -> list[BotCommand]:
    """The command menu in `language` for set_my_commands, each command by its name in that
    language (/help, /signup, /mydata in the English one)."""
    return [
        BotCommand(commands.name(Command(command), language), description)
        for command, description in menu.entries(language)
    ]
