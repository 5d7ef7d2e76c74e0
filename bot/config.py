"""Settings from the environment and the `.env` file next to the code (pydantic-settings).

Values in the environment win over `.env`. Every command (`run`, `chat`, `ask`, `signups`, ...)
reads the same settings, from whatever folder it is started: `.env` is looked up next to the
code (`APP_ROOT`), and a relative `BOT_DATA_DIR` is taken relative to that folder too, so
every command finds the same database. Every problem raises a `ConfigError` whose message is
one line naming the setting, so start-up can print it and stop. Secrets (the bot token, the
webhook secret) never appear in `repr` or logs.
"""

from __future__ import annotations

import math
import re
import tempfile
from collections.abc import Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from dotenv.parser import parse_stream
from pydantic import AliasChoices, Field, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)
from pydantic_settings.sources.utils import parse_env_vars

APP_ROOT = Path(__file__).resolve().parents[1]  # the folder with bot/ and knowledge/
DEFAULT_ENV_FILE = APP_ROOT / ".env"
DEFAULT_DATA_DIR = Path("data")
DB_FILE_NAME = "bot.sqlite3"
DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
_TOKEN_RE = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{1,100}$")
_SECRET_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
# The environment `load_settings` reads instead of the process's, when one is given.
_ENVIRON: ContextVar[Mapping[str, str] | None] = ContextVar("environ", default=None)


class ConfigError(Exception):
    """A missing or malformed setting; the message is one line that names it."""


IdList = Annotated[tuple[int, ...], NoDecode]


