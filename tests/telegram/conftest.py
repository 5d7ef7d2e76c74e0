"""Shared fixtures of the offline Telegram tests: the update factory (tests/auxil/updates.py)
for a private chat with the default user."""

from __future__ import annotations

import pytest

from tests.auxil.updates import UpdateFactory, chat, user

BOT_ID = 42
DEFAULT_USER = user(1001, "Anna", "de Vries")


@pytest.fixture
def updates() -> UpdateFactory:
    """Updates from Anna in her private chat with the bot."""
    return UpdateFactory(chat=chat(DEFAULT_USER["id"]), sender=DEFAULT_USER, bot_id=BOT_ID)
