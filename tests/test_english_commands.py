"""An English user sees English commands, and they work: the English texts name /mydata,
/delete, /cancel and /signup (knowledge/texts.yaml `commands`), the core runs them on the real
knowledge base and a real SQLite file, and the terminal chat, a real process in a real
pseudo-terminal, greets in the user's language (`--lang`, else the locale, else both).
Telegram: tests/e2e/test_english_commands_e2e.py; the web chat: tests/web."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.channels.terminal import locale_language
from bot.core.assistant import Assistant
from bot.core.factory import build_assistant
from bot.domain import CoreIntent, Language, Origin
from bot.knowledge.commands import named_commands
from bot.knowledge.loader import default_texts
from tests.auxil.signup import form_turns

REPO = Path(__file__).resolve().parents[1]
TEXTS = default_texts()
TERMINAL = Origin(channel="terminal", user_id="emma")


def test_the_english_texts_name_the_english_commands() -> None:
    named = {
        language: {
            name for _, text in TEXTS.bilinguals() for name in named_commands(text.say(language))
        }
        for language in Language
    }
    assert {"signup", "cancel", "mydata", "delete", "help", "programme", "projects"} <= named[
        Language.EN
    ]
    assert named[Language.EN].isdisjoint({"aanmelden", "annuleer", "mijngegevens", "verwijder"})
    assert {"aanmelden", "annuleer", "mijngegevens", "verwijder", "hulp"} <= named[Language.NL]
    assert named[Language.NL].isdisjoint({"signup", "cancel", "mydata", "delete", "help"})


@pytest.fixture
def assistant(tmp_path: Path) -> Iterator[Assistant]:
    built = build_assistant(db_path=tmp_path / "bot.sqlite3")
    yield built
    built.close()


def test_an_english_user_reads_cancel_sends_it_and_the_form_stops(assistant: Assistant) -> None:
    started = assistant.handle("emma", "I would like to sign up for the Leernetwerk", TERMINAL)
    assert "/cancel" in started.text and "/mydata" in started.text and "/delete" in started.text
    assert "/annuleer" not in started.text
    stopped = assistant.handle("emma", "/cancel", TERMINAL)
    assert stopped.text == TEXTS.form.cancelled.en and "/signup" in stopped.text
    assert assistant.state_of("emma").get("form") is None


def test_mydata_and_delete_in_english_show_and_erase_the_data(assistant: Assistant) -> None:
    nothing = assistant.handle("emma", "/mydata", TERMINAL)
    assert nothing.text == TEXTS.account.no_signup.en  # "... You can sign up with /signup."
    for text in form_turns("Emma Evans", start="/signup"):
        done = assistant.handle("emma", text, TERMINAL)
    assert done.language == "en" and done.text.startswith("Thank you, your sign-up")
    assert "/mydata shows what is stored, /delete erases it." in done.text
    shown = assistant.handle("emma", "/mydata", TERMINAL)
    assert shown.intent == CoreIntent.MY_DATA
    assert shown.text.startswith(TEXTS.account.stored_title.en) and "Emma Evans" in shown.text
    assert TEXTS.account.who_sees.en in shown.text  # "... /delete erases it."
    question = assistant.handle("emma", "/delete", TERMINAL)
    assert question.intent == CoreIntent.DELETE_CONFIRM
    assert assistant.handle("emma", "yes delete", TERMINAL).intent == CoreIntent.DELETED
    assert assistant.handle("emma", "/mydata", TERMINAL).text == TEXTS.account.no_signup.en


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "en_GB.UTF-8"}, Language.EN),
        ({"LANG": "nl_NL.UTF-8"}, Language.NL),
        ({"LANG": "nl_BE@euro"}, Language.NL),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "nl_NL.UTF-8"}, Language.NL),  # LC_ALL wins
        ({"LANG": "nl_NL.UTF-8", "LC_MESSAGES": "en_IE.UTF-8"}, Language.EN),
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "de_DE.UTF-8"}, None),
        ({}, None),
    ],
)
def test_the_locale_names_the_terminal_language(
    environ: dict[str, str], expected: Language | None
) -> None:
    assert locale_language(environ) is expected


# --- the terminal chat as a real process in a pseudo-terminal ------------------------------

PROMPT = re.compile(r"(?m)^> ")
READ_SECONDS = 60.0


class Terminal:
    """`python -m bot chat` in a pseudo-terminal: what it printed, and typing into it."""

    def __init__(self, tmp_path: Path, args: tuple[str, ...], locale: str) -> None:
        environ = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
        environ.pop("TELEGRAM_BOT_TOKEN", None)
        environ.update(BOT_DATA_DIR=str(tmp_path / "data"), LANG=locale)
        self.master, child = pty.openpty()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "chat", *args],
            stdin=child,
            stdout=child,
            stderr=subprocess.DEVNULL,
            cwd=REPO,
            env=environ,
        )
        os.close(child)
        self.output = ""

    def wait_for_prompt(self, count: int) -> str:
        """Read until the chat has shown its prompt `count` times; everything printed."""
        deadline = time.monotonic() + READ_SECONDS
        while len(PROMPT.findall(self.output)) < count:
            left = deadline - time.monotonic()
            assert left > 0, f"no prompt within {READ_SECONDS} s: {self.output!r}"
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                self.output += os.read(self.master, 65536).decode("utf-8", "replace")
        return self.output.replace("\r\n", "\n")

    def type(self, line: str) -> str:
        """Type `line` and Enter; what the chat answered (up to its next prompt)."""
        before = len(PROMPT.findall(self.output))
        os.write(self.master, (line + "\n").encode())
        printed = self.wait_for_prompt(before + 1).rsplit(f"> {line}\n", 1)[-1]
        return printed.removesuffix("> ").strip()

    def close(self) -> int:
        """Quit with 'stop'; the exit code."""
        os.write(self.master, b"stop\n")
        try:
            return self.process.wait(timeout=30)
        finally:
            os.close(self.master)


StartTerminal = Callable[[tuple[str, ...], str], Terminal]


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[StartTerminal]:
    """Start a terminal chat (its arguments, its locale); killed at the end if still running."""
    opened: list[Terminal] = []

    def start(args: tuple[str, ...], locale: str) -> Terminal:
        opened.append(Terminal(tmp_path, args, locale))
        return opened[-1]

    yield start
    for each in opened:
        if each.process.poll() is None:
            each.process.kill()
            each.process.wait(timeout=30)


def banner_of(chat: Terminal) -> str:
    return chat.wait_for_prompt(1).split("> ", 1)[0].strip()


def test_an_english_locale_gets_an_english_terminal_whose_commands_work(
    terminal: StartTerminal,
) -> None:
    chat = terminal((), "en_GB.UTF-8")
    assert banner_of(chat) == TEXTS.terminal.banner.en  # names /help
    assert chat.type("/help") == TEXTS.terminal.help.en  # names /signup, /mydata, ...
    privacy = chat.type("/signup")
    assert privacy.startswith("Privacy: I store") and "/cancel" in privacy
    assert chat.type("/cancel") == TEXTS.form.cancelled.en
    assert chat.type("/mydata") == TEXTS.account.no_signup.en
    assert chat.type("/programme").startswith("The Leernetwerk programme has 8 dagdelen")
    assert chat.close() == 0


@pytest.mark.parametrize(
    ("args", "locale", "expected"),
    [
        ((), "nl_NL.UTF-8", [Language.NL]),
        ((), "C.UTF-8", [Language.NL, Language.EN]),  # no language known: both
        (("--lang", "en"), "nl_NL.UTF-8", [Language.EN]),  # the option wins
    ],
)
def test_the_terminal_banner_follows_the_option_else_the_locale(
    terminal: StartTerminal, args: tuple[str, ...], locale: str, expected: list[Language]
) -> None:
    chat = terminal(args, locale)
    assert banner_of(chat) == "\n".join(TEXTS.terminal.banner.say(each) for each in expected)
    assert chat.close() == 0
