"""Staying connected to Telegram: unreadable updates, auth-error bursts and start-up outages.

python-telegram-bot's defaults fail in three ways this module prevents:

* one update it cannot parse (a message without `date`, a chat without `type`) makes every
  `getUpdates` call fail, so the update is never confirmed and nobody is answered again; its
  CRITICAL log line repeats the raw updates of everyone queued. Here each raw update is parsed on
  its own; one that cannot be read is replaced by a bare update with only its `update_id` (so it
  is confirmed and never fetched again) and logged once, without its content.
* a short run of HTTP 404/401 answers is read as an invalid token and ends polling for good.
  Here such an answer to `getUpdates` is retried with back-off like a network error; only after
  `auth_error_limit` seconds of nothing but auth errors does the bot give up, with one line
  (`on_auth_failure` then stops the application so the process exits non-zero).
* start-up while Telegram is unreachable retries `getMe` with back-off, one line per attempt
  (`Application.run_polling(bootstrap_retries=...)` retries the same way; this bot logs why).

Log lines name the error type and counts only: never update content, tokens or user data.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import ExtBot

logger = logging.getLogger(__name__)

DEFAULT_AUTH_ERROR_LIMIT_SECONDS = 15 * 60.0
_BOOTSTRAP_METHODS = frozenset({"getMe", "deleteWebhook", "setWebhook"})


class AuthErrorBurst(NetworkError):
    """Telegram answered 401/404 to a bot whose token worked: retried like a network error."""


@dataclass(slots=True)
class ConnectionHealth:
    """The bot's view of its connection: failure streaks and what to do when giving up."""

    auth_error_limit: float
    clock: Callable[[], float]
    on_auth_failure: Callable[[], None] | None = None
    gave_up: bool = False
    auth_errors_since: float | None = None
    polling_failures: int = 0
    startup_attempts: int = 0


class ResilientBot(ExtBot[Any]):
    """The bot used by the application: skips unreadable updates and rides out auth bursts."""

    def __init__(
        self,
        *args: Any,
        auth_error_limit: float = DEFAULT_AUTH_ERROR_LIMIT_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        with self._unfrozen():  # python-telegram-bot objects are frozen after __init__
            self.health = ConnectionHealth(auth_error_limit, clock)

    @property
    def gave_up(self) -> bool:
        """True once the token was refused for longer than the auth-error limit."""
        return self.health.gave_up

    async def _post(self, endpoint: str, data: Any = None, **kwargs: Any) -> Any:
        if endpoint == "getUpdates":
            return await self._poll(data, **kwargs)
        if endpoint in _BOOTSTRAP_METHODS:
            return await self._bootstrap_call(endpoint, data, **kwargs)
        return await super()._post(endpoint, data, **kwargs)

    async def _bootstrap_call(self, endpoint: str, data: Any, **kwargs: Any) -> Any:
        self.health.startup_attempts += 1
        try:
            result = await super()._post(endpoint, data, **kwargs)
        except InvalidToken:
            raise  # rejected at start-up: the token is wrong, no point retrying
        except TelegramError as error:
            logger.warning(
                "Telegram not reachable at start-up (%s, attempt %d); retrying with back-off",
                type(error).__name__,
                self.health.startup_attempts,
            )
            raise
        if self.health.startup_attempts > 1:
            logger.info("Telegram reachable after %d attempts", self.health.startup_attempts)
        self.health.startup_attempts = 0
        return result

    async def _poll(self, data: Any, **kwargs: Any) -> Any:
        try:
            result = await super()._post("getUpdates", data, **kwargs)
        except InvalidToken as error:
            self._auth_error()
            raise AuthErrorBurst(f"{type(error).__name__} while polling") from None
        except TelegramError as error:
            self._polling_failed(type(error).__name__)
            raise
        self._polling_ok()
        return [self._readable(raw) for raw in result] if isinstance(result, list) else result

    def _readable(self, raw: Any) -> Any:
        """`raw` if python-telegram-bot can read it, else a bare update with only its id."""
        try:
            Update.de_json(raw, self)
        except Exception as error:  # any parse failure: skip that update only
            update_id = raw.get("update_id") if isinstance(raw, dict) else None
            logger.error(
                "Skipped an update that could not be read (update_id %s, %s); content not logged",
                update_id if isinstance(update_id, int) else "unknown",
                type(error).__name__,
            )
            return {"update_id": update_id} if isinstance(update_id, int) else raw
        return raw

    def _auth_error(self) -> None:
        now = self.health.clock()
        if self.health.auth_errors_since is None:
            self.health.auth_errors_since = now
            logger.warning(
                "Telegram refused the bot token while polling (HTTP 401/404); retrying with "
                "back-off, giving up after %.0f s of only such errors",
                self.health.auth_error_limit,
            )
        self.health.polling_failures += 1
        if now - self.health.auth_errors_since >= self.health.auth_error_limit and not self.gave_up:
            self.health.gave_up = True
            logger.critical(
                "Telegram has refused the bot token for %.0f s (HTTP 401/404, %d tries): check "
                "TELEGRAM_BOT_TOKEN; stopping",
                now - self.health.auth_errors_since,
                self.health.polling_failures,
            )
            if self.health.on_auth_failure is not None:
                self.health.on_auth_failure()

    def _polling_failed(self, kind: str) -> None:
        self.health.polling_failures += 1
        if self.health.polling_failures == 1 or self.health.polling_failures % 20 == 0:
            logger.warning(
                "Polling Telegram failed (%s, %d in a row); retrying with back-off",
                kind,
                self.health.polling_failures,
            )

    def _polling_ok(self) -> None:
        health = self.health
        if health.polling_failures:
            logger.info("Polling Telegram works again after %d failures", health.polling_failures)
        health.polling_failures = 0
        health.auth_errors_since = None
