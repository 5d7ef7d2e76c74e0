"""`python -m bot bench-web`: load benchmark of the web chat (not a test).

Starts `python -m bot web` in its own process on a free loopback port with a throw-away data
directory, then runs N browser sessions concurrently (default 200), each with its own cookie,
asking Q questions one after the other (default 10), as a person would. Reported: p50/p99 of
the server time (the `Server-Timing` header: from the request reaching the app to its
response), p50/p99 of the round trip seen by the client, and errors (anything but HTTP 200
with the bot's answer). All sessions come from 127.0.0.1, so the per-address rate limit is
raised for the run (the per-session limit stays as configured). Loopback only, bounded in time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import resource
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from bot.cli.bench_telegram import QUESTIONS, percentile

MAX_SESSIONS = 1000
MAX_QUESTIONS = 50
_TIMING_RE = re.compile(r"app;dur=([0-9.]+)")
_CORE_RE = re.compile(r"core;dur=([0-9.]+)")


@dataclass
class WebResults:
    """What the run measured (milliseconds)."""

    server_ms: list[float] = field(default_factory=list)
    core_ms: list[float] = field(default_factory=list)
    round_trip_ms: list[float] = field(default_factory=list)
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)

    def error(self, kind: str) -> None:
        """Count one failed question."""
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def wait_until_up(url: str, timeout: float) -> None:
    """Poll /healthz until the server answers, or raise TimeoutError."""
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            try:
                if (await client.get(f"{url}/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise TimeoutError(f"the web chat did not start at {url} within {timeout:.0f} s")


class LoopbackClient:
    """A minimal HTTP/1.1 keep-alive client for the load (httpx cost the client three times the
    server's CPU, and both share the machine): one connection, one cookie, JSON bodies."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.cookie = ""
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def request(
        self, method: str, path: str, body: bytes = b""
    ) -> tuple[int, dict[str, str], bytes]:
        """Status, headers (lower-case names, repeated ones joined by ", ") and body."""
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        assert self._reader is not None
        origin = f"http://{self.host}:{self.port}"
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nOrigin: {origin}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            + (f"Cookie: {self.cookie}\r\n" if self.cookie else "")
            + "\r\n"
        )
        self._writer.write(head.encode("ascii") + body)
        status_line = await self._reader.readline()
        status = int(status_line.split()[1])
        headers: dict[str, str] = {}
        while (line := await self._reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
            if name == "set-cookie":
                self.cookie = value.split(";", 1)[0]
        data = await self._reader.readexactly(int(headers.get("content-length", "0")))
        return status, headers, data

    async def close(self) -> None:
        """Close the connection."""
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(OSError):
                await self._writer.wait_closed()


async def _session(url: str, number: int, questions: int, results: WebResults) -> None:
    parts = urlsplit(url)
    client = LoopbackClient(parts.hostname or "127.0.0.1", parts.port or 80)
    try:
        await client.request("GET", "/")  # the page sets the session cookie, as in a browser
        for index in range(questions):
            text = QUESTIONS[(number + index) % len(QUESTIONS)]
            started = time.perf_counter()
            try:
                status, headers, body = await asyncio.wait_for(
                    client.request("POST", "/api/messages", json.dumps({"text": text}).encode()),
                    30.0,
                )
            except (OSError, asyncio.IncompleteReadError, TimeoutError) as error:
                results.error(type(error).__name__)
                await client.close()
                client = LoopbackClient(client.host, client.port)
                continue
            results.round_trip_ms.append((time.perf_counter() - started) * 1000)
            timing = headers.get("server-timing", "")
            if found := _TIMING_RE.search(timing):
                results.server_ms.append(float(found.group(1)))
            if found := _CORE_RE.search(timing):
                results.core_ms.append(float(found.group(1)))
            if status != 200:
                results.error(f"HTTP {status}")
                continue
            roles = [m.get("role") for m in json.loads(body).get("messages", [])]
            if roles != ["user", "bot"]:
                results.error("no answer")
    finally:
        await client.close()


async def run_bench(url: str, sessions: int, questions: int, deadline: float) -> WebResults:
    """Run the sessions against `url`; whatever is unfinished at `deadline` s counts as errors."""
    results = WebResults()
    tasks = [asyncio.create_task(_session(url, n, questions, results)) for n in range(sessions)]
    done, pending = await asyncio.wait(tasks, timeout=deadline)
    for task in pending:
        task.cancel()
    if pending:
        results.error("timeout")
    for task in done:
        if task.exception() is not None:
            results.error(type(task.exception()).__name__)
    return results


def main(argv: list[str]) -> int:
    """Entry point of `python -m bot bench-web`."""
    parser = argparse.ArgumentParser(prog="python -m bot bench-web", description=__doc__)
    parser.add_argument("--sessions", type=int, default=200, help="concurrent browser sessions")
    parser.add_argument("--questions", type=int, default=10, help="questions per session")
    parser.add_argument("--timeout", type=float, default=300.0, help="whole-run limit, seconds")
    args = parser.parse_args(argv)
    sessions = max(1, min(args.sessions, MAX_SESSIONS))
    questions = max(1, min(args.questions, MAX_QUESTIONS))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="bench-web-") as data_dir:
        environ = {
            **os.environ,
            "BOT_DATA_DIR": data_dir,
            "WEB_HOST": "127.0.0.1",
            "WEB_PORT": str(port),
            "WEB_RATE_PER_ADDRESS": str(10 * sessions * questions),
            "LOG_LEVEL": "WARNING",
        }
        environ.pop("BOT_DB_PATH", None)
        server = subprocess.Popen(
            [sys.executable, "-m", "bot", "web"],
            env=environ,
            cwd=Path(data_dir),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            asyncio.run(wait_until_up(url, 60.0))
            started = time.perf_counter()
            results = asyncio.run(run_bench(url, sessions, questions, args.timeout))
            elapsed = time.perf_counter() - started
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    answered = len(results.round_trip_ms)
    client_cpu = resource.getrusage(resource.RUSAGE_SELF)
    server_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"web chat: {sessions} sessions x {questions} questions over HTTP on loopback")
    if results.server_ms:
        print(
            f"server time   p50 {percentile(results.server_ms, 0.50):7.1f} ms   "
            f"p99 {percentile(results.server_ms, 0.99):7.1f} ms"
        )
        print(
            f"  of which core p50 {percentile(results.core_ms, 0.50):5.1f} ms   "
            f"p99 {percentile(results.core_ms, 0.99):7.1f} ms  (brain, form, SQLite, log)"
        )
        print(
            f"round trip    p50 {percentile(results.round_trip_ms, 0.50):7.1f} ms   "
            f"p99 {percentile(results.round_trip_ms, 0.99):7.1f} ms"
        )
    print(
        f"answers {answered}/{sessions * questions} in {elapsed:.1f} s "
        f"({answered / elapsed:.0f}/s); errors {results.errors}"
        + (f" {results.error_kinds}" if results.errors else "")
    )
    print(
        f"CPU seconds: server {server_cpu.ru_utime + server_cpu.ru_stime:.1f} (incl. start-up), "
        f"load client {client_cpu.ru_utime + client_cpu.ru_stime:.1f}; "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
    )
    return 0 if results.errors == 0 else 1
