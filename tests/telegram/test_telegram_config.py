"""Settings from the environment and `.env`: defaults, precedence, one-line errors, no secrets
in repr."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import APP_ROOT, DEFAULT_API_BASE_URL, ConfigError, Settings, load_settings

TOKEN = "123456:AAH-secret_value"


def test_defaults_without_any_setting(tmp_path: Path) -> None:
    settings = load_settings({}, env_file=tmp_path / "missing.env")
    assert settings.telegram_bot_token is None
    assert settings.data_dir == APP_ROOT / "data"  # next to the code, whatever the folder
    assert settings.db_path == APP_ROOT / "data" / "bot.sqlite3"
    assert settings.telegram_api_base_url == DEFAULT_API_BASE_URL
    assert settings.webhook_url is None
    assert (settings.webhook_listen, settings.webhook_port) == ("0.0.0.0", 8443)
    assert settings.log_level == "INFO"


def test_full_environment(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "COORDINATOR_CHAT_IDS": "-1001, 42 ,",
            "COORDINATOR_USER_IDS": "7",
            "BOT_DATA_DIR": str(tmp_path / "d"),
            "LOG_LEVEL": "debug",
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9000/",
            "WEBHOOK_URL": "https://bot.example.nl/telegram/hook",
            "WEBHOOK_PORT": "9443",
            "WEBHOOK_SECRET_TOKEN": "s3cr3t-Token",
            "FORM_TTL_MINUTES": "1.5",
        },
        env_file=None,
    )
    assert settings.coordinator_chat_ids == (-1001, 42)
    assert settings.coordinator_user_ids == (7,)
    assert settings.db_path == tmp_path / "d" / "bot.sqlite3"
    assert settings.log_level == "DEBUG"
    assert settings.telegram_api_base_url == "http://127.0.0.1:9000/bot"
    assert settings.telegram_file_base_url == "http://127.0.0.1:9000/file/bot"
    assert settings.webhook_path == "telegram/hook"
    assert settings.webhook_port == 9443
    assert settings.form_ttl_seconds == 90
    settings.require_telegram()


def test_env_file_is_read_and_the_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# comment\n"
        f"export TELEGRAM_BOT_TOKEN='{TOKEN}'\n"
        "BOT_DATA_DIR=from-file  # trailing comment\n"
        'LOG_LEVEL="WARNING"\n',
        encoding="utf-8",
    )
    settings = load_settings({"LOG_LEVEL": "ERROR"}, env_file=env_file)
    assert settings.telegram_bot_token == TOKEN
    assert settings.data_dir == APP_ROOT / "from-file"
    assert settings.log_level == "ERROR"


@pytest.mark.parametrize(
    ("environ", "name"),
    [
        ({"TELEGRAM_BOT_TOKEN": "not-a-token"}, "TELEGRAM_BOT_TOKEN"),
        ({"COORDINATOR_CHAT_IDS": "-100,abc"}, "COORDINATOR_CHAT_IDS"),
        ({"COORDINATOR_USER_IDS": "1;2"}, "COORDINATOR_USER_IDS"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({"WEBHOOK_PORT": "99999"}, "WEBHOOK_PORT"),
        ({"WEBHOOK_PORT": "https"}, "WEBHOOK_PORT"),
        ({"WEBHOOK_URL": "bot.example.nl"}, "WEBHOOK_URL"),
        ({"WEBHOOK_SECRET_TOKEN": "has spaces!"}, "WEBHOOK_SECRET_TOKEN"),
        ({"TELEGRAM_API_BASE_URL": "ftp://x"}, "TELEGRAM_API_BASE_URL"),
        ({"FORM_TTL_MINUTES": "0"}, "FORM_TTL_MINUTES"),
        ({"FORM_TTL_MINUTES": "soon"}, "FORM_TTL_MINUTES"),
    ],
)
def test_malformed_setting_raises_one_line_naming_it(environ: dict[str, str], name: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(environ, env_file=None)
    message = str(caught.value)
    assert message.startswith(name)
    assert "\n" not in message


def test_telegram_mode_needs_token_and_coordinator_chats() -> None:
    with pytest.raises(ConfigError, match=r"^TELEGRAM_BOT_TOKEN is missing"):
        load_settings({}, env_file=None).require_telegram()
    with pytest.raises(ConfigError, match=r"^COORDINATOR_CHAT_IDS is missing"):
        load_settings({"TELEGRAM_BOT_TOKEN": TOKEN}, env_file=None).require_telegram()


def test_malformed_env_file_line_is_named(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("LOG_LEVEL=INFO\nthis is not a setting\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^\.env line 2 is malformed"):
        load_settings({}, env_file=env_file)


def test_secrets_stay_out_of_repr() -> None:
    settings = Settings(telegram_bot_token=TOKEN, webhook_secret_token="very-secret-hook")
    shown = repr(settings)
    assert "AAH-secret_value" not in shown and "very-secret-hook" not in shown
    assert "very-secret-hook" not in str(settings)


def test_an_unwritable_data_dir_is_one_line_naming_path_and_variable(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x", encoding="utf-8")
    settings = load_settings({"BOT_DATA_DIR": str(blocked / "data")}, env_file=None)
    with pytest.raises(ConfigError) as caught:
        settings.writable_data_dir()
    message = str(caught.value)
    assert message.startswith(f"BOT_DATA_DIR {blocked / 'data'} is not writable")
    assert "\n" not in message


def test_a_writable_data_dir_is_created(tmp_path: Path) -> None:
    settings = load_settings({"BOT_DATA_DIR": str(tmp_path / "new" / "data")}, env_file=None)
    assert settings.writable_data_dir() == tmp_path / "new" / "data"
    assert (tmp_path / "new" / "data").is_dir()
    assert list((tmp_path / "new" / "data").iterdir()) == []  # the probe leaves nothing
