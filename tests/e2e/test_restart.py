"""A restart keeps the conversation: stop the bot mid form or mid follow-up, start a new bot
process state (new Application, new core) on the same data directory, and the conversation
continues where it was. Context lives in the core's SQLite file, not in the Application."""

from __future__ import annotations

from pathlib import Path

from harness import BotApiEmulator, TgChat
from test_telegram_e2e import FOLLOW_UP
from tg_bot import CoreProbe, running_bot

from bot.knowledge.loader import default_programme_rules
from bot.signup.fields import role_choices


async def test_a_form_in_progress_survives_a_restart(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    anna = emulator.new_user("Anna")
    chat = TgChat.private(anna)

    async with running_bot(emulator, data_dir):
        await emulator.send_command(chat, anna, "aanmelden")
        [first] = await emulator.wait_for_replies(chat, 1)
        assert "Privacy" in (first.text or "")
        await emulator.send_message(chat, anna, "Anna de Vries")
        [asks_gemeente] = await emulator.wait_for_replies(chat, 1)
        assert "gemeente" in (asks_gemeente.text or "").lower()
    # The bot is stopped here; a new one starts on the same data directory.
    async with running_bot(emulator, data_dir):
        await emulator.send_message(chat, anna, "Meierijstad")
        [asks_role] = await emulator.wait_for_replies(chat, 1)

    labels = [button.text for button in asks_role.all_buttons]
    roles = role_choices(default_programme_rules())
    assert [choice.label for choice in roles] == labels[: len(roles)]


async def test_a_follow_up_subject_survives_a_restart(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    probe = CoreProbe(emulator, tmp_path / "probe")
    try:
        first = probe.html(probe.ask([FOLLOW_UP[0]], key="probe:first"))
        with_context = probe.html(probe.ask(list(FOLLOW_UP), key="probe:context"))
        without_context = probe.html(probe.ask([FOLLOW_UP[1]], key="probe:fresh"))
    finally:
        probe.close()
    assert with_context != without_context, "the follow-up must depend on the subject"
    data_dir = tmp_path / "data"
    anna = emulator.new_user("Anna")
    chat = TgChat.private(anna)

    async with running_bot(emulator, data_dir):
        await emulator.send_message(chat, anna, FOLLOW_UP[0])
        await emulator.wait_for_replies(chat, len(first))
    async with running_bot(emulator, data_dir):
        await emulator.send_message(chat, anna, FOLLOW_UP[1])
        replies = await emulator.wait_for_replies(chat, len(with_context))

    assert [reply.text for reply in replies] == with_context
