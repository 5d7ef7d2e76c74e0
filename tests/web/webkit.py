"""Helpers of the web chat tests: the real bot process with the web chat, and a host page
on another loopback origin that embeds the widget."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import httpx
from harness import BotApiEmulator

WEB_DIR = Path(__file__).resolve().parent
AXE_SCRIPT = WEB_DIR / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOT_DIR = WEB_DIR / "screenshots"
COORDINATOR_CHAT = -999_002
START_TIMEOUT = 60.0


@dataclass
class BotProcess:
    """`python -m bot run` with the web chat, on a data directory."""

    url: str
    data_dir: Path
    environ: dict[str, str]
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the process and wait until the web chat answers /healthz."""
        log = (self.data_dir / "bot.log").open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            env=self.environ,
            cwd=self.data_dir,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the bot exited on start-up:\n{self.log_tail()}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"the web chat did not come up:\n{self.log_tail()}")

    def stop(self) -> None:
        """SIGTERM, as a process manager stops it; killed after 15 s."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        self.process = None

    def log_tail(self) -> str:
        """The end of the process output."""
        path = self.data_dir / "bot.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""


class HostPage(BaseHTTPRequestHandler):
    """Another site (another origin on loopback) that embeds the widget with one script tag."""

    widget_url = ""

    def do_GET(self) -> None:
        body = (
            "<!doctype html><html lang='nl'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            "<title>Gemeente Voorbeeld – Leernetwerk</title></head><body>"
            "<main><h1>Leernetwerk Werken volgens de Bedoeling</h1>"
            "<p>Informatie over het Leernetwerk voor gemeenten. Vragen? Gebruik de chat "
            "rechtsonder.</p></main>"
            f"<script src='{self.widget_url}' defer></script></body></html>"
        ).encode()
        self.send_response(200)
        self.send_header("content-type", "text/html; charset=utf-8")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


def bot_environ(
    emulator: BotApiEmulator, data_dir: Path, port: int, host_site: str
) -> dict[str, str]:
    """The environment of the bot process: Telegram on the emulator, the web chat on `port`."""
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("WEB_", "TELEGRAM_", "COORDINATOR_", "BOT_"))
    }
    environ.update(
        {
            "TELEGRAM_BOT_TOKEN": emulator.token,
            "TELEGRAM_API_BASE_URL": emulator.url,
            "COORDINATOR_CHAT_IDS": str(COORDINATOR_CHAT),
            "BOT_DATA_DIR": str(data_dir),
            "WEB_HOST": "127.0.0.1",
            "WEB_PORT": str(port),
            "WEB_ALLOWED_ORIGINS": host_site,
            "LOG_LEVEL": "INFO",
        }
    )
    return environ
