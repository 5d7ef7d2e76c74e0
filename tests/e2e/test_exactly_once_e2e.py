"""Exactly once and privacy on the real bot process (`python -m bot run`) against the Bot API
emulator: a redelivered update after a kill, a sign-up takeover, and deletion checked byte by
byte in the database files. Every wait is bounded; nothing here measures speed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from botprocess import COORDINATOR_CHAT, BotProcess, bot_environment
from harness import BotApiEmulator, BotMessage, TgChat, TgUser

from bot.knowledge.loader import default_programme_rules
from bot.signup.fields import role_choices


@pytest.fixture
def env(emulator: BotApiEmulator, tmp_path: Path) -> dict[str, str]:
    return bot_environment(emulator.url, emulator.token, tmp_path / "data")


@pytest.fixture
def bot(env: dict[str, str]) -> Iterator[BotProcess]:
    with BotProcess(env) as process:
        yield process.wait_ready()


async def say(emulator: BotApiEmulator, user: TgUser, text: str) -> BotMessage:
    """`user` sends `text` in their private chat; the bot's one answer."""
    chat = TgChat.private(user)
    if text.startswith("/"):
        await emulator.send_command(chat, user, text.lstrip("/"))
    else:
        await emulator.send_message(chat, user, text)
    [reply] = await emulator.wait_for_replies(chat, 1, timeout=30)
    return reply


async def sign_up(
    emulator: BotApiEmulator, user: TgUser, name: str, gemeente: str, role: str, email: str
) -> BotMessage:
    """Walk the whole form; the bot's final answer."""
    reply = await say(emulator, user, "/aanmelden")
    for text in (name, gemeente, role, email, "overslaan", "Tot dan", "bevestigen"):
        reply = await say(emulator, user, text)
    return reply


async def coordinator_texts(emulator: BotApiEmulator, count: int) -> list[str]:
    messages = await emulator.bot_messages(COORDINATOR_CHAT, min_count=count, wait=30)
    return [message.text or "" for message in messages]


async def test_an_update_redelivered_after_a_kill_is_not_handled_twice(
    emulator: BotApiEmulator, env: dict[str, str]
) -> None:
    anna = emulator.new_user("Anna")
    chat = TgChat.private(anna)
    with BotProcess(env) as first:
        first.wait_ready()
        await say(emulator, anna, "/aanmelden")
        sent = await emulator.send_message(chat, anna, "Anna de Vries")
        [asks_gemeente] = await emulator.wait_for_replies(chat, 1, timeout=30)
        assert "gemeente" in (asks_gemeente.text or "").lower()
        first.kill()  # SIGKILL: no clean-up; Telegram redelivers what it thinks is unconfirmed
    await emulator.redeliver(sent.update_id)
    with BotProcess(env) as second:
        second.wait_ready()
        reply = await say(emulator, anna, "Meierijstad")
        # The redelivered name was skipped, not read as the gemeente: the form asks the role.
        labels = [button.text for button in reply.all_buttons]
        roles = role_choices(default_programme_rules())
        assert [choice.label for choice in roles] == labels[: len(roles)]
        assert await emulator.new_replies(chat) == []


