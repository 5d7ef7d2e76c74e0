"""End-to-end test harness: a Telegram Bot API emulator on loopback, and the user side of it.

`BotApiEmulator` runs `emulator/launcher.js` (npm package `telegram-test-api` 4.2.1, patched for
python-telegram-bot 22; install once with `npm ci --prefix tests/e2e/emulator`) as a subprocess on
a free 127.0.0.1 port, and plays Telegram users over the emulator's client routes. The bot under
test is a real PTB `Application` talking real HTTP to it:

    base_url      = f"{emulator.url}/bot"        -> PTB calls {url}/bot<token>/<method>
    base_file_url = f"{emulator.url}/file/bot"   -> PTB downloads {url}/file/bot<token>/<path>

(the same values as `TELEGRAM_API_BASE_URL={emulator.url}` / `{emulator.url}/bot` for the bot's
own config). Use with the `emulator` fixture of conftest.py, which gives each test a fresh bot
token on one shared emulator process, so tests never see each other's updates or messages:

    async def test_echo(emulator: BotApiEmulator) -> None:
        app = emulator.application_builder().build()
        app.add_handler(MessageHandler(filters.TEXT, echo))  # the handlers under test
        anna = emulator.new_user("Anna")
        chat = TgChat.private(anna)
        async with emulator.polling(app):              # initialize, start, poll; stop at exit
            sent = await emulator.send_message(chat, anna, "Wat is een dagdeel?")
            [reply] = await emulator.wait_for_replies(chat, count=1, timeout=10)
        assert reply.reply_to_message_id in (None, sent.message_id)
        assert "dagdeel" in reply.text

API (all user-side helpers are coroutines; ids are unique per emulator process):
    emulator.url / base_url / base_file_url / token / bot_id / bot_username / mention
    emulator.application_builder() -> ApplicationBuilder; emulator.polling(app, ...) -> ctx manager
    emulator.new_user(first_name, username=None) -> TgUser; emulator.new_group(title) -> TgChat
    send_message(chat, user, text, reply_to=None, entities=None) -> SentUpdate
        (bot_command and @mention entities are added automatically, as Telegram clients do)
    send_command(chat, user, "start", args="", addressed=False)  ("/start@<bot> args" if addressed)
    press_button(chat, user, message, text=... | data=...) -> SentUpdate (callback query)
    send_user_message(chat, user, **fields): photo, sticker, voice, document, ... messages
    edit_user_message(chat, user, message_id, text); add_bot_to_group(chat, by);
    migrate_to_supergroup(chat, by) -> new TgChat; send_update(raw_update_dict)
    bot_messages(chat), new_replies(chat), skip_replies(chat),
    wait_for_replies(chat, count, timeout) -> list[BotMessage]
    callback_answers(), wait_for_callback_answer(callback_query_id), bot_commands(), download(msg)
    fail_next(method, count=1, error_code=429, retry_after=1)  (Telegram errors on purpose)
    redeliver(update_id)  (a confirmed update comes again, as after a crash before confirming)
    post_update_to_webhook(url, update, secret_token=None)  (raw JSON straight to a webhook bot)

Notes for test writers:
- Silence is proven without sleeping: updates are handled in order, so send the chatter, then a
  message that must be answered, `wait_for_replies(chat, 1)` and check that the single new reply
  answers the second message (`reply_to_message_id`), then `new_replies(chat) == []`.
- Bot message texts are as the bot sent them (raw HTML when parse_mode is HTML). Like the real
  API, the emulator rejects bad HTML ("can't parse entities") and texts over 4096 characters
  with HTTP 400 (PTB raises `telegram.error.BadRequest`).
- Messages of any kind (photo, sticker, new_chat_members, migrate_to_chat_id, ...) go through
  the package's `/sendMessage` route; update kinds other than `message` and `callback_query`
  (edited_message, my_chat_member) through the launcher's `/sendUpdate`. With a webhook set
  (PTB `run_webhook`/`start_webhook`), the emulator POSTs every update to it, with the secret
  token header; `post_update_to_webhook` does the same without the emulator.
- getUpdates honours offset and long polling (timeout), so `poll_interval=0` is fine.
"""

