"""The core's commands ("/aanmelden", "/verwijder", ...); their texts are knowledge/texts.yaml's."""

from __future__ import annotations

import re

from bot.domain import Language

COMMAND_SIGNUP = "aanmelden"
COMMAND_CANCEL = "annuleer"
COMMAND_MY_DATA = "mijngegevens"
COMMAND_DELETE = "verwijder"
COMMAND_HELP = "hulp"  # answered by each channel itself
# The English names every channel accepts for a command (English texts may mention them).
COMMAND_ALIASES: dict[str, str] = {
    "signup": COMMAND_SIGNUP,
    "cancel": COMMAND_CANCEL,
    "help": COMMAND_HELP,
}
_COMMAND_RE = re.compile(r"^/(\w+)(?:@\w+)?(?:\s+(.*))?$", re.DOTALL)


def command_name(name: str) -> str:
    """The command `name` stands for: "aanmelden" for "signup" (or "Aanmelden")."""
    name = name.lower()
    return COMMAND_ALIASES.get(name, name)


def english_name(command: str) -> str:
    """The English alias of `command` ("signup" for "aanmelden"), or `command` itself."""
    return next((alias for alias, name in COMMAND_ALIASES.items() if name == command), command)


def parse_command(text: str) -> tuple[str, str] | None:
    """("aanmelden", "") for "/aanmelden" (also "/aanmelden@Bot" and "/signup"),
    ("start", "aanmelden") for "/start aanmelden"; None when `text` is no command."""
    match = _COMMAND_RE.match(text.strip())
    if match is None:
        return None
    return command_name(match.group(1)), (match.group(2) or "").strip()


def typed_language(text: str) -> Language | None:
    """English when `text` is a command typed by its English name ("/signup"), else None."""
    match = _COMMAND_RE.match(text.strip())
    return Language.EN if match is not None and match.group(1).lower() in COMMAND_ALIASES else None