async def test_a_sign_up_belongs_to_its_user_and_a_takeover_changes_nothing(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    anna, bob = emulator.new_user("Anna"), emulator.new_user("Bob")
    email = "anna.takeover@example.nl"
    await sign_up(emulator, anna, "Anna de Vries", "Meierijstad", "control", email)
    await coordinator_texts(emulator, 1)

    answer = await sign_up(emulator, bob, "Bob Kaper", "Tilburg", "gemeentesecretaris", email)
    text = answer.text or ""
    assert "ontvangen" in text
    assert "Er stond al" not in text and "bijgewerkt" not in text and "e-mailadres" not in text

    mine = (await say(emulator, anna, "/mijngegevens")).text or ""
    assert "Anna de Vries" in mine and "Meierijstad" in mine and "Bob" not in mine
    texts = await coordinator_texts(emulator, 2)
    flagged = [t for t in texts if "Mogelijk dubbele aanmelding" in t]
    assert len(flagged) == 1 and "Bob Kaper" in flagged[0]
    assert sum("Nieuwe aanmelding" in t for t in texts) == 1

    # Bob cannot delete Anna's sign-up either.
    assert "niets" in ((await say(emulator, bob, "/verwijder")).text or "")
    assert "Anna de Vries" in ((await say(emulator, anna, "/mijngegevens")).text or "")


async def test_correcting_ones_own_e_mail_updates_the_same_sign_up(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    anna = emulator.new_user("Anna")
    await sign_up(emulator, anna, "Anna Jansen", "Zwolle", "control", "anna.typo@exmaple.nl")
    answer = await sign_up(emulator, anna, "Anna Jansen", "Zwolle", "control", "anna@example.nl")
    assert "wachtlijst" not in (answer.text or "")
    mine = (await say(emulator, anna, "/mijngegevens")).text or ""
    assert "anna@example.nl" in mine and "anna.typo@exmaple.nl" not in mine
    assert mine.count("Zwolle") == 1


DELETED_NAME = "Verwijdermans"
DELETED_EMAIL = "zoe.verwijdermans@example.nl"
DELETED_PHONE_DIGITS = "98765432"


def database_bytes(data_dir: Path) -> bytes:
    """The database file and its write-ahead log and shared-memory files, as bytes."""
    return b"".join(
        path.read_bytes() for path in sorted(data_dir.glob("bot.sqlite3*")) if path.is_file()
    )


def traces(blob: bytes) -> list[str]:
    found = [s for s in (DELETED_NAME, DELETED_EMAIL, "Zoë") if s.encode() in blob]
    return found + (["phone"] if DELETED_PHONE_DIGITS.encode() in blob.replace(b" ", b"") else [])


async def test_deletion_leaves_no_byte_of_the_person_in_the_database_files(
    emulator: BotApiEmulator, env: dict[str, str]
) -> None:
    data_dir = Path(env["BOT_DATA_DIR"])
    zoe = emulator.new_user("Zoë", last_name=DELETED_NAME)
    with BotProcess(env) as bot:
        bot.wait_ready()
        await say(emulator, zoe, "/aanmelden")
        for text in (
            f"Zoë {DELETED_NAME}",
            "Apeldoorn",
            "control",
            DELETED_EMAIL,
            "06 98765432",
            f"Groet van Zoë {DELETED_NAME}",
            "bevestigen",
        ):
            await say(emulator, zoe, text)
        [notice] = await emulator.bot_messages(COORDINATOR_CHAT, min_count=1, wait=30)
        assert DELETED_NAME in (notice.text or "")
        await say(emulator, zoe, f"Kent {DELETED_NAME} de wethouder van Pieterburen?")
        assert traces(database_bytes(data_dir)), "the test must see the data before deletion"

        assert "Weet je zeker" in ((await say(emulator, zoe, "/verwijder")).text or "")
        assert "verwijderd" in ((await say(emulator, zoe, "ja, verwijderen")).text or "")
        edited = await wait_edited(emulator, notice.message_id)
        assert "ingetrokken" in edited
        assert DELETED_NAME not in edited and DELETED_EMAIL not in edited
        assert traces(database_bytes(data_dir)) == [], "while running, after the deletion"
        code, _seconds = bot.stop()
        assert code == 0
        assert DELETED_NAME not in bot.log() and DELETED_EMAIL not in bot.log()
    assert traces(database_bytes(data_dir)) == [], "after a clean stop"


async def wait_edited(emulator: BotApiEmulator, message_id: int) -> str:
    """The coordinator message's text once it was edited (bounded wait)."""
    for _attempt in range(100):
        for message in await emulator.bot_messages(COORDINATOR_CHAT):
            if message.message_id == message_id and message.edited:
                return message.text or ""
        await emulator.bot_messages(COORDINATOR_CHAT, min_count=10_000, wait=0.2)
    raise AssertionError("the coordinator message was not edited")
