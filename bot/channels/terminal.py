"""The terminal chat: `python -m bot chat` (and `make run` without a Telegram token).

Buttons show as numbered choices; answer by number or by text. Works with piped stdin too,
one message per line.
"""

from __future__ import annotations

import sys
from typing import TextIO

from bot.core.assistant import Assistant
from bot.domain import Origin, Reply

TERMINAL_KEY = "terminal:local"
TERMINAL_ORIGIN = Origin(channel="terminal", user_id="local")
QUIT_WORDS = {"/stop", "/quit", "/exit", "stop", "exit", "quit"}


def render_reply(reply: Reply) -> str:
    """The reply as terminal text, choices numbered."""
    lines = [reply.plain_text()]
    for number, choice in enumerate(reply.choices, start=1):
        lines.append(f"  [{number}] {choice.label}")
    return "\n".join(lines)


def resolve_choice(text: str, last: Reply | None) -> str:
    """A bare number picks the matching choice of the previous reply."""
    stripped = text.strip()
    if last and stripped.isdigit() and 1 <= int(stripped) <= len(last.choices):
        return last.choices[int(stripped) - 1].text
    return text


def run_chat(assistant: Assistant, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """Chat until end of input or a quit word."""
    interactive = stdin.isatty()
    if interactive:
        stdout.write(
            "Werken volgens de Bedoeling-assistent (terminal). Stel je vraag; 'stop' om te "
            "stoppen.\n"
        )
    last: Reply | None = None
    while True:
        if interactive:
            stdout.write("> ")
            stdout.flush()
        line = stdin.readline()
        if not line:
            break
        text = line.rstrip("\n")
        if text.strip().lower() in QUIT_WORDS:
            break
        if not text.strip() and not interactive:
            continue
        last = assistant.handle(TERMINAL_KEY, resolve_choice(text, last), TERMINAL_ORIGIN)
        stdout.write(render_reply(last) + "\n\n")
        stdout.flush()
    return 0
