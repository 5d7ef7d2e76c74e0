"""The container contract without Docker (no base image can be pulled here): the bot runs the
way the Dockerfile sets it up, read from the Dockerfile itself.

- the image's files: the Dockerfile's COPY lines, into an application folder the bot's user
  cannot write (root-owned, as in the image);
- the image's ENV, then the values of `.env.example` as `docker run --env-file` passes them
  (`NAME=` included), with what an operator fills in (token, coordinator chat);
- a non-root user (uid 65534 here, 10001 in the image) that owns only the data volume;
- the Dockerfile's ENTRYPOINT + CMD, and its HEALTHCHECK command.

The image's absolute folders (/app, /data) are mapped to temporary folders; the Bot API is the
emulator on loopback.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from harness import BotApiEmulator, TgChat

REPO = Path(__file__).resolve().parents[2]
NOBODY = 65534
SYSTEM_PYTHON = "/usr/bin/python3.11"
START_TIMEOUT = 60.0


@dataclass
class Image:
    """What the Dockerfile says about the image."""

    workdir: str = "/"
    env: dict[str, str] = field(default_factory=dict)
    copies: list[tuple[str, str]] = field(default_factory=list)  # (source, destination)
    user: str = "root"
    entrypoint: list[str] = field(default_factory=list)
    cmd: list[str] = field(default_factory=list)
    healthcheck: list[str] = field(default_factory=list)
    volumes: list[str] = field(default_factory=list)


def _instructions(text: str) -> Iterator[tuple[str, str]]:
    logical = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            logical += line[:-1] + " "
            continue
        logical += line
        keyword, _, rest = logical.partition(" ")
        yield keyword.upper(), rest.strip()
        logical = ""


def _exec_form(value: str) -> list[str]:
    import json

    parsed = json.loads(value)
    assert isinstance(parsed, list), f"expected the exec form, got {value}"
    return [str(part) for part in parsed]


def read_dockerfile(path: Path) -> Image:
    """The image description from the Dockerfile's instructions."""
    image = Image()
    for keyword, rest in _instructions(path.read_text(encoding="utf-8")):
        if keyword == "WORKDIR":
            image.workdir = rest
        elif keyword == "ENV":
            for pair in shlex.split(rest):
                name, _, value = pair.partition("=")
                image.env[name] = value
        elif keyword == "COPY":
            *sources, destination = rest.split()
            image.copies += [(source, destination) for source in sources]
        elif keyword == "USER":
            image.user = rest
        elif keyword == "ENTRYPOINT":
            image.entrypoint = _exec_form(rest)
        elif keyword == "CMD":
            image.cmd = _exec_form(rest)
        elif keyword == "HEALTHCHECK":
            image.healthcheck = _exec_form(rest.split(" CMD ", 1)[1])
        elif keyword == "VOLUME":
            image.volumes += _exec_form(rest)
    return image


def read_env_file_like_docker(path: Path) -> dict[str, str]:
    """`docker run --env-file`: NAME=value lines taken literally, `#` lines skipped."""
    values: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, _, value = line.partition("=")
        values[name.strip()] = value
    return values


@dataclass
class Container:
    """The image laid out on disk: its root with /app and the /data volume."""

    root: Path
    image: Image

    def path(self, image_path: str) -> Path:
        """Where an absolute path of the image lies here."""
        return self.root / image_path.lstrip("/")

    def environment(self, operator: dict[str, str]) -> dict[str, str]:
        """The image's ENV, overridden by .env.example and then by the operator's values."""
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.path(self.image.workdir)),
            # The image's site-packages, installed from the lock file: this environment's.
            "PYTHONPATH": sysconfig.get_paths()["purelib"],
        }
        for name, value in self.image.env.items():
            env[name] = str(self.path(value)) if value.startswith(("/app", "/data")) else value
        env.update(read_env_file_like_docker(REPO / ".env.example"))
        env.update(operator)
        return env

    def command(self, arguments: list[str]) -> list[str]:
        """An image command with the image's `python` as a system Python 3.11 (the test
        interpreter may sit where the bot's user cannot reach it)."""
        return [SYSTEM_PYTHON if part == "python" else part for part in arguments]


def _stop(process: subprocess.Popen[bytes]) -> str:
    """Stop the bot (SIGTERM, as `docker stop`); its stderr."""
    process.send_signal(signal.SIGTERM)
    try:
        _, stderr = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
    return stderr.decode("utf-8", "replace")


def _run_as_nobody(
    container: Container, arguments: list[str], env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        container.command(arguments),
        cwd=container.path(container.image.workdir),
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_as_nobody,
    )


