"""The benchmarks drive the project's own test kit (the Bot API emulator and the in-process
fake Bot API under tests/). They are developer commands: they load that kit from the source
checkout only when run, and say in one line what is missing. No other command imports tests/."""

from __future__ import annotations

import importlib
import shutil
import sys
from pathlib import Path
from types import ModuleType

REPO_ROOT = Path(__file__).resolve().parents[2]
EMULATOR_DIR = REPO_ROOT / "tests" / "e2e" / "emulator"
SETUP_HINT = "make setup && npm ci --prefix tests/e2e/emulator"


class TestKitMissing(RuntimeError):
    """The test kit or the emulator is not installed; the message says what to run."""


def load(module: str) -> ModuleType:
    """Import `module` (e.g. "tests.auxil.bot_api") from the source checkout."""
    if not (REPO_ROOT / "tests" / "auxil").is_dir():
        raise TestKitMissing(
            f"this benchmark needs the repository's tests/ folder (not found under {REPO_ROOT})"
        )
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    return importlib.import_module(module)


def emulator_missing() -> str | None:
    """Why the Bot API emulator cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "Node.js is not installed (the Bot API emulator runs on it)"
    if not (EMULATOR_DIR / "node_modules").is_dir():
        return f"the Bot API emulator is not installed: run `{SETUP_HINT}`"
    return None


def load_emulator_harness() -> ModuleType:
    """The e2e harness (BotApiEmulator, TgChat, ...); TestKitMissing when it cannot run."""
    reason = emulator_missing()
    if reason is not None:
        raise TestKitMissing(reason)
    load("tests.auxil")
    harness_dir = str(REPO_ROOT / "tests" / "e2e")
    if harness_dir not in sys.path:
        sys.path.insert(0, harness_dir)
    return importlib.import_module("harness")
