"""Deployment as documented: hashed lock files used everywhere, one data directory for every
command whatever the current folder, and terminal chats as separate people whose sign-ups
reach the coordinators (or say plainly that they are stored only)."""

from __future__ import annotations

import asyncio
import io
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from telegram import Bot

from bot.channels.terminal import run_chat
from bot.core.factory import build_assistant
from bot.knowledge.loader import default_texts
from bot.storage.sqlite import SqliteStorage
from bot.telegram.outbox import drain_outbox
from tests.auxil.bot_api import InProcessBotApi
from tests.auxil.signup import form_turns

REPO = Path(__file__).resolve().parents[1]
SIGNUP_TURNS = form_turns("Anna de Vries")


def _requirement_name(spec: str) -> str:
    return re.split(r"[\[<>=!~; ]", spec, maxsplit=1)[0].lower().replace("_", "-")


def _pins(lock: Path) -> dict[str, list[str]]:
    """name -> hashes of each `name==version` entry."""
    pins: dict[str, list[str]] = {}
    current: str | None = None
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==\S+", line)
        if match:
            current = match.group(1).lower().replace("_", "-")
            pins[current] = []
        elif current and "--hash=sha256:" in line:
            pins[current].append(line.split("--hash=sha256:")[1].split()[0])
    return pins


def test_lock_files_pin_every_dependency_with_hashes() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {_requirement_name(spec) for spec in project["dependencies"]}
    dev = {_requirement_name(spec) for spec in project["optional-dependencies"]["dev"]}
    bot_lock, dev_lock = _pins(REPO / "requirements.lock"), _pins(REPO / "requirements-dev.lock")
    assert runtime <= set(bot_lock), runtime - set(bot_lock)
    assert runtime | dev <= set(dev_lock), (runtime | dev) - set(dev_lock)
    assert {"pytest", "mypy", "ruff", "playwright", "uv"}.isdisjoint(bot_lock)  # image: no tools
    for pins in (bot_lock, dev_lock):
        assert all(pins.values()), [name for name, hashes in pins.items() if not hashes]


def test_make_ci_and_the_image_install_from_the_lock_files() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements-dev.lock" in makefile
    assert "--no-deps -e ." in makefile  # the project itself adds no unpinned dependency
    assert re.search(r"^lock:", makefile, re.M)  # the documented update command
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert "pip install --require-hashes -r requirements.lock" in dockerfile
    assert "make lock" in (REPO / "README.md").read_text(encoding="utf-8")


def _clean_environ(**extra: str) -> dict[str, str]:
    names = ("BOT_DATA_DIR", "BOT_DB_PATH", "TELEGRAM_BOT_TOKEN", "COORDINATOR_CHAT_IDS")
    environ = {k: v for k, v in os.environ.items() if k not in names}
    environ.update(extra)
    return environ


def test_every_command_finds_the_same_data_dir_from_any_folder(tmp_path: Path) -> None:
    """A copy of the application with its own `.env` (BOT_DATA_DIR relative): a sign-up made
    in the terminal chat from one folder is listed by `signups` run from another."""
    app = tmp_path / "app"
    for part in ("bot", "knowledge"):
        shutil.copytree(REPO / part, app / part, ignore=shutil.ignore_patterns("__pycache__"))
    (app / ".env").write_text("BOT_DATA_DIR=store\nCOORDINATOR_CHAT_IDS=-1001\n", "utf-8")
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir()
    there.mkdir()
    environ = _clean_environ(PYTHONPATH=str(app))

    def bot(folder: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", *args],
            cwd=folder,
            env=environ,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
        )

    chat = bot(here, "chat", stdin="\n".join(SIGNUP_TURNS) + "\n")
    assert chat.returncode == 0, chat.stderr
    assert "ontvangen en opgeslagen" in chat.stdout
    listed = bot(there, "signups")
    assert listed.returncode == 0, listed.stderr
    assert "Anna de Vries" in listed.stdout
    assert (app / "store" / "bot.sqlite3").is_file()
    assert not (here / "store").exists() and not (there / "store").exists()


def _chat(assistant: object, turns: list[str], user: str | None = None) -> str:
    out = io.StringIO()
    run_chat(assistant, io.StringIO("\n".join(turns) + "\n"), out, user=user)  # type: ignore[arg-type]
    return out.getvalue()


def test_two_terminal_chats_are_two_people(tmp_path: Path) -> None:
    assistant = build_assistant(db_path=tmp_path / "bot.sqlite3")
    try:
        first = _chat(assistant, ["/aanmelden", "Anna de Vries"])
        assert "gemeente" in first.lower()
        # A second chat does not continue Anna's form: its "Meierijstad" is a question.
        second = _chat(assistant, ["Meierijstad", "/mijngegevens"])
        assert "Welke rol" not in second
        assert "geen aanmelding" in second
        # The same named person finds their own conversation again.
        _chat(assistant, ["/aanmelden", "Bram Jansen"], user="bram")
        again = _chat(assistant, ["Oss"], user="bram")
        assert "rol" in again.lower()
    finally:
        assistant.close()


def test_terminal_signup_without_coordinator_chats_says_it_is_stored_only(
    tmp_path: Path,
) -> None:
    assistant = build_assistant(db_path=tmp_path / "bot.sqlite3", coordinator_chat_ids=())
    try:
        out = _chat(assistant, SIGNUP_TURNS)
    finally:
        assistant.close()
    assert default_texts().submitted.stored_only.nl in out


def test_terminal_signup_reaches_the_coordinator_chats(tmp_path: Path) -> None:
    assistant = build_assistant(db_path=tmp_path / "bot.sqlite3", coordinator_chat_ids=[-1001])
    try:
        out = _chat(assistant, SIGNUP_TURNS)
    finally:
        assistant.close()
    assert default_texts().submitted.stored_only.nl not in out and "ontvangen en opgeslagen" in out
    # The running bot's outbox sender forwards what the terminal chat queued.
    storage = SqliteStorage(tmp_path / "bot.sqlite3")
    api = InProcessBotApi(group_chat_type="supergroup")

    async def forward() -> None:
        async with Bot("123:abc", request=api, get_updates_request=api) as bot:
            await drain_outbox(bot, storage, now=2e9)

    try:
        asyncio.run(forward())
    finally:
        storage.close()
    [notice] = api.sent()
    assert int(notice["chat_id"]) == -1001 and "Anna de Vries" in notice["text"]


@pytest.mark.parametrize("command", ["chat", "ask"])
def test_an_unwritable_data_dir_stops_every_command_with_one_line(
    tmp_path: Path, command: str
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("x", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "bot", command, *(["wat kost het"] if command == "ask" else [])],
        cwd=REPO,
        env=_clean_environ(BOT_DATA_DIR=str(blocked / "data")),
        input="",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Configuration error: BOT_DATA_DIR {blocked / 'data'} is not writable")