def _as_nobody() -> None:
    os.setgid(NOBODY)
    os.setuid(NOBODY)


@pytest.fixture
def container() -> Iterator[Container]:
    if os.geteuid() != 0:
        pytest.skip("needs root to run the bot as another (non-root) user")
    if not os.access(SYSTEM_PYTHON, os.X_OK) or sys.version_info[:2] != (3, 11):
        pytest.skip(f"needs {SYSTEM_PYTHON} matching the test interpreter (3.11)")
    image = read_dockerfile(REPO / "Dockerfile")
    root = Path(tempfile.mkdtemp(prefix="wvdb-image-"))
    root.chmod(0o755)
    app = root / image.workdir.lstrip("/")
    app.mkdir(parents=True)
    for source, destination in image.copies:
        target = (
            root / destination.lstrip("/") if destination.startswith("/") else app / destination
        )
        if (REPO / source).is_dir():
            shutil.copytree(REPO / source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.mkdir(parents=True, exist_ok=True) if destination.endswith("/") else None
            shutil.copy2(REPO / source, target)
    for volume in image.volumes:
        data = root / volume.lstrip("/")
        data.mkdir(parents=True)
        os.chown(data, NOBODY, NOBODY)
    try:
        yield Container(root, image)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_the_dockerfile_describes_a_non_root_image_with_a_volume_and_a_healthcheck() -> None:
    image = read_dockerfile(REPO / "Dockerfile")
    assert image.user not in ("root", "0", "0:0")
    assert image.env["BOT_DATA_DIR"] in image.volumes
    assert image.entrypoint + image.cmd == ["python", "-m", "bot", "run"]
    assert image.healthcheck == ["python", "-m", "bot", "health"]
    assert ("requirements.lock", "./") in image.copies  # installs the hashed lock file
    # .env.example must not undo the image's data volume (the original PermissionError).
    assert "BOT_DATA_DIR" not in read_env_file_like_docker(REPO / ".env.example")


async def test_the_bot_runs_as_the_image_sets_it_up(
    container: Container, emulator: BotApiEmulator
) -> None:
    env = container.environment(
        {
            "TELEGRAM_BOT_TOKEN": emulator.token,
            "TELEGRAM_API_BASE_URL": emulator.url,
            "COORDINATOR_CHAT_IDS": "-999001",
        }
    )
    app = container.path(container.image.workdir)
    data = container.path(container.image.env["BOT_DATA_DIR"])
    process = subprocess.Popen(
        container.command(container.image.entrypoint + container.image.cmd),
        cwd=app,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_as_nobody,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not await emulator.bot_commands() and time.monotonic() < deadline:
            assert process.poll() is None, process.communicate()[1].decode()
            await asyncio.sleep(0.2)
        anna = emulator.new_user("Anna")
        chat = TgChat.private(anna)
        await emulator.send_message(chat, anna, "wanneer is dagdeel 5")
        [reply] = await emulator.wait_for_replies(chat, 1)
        assert "19 mei" in (reply.text or "")

        for _ in range(20):  # the first heartbeat comes a second after start-up
            health = _run_as_nobody(container, container.image.healthcheck, env)
            if health.returncode == 0:
                break
            await asyncio.sleep(0.5)
        assert health.returncode == 0, health.stderr + _stop(process)
    finally:
        stderr = _stop(process) if process.returncode is None else ""
    assert "Traceback" not in stderr, stderr
    database = data / "bot.sqlite3"
    assert database.stat().st_uid == NOBODY  # written by the bot's user, in the volume
    with sqlite3.connect(database) as conn:
        [(conversations,)] = conn.execute("SELECT COUNT(*) FROM conversation_state").fetchall()
    assert conversations >= 1
    assert not any(path.name == "data" for path in app.iterdir())  # nothing under /app
    after = _run_as_nobody(container, container.image.healthcheck, env)
    assert after.returncode == 1 and "not running" in after.stderr


def test_an_unwritable_data_dir_is_one_clear_line(container: Container) -> None:
    """The original failure: BOT_DATA_DIR=data points into /app, which the user cannot write."""
    env = container.environment(
        {
            "TELEGRAM_BOT_TOKEN": "123456:abc-DEF",
            "COORDINATOR_CHAT_IDS": "-1",
            "BOT_DATA_DIR": "data",
        }
    )
    result = _run_as_nobody(container, container.image.entrypoint + container.image.cmd, env)
    app_data = container.path(container.image.workdir) / "data"
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"Configuration error: BOT_DATA_DIR {app_data} is not writable (Permission denied): "
        "set BOT_DATA_DIR to a folder this user can write (the Docker image uses /data)"
    ]
