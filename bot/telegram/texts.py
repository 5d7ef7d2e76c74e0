"""The Telegram channel's limits. Its commands are knowledge/texts.yaml's `commands`; what it
says (welcome, help, menu, refusals) is that file's `telegram` section, in Dutch and English."""

from __future__ import annotations

MAX_TEXT_LENGTH = 1000  # longer messages get a polite "please shorten" reply
