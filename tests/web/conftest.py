"""Fixtures for the web chat tests: the real bot process (`python -m bot run` with WEB_PORT, so
Telegram and the web chat share one process and one SQLite file) against the Bot API emulator,
a host page that embeds the widget from another origin, and Debian's chromium driven by
Playwright through `executable_path` (Playwright's own browser download is not used).

Browser tests are skipped when `chromium` is not installed (`make browser-deps`, run by
`make test` as root, installs it), except under CI (`CI` set), where a missing browser fails;
axe-core comes from `npm ci --prefix tests/web`.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "e2e"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import NPM_CI_COMMAND, PACKAGE_DIR, BotApiEmulator, TgUser
from webkit import AXE_SCRIPT, BotProcess, HostPage, bot_environ

from bot.cli.bench_web import free_port


@pytest.fixture(scope="session")
def web_emulator() -> Iterator[BotApiEmulator]:
    """The Bot API emulator for the web tests (skipped without node, like tests/e2e)."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed: the web tests need Node.js for the emulator")
    if not PACKAGE_DIR.is_dir():
        pytest.fail(f"the Bot API emulator is not installed: run `{NPM_CI_COMMAND}`", pytrace=False)
    server = BotApiEmulator()
    try:
        server.start()
        yield server.fresh_bot()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def host_site() -> Iterator[str]:
    """The origin of the embedding site (set up before the bot, which must allow it)."""
    port = free_port()
    server = ThreadingHTTPServer(("127.0.0.1", port), HostPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def coordinator(web_emulator: BotApiEmulator) -> TgUser:
    """The coordinator who answers hand-offs in the coordinators' chat."""
    return web_emulator.new_user("Hanke")


@pytest.fixture(scope="module")
def bot_process(
    web_emulator: BotApiEmulator,
    host_site: str,
    coordinator: TgUser,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[BotProcess]:
    """The real bot process serving Telegram (on the emulator) and the web chat."""
    data_dir = tmp_path_factory.mktemp("web-data")
    port = free_port()
    environ = bot_environ(web_emulator, data_dir, port, host_site)
    environ["COORDINATOR_USER_IDS"] = str(coordinator.id)
    process = BotProcess(f"http://127.0.0.1:{port}", data_dir, environ)
    HostPage.widget_url = f"{process.url}/widget.js"
    process.start()
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's chromium; the browser tests are skipped without it (they fail under CI)."""
    path = shutil.which("chromium")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs Debian's chromium for the browser tests: `make browser-deps`")
        pytest.skip("Debian's chromium is not installed: run `make browser-deps` (as root)")
    return path


@pytest.fixture(scope="session")
def axe_script() -> str:
    """axe-core's browser bundle."""
    if not AXE_SCRIPT.is_file():
        pytest.fail("axe-core is missing: run `npm ci --prefix tests/web`", pytrace=False)
    return AXE_SCRIPT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[Any]:
    """One chromium per test module (each test opens its own context: its own cookies).
    Module scope: Playwright's sync API runs an event loop in this thread while it lives,
    which would stop the async tests of the next module from running theirs."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield browser
        finally:
            browser.close()
