"""The terminal chat: `python -m bot chat` (and `make run` without a Telegram token).

Buttons show as numbered choices; answer by number or by text. Works with piped stdin too,
one message per line.
"""

from __future__ import annotations

import sys
import uuid
from typing import TextIO

from bot.core.assistant import Assistant
from bot.domain import Origin, Reply
from bot.handoff.service import HandoffService

TERMINAL_ORIGIN = Origin(channel="terminal", user_id="local")  # the one-shot `ask`
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


def run_chat(
    assistant: Assistant,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    *,
    user: str | None = None,
) -> int:
    """Chat until end of input or a quit word. Each chat is a person of its own: `user` names
    them (the same name finds their earlier conversation and sign-up again); without it the
    chat gets a new identity."""
    named = user
    user = user or uuid.uuid4().hex[:12]
    key = f"terminal:{user}"
    # A hand-off shares the first name only when the user gave one (--user).
    origin = Origin(channel="terminal", user_id=user, display_name=user, first_name=named)
    interactive = stdin.isatty()
    if interactive:
        stdout.write(
            "Werken volgens de Bedoeling-assistent (terminal). Stel je vraag; 'stop' om te "
            "stoppen.\n"
        )
    last: Reply | None = None
    seen = _show_answers(assistant, key, 0, stdout)
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
        last = assistant.handle(key, resolve_choice(text, last), origin)
        stdout.write(render_reply(last) + "\n\n")
        seen = _show_answers(assistant, key, seen, stdout)
        stdout.flush()
    return 0


def _show_answers(assistant: Assistant, key: str, seen: int, stdout: TextIO) -> int:
    """Print the coordinators' answers for this chat with id > `seen`; the last id shown."""
    for answer in assistant.handoff_answers(key, after=seen):
        stdout.write(HandoffService.answer_text(answer) + "\n\n")
        seen = answer.id
    return seen
