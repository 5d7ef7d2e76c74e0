"""The real bot process (`python -m bot run`) against the Bot API emulator, for fault tests.

`BotProcess` starts the bot exactly as an operator does, with its settings in the environment,
its log on stderr (kept in a file), and lets a test kill it (SIGKILL), stop it (SIGTERM) and read
its log. Every wait is bounded; the process is killed at exit whatever happens.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

REPO_ROOT = Path(__file__).resolve().parents[2]
READY_LINE = "Telegram bot @"
COORDINATOR_CHAT = -999_101


def bot_environment(api_url: str, token: str, data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a bot process pointed at the emulator (no .env file is read)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")
    }
    env.update(
        {
            "TELEGRAM_BOT_TOKEN": token,
            "TELEGRAM_API_BASE_URL": api_url,
            "COORDINATOR_CHAT_IDS": str(COORDINATOR_CHAT),
            "BOT_DATA_DIR": str(data_dir),
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


class BotProcess:
    """One `python -m bot run` process; use as a context manager."""

    def __init__(self, env: dict[str, str], *, cwd: Path | None = None) -> None:
        self.env = env
        self.cwd = cwd or Path(env["BOT_DATA_DIR"]).parent
        self._log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in close()
            prefix="bot-process-", suffix=".log", delete=False
        )
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> BotProcess:
        """Start the process (without waiting for it to be ready)."""
        self.cwd.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            cwd=self.cwd,
            env={**self.env, "PYTHONPATH": str(REPO_ROOT)},
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        return self

    def wait_ready(self, timeout: float = 60.0) -> BotProcess:
        """Wait for the bot's "running" line; AssertionError with the log when it does not come."""
        self.wait_for_log(READY_LINE, timeout=timeout)
        return self

    def wait_for_log(self, text: str, *, count: int = 1, timeout: float = 30.0) -> str:
        """Wait until `text` occurs `count` times in the log; the log so far."""
        deadline = time.monotonic() + timeout
        while True:
            log = self.log()
            if log.count(text) >= count:
                return log
            if self.proc is not None and self.proc.poll() is not None:
                code = self.proc.returncode
                raise AssertionError(f"bot process exited ({code}):\n{log[-3000:]}")
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not logged {count}x in {timeout} s:\n{log[-3000:]}")
            time.sleep(0.05)

    def log(self) -> str:
        """Everything the process wrote so far."""
        return Path(self._log.name).read_text(encoding="utf-8", errors="replace")

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def running(self) -> bool:
        """True while the process is alive."""
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        """SIGKILL, as a crash or an OOM kill: no clean-up at all."""
        if self.running():
            assert self.proc is not None
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)

    def stop(self, timeout: float = 30.0) -> tuple[int, float]:
        """SIGTERM and wait; (exit code, seconds it took). Killed when it overruns `timeout`."""
        assert self.proc is not None
        started = time.monotonic()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        return self.proc.returncode, time.monotonic() - started

    def wait_exit(self, timeout: float = 60.0) -> int:
        """Wait for the process to end on its own; its exit code."""
        assert self.proc is not None
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            tail = self.log()[-3000:]
            raise AssertionError(f"bot process did not exit within {timeout} s:\n{tail}") from None

    def close(self) -> None:
        """Kill the process if still running and remove the log file."""
        self.kill()
        self._log.close()
        Path(self._log.name).unlink(missing_ok=True)

    def __enter__(self) -> BotProcess:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
