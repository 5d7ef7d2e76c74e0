"""End to end: an English user in Telegram reads the English command names (/cancel, /mydata,
/delete, /signup, /programme) and they work, in private chats and in groups; the command menu
for English apps lists them. The real bot polls the Bot API emulator over loopback, on a real
SQLite file; expected texts come from knowledge/texts.yaml."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from harness import BotApiEmulator, BotMessage, TgChat, TgUser
from tg_bot import running_bot

from bot.domain import Language
from bot.knowledge.commands import Command
from bot.knowledge.loader import default_texts

TEXTS = default_texts()


async def test_an_english_user_reads_the_english_commands_and_they_work(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    emma = replace(emulator.new_user("Emma"), language_code="en-GB")
    bram = emulator.new_user("Bram")  # a Dutch Telegram app, typing the English names
    group = emulator.new_group()

    async def say(chat: TgChat, user: TgUser, text: str) -> BotMessage:
        await emulator.send_message(chat, user, text)
        [reply] = await emulator.wait_for_replies(chat, 1)
        return reply

    async with running_bot(emulator, tmp_path / "data"):
        private = TgChat.private(emma)
        privacy = (await say(private, emma, "/signup")).text or ""
        assert privacy.startswith("Privacy: I store")
        assert all(f"/{name}" in privacy for name in ("mydata", "delete", "cancel"))
        assert "/annuleer" not in privacy
        # She reads "/cancel", sends it, and the form stops.
        assert (await say(private, emma, "/cancel")).text == TEXTS.form.cancelled.en
        assert (await say(private, emma, "/mydata")).text == TEXTS.account.no_signup.en
        assert (await say(private, emma, "/delete")).text == TEXTS.account.nothing_to_delete.en
        programme = (await say(private, emma, "/programme")).text or ""
        assert programme.startswith("The Leernetwerk programme has 8 dagdelen")

        # A Dutch app: a command typed by its English name answers in English.
        dutch_app = TgChat.private(bram)
        bram_form = (await say(dutch_app, bram, "/signup")).text or ""
        assert bram_form.startswith("Privacy: I store") and "/cancel" in bram_form
        assert (await say(dutch_app, bram, "/cancel")).text == TEXTS.form.cancelled.en
        assert (await say(dutch_app, bram, "/mydata")).text == TEXTS.account.no_signup.en
        assert ((await say(dutch_app, bram, "/aanmelden")).text or "").startswith("Privacy: ik")

        # In a group /mydata moves to a private chat, in English, through the Dutch payload.
        await emulator.send_command(group, emma, "mydata", addressed=True)
        [handoff] = await emulator.wait_for_replies(group, 1)
        assert handoff.text == TEXTS.telegram.private_handoff.en
        button = handoff.button(TEXTS.telegram.private_handoff_button.en)
        assert button.url == f"https://t.me/{emulator.bot_username}?start={Command.MY_DATA}"
        payload = (button.url or "").split("?start=", 1)[1]
        await emulator.send_command(private, emma, "start", args=payload)
        [shown] = await emulator.wait_for_replies(private, 1)
        assert shown.text == TEXTS.account.no_signup.en
        assert (await say(group, emma, f"/cancel@{emulator.bot_username}")).text == (
            TEXTS.account.nothing_to_cancel.en
        )

        english_menu = await emulator.bot_commands(language_code="en")
        dutch_menu = await emulator.bot_commands()
    commands = TEXTS.commands
    menu = [entry["command"] for entry in english_menu]
    entries = TEXTS.telegram.menu.entries(Language.EN)
    assert menu == [commands.name(Command(command), Language.EN) for command, _ in entries]
    assert {"help", "programme", "projects", "signup", "cancel", "mydata", "delete"} <= set(menu)
    assert {"hulp", "aanmelden", "mijngegevens", "verwijder"} <= {e["command"] for e in dutch_menu}
