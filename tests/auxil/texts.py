"""The Telegram channel's Dutch texts, as knowledge/texts.yaml words them (a Dutch chat)."""

from __future__ import annotations

from bot.domain import Language
from bot.knowledge.loader import default_texts
from bot.telegram.texts import MAX_TEXT_LENGTH

_TEXTS = default_texts()
_TELEGRAM = _TEXTS.telegram

TOO_LONG_TEXT = _TEXTS.channel.too_long.say(Language.NL, most=MAX_TEXT_LENGTH)
NO_WORDS_TEXT = _TEXTS.channel.no_words.say(Language.NL)
WELCOME_HTML = _TELEGRAM.welcome.say(Language.NL)
HELP_HTML = _TELEGRAM.help.nl  # {username} still to fill
GROUP_INTRO_HTML = _TELEGRAM.group_intro.nl  # {username} still to fill
PRIVATE_HANDOFF_HTML = _TELEGRAM.private_handoff.say(Language.NL)
PRIVATE_HANDOFF_BUTTON = _TELEGRAM.private_handoff_button.say(Language.NL)
UNKNOWN_COMMAND_HTML = _TELEGRAM.unknown_command.say(Language.NL)
UNSUPPORTED_MEDIA_HTML = _TELEGRAM.unsupported_media.say(Language.NL)
EDITED_MESSAGE_HTML = _TELEGRAM.edited_message.say(Language.NL)
STALE_BUTTON_HTML = _TELEGRAM.stale_button.say(Language.NL)
ERROR_HTML = _TELEGRAM.error.say(Language.NL)
