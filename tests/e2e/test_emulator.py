"""Proves every launcher patch with a real python-telegram-bot 22 stack against the emulator.

Each test talks real HTTP on loopback: PTB `Bot`/`Application` on the bot side, the harness on
the user side. Without the corresponding patch in emulator/launcher.js each test fails.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from harness import BotApiEmulator, EmulatorError, TgChat, detect_entities
from telegram import (
    Bot,
    BotCommand,
    ChatFullInfo,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

AnyApp = Application[Any, Any, Any, Any, Any, Any]
WAIT = 10.0  # upper bound for anything to arrive; never an assertion on speed


class Recorder:
    """Collects the updates an Application received and lets a test wait for them."""

    def __init__(self) -> None:
        self.updates: list[Update] = []
        self._changed = asyncio.Event()

    async def record(self, update: object, _context: ContextTypes.DEFAULT_TYPE) -> None:
        assert isinstance(update, Update)
        self.updates.append(update)
        self._changed.set()

    async def wait_for(self, count: int) -> list[Update]:
        async def until_enough() -> None:
            while len(self.updates) < count:
                self._changed.clear()
                await self._changed.wait()

        try:
            await asyncio.wait_for(until_enough(), WAIT)
        except TimeoutError:
            raise AssertionError(f"bot received {len(self.updates)} of {count} updates") from None
        return self.updates[:count]


@asynccontextmanager
async def bot_for(emulator: BotApiEmulator) -> AsyncIterator[Bot]:
    """A plain PTB Bot against the emulator."""
    async with Bot(
        emulator.token, base_url=emulator.base_url, base_file_url=emulator.base_file_url
    ) as bot:
        yield bot


@asynccontextmanager
async def recording_app(emulator: BotApiEmulator) -> AsyncIterator[tuple[AnyApp, Recorder]]:
    """An Application that records every update, polling the emulator."""
    recorder = Recorder()
    app = emulator.application_builder().build()
    app.add_handler(TypeHandler(Update, recorder.record))
    async with emulator.polling(app):
        yield app, recorder


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def test_get_me_reports_a_bot(emulator: BotApiEmulator) -> None:
    # Patch: getMe lacked `is_bot`, so Bot.initialize() raised TypeError.
    async with bot_for(emulator) as bot:
        me = await bot.get_me()
    assert me.is_bot is True
    assert me.id == emulator.bot_id
    assert me.username == emulator.bot_username


async def test_user_message_arrives_through_polling(emulator: BotApiEmulator) -> None:
    anna = emulator.new_user("Anna")
    chat = TgChat.private(anna)
    async with recording_app(emulator) as (_app, recorder):
        sent = await emulator.send_message(chat, anna, "/start aanmelden")
        [update] = await recorder.wait_for(1)
    message = update.effective_message
    assert message is not None
    assert message.message_id == sent.message_id
    assert message.text == "/start aanmelden"
    assert message.chat.id == chat.id and message.chat.type == "private"
    assert message.from_user is not None and message.from_user.id == anna.id
    assert message.parse_entities([MessageEntity.BOT_COMMAND]) == {
        MessageEntity(MessageEntity.BOT_COMMAND, 0, 6): "/start"
    }


async def test_reply_is_seen_by_the_user_with_a_sane_date(emulator: BotApiEmulator) -> None:
    # Patch: sendMessage returned `date` in milliseconds ("year 58862 is out of range").
    returned: list[Message] = []

    async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.message.text is not None
        returned.append(
            await update.message.reply_text(f"Echo: {update.message.text}", do_quote=True)
        )

    app = emulator.application_builder().build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    anna = emulator.new_user("Anna")
    group = emulator.new_group("Team Wmo")
    async with emulator.polling(app):
        sent = await emulator.send_message(group, anna, f"{emulator.mention} hallo")
        [reply] = await emulator.wait_for_replies(group, count=1, timeout=WAIT)
    assert reply.text == f"Echo: {emulator.mention} hallo"
    assert reply.reply_to_message_id == sent.message_id
    [message] = returned
    assert message.message_id == reply.message_id
    assert abs(message.date - dtm.datetime.now(dtm.UTC)) < dtm.timedelta(hours=1)
    assert message.chat.type == "group" and message.chat.title == "Team Wmo"
    assert message.from_user is not None and message.from_user.id == emulator.bot_id


async def test_group_mention_and_reply_to_bot_message(emulator: BotApiEmulator) -> None:
    anna = emulator.new_user("Anna")
    group = emulator.new_group()
    async with bot_for(emulator) as bot:
        bot_message = await bot.send_message(group.id, "Waarmee kan ik helpen?")
        async with recording_app(emulator) as (_app, recorder):
            [shown] = await emulator.wait_for_replies(group, 1)
            await emulator.send_message(group, anna, f"Vraag voor {emulator.mention}: hoe?")
            await emulator.send_message(group, anna, "Over dagdelen", reply_to=shown)
            mention_update, reply_update = await recorder.wait_for(2)
    mention = mention_update.effective_message
    assert mention is not None
    assert list(mention.parse_entities([MessageEntity.MENTION]).values()) == [emulator.mention]
    assert filters.Mention(emulator.bot_username).check_update(mention_update)
    reply = reply_update.effective_message
    assert reply is not None and reply.reply_to_message is not None
    assert reply.reply_to_message.message_id == bot_message.message_id
    assert reply.reply_to_message.from_user is not None
    assert reply.reply_to_message.from_user.id == emulator.bot_id


async def test_edit_message_text_and_markup_return_the_message(emulator: BotApiEmulator) -> None:
    # Patch: editMessageText/editMessageReplyMarkup returned null ("'NoneType' ... 'copy'").
    anna = emulator.new_user()
    chat = TgChat.private(anna)
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Ja", callback_data="yes")]])
    async with bot_for(emulator) as bot:
        original = await bot.send_message(chat.id, "Even denken…", reply_markup=keyboard)
        edited = await bot.edit_message_text(
            "Klaar", chat_id=chat.id, message_id=original.message_id, reply_markup=keyboard
        )
        assert isinstance(edited, Message)
        assert edited.message_id == original.message_id and edited.text == "Klaar"
        assert edited.reply_markup == keyboard
        [seen] = await emulator.wait_for_replies(chat, 1)
        assert seen.text == "Klaar" and seen.edited and seen.button("Ja").callback_data == "yes"

        stripped = await bot.edit_message_reply_markup(
            chat_id=chat.id, message_id=original.message_id
        )
        assert isinstance(stripped, Message) and stripped.reply_markup is None
        [after] = await emulator.bot_messages(chat)
        assert after.buttons == ()

        with pytest.raises(BadRequest, match="not found"):
            await bot.edit_message_text("x", chat_id=chat.id, message_id=999_999)


async def test_button_press_has_chat_instance_and_is_answered(emulator: BotApiEmulator) -> None:
    # Patch: callback updates dropped `chat_instance`, required by PTB's CallbackQuery.
    pressed: list[tuple[str, str | None, int | None]] = []

    async def on_press(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        message_id = query.message.message_id if query.message else None
        pressed.append((query.chat_instance, query.data, message_id))
        await query.answer("Genoteerd")

    app = emulator.application_builder().build()
    app.add_handler(CallbackQueryHandler(on_press))
    anna = emulator.new_user()
    chat = TgChat.private(anna)
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Breda (wijk)", callback_data="p:1"),
                InlineKeyboardButton("Breda (stad)", callback_data="p:2"),
            ]
        ]
    )
    async with emulator.polling(app):
        await app.bot.send_message(chat.id, "Welk project bedoel je?", reply_markup=keyboard)
        [question] = await emulator.wait_for_replies(chat, 1)
        sent = await emulator.press_button(chat, anna, question, text="Breda (stad)")
        answer = await emulator.wait_for_callback_answer(str(sent.callback_query_id), WAIT)
    [(chat_instance, data, message_id)] = pressed
    assert chat_instance
    assert data == "p:2"
    assert message_id == question.message_id
    assert answer.text == "Genoteerd" and answer.show_alert is False


async def test_set_my_commands_is_stored(emulator: BotApiEmulator) -> None:
    # Patch: setMyCommands answered HTTP 500.
    commands = [BotCommand("start", "Welkom"), BotCommand("hulp", "Wat kan ik?")]
    async with bot_for(emulator) as bot:
        assert await bot.set_my_commands(commands) is True
        assert await bot.set_my_commands([BotCommand("help", "Help")], language_code="en")
        assert tuple(await bot.get_my_commands()) == tuple(commands)
        assert [c.command for c in await bot.get_my_commands(language_code="en")] == ["help"]
        with pytest.raises(BadRequest):
            await bot.set_my_commands([BotCommand("Bad Command", "x")])
    assert await emulator.bot_commands() == [
        {"command": "start", "description": "Welkom"},
        {"command": "hulp", "description": "Wat kan ik?"},
    ]


async def test_send_document_uploads_a_csv(emulator: BotApiEmulator) -> None:
    # Patch: sendDocument answered HTTP 500 and multipart bodies were not parsed.
    csv = b"naam;gemeente\nAnna;Breda\n"
    coordinator = emulator.new_user("Coördinator")
    chat = TgChat.private(coordinator)
    async with bot_for(emulator) as bot:
        message = await bot.send_document(
            chat.id,
            InputFile(csv, filename="aanmeldingen.csv"),
            caption="<b>Export</b>",
            parse_mode=ParseMode.HTML,
        )
        assert message.document is not None
        assert message.document.file_name == "aanmeldingen.csv"
        assert message.document.file_size == len(csv)
        file = await bot.get_file(message.document.file_id)
        assert bytes(await file.download_as_bytearray()) == csv
    [seen] = await emulator.wait_for_replies(chat, 1)
    assert seen.text == "<b>Export</b>" and seen.parse_mode == "HTML"
    assert await emulator.download(seen) == csv


async def test_get_chat_knows_chats_users_wrote_in(emulator: BotApiEmulator) -> None:
    # Patch: getChat answered HTTP 500; PTB 22 needs a full ChatFullInfo.
    anna = emulator.new_user()
    group = emulator.new_group("Team Jeugd")
    await emulator.send_message(group, anna, "hallo allemaal")
    async with bot_for(emulator) as bot:
        info = await bot.get_chat(group.id)
        assert isinstance(info, ChatFullInfo)
        assert (info.id, info.type, info.title) == (group.id, "group", "Team Jeugd")
        with pytest.raises(BadRequest, match="not found"):
            await bot.get_chat(-424242)


async def test_get_updates_respects_offset(emulator: BotApiEmulator) -> None:
    # Patch: getUpdates ignored `offset`: updates were gone once returned, whether processed or not.
    anna = emulator.new_user()
    chat = TgChat.private(anna)
    first = await emulator.send_message(chat, anna, "een")
    second = await emulator.send_message(chat, anna, "twee")
    async with bot_for(emulator) as bot:
        updates = await bot.get_updates(timeout=0)
        assert [u.update_id for u in updates] == [first.update_id, second.update_id]
        again = await bot.get_updates(timeout=0)  # not confirmed yet: delivered again
        assert [u.update_id for u in again] == [first.update_id, second.update_id]
        limited = await bot.get_updates(offset=second.update_id, timeout=0)
        assert [u.update_id for u in limited] == [second.update_id]
        third = await emulator.send_message(chat, anna, "drie")
        after = await bot.get_updates(offset=second.update_id + 1, timeout=0)
        assert [u.update_id for u in after] == [third.update_id]
        assert await bot.get_updates(offset=third.update_id + 1, timeout=0) == ()


async def test_restarted_application_gets_no_duplicates(emulator: BotApiEmulator) -> None:
    anna = emulator.new_user()
    chat = TgChat.private(anna)
    async with recording_app(emulator) as (_app, first_run):
        await emulator.send_message(chat, anna, "voor de herstart")
        await first_run.wait_for(1)
    await emulator.send_message(chat, anna, "na de herstart")
    async with recording_app(emulator) as (_app, second_run):
        [update] = await second_run.wait_for(1)
        # One more round trip so a duplicate, if any, would have been delivered by now.
        await emulator.send_message(chat, anna, "nog een")
        await second_run.wait_for(2)
    texts = [u.effective_message.text for u in second_run.updates if u.effective_message]
    assert texts == ["na de herstart", "nog een"]
    assert update.effective_message is not None


async def test_get_updates_long_polls(emulator: BotApiEmulator) -> None:
    # Patch: getUpdates ignored `timeout`, so polling with poll_interval=0 spun the CPU.
    anna = emulator.new_user()
    chat = TgChat.private(anna)
    async with bot_for(emulator) as bot:
        poll = asyncio.create_task(bot.get_updates(timeout=30))
        await asyncio.sleep(0.3)
        assert not poll.done(), "getUpdates with a timeout must wait for an update"
        sent = await emulator.send_message(chat, anna, "wakker worden")
        updates = await asyncio.wait_for(poll, WAIT)
    assert [u.update_id for u in updates] == [sent.update_id]


async def test_odd_requests_do_not_kill_the_emulator(emulator: BotApiEmulator) -> None:
    # Patch: an unhandled promise rejection (here: a command without entities, and a webhook
    # that cannot be reached) used to kill the node process.
    anna = emulator.new_user()
    chat = TgChat.private(anna)
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"{emulator.url}/sendCommand",
            json={
                "botToken": emulator.token,
                "text": "/x",
                "chat": chat.to_api(),
                "from": anna.to_api(),
            },
        )
        assert response.status_code == 400
    async with bot_for(emulator) as bot:
        assert await bot.set_webhook(f"http://127.0.0.1:{free_port()}/hook") is True
        with pytest.raises(EmulatorError, match="Webhook invocation failed"):
            await emulator.send_message(chat, anna, "hallo")
        assert await bot.delete_webhook() is True
        assert (await bot.get_me()).is_bot
    assert emulator.running


async def test_small_methods_ptb_calls(emulator: BotApiEmulator) -> None:
    # answerCallbackQuery, deleteWebhook, sendChatAction, deleteMessage, forwardMessage.
    anna = emulator.new_user()
    chat = TgChat.private(anna)
    coordinators = emulator.new_group("Coördinatoren")
    sent = await emulator.send_message(chat, anna, "Ik wil me aanmelden")
    async with bot_for(emulator) as bot:
        assert await bot.delete_webhook(drop_pending_updates=True) is True
        assert await bot.get_updates(timeout=0) == ()  # dropped
        assert await bot.send_chat_action(chat.id, "typing") is True
        assert await bot.answer_callback_query("12345", text="ok") is True
        note = await bot.send_message(chat.id, "tijdelijk")
        assert await bot.delete_message(chat.id, note.message_id) is True
        with pytest.raises(BadRequest, match="not found"):
            await bot.delete_message(chat.id, note.message_id)
        assert sent.message_id is not None
        forwarded = await bot.forward_message(coordinators.id, chat.id, sent.message_id)
        assert forwarded.text == "Ik wil me aanmelden"
        assert forwarded.forward_origin is not None
    [deleted] = await emulator.bot_messages(chat)
    assert deleted.deleted
    [seen] = await emulator.wait_for_replies(coordinators, 1)
    assert seen.text == "Ik wil me aanmelden"
    [answer] = await emulator.callback_answers()
    assert (answer.callback_query_id, answer.text) == ("12345", "ok")


async def test_html_and_length_are_checked_like_telegram(emulator: BotApiEmulator) -> None:
    chat = TgChat.private(emulator.new_user())
    async with bot_for(emulator) as bot:
        ok = await bot.send_message(
            chat.id, "<b>Let op</b> &lt;script&gt; &amp; meer", parse_mode=ParseMode.HTML
        )
        assert ok.text is not None
        with pytest.raises(BadRequest, match="parse entities"):
            await bot.send_message(
                chat.id, "x <script>alert(1)</script>", parse_mode=ParseMode.HTML
            )
        with pytest.raises(BadRequest, match="parse entities"):
            await bot.send_message(chat.id, "<b>open", parse_mode=ParseMode.HTML)
        assert await bot.send_message(chat.id, "a" * 4096)
        with pytest.raises(BadRequest, match="too long"):
            await bot.send_message(chat.id, "a" * 4097)
        # Tags and entities do not count towards the limit, as in Telegram.
        assert await bot.send_message(
            chat.id, "<b>" + "&amp;" * 4096 + "</b>", parse_mode=ParseMode.HTML
        )


async def test_other_update_kinds_reach_the_bot(emulator: BotApiEmulator) -> None:
    anna = emulator.new_user()
    chat = TgChat.private(anna)
    group = emulator.new_group()
    async with recording_app(emulator) as (_app, recorder):
        await emulator.send_photo(chat, anna, caption="kijk")
        await emulator.send_sticker(chat, anna)
        sent = await emulator.send_message(chat, anna, "typfout")
        assert sent.message_id is not None
        await emulator.edit_user_message(chat, anna, sent.message_id, "verbeterd")
        await emulator.add_bot_to_group(group, anna)
        supergroup = await emulator.migrate_to_supergroup(group, anna)
        updates = await recorder.wait_for(8)
    photo, sticker, text, edit, member, joined, migrate_to, migrate_from = updates
    assert filters.PHOTO.check_update(photo) and filters.Sticker.ALL.check_update(sticker)
    assert text.message is not None and text.message.text == "typfout"
    assert edit.edited_message is not None and edit.edited_message.text == "verbeterd"
    assert edit.edited_message.message_id == sent.message_id
    assert member.my_chat_member is not None
    assert member.my_chat_member.new_chat_member.status == "member"
    assert joined.message is not None
    assert [u.id for u in joined.message.new_chat_members] == [emulator.bot_id]
    assert migrate_to.message is not None
    assert migrate_to.message.migrate_to_chat_id == supergroup.id
    assert migrate_from.message is not None and migrate_from.message.chat.type == "supergroup"


async def test_webhook_mode_end_to_end(emulator: BotApiEmulator) -> None:
    # setWebhook returned null; the secret token header was never sent.
    port = free_port()
    secret = "geheim-token_123"

    async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"via webhook: {update.effective_message.text}")

    app_with_updater = emulator.application_builder().build()
    app_with_updater.add_handler(MessageHandler(filters.ALL, echo))
    anna = emulator.new_user()
    chat = TgChat.private(anna)
    async with app_with_updater:
        assert app_with_updater.updater is not None
        await app_with_updater.start()
        await app_with_updater.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="tg",
            webhook_url=f"http://127.0.0.1:{port}/tg",
            secret_token=secret,
        )
        try:
            await emulator.send_message(chat, anna, "hallo")
            [reply] = await emulator.wait_for_replies(chat, 1)
            assert reply.text == "via webhook: hallo"
            raw = {
                "update_id": 999_001,
                "edited_message": {
                    "message_id": 1,
                    "date": 1,
                    "edit_date": 2,
                    "text": "rechtstreeks",
                    "chat": chat.to_api(),
                    "from": anna.to_api(),
                },
            }
            status = await emulator.post_update_to_webhook(
                f"http://127.0.0.1:{port}/tg", raw, secret_token=secret
            )
            assert status == 200
            [direct] = await emulator.wait_for_replies(chat, 1)
            assert direct.text == "via webhook: rechtstreeks"
            wrong = await emulator.post_update_to_webhook(
                f"http://127.0.0.1:{port}/tg", raw, secret_token="fout"
            )
            assert wrong == 403
        finally:
            await app_with_updater.updater.stop()
            await app_with_updater.stop()


def test_detect_entities_uses_utf16_offsets() -> None:
    text = "👋 /start@WvdbTestBot en @WvdbTestBot"
    assert detect_entities(text) == [
        {"type": "bot_command", "offset": 3, "length": 18},
        {"type": "mention", "offset": 25, "length": 12},
    ]


async def test_wait_for_replies_fails_clearly_when_nothing_comes(emulator: BotApiEmulator) -> None:
    chat = TgChat.private(emulator.new_user())
    async with bot_for(emulator) as bot:
        await bot.send_message(chat.id, "één")
    with pytest.raises(AssertionError, match=r"expected 2 new bot message\(s\).*got 1: \['één'\]"):
        await emulator.wait_for_replies(chat, count=2, timeout=0.5)
    [only] = await emulator.wait_for_replies(chat, count=1, timeout=WAIT)
    assert only.text == "één"
    assert await emulator.new_replies(chat) == []


async def test_reply_to_a_colleague_names_the_colleague(emulator: BotApiEmulator) -> None:
    anna, bram = emulator.new_user("Anna"), emulator.new_user("Bram")
    group = emulator.new_group()
    async with recording_app(emulator) as (_app, recorder):
        chatter = await emulator.send_message(group, anna, "Wie neemt er koffie mee?")
        assert chatter.message_id is not None
        await emulator.send_message(group, bram, "Ik!", reply_to=chatter.message_id)
        _, reply = await recorder.wait_for(2)
    assert reply.message is not None and reply.message.reply_to_message is not None
    original = reply.message.reply_to_message
    assert original.message_id == chatter.message_id
    assert original.from_user is not None and original.from_user.id == anna.id


# PTB 22 itself reads RetryAfter.retry_after while building the error, which warns about its
# future type; that is PTB's business, not this test's.
@pytest.mark.filterwarnings("ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning")
async def test_fail_next_injects_telegram_errors(emulator: BotApiEmulator) -> None:
    chat = TgChat.private(emulator.new_user())
    await emulator.fail_next("sendMessage", retry_after=7)
    await emulator.fail_next("sendChatAction", error_code=500)
    async with bot_for(emulator) as bot:
        with pytest.raises(RetryAfter, match="Retry in 7"):
            await bot.send_message(chat.id, "te snel")
        with pytest.raises(NetworkError):
            await bot.send_chat_action(chat.id, "typing")
        assert (await bot.send_message(chat.id, "weer goed")).text == "weer goed"
    [only] = await emulator.wait_for_replies(chat, 1)
    assert only.text == "weer goed"
