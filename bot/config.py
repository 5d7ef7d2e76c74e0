"""Settings from the environment, with an optional `.env` file (never committed).

Values already in the environment win over the `.env` file. Every problem raises a
`ConfigError` whose message is one line naming the setting, so start-up can print it and stop.
Secrets (the bot token, the webhook secret) never appear in `repr` or logs.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_TOKEN_RE = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{1,100}$")
_SECRET_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_ENV_LINE_RE = re.compile(r"^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$")


class ConfigError(Exception):
    """A missing or malformed setting; the message is one line that names it."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the bot reads from its environment."""

    telegram_bot_token: str | None = field(default=None, repr=False)
    coordinator_chat_ids: tuple[int, ...] = ()
    coordinator_user_ids: tuple[int, ...] = ()
    data_dir: Path = Path("data")
    db_path: Path = Path("data") / "bot.sqlite3"
    log_level: str = "INFO"
    telegram_api_base_url: str = DEFAULT_API_BASE_URL
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_secret_token: str | None = field(default=None, repr=False)
    form_ttl_minutes: float = 60.0
    poll_interval: float = 0.0
    # Start-up attempts to reach Telegram before giving up (-1: keep trying, with back-off).
    startup_retries: int = -1
    # How long only HTTP 401/404 answers to polling are ridden out before the bot exits.
    auth_error_limit_seconds: float = 15 * 60.0

    @property
    def telegram_file_base_url(self) -> str:
        """The file-download base URL matching `telegram_api_base_url`."""
        root = self.telegram_api_base_url.removesuffix("/bot")
        return f"{root}/file/bot"

    @property
    def webhook_path(self) -> str:
        """The URL path the webhook server listens on (taken from WEBHOOK_URL)."""
        if not self.webhook_url:
            return ""
        return urlsplit(self.webhook_url).path.strip("/")

    @property
    def form_ttl_seconds(self) -> float:
        """How long an abandoned sign-up form is kept, in seconds."""
        return self.form_ttl_minutes * 60.0

    def require_telegram(self) -> None:
        """Check what Telegram mode needs on top of the general settings."""
        if not self.telegram_bot_token:
            raise ConfigError("TELEGRAM_BOT_TOKEN is missing: set it to the token from @BotFather")
        if not self.coordinator_chat_ids:
            raise ConfigError(
                "COORDINATOR_CHAT_IDS is missing: set it to one or more chat ids, "
                "comma-separated (e.g. -1001234567890)"
            )


def load_settings(
    environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
) -> Settings:
    """Read the settings from `environ` (default: the process environment) and `env_file`."""
    values: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        values.update(read_env_file(env_file))
    values.update(os.environ if environ is None else environ)

    def get(name: str) -> str | None:
        raw = values.get(name)
        if raw is None:
            return None
        raw = raw.strip()
        return raw or None

    token = get("TELEGRAM_BOT_TOKEN")
    if token is not None and not _TOKEN_RE.match(token):
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN is malformed: expected <digits>:<secret> from @BotFather"
        )

    data_dir = Path(get("BOT_DATA_DIR") or "data")
    db_raw = get("BOT_DB_PATH")
    db_path = Path(db_raw) if db_raw else data_dir / "bot.sqlite3"

    log_level = (get("LOG_LEVEL") or "INFO").upper()
    if log_level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL is malformed: use one of {', '.join(LOG_LEVELS)}")

    webhook_url = get("WEBHOOK_URL")
    if webhook_url is not None:
        _check_url("WEBHOOK_URL", webhook_url)
    secret = get("WEBHOOK_SECRET_TOKEN")
    if secret is not None and not _SECRET_TOKEN_RE.match(secret):
        raise ConfigError(
            "WEBHOOK_SECRET_TOKEN is malformed: use 1-256 characters from A-Z, a-z, 0-9, _ and -"
        )

    return Settings(
        telegram_bot_token=token,
        coordinator_chat_ids=_int_list("COORDINATOR_CHAT_IDS", get("COORDINATOR_CHAT_IDS")),
        coordinator_user_ids=_int_list("COORDINATOR_USER_IDS", get("COORDINATOR_USER_IDS")),
        data_dir=data_dir,
        db_path=db_path,
        log_level=log_level,
        telegram_api_base_url=_api_base_url(get("TELEGRAM_API_BASE_URL")),
        webhook_url=webhook_url,
        webhook_listen=get("WEBHOOK_LISTEN") or "0.0.0.0",
        webhook_port=_port("WEBHOOK_PORT", get("WEBHOOK_PORT"), 8443),
        webhook_secret_token=secret,
        form_ttl_minutes=_positive_float("FORM_TTL_MINUTES", get("FORM_TTL_MINUTES"), 60.0),
        poll_interval=_non_negative_float(
            "TELEGRAM_POLL_INTERVAL", get("TELEGRAM_POLL_INTERVAL"), 0.0
        ),
        startup_retries=_retries("TELEGRAM_STARTUP_RETRIES", get("TELEGRAM_STARTUP_RETRIES")),
        auth_error_limit_seconds=_positive_float(
            "TELEGRAM_AUTH_ERROR_LIMIT_SECONDS", get("TELEGRAM_AUTH_ERROR_LIMIT_SECONDS"), 900.0
        ),
    )


