"""Fixtures for the end-to-end tests against the Telegram Bot API emulator (see harness.py)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import NPM_CI_COMMAND, PACKAGE_DIR, BotApiEmulator


@pytest.fixture(scope="session")
def emulator_server() -> Iterator[BotApiEmulator]:
    """One emulator process for the whole session, stopped at the end whatever happens.

    Skipped when `node` is not installed; an error (not a skip) when node is there but the npm
    package is not installed, since that is a setup mistake to fix.
    """
    if shutil.which("node") is None:
        pytest.skip("node is not installed: the end-to-end tests need Node.js for the emulator")
    if not PACKAGE_DIR.is_dir():
        pytest.fail(
            f"the Bot API emulator is not installed ({PACKAGE_DIR} is missing): "
            f"run `{NPM_CI_COMMAND}` from the repository root",
            pytrace=False,
        )
    server = BotApiEmulator()
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def emulator(emulator_server: BotApiEmulator) -> BotApiEmulator:
    """A started emulator with a fresh bot token: this test's updates and messages only."""
    if not emulator_server.running:
        pytest.fail(f"the emulator process died; stderr:\n{emulator_server.stderr_tail}")
    return emulator_server.fresh_bot()
