"""The terminal chat: `python -m bot chat` (and `make run` without a Telegram token).

Buttons show as numbered choices; answer by number or by text. Works with piped stdin too,
one message per line. The chat speaks the user's language the way Telegram uses the app's:
`--lang`, else the locale (LC_ALL, LC_MESSAGES, LANG naming nl or en) sets the banner and the
core's texts until the conversation has a language of its own; with neither, the banner is
shown in both languages and the core starts in Dutch.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Mapping
from typing import TextIO

from bot.core.assistant import Assistant
from bot.domain import Language, Origin, Reply
from bot.handoff.service import HandoffService
from bot.knowledge.bilingual import Bilingual
from bot.knowledge.commands import Command, TypedCommand

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
    language: Language | None = None,
) -> int:
    """Chat until end of input or a quit word. Each chat is a person of its own: `user` names
    them (the same name finds their earlier conversation and sign-up again); without it the
    chat gets a new identity. `language` is the one the user is known by (None: unknown)."""
    named = user
    user = user or uuid.uuid4().hex[:12]
    key = f"terminal:{user}"
    # A hand-off shares the first name only when the user gave one (--user).
    origin = Origin(
        channel="terminal", user_id=user, display_name=user, first_name=named, language=language
    )
    interactive = stdin.isatty()
    if interactive:
        stdout.write(banner(assistant, language) + "\n")
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
        typed = assistant.texts.commands.parse(text)
        if typed is not None and typed.command in (Command.HELP, Command.START):
            stdout.write(help_text(assistant, key, typed, language) + "\n\n")
            continue
        last = assistant.handle(key, resolve_choice(text, last), origin)
        stdout.write(render_reply(last) + "\n\n")
        seen = _show_answers(assistant, key, seen, stdout)
        stdout.flush()
    return 0


def banner(assistant: Assistant, language: Language | None) -> str:
    """The greeting: in `language`, in both languages when it is not known."""
    return _in(assistant.texts.terminal.banner, language)


def help_text(
    assistant: Assistant, key: str, typed: TypedCommand, language: Language | None
) -> str:
    """The commands, for /hulp or /help: in the conversation's language, else English for
    "/help", else `language`, else in both."""
    named = assistant.texts.commands.language_of(typed.typed)
    english = Language.EN if named is Language.EN else None
    return _in(assistant.texts.terminal.help, assistant.known_language(key) or english or language)


def _in(text: Bilingual, language: Language | None) -> str:
    """`text` in `language`, or in both languages (Dutch first) when it is None."""
    if language is not None:
        return text.say(language)
    return "\n".join(text.say(each) for each in Language)


def locale_language(environ: Mapping[str, str]) -> Language | None:
    """The language the locale names, as POSIX picks it (LC_ALL, else LC_MESSAGES, else LANG):
    Dutch for "nl_NL.UTF-8" or "nl_BE", English for "en_GB.UTF-8"; None for "C", "POSIX", an
    unset locale or any other language."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            code = value.split(".")[0].split("@")[0].split("_")[0].lower()
            return next((each for each in Language if each.value == code), None)
    return None


def _show_answers(assistant: Assistant, key: str, seen: int, stdout: TextIO) -> int:
    """Print the coordinators' answers for this chat with id > `seen`; the last id shown."""
    for answer in assistant.handoff_answers(key, after=seen):
        stdout.write(HandoffService.answer_text(answer) + "\n\n")
        seen = answer.id
    return seen
