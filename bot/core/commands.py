"""The core's commands ("/aanmelden", "/verwijder", ...) and the language it answers them in
(their texts are knowledge/texts.yaml's)."""

from __future__ import annotations

import re
from typing import Any

from bot.domain import Language

COMMAND_SIGNUP = "aanmelden"
COMMAND_CANCEL = "annuleer"
COMMAND_MY_DATA = "mijngegevens"
COMMAND_DELETE = "verwijder"
_COMMAND_RE = re.compile(r"^/(\w+)(?:@\w+)?(?:\s+(.*))?$", re.DOTALL)


def conversation_language(state: dict[str, Any]) -> Language:
    """The language to answer a command in: the form's while one is in progress (chosen when
    it started), else that of the conversation's last question (Dutch before any)."""
    form = state.get("form")
    if isinstance(form, dict):
        return Language.of(form.get("language"))
    dialogue = state.get("dialogue")
    return Language.of(dialogue.get("language") if isinstance(dialogue, dict) else None)


def parse_command(text: str) -> tuple[str, str] | None:
    """("aanmelden", "") for "/aanmelden" (also "/aanmelden@Bot"), ("start", "aanmelden") for
    "/start aanmelden"; None when `text` is no command."""
    match = _COMMAND_RE.match(text.strip())
    if match is None:
        return None
    return match.group(1).lower(), (match.group(2) or "").strip()
