"""The schema of knowledge/texts.yaml's `telegram`, `web` and `terminal` sections: what those
channels themselves say, in Dutch and English (checked like every text there: both languages,
the same placeholders, commands named by their own language's name)."""

from __future__ import annotations

from collections.abc import Iterator

from bot.domain import Language
from bot.knowledge.bilingual import Bilingual
from bot.knowledge.schema import Strict


class CommandMenu(Strict):
    """The Telegram command menu: each command's description, in menu order."""

    start: Bilingual
    hulp: Bilingual
    programma: Bilingual
    toolkit: Bilingual
    projecten: Bilingual
    aanmelden: Bilingual
    annuleer: Bilingual
    mijngegevens: Bilingual
    verwijder: Bilingual

    def entries(self, language: Language) -> Iterator[tuple[str, str]]:
        """(command, description in `language`) in menu order."""
        for command in type(self).model_fields:
            description: Bilingual = getattr(self, command)
            yield command, description.say(language)


class TelegramTexts(Strict):
    """knowledge/texts.yaml `telegram`: trusted HTML templates ({username} filled escaped)."""

    menu: CommandMenu
    welcome: Bilingual
    help: Bilingual
    group_intro: Bilingual
    private_handoff: Bilingual
    private_handoff_button: Bilingual
    unknown_command: Bilingual
    unsupported_media: Bilingual
    edited_message: Bilingual
    empty_mention: Bilingual
    stale_button: Bilingual
    error: Bilingual


class WebTexts(Strict):
    """knowledge/texts.yaml `web`: the web chat's own notices and refusals (plain text)."""

    empty: Bilingual
    unknown_command: Bilingual
    help: Bilingual
    rate: Bilingual
    origin: Bilingual
    size: Bilingual
    format: Bilingual


class TerminalTexts(Strict):
    """knowledge/texts.yaml `terminal`: the terminal chat's own lines (plain text)."""

    banner: Bilingual  # shown when the chat starts, in the user's language (else in both)
    help: Bilingual  # /hulp and /start: the commands