class Settings(BaseSettings):
    """Everything the bot reads from its environment (names as in `.env.example`)."""

    model_config = SettingsConfigDict(
        env_file=None,  # `load_settings` passes the .env file; tests construct directly
        env_ignore_empty=True,  # `NAME=` in .env means "not set", as in .env.example
        extra="ignore",
        frozen=True,
        populate_by_name=True,
    )

    telegram_bot_token: str | None = Field(default=None, repr=False)
    coordinator_chat_ids: IdList = ()
    coordinator_user_ids: IdList = ()
    data_dir: Path = Field(
        default=DEFAULT_DATA_DIR, validation_alias=AliasChoices("BOT_DATA_DIR", "data_dir")
    )
    db_path_setting: Path | None = Field(
        default=None, validation_alias=AliasChoices("BOT_DB_PATH", "db_path_setting")
    )
    knowledge_dir: Path | None = None  # KNOWLEDGE_DIR: another knowledge base (default: knowledge/)
    log_level: LogLevel = "INFO"
    telegram_api_base_url: str = DEFAULT_API_BASE_URL
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_secret_token: str | None = Field(default=None, repr=False)
    form_ttl_minutes: float = Field(default=60.0, gt=0)
    poll_interval: float = Field(
        default=0.0, ge=0, validation_alias=AliasChoices("TELEGRAM_POLL_INTERVAL", "poll_interval")
    )
    # Start-up attempts to reach Telegram before giving up (-1: keep trying, with back-off).
    startup_retries: int = Field(
        default=-1,
        ge=-1,
        validation_alias=AliasChoices("TELEGRAM_STARTUP_RETRIES", "startup_retries"),
    )
    # How long only HTTP 401/404 answers to polling are ridden out before the bot exits.
    auth_error_limit_seconds: float = Field(
        default=15 * 60.0,
        gt=0,
        validation_alias=AliasChoices(
            "TELEGRAM_AUTH_ERROR_LIMIT_SECONDS", "auth_error_limit_seconds"
        ),
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Arguments, then the environment (or `load_settings`' mapping), then `.env`."""
        return init_settings, _MappingEnvSource(settings_cls), dotenv_settings

    # -- validation (each message becomes "<NAME> is malformed: <message>") ---------------

    @field_validator("telegram_bot_token")
    @classmethod
    def _token(cls, value: str | None) -> str | None:
        if value is not None and not _TOKEN_RE.match(value.strip()):
            raise ValueError("expected <digits>:<secret> from @BotFather")
        return value.strip() if value else None

    @field_validator("coordinator_chat_ids", "coordinator_user_ids", mode="before")
    @classmethod
    def _ids(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        ids: list[int] = []
        for part in (piece.strip() for piece in value.split(",")):
            if not part:
                continue
            try:
                ids.append(int(part))
            except ValueError:
                raise ValueError(f"expected comma-separated whole numbers, got {part!r}") from None
        return tuple(ids)

    @field_validator("data_dir", "db_path_setting", "knowledge_dir")
    @classmethod
    def _from_app_root(cls, value: Path | None) -> Path | None:
        """A relative path is taken relative to the code's folder, not the current folder."""
        if value is None or value.is_absolute():
            return value
        return APP_ROOT / value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value is not None:
            _check_url(value)
        return value

    @field_validator("telegram_api_base_url")
    @classmethod
    def _api_base_url(cls, value: str) -> str:
        """Normalised to python-telegram-bot's form ending in '/bot'."""
        _check_url(value)
        base = value.rstrip("/")
        return base if base.endswith("/bot") else f"{base}/bot"

    @field_validator("webhook_secret_token")
    @classmethod
    def _secret(cls, value: str | None) -> str | None:
        if value is not None and not _SECRET_TOKEN_RE.match(value):
            raise ValueError("use 1-256 characters from A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("form_ttl_minutes", "poll_interval")
    @classmethod
    def _finite(cls, value: float) -> float:
        if not math.isfinite(value):
            raise ValueError("expected a finite number")
        return value

    # -- derived values -------------------------------------------------------------------

    @property
    def db_path(self) -> Path:
        """`BOT_DB_PATH`, else `<BOT_DATA_DIR>/bot.sqlite3`."""
        return self.db_path_setting or self.data_dir / DB_FILE_NAME

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

    def writable_data_dir(self) -> Path:
        """The data directory, created if needed; ConfigError (one line naming the path and
        BOT_DATA_DIR) when this user cannot write there."""
        for folder, name in ((self.data_dir, "BOT_DATA_DIR"), (self.db_path.parent, "BOT_DB_PATH")):
            try:
                folder.mkdir(parents=True, exist_ok=True)
                with tempfile.TemporaryFile(dir=folder):
                    pass
            except OSError as error:
                reason = error.strerror or type(error).__name__
                raise ConfigError(
                    f"{name} {folder} is not writable ({reason}): set {name} to a folder "
                    "this user can write (the Docker image uses /data)"
                ) from None
        return self.data_dir


class _MappingEnvSource(EnvSettingsSource):
    """The environment source, reading `load_settings`' mapping when one is given."""

    def _load_env_vars(self) -> Mapping[str, str | None]:
        environ = _ENVIRON.get()
        if environ is None:
            return super()._load_env_vars()
        return parse_env_vars(environ, self.case_sensitive, self.env_ignore_empty)


def load_settings(
    environ: Mapping[str, str] | None = None, env_file: Path | None = DEFAULT_ENV_FILE
) -> Settings:
    """The settings from `environ` (default: the process environment) over `env_file`."""
    if env_file is not None and env_file.is_file():
        check_env_file(env_file)
    token = _ENVIRON.set(environ)
    try:
        return Settings(_env_file=env_file if env_file is not None and env_file.is_file() else None)
    except ValidationError as error:
        raise ConfigError(_one_line(error)) from None
    finally:
        _ENVIRON.reset(token)


def read_env_file(path: Path) -> dict[str, str]:
    """The NAME=value pairs of a `.env` file (python-dotenv's syntax); ConfigError naming the
    line when one is malformed."""
    check_env_file(path)
    with path.open(encoding="utf-8") as stream:
        return {b.key: b.value or "" for b in parse_stream(stream) if b.key is not None}


def check_env_file(path: Path) -> None:
    """ConfigError naming the first malformed line of `path`, if any."""
    with path.open(encoding="utf-8") as stream:
        for binding in parse_stream(stream):
            if binding.error:
                raise ConfigError(
                    f"{path.name} line {binding.original.line} is malformed: expected NAME=value"
                )


def _one_line(error: ValidationError) -> str:
    """The first problem as "<ENV NAME> is malformed: <why>"."""
    first = error.errors()[0]
    name = str(first["loc"][0]) if first["loc"] else "setting"
    env_name = _ENV_NAMES.get(name, name).upper()
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"{env_name} is malformed: {message}".replace("\n", " ")


def _check_url(raw: str) -> None:
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("expected an http(s) URL such as https://host/path")


def _env_name(field_name: str, info: FieldInfo) -> str:
    alias = info.validation_alias
    if isinstance(alias, AliasChoices):
        return str(alias.choices[0])
    return field_name


_ENV_NAMES = {name: _env_name(name, info) for name, info in Settings.model_fields.items()}