def read_env_file(path: Path) -> dict[str, str]:
    """Parse a `.env` file: KEY=VALUE lines, `#` comments, optional quotes and `export`."""
    result: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _ENV_LINE_RE.match(stripped)
        if match is None:
            raise ConfigError(f"{path.name} line {number} is malformed: expected NAME=value")
        name, value = match.group(1), match.group(2).strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        else:
            value = value.split(" #", 1)[0].strip()
        result[name] = value
    return result


def _int_list(name: str, raw: str | None) -> tuple[int, ...]:
    if raw is None:
        return ()
    ids: list[int] = []
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            ids.append(int(part))
        except ValueError:
            raise ConfigError(
                f"{name} is malformed: expected comma-separated whole numbers, got {part!r}"
            ) from None
    return tuple(ids)


def _retries(name: str, raw: str | None) -> int:
    if raw is None:
        return -1
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} is malformed: expected a whole number (-1: forever)") from None
    if value < -1:
        raise ConfigError(f"{name} is malformed: expected -1 (forever) or a number of 0 or more")
    return value


def _port(name: str, raw: str | None, default: int) -> int:
    if raw is None:
        return default
    try:
        port = int(raw)
    except ValueError:
        raise ConfigError(f"{name} is malformed: expected a port number, got {raw!r}") from None
    if not 1 <= port <= 65535:
        raise ConfigError(f"{name} is malformed: a port lies between 1 and 65535, got {port}")
    return port


def _positive_float(name: str, raw: str | None, default: float) -> float:
    value = _non_negative_float(name, raw, default)
    if value <= 0:
        raise ConfigError(f"{name} is malformed: expected a number above 0, got {raw!r}")
    return value


def _non_negative_float(name: str, raw: str | None, default: float) -> float:
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} is malformed: expected a number, got {raw!r}") from None
    if value < 0 or value != value or value == float("inf"):
        raise ConfigError(f"{name} is malformed: expected a finite number of 0 or more")
    return value


def _check_url(name: str, raw: str) -> None:
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"{name} is malformed: expected an http(s) URL such as https://host/path")


def _api_base_url(raw: str | None) -> str:
    """Normalise TELEGRAM_API_BASE_URL to python-telegram-bot's form ending in '/bot'."""
    if raw is None:
        return DEFAULT_API_BASE_URL
    _check_url("TELEGRAM_API_BASE_URL", raw)
    base = raw.rstrip("/")
    return base if base.endswith("/bot") else f"{base}/bot"
