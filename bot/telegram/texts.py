"""The Telegram channel's limits and content commands; what it says (welcome, help, menu,
refusals) is knowledge/texts.yaml's `telegram` section, in Dutch and English."""

from __future__ import annotations

MAX_TEXT_LENGTH = 1000  # longer messages get a polite "please shorten" reply

# Content commands ask the core a natural question, so they answer exactly like typed text.
# Each is an example phrasing of its intent in knowledge/intents.yaml, so it matches exactly.
COMMAND_QUESTIONS: dict[str, str] = {
    "programma": "programma",
    "toolkit": "toolkit",
    "projecten": "projecten",
}