from __future__ import annotations

import asyncio
import atexit
import itertools
import json
import re
import shutil
import ssl
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Self

import httpx
from telegram.ext import Application, ApplicationBuilder

EMULATOR_DIR = Path(__file__).resolve().parent / "emulator"
LAUNCHER = EMULATOR_DIR / "launcher.js"
PACKAGE_DIR = EMULATOR_DIR / "node_modules" / "telegram-test-api"
NPM_CI_COMMAND = "npm ci --prefix tests/e2e/emulator"
DEFAULT_BOT_USERNAME = "WvdbTestBot"
POLL_INTERVAL_SECONDS = 0.02
LONG_POLL_SECONDS = 5.0

JSONDict = dict[str, Any]

_ENTITY_RE = re.compile(
    r"(?<![\w/@])(/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?|@[A-Za-z0-9_]{5,32})"
)


class EmulatorError(RuntimeError):
    """The emulator could not be started, or refused a request of the harness."""


@dataclass(frozen=True, slots=True)
class TgUser:
    """A Telegram user played by a test."""

    id: int
    first_name: str
    username: str | None = None
    last_name: str | None = None
    language_code: str = "nl"

    def to_api(self) -> JSONDict:
        """The Bot API `User` object."""
        data: JSONDict = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        data["language_code"] = self.language_code
        return data


