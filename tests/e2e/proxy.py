"""A fault-injecting HTTP proxy between the bot and the Bot API emulator (loopback only)."""

from __future__ import annotations

import asyncio

import httpx


class FlakyProxy:
    """An HTTP/1.1 proxy on loopback in front of the emulator. In a failing mode it answers
    `sendMessage` with HTTP 500, with 429 + retry_after, or by dropping the connection.

    `hold_next` sendMessage calls whose body names `hold_chat` are passed on to the emulator
    (the message arrives) while their answer is held for `hold_seconds`: a frozen network, in
    which the bot times out without knowing the message was delivered."""

    def __init__(self, target: str, *, hold_chat: int = 0, hold_seconds: float = 8.0) -> None:
        self.target = target
        self.mode = "pass"  # "pass", "500", "429", "drop"
        self.failed_calls = 0
        self.hold_chat, self.hold_seconds = hold_chat, hold_seconds
        self.hold_next = 0
        self._server: asyncio.Server | None = None
        self._client = httpx.AsyncClient(base_url=target, timeout=60.0)

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.sockets[0].getsockname()[:2]
        return f"http://{host}:{port}"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
        await self._client.aclose()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
                request_line, *header_lines = head.split("\r\n")
                method, path, _version = request_line.split(" ", 2)
                headers = {
                    key.strip().lower(): value.strip()
                    for key, _, value in (line.partition(":") for line in header_lines if line)
                }
                length = int(headers.get("content-length", "0"))
                body = await reader.readexactly(length) if length else b""
                if self.mode != "pass" and path.endswith("/sendMessage"):
                    self.failed_calls += 1
                    if self.mode == "drop":
                        return  # connection closed without an answer
                    status, payload = self._failure()
                else:
                    response = await self._client.request(
                        method,
                        path,
                        content=body,
                        headers={"content-type": headers.get("content-type", "")},
                    )
                    status, payload = response.status_code, response.content
                    if self._holds(path, body):
                        await asyncio.sleep(self.hold_seconds)  # delivered; the answer is lost
                        return
                writer.write(
                    f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(payload)}\r\n\r\n".encode()
                    + payload
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        except asyncio.CancelledError:  # the loop closes while an answer is held: just stop
            return
        finally:
            writer.close()

    def _holds(self, path: str, body: bytes) -> bool:
        if self.hold_next <= 0 or not path.endswith("/sendMessage"):
            return False
        if str(self.hold_chat).encode() not in body:
            return False
        self.hold_next -= 1
        return True

    def _failure(self) -> tuple[int, bytes]:
        if self.mode == "429":
            body = (
                '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1",'
                '"parameters":{"retry_after":1}}'
            )
            return 429, body.encode()
        body = '{"ok":false,"error_code":500,"description":"Internal Server Error"}'
        return 500, body.encode()
