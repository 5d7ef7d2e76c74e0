"""The web channel's settings, read from the environment (and `.env`, like the rest).

WEB_HOST, WEB_PORT          where to listen (default 127.0.0.1:8080)
WEB_ALLOWED_ORIGINS         comma-separated origins of sites that embed the widget
                            (e.g. https://www.leernetwerk.nl); the bot's own origin is always
                            allowed
WEB_SECRET_KEY              key that signs the session cookie; when unset, a random key is
                            created once in the data directory (file `web-secret`, mode 0600)
WEB_COOKIE_SECURE           "1" to mark the cookie Secure (always on behind https)
WEB_RATE_PER_SESSION        messages per minute per conversation (default 30)
WEB_RATE_PER_ADDRESS        messages per minute per client address (default 300)
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from bot.config import DEFAULT_ENV_FILE, ConfigError, read_env_file

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
SECRET_FILE_NAME = "web-secret"
MIN_SECRET_LENGTH = 32


@dataclass(frozen=True, slots=True)
class WebSettings:
    """Everything the web channel reads from its environment."""

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    allowed_origins: tuple[str, ...] = ()
    secret_key: str = field(default="", repr=False)
    cookie_secure: bool = False
    rate_per_session: int = 30
    rate_per_address: int = 300
    enabled: bool = False  # WEB_PORT was set explicitly (`run` then serves the web chat too)


def load_web_settings(
    environ: Mapping[str, str] | None = None, *, env_file: Path | None = DEFAULT_ENV_FILE
) -> WebSettings:
    """Read the web settings; a problem raises ConfigError with a one-line message. The
    cookie key is filled in by `with_secret`."""
    values: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        values.update(read_env_file(env_file))
    values.update(os.environ if environ is None else environ)

    def get(name: str) -> str | None:
        raw = (values.get(name) or "").strip()
        return raw or None

    port_raw = get("WEB_PORT")
    return WebSettings(
        host=get("WEB_HOST") or DEFAULT_HOST,
        port=_int("WEB_PORT", port_raw, DEFAULT_PORT, 1, 65535),
        allowed_origins=tuple(
            _origin(part) for part in (get("WEB_ALLOWED_ORIGINS") or "").split(",") if part.strip()
        ),
        secret_key=get("WEB_SECRET_KEY") or "",
        cookie_secure=(get("WEB_COOKIE_SECURE") or "0").lower() in ("1", "true", "yes"),
        rate_per_session=_int("WEB_RATE_PER_SESSION", get("WEB_RATE_PER_SESSION"), 30, 1, 10**6),
        rate_per_address=_int("WEB_RATE_PER_ADDRESS", get("WEB_RATE_PER_ADDRESS"), 300, 1, 10**7),
        enabled=port_raw is not None,
    )


def with_secret(web: WebSettings, data_dir: Path) -> WebSettings:
    """`web` with its cookie key: WEB_SECRET_KEY, else the one kept in the data directory
    (called once the data directory is known to be writable)."""
    return web if web.secret_key else replace(web, secret_key=persistent_secret(data_dir))


def persistent_secret(data_dir: Path) -> str:
    """The cookie key kept in `data_dir/web-secret`, created (mode 0600) on first use, so a
    restart keeps every browser's conversation."""
    path = data_dir / SECRET_FILE_NAME
    try:
        existing = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        existing = ""
    except OSError as error:
        raise ConfigError(
            f"WEB_SECRET_KEY is not set and {path} cannot be read ({error.strerror}): "
            "set WEB_SECRET_KEY or fix BOT_DATA_DIR"
        ) from None
    if len(existing) >= MIN_SECRET_LENGTH:
        return existing
    secret = secrets.token_urlsafe(48)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secret)
    except OSError as error:
        raise ConfigError(
            f"WEB_SECRET_KEY is not set and {path} cannot be written ({error.strerror}): "
            "set WEB_SECRET_KEY or fix BOT_DATA_DIR"
        ) from None
    return secret


def _int(name: str, raw: str | None, default: int, low: int, high: int) -> int:
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} is malformed: expected a whole number, got {raw!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} is malformed: expected {low}..{high}, got {value}")
    return value


def _origin(raw: str) -> str:
    """`https://host[:port]` exactly as browsers send it in the Origin header."""
    parts = urlsplit(raw.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
        raise ConfigError(
            f"WEB_ALLOWED_ORIGINS is malformed: expected origins such as https://www.example.nl, "
            f"got {raw.strip()!r}"
        )
    return f"{parts.scheme}://{parts.netloc.lower()}"