@dataclass(frozen=True, slots=True)
class TgChat:
    """A chat a test user writes in: private (id = user id), group or supergroup."""

    id: int
    type: Literal["private", "group", "supergroup"]
    title: str | None = None
    first_name: str | None = None
    username: str | None = None

    @classmethod
    def private(cls, user: TgUser) -> TgChat:
        """The private chat between `user` and the bot."""
        return cls(id=user.id, type="private", first_name=user.first_name, username=user.username)

    @property
    def is_group(self) -> bool:
        """True for groups and supergroups."""
        return self.type != "private"

    def to_api(self) -> JSONDict:
        """The Bot API `Chat` object."""
        data: JSONDict = {"id": self.id, "type": self.type}
        for key in ("title", "first_name", "username"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data


@dataclass(frozen=True, slots=True)
class InlineButton:
    """One inline keyboard button of a bot message."""

    text: str
    callback_data: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class BotMessage:
    """A message the bot sent, as the emulator stored it (current text after edits)."""

    message_id: int
    chat_id: int
    text: str | None
    parse_mode: str | None
    reply_to_message_id: int | None
    buttons: tuple[tuple[InlineButton, ...], ...]
    document: JSONDict | None
    edited: bool
    deleted: bool
    raw: JSONDict = field(repr=False)

    @classmethod
    def from_api(cls, data: JSONDict) -> BotMessage:
        """Builds it from a `/getChatMessages` entry."""
        markup = data.get("reply_markup") or {}
        rows = markup.get("inline_keyboard") or []
        buttons = tuple(
            tuple(
                InlineButton(
                    text=str(b.get("text", "")),
                    callback_data=b.get("callback_data"),
                    url=b.get("url"),
                )
                for b in row
            )
            for row in rows
        )
        text = data.get("text")
        if text is None:
            text = data.get("caption")
        return cls(
            message_id=int(data["message_id"]),
            chat_id=int(data["chat"]["id"]),
            text=text,
            parse_mode=data.get("parse_mode"),
            reply_to_message_id=data.get("reply_to_message_id"),
            buttons=buttons,
            document=data.get("document"),
            edited="edit_date" in data,
            deleted=bool(data.get("deleted")),
            raw=data,
        )

    @property
    def all_buttons(self) -> list[InlineButton]:
        """The inline buttons, row by row."""
        return [button for row in self.buttons for button in row]

    def api_message(self) -> JSONDict:
        """The Bot API `Message` object of it, as Telegram embeds it in replies and callbacks."""
        keys = (
            "message_id",
            "from",
            "chat",
            "date",
            "text",
            "caption",
            "document",
            "edit_date",
            "forward_origin",
        )
        data = {key: self.raw[key] for key in keys if self.raw.get(key) is not None}
        markup = self.raw.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            data["reply_markup"] = markup
        return data

    def button(self, text: str) -> InlineButton:
        """The inline button whose label is `text` (AssertionError listing the labels if none)."""
        for candidate in self.all_buttons:
            if candidate.text == text:
                return candidate
        labels = [b.text for b in self.all_buttons]
        raise AssertionError(
            f"bot message {self.message_id} has no button {text!r}; it has {labels}"
        )


@dataclass(frozen=True, slots=True)
class SentUpdate:
    """What the emulator assigned to an update a test user sent."""

    update_id: int
    message_id: int | None = None
    callback_query_id: str | None = None


@dataclass(frozen=True, slots=True)
class CallbackAnswer:
    """An `answerCallbackQuery` call the bot made."""

    callback_query_id: str
    text: str | None
    show_alert: bool
    url: str | None


# Building an httpx client builds a TLS context by default, ~20 ms of blocked event loop per
# client; with one shared context a client costs ~0.1 ms, which matters for the load benchmark.
_TLS_CONTEXT = ssl.create_default_context()


def _http_client(timeout: float = 30.0) -> httpx.AsyncClient:
    """A short-lived client for loopback calls (proxies from the environment are ignored)."""
    return httpx.AsyncClient(timeout=timeout, verify=_TLS_CONTEXT, trust_env=False)


def _chat_id(chat: TgChat | int) -> int:
    return chat.id if isinstance(chat, TgChat) else int(chat)


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def detect_entities(text: str) -> list[JSONDict]:
    """bot_command and mention entities as a Telegram client would send them (UTF-16 offsets)."""
    entities: list[JSONDict] = []
    for match in _ENTITY_RE.finditer(text):
        kind = "bot_command" if match.group(0).startswith("/") else "mention"
        entities.append(
            {
                "type": kind,
                "offset": _utf16_len(text[: match.start()]),
                "length": _utf16_len(match.group(0)),
            }
        )
    return entities


class _EmulatorProcess:
    """The node launcher subprocess; shared by every `BotApiEmulator` made with `fresh_bot`."""

    def __init__(self, *, node: str, host: str, bot_username: str, startup_timeout: float) -> None:
        self.node = node
        self.host = host
        self.bot_username = bot_username
        self.startup_timeout = startup_timeout
        self.port: int | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._logdir: tempfile.TemporaryDirectory[str] | None = None

    def start(self) -> None:
        if self._proc is not None:
            return
        if shutil.which(self.node) is None:
            raise EmulatorError(f"node executable {self.node!r} not found")
        if not PACKAGE_DIR.is_dir():
            raise EmulatorError(
                f"telegram-test-api is not installed in {EMULATOR_DIR}; run `{NPM_CI_COMMAND}`"
            )
        self._logdir = tempfile.TemporaryDirectory(prefix="tg-emulator-")
        out_path = Path(self._logdir.name) / "stdout.log"
        err_path = Path(self._logdir.name) / "stderr.log"
        with out_path.open("wb") as out, err_path.open("wb") as err:
            self._proc = subprocess.Popen(
                [
                    self.node,
                    str(LAUNCHER),
                    "--host",
                    self.host,
                    "--port",
                    "0",
                    "--bot-username",
                    self.bot_username,
                ],
                cwd=EMULATOR_DIR,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
            )
        atexit.register(self.stop)
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            match = re.search(r"^LISTENING (\d+)$", out_path.read_text(), re.MULTILINE)
            if match:
                self.port = int(match.group(1))
                return
            if self._proc.poll() is not None:
                break
            time.sleep(0.02)
        stderr = err_path.read_text()[-2000:]
        self.stop()
        raise EmulatorError(
            f"emulator did not print LISTENING within {self.startup_timeout} s; stderr:\n{stderr}"
        )

    @property
    def stderr_tail(self) -> str:
        """The last lines the emulator wrote to stderr (for failure messages)."""
        if self._logdir is None:
            return ""
        path = Path(self._logdir.name) / "stderr.log"
        return path.read_text()[-4000:] if path.exists() else ""

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        if self._logdir is not None:
            self._logdir.cleanup()
            self._logdir = None
        self.port = None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None and self.port is not None


class BotApiEmulator:
    """A Telegram Bot API emulator process plus the user side for one bot token."""

    _ids = itertools.count(1)

    def __init__(
        self,
        token: str | None = None,
        *,
        bot_username: str = DEFAULT_BOT_USERNAME,
        host: str = "127.0.0.1",
        node: str = "node",
        startup_timeout: float = 20.0,
        _process: _EmulatorProcess | None = None,
    ) -> None:
        self._process = _process or _EmulatorProcess(
            node=node, host=host, bot_username=bot_username, startup_timeout=startup_timeout
        )
        self._owns_process = _process is None
        self.token = token or self._new_token()
        self._cursors: dict[int, int] = {}

    # ----- lifecycle --------------------------------------------------------------------------

    @classmethod
    def _new_token(cls) -> str:
        return f"{7_000_000 + next(cls._ids)}:EmulatorTestToken"

    def start(self) -> Self:
        """Starts the node process and waits for its LISTENING line."""
        self._process.start()
        return self

    def stop(self) -> None:
        """Stops the node process (no-op for a `fresh_bot` view, which does not own it)."""
        if self._owns_process:
            self._process.stop()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def fresh_bot(self, token: str | None = None) -> BotApiEmulator:
        """A view on the same emulator process with a new bot token: isolated updates/messages."""
        return BotApiEmulator(token, _process=self._process)

    @property
    def running(self) -> bool:
        """True while the node process is up."""
        return self._process.running

    @property
    def stderr_tail(self) -> str:
        """The end of the emulator's stderr, for diagnosing failures."""
        return self._process.stderr_tail

    # ----- what the bot needs -----------------------------------------------------------------

    @property
    def url(self) -> str:
        """Root URL, e.g. http://127.0.0.1:41234 (also TELEGRAM_API_BASE_URL for the bot)."""
        if self._process.port is None:
            raise EmulatorError("the emulator is not started")
        return f"http://{self._process.host}:{self._process.port}"

    @property
    def base_url(self) -> str:
        """PTB `base_url`: PTB appends the token, then `/<method>`."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """PTB `base_file_url`: PTB appends the token, then `/<file_path>`."""
        return f"{self.url}/file/bot"

    @property
    def bot_id(self) -> int:
        """The bot's user id (getMe): the numeric part of the token."""
        return int(self.token.split(":", 1)[0])

    @property
    def bot_username(self) -> str:
        """The bot's username (getMe), without '@'."""
        return self._process.bot_username

    @property
    def mention(self) -> str:
        """'@<bot username>', to address the bot in a group."""
        return f"@{self.bot_username}"

    def bot_user(self) -> JSONDict:
        """The bot as a Bot API `User` object."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "WvdB Test Bot",
            "username": self.bot_username,
        }

    def application_builder(self) -> ApplicationBuilder[Any, Any, Any, Any, Any, Any]:
        """`Application.builder()` with this emulator's token, base_url and base_file_url."""
        return (
            Application.builder()
            .token(self.token)
            .base_url(self.base_url)
            .base_file_url(self.base_file_url)
        )

    @asynccontextmanager
    async def polling(
        self,
        app: Application[Any, Any, Any, Any, Any, Any],
        *,
        poll_interval: float = 0.0,
        timeout: int = 10,
        drop_pending_updates: bool = False,
    ) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
        """Runs `app` with long polling against the emulator for the `async with` body."""
        await app.initialize()
        try:
            await app.start()
            try:
                assert app.updater is not None, "build the Application with an Updater"
                await app.updater.start_polling(
                    poll_interval=poll_interval,
                    timeout=timeout,
                    drop_pending_updates=drop_pending_updates,
                )
                try:
                    yield app
                finally:
                    await app.updater.stop()
            finally:
                await app.stop()
        finally:
            await app.shutdown()

    # ----- users and chats ----------------------------------------------------------------------

    def new_user(
        self, first_name: str = "Anna", *, username: str | None = None, last_name: str | None = None
    ) -> TgUser:
        """A user with an id unique in this emulator process."""
        user_id = 100_000 + next(self._ids)
        return TgUser(
            id=user_id,
            first_name=first_name,
            username=username or f"{first_name.lower()}{user_id}",
            last_name=last_name,
        )

    def new_group(self, title: str = "Team Sociaal Domein", *, supergroup: bool = False) -> TgChat:
        """A group (or supergroup, id -100...) chat with a unique id."""
        number = 500_000 + next(self._ids)
        if supergroup:
            return TgChat(id=-(1_000_000_000_000 + number), type="supergroup", title=title)
        return TgChat(id=-number, type="group", title=title)

    # ----- user side: sending ---------------------------------------------------------------------

    async def _post(
        self, path: str, payload: Mapping[str, Any], client: httpx.AsyncClient | None = None
    ) -> Any:
        async def call(c: httpx.AsyncClient) -> Any:
            try:
                response = await c.post(f"{self.url}{path}", json=dict(payload))
            except httpx.HTTPError as exc:
                raise EmulatorError(f"POST {path} failed: {exc!r}\n{self.stderr_tail}") from exc
            try:
                body = response.json()
            except ValueError:
                body = {"ok": False, "description": response.text[:500]}
            if response.status_code != 200 or not body.get("ok", False):
                raise EmulatorError(
                    f"POST {path} -> HTTP {response.status_code}: "
                    f"{body.get('description') or body.get('message')}"
                )
            return body.get("result")

        if client is not None:
            return await call(client)
        async with _http_client() as new_client:
            return await call(new_client)

    def _message(self, chat: TgChat, user: TgUser, fields: Mapping[str, Any]) -> JSONDict:
        return {
            "from": user.to_api(),
            "chat": chat.to_api(),
            "date": int(time.time()),
            **fields,
        }

    @staticmethod
    def _sent(result: Mapping[str, Any]) -> SentUpdate:
        return SentUpdate(
            update_id=int(result["update_id"]),
            message_id=result.get("message_id"),
            callback_query_id=result.get("callback_query_id"),
        )

    async def _reply_to_payload(self, chat: TgChat, reply_to: BotMessage | int) -> JSONDict:
        if isinstance(reply_to, BotMessage):
            return reply_to.api_message()
        for message in await self.bot_messages(chat):
            if message.message_id == reply_to:
                return message.api_message()
        # A user's own message: the emulator only needs the id and chat.
        return {"message_id": reply_to, "chat": chat.to_api(), "date": int(time.time())}

    async def send_message(
        self,
        chat: TgChat,
        user: TgUser,
        text: str,
        *,
        reply_to: BotMessage | int | None = None,
        entities: Sequence[Mapping[str, Any]] | None = None,
    ) -> SentUpdate:
        """`user` types `text` in `chat`; commands and @mentions get entities automatically.

        `reply_to` makes it a reply to a bot message (or to a message id in the chat).
        """
        found = [dict(e) for e in entities] if entities is not None else detect_entities(text)
        fields: JSONDict = {"text": text}
        if found:
            fields["entities"] = found
        if reply_to is not None:
            fields["reply_to_message"] = await self._reply_to_payload(chat, reply_to)
        is_command = any(e["type"] == "bot_command" and e["offset"] == 0 for e in found)
        route = "/sendCommand" if is_command else "/sendMessage"
        result = await self._post(
            route, {"botToken": self.token, **self._message(chat, user, fields)}
        )
        return self._sent(result)

    async def send_command(
        self, chat: TgChat, user: TgUser, command: str, args: str = "", *, addressed: bool = False
    ) -> SentUpdate:
        """Sends `/command args`; `addressed=True` writes `/command@<bot username>` (groups)."""
        name = command.lstrip("/")
        text = f"/{name}@{self.bot_username}" if addressed else f"/{name}"
        if args:
            text = f"{text} {args}"
        return await self.send_message(chat, user, text)

    async def press_button(
        self,
        chat: TgChat,
        user: TgUser,
        message: BotMessage,
        *,
        text: str | None = None,
        data: str | None = None,
        chat_instance: str | None = None,
    ) -> SentUpdate:
        """Presses the inline button labelled `text` on `message`, or sends raw callback `data`

        (use `data` for stale or forged callback data).
        """
        if (text is None) == (data is None):
            raise ValueError("give exactly one of text= or data=")
        if text is not None:
            button = message.button(text)
            if button.callback_data is None:
                raise AssertionError(f"button {text!r} has no callback_data")
            data = button.callback_data
        payload: JSONDict = {
            "botToken": self.token,
            "from": user.to_api(),
            "message": message.api_message(),
            "data": data,
            "chat_instance": chat_instance or f"ci{abs(chat.id)}",
        }
        return self._sent(await self._post("/sendCallback", payload))

    async def send_user_message(self, chat: TgChat, user: TgUser, **fields: Any) -> SentUpdate:
        """A message with arbitrary Message fields, e.g. `photo=[...]`, `sticker={...}`."""
        result = await self._post(
            "/sendMessage", {"botToken": self.token, **self._message(chat, user, fields)}
        )
        return self._sent(result)

    async def send_photo(
        self, chat: TgChat, user: TgUser, caption: str | None = None
    ) -> SentUpdate:
        """A photo message (two sizes, as Telegram sends)."""
        sizes = [
            {
                "file_id": f"PH{n}",
                "file_unique_id": f"PHU{n}",
                "width": w,
                "height": w,
                "file_size": s,
            }
            for n, w, s in ((1, 90, 1200), (2, 800, 65000))
        ]
        extra: JSONDict = {"caption": caption} if caption else {}
        return await self.send_user_message(chat, user, photo=sizes, **extra)

    async def send_sticker(self, chat: TgChat, user: TgUser, emoji: str = "👍") -> SentUpdate:
        """A sticker message."""
        sticker = {
            "file_id": "STK1",
            "file_unique_id": "STKU1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return await self.send_user_message(chat, user, sticker=sticker)

    async def send_voice(self, chat: TgChat, user: TgUser, duration: int = 3) -> SentUpdate:
        """A voice message."""
        voice = {
            "file_id": "VOI1",
            "file_unique_id": "VOIU1",
            "duration": duration,
            "mime_type": "audio/ogg",
        }
        return await self.send_user_message(chat, user, voice=voice)

    async def send_user_document(
        self, chat: TgChat, user: TgUser, file_name: str = "notities.pdf"
    ) -> SentUpdate:
        """A document (file) message from the user."""
        document = {
            "file_id": "DOCU1",
            "file_unique_id": "DOCUU1",
            "file_name": file_name,
            "mime_type": "application/pdf",
            "file_size": 1234,
        }
        return await self.send_user_message(chat, user, document=document)

    async def send_update(self, update: Mapping[str, Any]) -> SentUpdate:
        """Any raw update (without update_id), e.g. {"edited_message": {...}}."""
        result = await self._post("/sendUpdate", {"botToken": self.token, "update": dict(update)})
        return self._sent(result)

    async def edit_user_message(
        self, chat: TgChat, user: TgUser, message_id: int, text: str
    ) -> SentUpdate:
        """An `edited_message` update: `user` edits their message `message_id` to `text`."""
        message = self._message(
            chat, user, {"message_id": message_id, "text": text, "edit_date": int(time.time())}
        )
        return await self.send_update({"edited_message": message})

    async def add_bot_to_group(
        self, chat: TgChat, by: TgUser, *, with_my_chat_member: bool = True
    ) -> SentUpdate:
        """The bot is added to `chat` by `by`: like Telegram, a `my_chat_member` update (unless
        disabled) followed by a message with `new_chat_members`. Returns the message's update."""
        if with_my_chat_member:
            now = int(time.time())
            await self.send_update(
                {
                    "my_chat_member": {
                        "chat": chat.to_api(),
                        "from": by.to_api(),
                        "date": now,
                        "old_chat_member": {"status": "left", "user": self.bot_user()},
                        "new_chat_member": {"status": "member", "user": self.bot_user()},
                    }
                }
            )
        return await self.send_user_message(chat, by, new_chat_members=[self.bot_user()])

    async def migrate_to_supergroup(self, chat: TgChat, by: TgUser) -> TgChat:
        """Upgrades group `chat` to a supergroup as Telegram reports it; returns the new chat."""
        new_chat = TgChat(
            id=-(1_000_000_000_000 + abs(chat.id)), type="supergroup", title=chat.title
        )
        await self.send_user_message(chat, by, migrate_to_chat_id=new_chat.id)
        await self.send_user_message(new_chat, by, migrate_from_chat_id=chat.id)
        return new_chat

    @staticmethod
    async def post_update_to_webhook(
        url: str, update: Mapping[str, Any], *, secret_token: str | None = None
    ) -> int:
        """POSTs a raw update JSON straight to a bot's webhook; returns the HTTP status."""
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret_token} if secret_token else {}
        async with _http_client() as client:
            response = await client.post(
                url,
                content=json.dumps(dict(update)),
                headers={"content-type": "application/json", **headers},
            )
        return response.status_code

    # ----- user side: reading -----------------------------------------------------------------

    async def bot_messages(
        self,
        chat: TgChat | int,
        *,
        after: int = 0,
        client: httpx.AsyncClient | None = None,
        min_count: int = 0,
        wait: float = 0.0,
    ) -> list[BotMessage]:
        """Every message the bot sent to `chat` (message_id > `after`), oldest first.

        With `min_count` and `wait` (seconds) the emulator holds the request until that many
        exist or the wait is over (long polling), then answers with what it has.
        """
        payload = {"token": self.token, "chatId": _chat_id(chat), "afterMessageId": after}
        if min_count and wait > 0:
            payload |= {"minCount": min_count, "timeout": wait}
        result = await self._post("/getChatMessages", payload, client)
        return [BotMessage.from_api(item) for item in result]

    async def new_replies(self, chat: TgChat | int) -> list[BotMessage]:
        """Bot messages in `chat` not returned before by new_replies/wait_for_replies (no wait)."""
        chat_id = _chat_id(chat)
        messages = await self.bot_messages(chat_id, after=self._cursors.get(chat_id, 0))
        if messages:
            self._cursors[chat_id] = messages[-1].message_id
        return messages

    async def skip_replies(self, chat: TgChat | int) -> None:
        """Marks everything the bot sent to `chat` so far as seen."""
        await self.new_replies(chat)

    async def wait_for_replies(
        self, chat: TgChat | int, count: int = 1, timeout: float = 10.0
    ) -> list[BotMessage]:
        """Waits until the bot has sent `count` new messages to `chat`; returns exactly those.

        Raises AssertionError naming what did arrive when `timeout` seconds pass first.
        """
        chat_id = _chat_id(chat)
        after = self._cursors.get(chat_id, 0)
        messages: list[BotMessage] = []
        deadline = time.monotonic() + timeout
        async with _http_client(LONG_POLL_SECONDS + 30.0) as client:
            while True:
                remaining = deadline - time.monotonic()
                messages = await self.bot_messages(
                    chat_id,
                    after=after,
                    client=client,
                    min_count=count,
                    wait=max(min(remaining, LONG_POLL_SECONDS), 0.0),
                )
                if len(messages) >= count:
                    taken = messages[:count]
                    self._cursors[chat_id] = taken[-1].message_id
                    return taken
                if time.monotonic() >= deadline:
                    break
        texts = [(m.text or "")[:80] for m in messages]
        raise AssertionError(
            f"expected {count} new bot message(s) in chat {chat_id} within {timeout} s, "
            f"got {len(messages)}: {texts}"
        )

    async def fail_next(
        self,
        method: str,
        *,
        count: int = 1,
        error_code: int = 429,
        retry_after: int = 1,
        description: str | None = None,
    ) -> None:
        """Makes the bot's next `count` calls of Bot API `method` fail (default: flood limit,
        429 with `retry_after`, which PTB raises as `telegram.error.RetryAfter`)."""
        payload: JSONDict = {
            "token": self.token,
            "method": method,
            "count": count,
            "error_code": error_code,
            "retry_after": retry_after,
        }
        if description is not None:
            payload["description"] = description
        await self._post("/failNext", payload)

    async def redeliver(self, update_id: int) -> None:
        """Makes an update the bot already confirmed pending again, as Telegram does when the bot
        died before confirming it (same update_id, same content)."""
        await self._post("/redeliver", {"token": self.token, "update_id": update_id})

    async def callback_answers(self) -> list[CallbackAnswer]:
        """Every answerCallbackQuery the bot made, oldest first."""
        result = await self._post("/getCallbackAnswers", {"token": self.token})
        return [
            CallbackAnswer(
                callback_query_id=str(a["callback_query_id"]),
                text=a.get("text"),
                show_alert=bool(a.get("show_alert")),
                url=a.get("url"),
            )
            for a in result
        ]

    async def wait_for_callback_answer(
        self, callback_query_id: str, timeout: float = 10.0
    ) -> CallbackAnswer:
        """Waits until the bot answered the callback query `callback_query_id`."""
        deadline = time.monotonic() + timeout
        while True:
            for answer in await self.callback_answers():
                if answer.callback_query_id == callback_query_id:
                    return answer
            if time.monotonic() >= deadline:
                raise AssertionError(
                    f"callback query {callback_query_id} not answered within {timeout} s"
                )
            await asyncio.sleep(POLL_INTERVAL_SECONDS)

    async def bot_commands(
        self, *, language_code: str | None = None, scope: Mapping[str, Any] | None = None
    ) -> list[JSONDict]:
        """The command menu the bot registered (getMyCommands), as dicts."""
        payload: JSONDict = {}
        if language_code:
            payload["language_code"] = language_code
        if scope:
            payload["scope"] = json.dumps(dict(scope))
        async with _http_client() as client:
            response = await client.post(f"{self.base_url}{self.token}/getMyCommands", data=payload)
        body = response.json()
        if not body.get("ok"):
            raise EmulatorError(f"getMyCommands failed: {body}")
        return list(body["result"])

    async def download(self, message: BotMessage) -> bytes:
        """The content of a document the bot sent (via getFile and the file URL, like a client)."""
        if not message.document:
            raise AssertionError(f"bot message {message.message_id} has no document")
        async with _http_client() as client:
            response = await client.post(
                f"{self.base_url}{self.token}/getFile",
                data={"file_id": message.document["file_id"]},
            )
            body = response.json()
            if not body.get("ok"):
                raise EmulatorError(f"getFile failed: {body}")
            file_response = await client.get(
                f"{self.base_file_url}{self.token}/{body['result']['file_path']}"
            )
            file_response.raise_for_status()
            return file_response.content
