"""An in-process Bot API: a python-telegram-bot `BaseRequest` that answers like Telegram would,
records every call and can fail on demand. No network.

Used by the offline tests (python-telegram-bot's offline style, like its tests/auxil) and by
the outbox benchmark's `--fake` mode, so there is one fake of the Bot API, not one per caller.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from telegram.request import BaseRequest, RequestData

FAKE_DATE = 1_700_000_000
Failure = tuple[int, dict[str, Any]] | Exception
_TRUE_METHODS = frozenset(
    {
        "answerCallbackQuery",
        "deleteWebhook",
        "setMyCommands",
        "deleteMessage",
        "sendChatAction",
        "setWebhook",
    }
)


class InProcessBotApi(BaseRequest):
    """Answers Bot API calls in-process and records them as (method, parameters).

    `fail_next` holds failures for the next calls (getMe excepted): an exception to raise, or
    an (HTTP status, JSON body) pair to answer with."""

    def __init__(
        self,
        *,
        bot_id: int = 42,
        bot_username: str = "wvdb_test_bot",
        group_chat_type: str = "group",
        first_message_id: int = 1000,
    ) -> None:
        self.bot_id = bot_id
        self.bot_username = bot_username
        self.group_chat_type = group_chat_type
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.fail_next: list[Failure] = []
        self._message_ids = itertools.count(first_message_id + 1)

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    def calls_of(self, method: str) -> list[dict[str, Any]]:
        """The parameters of every call of `method`, in order."""
        return [params for name, params in self.calls if name == method]

    def sent(self) -> list[dict[str, Any]]:
        """The sendMessage calls, in order."""
        return self.calls_of("sendMessage")

    def texts(self) -> list[str]:
        """The texts of the sendMessage calls, in order."""
        return [params["text"] for params in self.sent()]

    def texts_by_chat(self) -> dict[int, list[str]]:
        """The texts of every sendMessage, per chat id."""
        texts: dict[int, list[str]] = {}
        for params in self.calls_of("sendMessage"):
            texts.setdefault(int(params["chat_id"]), []).append(str(params.get("text", "")))
        return texts

    def clear(self) -> None:
        """Forget the recorded calls."""
        self.calls.clear()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        params: dict[str, Any] = dict(request_data.parameters) if request_data else {}
        if name != "getMe" and self.fail_next:
            failure = self.fail_next.pop(0)
            if isinstance(failure, Exception):
                raise failure
            code, body = failure
            return code, json.dumps(body).encode()
        if request_data is not None and request_data.contains_files:
            params["_files"] = dict(request_data.multipart_data.items())
        self.calls.append((name, params))
        return 200, json.dumps({"ok": True, "result": self._result(name, params)}).encode()

    def _result(self, name: str, params: dict[str, Any]) -> Any:
        if name == "getMe":
            return {
                "id": self.bot_id,
                "is_bot": True,
                "first_name": "WvdB",
                "username": self.bot_username,
            }
        if name in _TRUE_METHODS:
            return True
        chat_id = int(params.get("chat_id", 0))
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": FAKE_DATE,
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else self.group_chat_type},
            "from": {"id": self.bot_id, "is_bot": True, "first_name": "WvdB"},
        }
        if "text" in params:
            message["text"] = params["text"]
        if name == "sendDocument":
            message["document"] = {"file_id": "f1", "file_unique_id": "u1"}
        return message
