"""The Telegram channel's Dutch refusals, as knowledge/texts.yaml words them (a Dutch chat)."""

from __future__ import annotations

from bot.domain import Language
from bot.knowledge.loader import default_texts
from bot.telegram.texts import MAX_TEXT_LENGTH

TOO_LONG_TEXT = default_texts().channel.too_long.say(Language.NL, most=MAX_TEXT_LENGTH)
NO_WORDS_TEXT = default_texts().channel.no_words.say(Language.NL)
