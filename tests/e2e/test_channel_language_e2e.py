"""End to end: Telegram's own texts (welcome, help, command menu) speak the user's language:
the conversation's once known, before that the Telegram app's (`language_code`). The real bot
polls the Bot API emulator over loopback, on a real SQLite file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from harness import BotApiEmulator, BotMessage, TgChat, TgUser
from tg_bot import running_bot

from bot.domain import Language
from bot.knowledge.loader import default_texts

TELEGRAM = default_texts().telegram


async def test_an_english_telegram_app_gets_the_english_welcome_help_and_menu(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    emma = replace(emulator.new_user("Emma"), language_code="en-GB")
    anna = emulator.new_user("Anna")  # a Dutch Telegram app

    async def command(user: TgUser, name: str) -> BotMessage:
        chat = TgChat.private(user)
        await emulator.send_command(chat, user, name)
        [reply] = await emulator.wait_for_replies(chat, 1)
        return reply

    async with running_bot(emulator, tmp_path / "data"):
        username = emulator.bot_username
        english_help = TELEGRAM.help.say(Language.EN, username=username)
        assert (await command(emma, "start")).text == TELEGRAM.welcome.say(Language.EN)
        assert (await command(emma, "help")).text == english_help
        assert (await command(emma, "hulp")).text == english_help  # the Dutch name works too
        assert (await command(anna, "start")).text == TELEGRAM.welcome.say(Language.NL)
        # A Dutch app: /hulp in Dutch, /help by its English name in English.
        dutch_help = TELEGRAM.help.say(Language.NL, username=username)
        assert (await command(anna, "hulp")).text == dutch_help
        assert (await command(anna, "help")).text == english_help

        # Once the conversation has a language, that wins over the app's.
        chat = TgChat.private(emma)
        await emulator.send_message(chat, emma, "Wanneer is dagdeel 5?")
        [answer] = await emulator.wait_for_replies(chat, 1)
        assert "19 mei" in (answer.text or "")
        assert (await command(emma, "help")).text == TELEGRAM.help.say(
            Language.NL, username=username
        )

        dutch_menu = await emulator.bot_commands()
        english_menu = await emulator.bot_commands(language_code="en")
    assert [c["command"] for c in dutch_menu][:2] == ["start", "hulp"]
    assert {"aanmelden", "annuleer"} <= {c["command"] for c in dutch_menu}
    assert {"help", "signup", "cancel"} <= {c["command"] for c in english_menu}
    described = {c["command"]: c["description"] for c in english_menu}
    assert described["signup"] == "Sign up for the Leernetwerk"
    assert described["programme"] == TELEGRAM.menu.programma.en  # by its English name
