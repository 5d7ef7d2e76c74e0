"""End to end: an English user signs up in Telegram (the real bot, polling the Bot API emulator
over loopback, on a real SQLite file) and gets the whole form in English, pressing its English
buttons; the coordinators' notice stays Dutch."""

from __future__ import annotations

from pathlib import Path

from harness import BotApiEmulator, BotMessage, TgChat
from test_coordinators_e2e import COORD_CHATS, coordinator_env, fast_outbox
from tg_bot import running_bot

ENGLISH_START = "Hello, I would like to sign up for the Leernetwerk please"


async def test_an_english_user_signs_up_in_english_through_telegram(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    anna = emulator.new_user("Anna")
    chat = TgChat.private(anna)

    async def answer(text: str) -> BotMessage:
        await emulator.send_message(chat, anna, text)
        [reply] = await emulator.wait_for_replies(chat, 1)
        return reply

    async def press(message: BotMessage, label: str) -> BotMessage:
        pressed = await emulator.press_button(chat, anna, message, text=label)
        assert pressed.callback_query_id is not None
        [reply] = await emulator.wait_for_replies(chat, 1)
        return reply

    async with running_bot(emulator, tmp_path / "data", **coordinator_env()) as running:
        storage = fast_outbox(running)
        first = await answer(ENGLISH_START)
        assert (first.text or "").startswith("Privacy: I store your name")
        assert "What is your name? (first and last name)" in (first.text or "")
        assert (await answer("Anna de Vries")).text == "Which municipality do you work for?"
        asks_role = await answer("Meierijstad")
        assert (asks_role.text or "").startswith("Which role do you have in the Leernetwerk?")
        asks_email = await press(asks_role, "Control")
        assert (asks_email.text or "").startswith("What is your e-mail address?")
        asks_phone = await answer("anna@example.nl")
        assert [b.text for b in asks_phone.all_buttons] == ["Skip"]
        # What the channel cannot pass on is refused in the form's language, with its question.
        refused = await answer("🙂🙂")
        assert (refused.text or "").startswith("I only understand words.")
        assert (refused.text or "").endswith(asks_phone.text or "-")
        asks_remark = await press(asks_phone, "Skip")
        assert (asks_remark.text or "").startswith("Do you have a remark for the coordinators?")
        summary = await press(asks_remark, "Skip")
        text = summary.text or ""
        assert text.startswith("Is this correct?")
        assert "Municipality: Meierijstad" in text and "Phone: (not given)" in text
        assert [b.text for b in summary.all_buttons] == ["Confirm", "Change something", "Cancel"]
        done = await press(summary, "Confirm")
        assert (done.text or "").startswith("Thank you, your sign-up has been received and stored.")

        for coordinators in COORD_CHATS:
            [notice] = await emulator.wait_for_replies(coordinators, 1, timeout=20)
            assert "Nieuwe aanmelding" in (notice.text or "")
            assert "Naam: Anna de Vries" in (notice.text or "")
        [signup] = storage.list_signups()
        assert signup.language == "en"
