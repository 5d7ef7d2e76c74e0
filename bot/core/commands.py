"""The core's commands ("/aanmelden", "/verwijder", ...); their texts are knowledge/texts.yaml's."""

from __future__ import annotations

import re

COMMAND_SIGNUP = "aanmelden"
COMMAND_CANCEL = "annuleer"
COMMAND_MY_DATA = "mijngegevens"
COMMAND_DELETE = "verwijder"
_COMMAND_RE = re.compile(r"^/(\w+)(?:@\w+)?(?:\s+(.*))?$", re.DOTALL)


def parse_command(text: str) -> tuple[str, str] | None:
    """("aanmelden", "") for "/aanmelden" (also "/aanmelden@Bot"), ("start", "aanmelden") for
    "/start aanmelden"; None when `text` is no command."""
    match = _COMMAND_RE.match(text.strip())
    if match is None:
        return None
    return match.group(1).lower(), (match.group(2) or "").strip()
