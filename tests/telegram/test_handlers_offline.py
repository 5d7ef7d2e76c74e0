"""The Telegram handlers in python-telegram-bot's offline style: the real Application built by
`build_application`, a Bot whose HTTP requests are answered in-process (no network), `Update`
objects made by small factories and fed through `application.process_update`, and assertions on
what the bot would have sent. The core is the real Assistant on a real SQLite file."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from telegram import Update

from bot.config import Settings
from bot.core.assistant import Assistant
from bot.core.factory import build_assistant
from bot.domain import Choice, Origin, Reply
from bot.storage.sqlite import SqliteStorage
from bot.telegram.app import TelegramApp, build_application, send_due_reminders
from bot.telegram.render import MAX_CALLBACK_DATA_BYTES
from tests.auxil.bot_api import InProcessBotApi
from tests.auxil.texts import (
    EDITED_MESSAGE_HTML,
    ERROR_HTML,
    GROUP_INTRO_HTML,
    NO_WORDS_TEXT,
    PRIVATE_HANDOFF_HTML,
    STALE_BUTTON_HTML,
    TOO_LONG_TEXT,
    UNKNOWN_COMMAND_HTML,
    UNSUPPORTED_MEDIA_HTML,
    WELCOME_HTML,
)
from tests.auxil.updates import UpdateFactory

TOKEN = "123456:TEST-offline-token"
BOT_ID = 42
BOT_USERNAME = "wvdb_test_bot"
USER = {"id": 1001, "is_bot": False, "first_name": "Anna", "last_name": "de Vries"}
COLLEAGUE = {"id": 1002, "is_bot": False, "first_name": "Bram"}
GROUP = {"id": -100200, "type": "group", "title": "Team Sociaal Domein"}
PRIVATE = {"id": USER["id"], "type": "private", "first_name": "Anna"}


@dataclass
class SpyAssistant:
    """The real Assistant, with a record of what the channel handed it. `scripted` replies
    replace the core's answer for one text (for channel-only concerns such as escaping).
    Everything else (states, storage, start_signup, ...) is the real assistant's."""

    inner: Assistant
    calls: list[tuple[str, str, Origin]] = field(default_factory=list)
    scripted: dict[str, Reply] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def start_signup(self, key: str, origin: Origin) -> Reply:
        self.calls.append((key, "<start_signup>", origin))
        return self.inner.start_signup(key, origin)

    def handle(self, key: str, text: str, origin: Origin) -> Reply:
        self.calls.append((key, text, origin))
        if text in self.scripted:
            return self.scripted[text]
        return self.inner.handle(key, text, origin)


@dataclass
class Harness:
    application: TelegramApp
    api: InProcessBotApi
    assistant: SpyAssistant
    updates: UpdateFactory

    async def send(self, data: dict[str, Any]) -> None:
        await self.application.process_update(Update.de_json(data, self.application.bot))

    def keyboard(self, sent: dict[str, Any]) -> list[dict[str, Any]]:
        markup = sent.get("reply_markup")
        if markup is None:
            return []
        raw = markup if isinstance(markup, dict) else json.loads(markup)
        return [button for row in raw["inline_keyboard"] for button in row]


@pytest.fixture
def core(tmp_path: Path) -> Iterator[Assistant]:
    assistant = build_assistant(
        knowledge_dir=None, db_path=tmp_path / "bot.sqlite3", coordinator_chat_ids=[-1]
    )
    yield assistant
    assistant.close()


@pytest.fixture
def storage(core: Assistant) -> SqliteStorage:
    assert isinstance(core.storage, SqliteStorage)
    return core.storage


@pytest.fixture
async def harness(core: Assistant, updates: UpdateFactory) -> AsyncIterator[Harness]:
    api = InProcessBotApi(bot_id=BOT_ID, bot_username=BOT_USERNAME, first_message_id=5000)
    assistant = SpyAssistant(core)
    settings = Settings(telegram_bot_token=TOKEN, coordinator_chat_ids=(-1,), data_dir=Path("x"))
    application = build_application(
        settings, assistant, request=api, get_updates_request=api, rate_limiter=None
    )
    await application.initialize()
    api.clear()
    try:
        yield Harness(application, api, assistant, updates)
    finally:
        await application.shutdown()


# --------------------------------------------------------------------------- private chats


async def test_private_question_goes_to_the_core_and_its_answer_comes_back(
    harness: Harness,
) -> None:
    await harness.send(harness.updates.text("Wat is Werken volgens de Bedoeling?"))

    assert [(key, text) for key, text, _ in harness.assistant.calls] == [
        (f"tg:private:{USER['id']}", "Wat is Werken volgens de Bedoeling?")
    ]
    origin = harness.assistant.calls[0][2]
    assert origin.channel == "telegram" and not origin.is_group
    assert origin.user_id == str(USER["id"])
    expected = harness.assistant.inner.handle(
        "tg:other", "Wat is Werken volgens de Bedoeling?", origin
    )
    [sent] = harness.api.sent()
    assert sent["chat_id"] == USER["id"]
    assert sent["parse_mode"] == "HTML"
    assert "reply_parameters" not in sent  # private replies are not threaded
    assert expected.text.split("\n")[0].replace("&", "&amp;").replace("<", "&lt;") in sent["text"]


async def test_start_welcomes_and_start_aanmelden_starts_the_form(harness: Harness) -> None:
    await harness.send(harness.updates.text("/start"))
    assert harness.api.texts() == [WELCOME_HTML]
    assert harness.assistant.calls == []

    harness.api.clear()
    await harness.send(harness.updates.text("/start aanmelden"))
    assert len(harness.assistant.calls) == 1  # the form starts in the core
    assert harness.assistant.calls[0][0] == f"tg:private:{USER['id']}"
    assert len(harness.api.sent()) >= 1


async def test_content_commands_answer_from_the_core(harness: Harness) -> None:
    for command in ("/programma", "/toolkit", "/projecten"):
        await harness.send(harness.updates.text(command))
    assert len(harness.assistant.calls) == 3
    programma, toolkit, projecten = harness.api.texts()
    assert "27 januari" in programma and "6 oktober" in programma
    assert "Anders kijken" in toolkit and "18 werkpakketten" in toolkit
    assert "Per onderwerp" in projecten and "zelforganisatie: Beuningen, Goirle" in projecten


async def test_help_lists_the_commands(harness: Harness) -> None:
    await harness.send(harness.updates.text("/hulp"))
    await harness.send(harness.updates.text("/help"))
    dutch, english = harness.api.texts()  # "/help", its English name, answers in English
    assert "/programma" in dutch and "/mijngegevens" in dutch and f"@{BOT_USERNAME}" in dutch
    assert "/programme" in english and "/mydata" in english and f"@{BOT_USERNAME}" in english


async def test_unknown_command_in_private_gets_a_friendly_hint(harness: Harness) -> None:
    await harness.send(harness.updates.text("/bestaatniet"))
    assert harness.api.texts() == [UNKNOWN_COMMAND_HTML]
    assert harness.assistant.calls == []


# --------------------------------------------------------------------------- groups


async def test_group_chatter_is_ignored(harness: Harness) -> None:
    await harness.send(harness.updates.text("Wie haalt er koffie?", chat=GROUP))
    await harness.send(harness.updates.text("/bestaatniet", chat=GROUP))
    await harness.send(harness.updates.text("/programma@een_andere_bot", chat=GROUP))
    assert harness.api.calls == []
    assert harness.assistant.calls == []


async def test_group_mention_is_answered_threaded_without_the_mention(harness: Harness) -> None:
    update = harness.updates.text(
        f"@{BOT_USERNAME} wat is het programma van het leernetwerk?", chat=GROUP
    )
    await harness.send(update)

    [(key, text, origin)] = harness.assistant.calls
    assert key == f"tg:group:{GROUP['id']}:{USER['id']}"
    assert text == "wat is het programma van het leernetwerk?"
    assert origin.is_group
    [sent] = harness.api.sent()
    assert sent["chat_id"] == GROUP["id"]
    assert sent["reply_parameters"]["message_id"] == update["message"]["message_id"]


async def test_group_reply_to_the_bot_is_answered(harness: Harness) -> None:
    bot_message = harness.updates.bot_message(GROUP)
    await harness.send(harness.updates.text("En wanneer is dat?", chat=GROUP, reply_to=bot_message))
    [(key, text, _)] = harness.assistant.calls
    assert key == f"tg:group:{GROUP['id']}:{USER['id']}"
    assert text == "En wanneer is dat?"
    assert len(harness.api.sent()) == 1


async def test_group_reply_to_a_colleague_is_ignored(harness: Harness) -> None:
    colleague_message = harness.updates.text("hoi", chat=GROUP, sender=COLLEAGUE)["message"]
    await harness.send(
        harness.updates.text("Ja, goed idee", chat=GROUP, reply_to=colleague_message)
    )
    assert harness.api.calls == [] and harness.assistant.calls == []


async def test_group_command_with_our_name_is_answered(harness: Harness) -> None:
    await harness.send(harness.updates.text(f"/programma@{BOT_USERNAME}", chat=GROUP))
    await harness.send(harness.updates.text(f"/bestaatniet@{BOT_USERNAME}", chat=GROUP))
    assert len(harness.assistant.calls) == 1
    programma, unknown = harness.api.sent()
    assert "reply_parameters" in programma
    assert unknown["text"] == UNKNOWN_COMMAND_HTML


async def test_each_group_member_has_an_own_conversation(harness: Harness) -> None:
    await harness.send(harness.updates.text(f"@{BOT_USERNAME} vraag een", chat=GROUP))
    await harness.send(
        harness.updates.text(f"@{BOT_USERNAME} vraag twee", chat=GROUP, sender=COLLEAGUE)
    )
    keys = [key for key, _, _ in harness.assistant.calls]
    assert keys == [
        f"tg:group:{GROUP['id']}:{USER['id']}",
        f"tg:group:{GROUP['id']}:{COLLEAGUE['id']}",
    ]


async def test_signup_in_a_group_moves_to_a_private_chat(harness: Harness) -> None:
    await harness.send(harness.updates.text("/aanmelden", chat=GROUP))
    await harness.send(harness.updates.text(f"/start@{BOT_USERNAME} aanmelden", chat=GROUP))
    assert harness.assistant.calls == []  # nothing personal is asked in the group
    for sent in harness.api.sent():
        assert sent["text"] == PRIVATE_HANDOFF_HTML
        [button] = harness.keyboard(sent)
        assert button["url"] == f"https://t.me/{BOT_USERNAME}?start=aanmelden"


async def test_private_only_reply_in_a_group_becomes_a_deep_link(harness: Harness) -> None:
    harness.assistant.scripted["ik wil meedoen"] = Reply(
        text="Wat is je naam?", action="signup", private_only=True
    )
    await harness.send(harness.updates.text(f"@{BOT_USERNAME} ik wil meedoen", chat=GROUP))
    [sent] = harness.api.sent()
    assert "naam" not in sent["text"]
    assert harness.keyboard(sent)[0]["url"].endswith("?start=aanmelden")


async def test_an_answer_asked_with_a_wish_stays_in_the_group(harness: Harness) -> None:
    harness.assistant.scripted["we doen mee, wat kost het?"] = Reply(
        text="Kost € 4500.\n\nWat is je naam?",
        action="signup",
        private_only=True,
        preface="Kost € 4500.",
    )
    await harness.send(
        harness.updates.text(f"@{BOT_USERNAME} we doen mee, wat kost het?", chat=GROUP)
    )
    answered, handoff = harness.api.sent()
    assert "4500" in answered["text"] and "naam" not in answered["text"]
    assert harness.keyboard(handoff)[0]["url"].endswith("?start=aanmelden")


async def test_added_to_a_group_introduces_itself_in_two_lines(harness: Harness) -> None:
    me = {"id": BOT_ID, "is_bot": True, "first_name": "WvdB", "username": BOT_USERNAME}
    await harness.send(harness.updates.other(chat=GROUP, new_chat_members=[me]))
    await harness.send(harness.updates.other(chat=GROUP, new_chat_members=[COLLEAGUE]))
    [intro] = harness.api.texts()
    assert intro == GROUP_INTRO_HTML.format(username=BOT_USERNAME)
    assert len(intro.split("\n")) == 2


async def test_group_migration_keeps_the_conversations(
    harness: Harness, storage: SqliteStorage
) -> None:
    await harness.send(harness.updates.text(f"@{BOT_USERNAME} eerste vraag", chat=GROUP))
    supergroup = {"id": -100999, "type": "supergroup", "title": GROUP["title"]}
    await harness.send(harness.updates.other(chat=GROUP, migrate_to_chat_id=supergroup["id"]))
    await harness.send(harness.updates.other(chat=supergroup, migrate_from_chat_id=GROUP["id"]))
    await harness.send(harness.updates.text(f"@{BOT_USERNAME} tweede vraag", chat=supergroup))
    first_key, second_key = (key for key, _, _ in harness.assistant.calls)
    assert first_key == second_key == f"tg:group:{GROUP['id']}:{USER['id']}"
    # The mapping is stored, so it survives a restart.
    assert storage.load_state(f"tg:chat-alias:{supergroup['id']}") == {"canonical": GROUP["id"]}


# --------------------------------------------------------------------------- odd input


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {
                "sticker": {
                    "file_id": "s",
                    "file_unique_id": "s",
                    "type": "regular",
                    "width": 1,
                    "height": 1,
                    "is_animated": False,
                    "is_video": False,
                }
            },
            UNSUPPORTED_MEDIA_HTML,
        ),
        (
            {"photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]},
            UNSUPPORTED_MEDIA_HTML,
        ),
        ({"voice": {"file_id": "v", "file_unique_id": "v", "duration": 2}}, UNSUPPORTED_MEDIA_HTML),
        ({"document": {"file_id": "d", "file_unique_id": "d"}}, UNSUPPORTED_MEDIA_HTML),
    ],
)
async def test_unsupported_input_gets_a_hint_in_private_and_silence_in_groups(
    harness: Harness, fields: dict[str, Any], expected: str
) -> None:
    await harness.send(harness.updates.other(**fields))
    assert harness.api.texts() == [expected]
    harness.api.clear()

    await harness.send(harness.updates.other(chat=GROUP, **fields))
    assert harness.api.calls == []
    assert harness.assistant.calls == []


async def test_inside_the_form_too_long_and_wordless_replies_repeat_the_question(
    harness: Harness,
) -> None:
    await harness.send(harness.updates.text("/aanmelden"))
    [started] = harness.api.texts()[-1:]
    question = started.rsplit("\n\n", 1)[-1]
    harness.api.clear()
    for text, expected in (("x" * 1001, TOO_LONG_TEXT), ("🙂🙂", NO_WORDS_TEXT)):
        await harness.send(harness.updates.other(text=text))
        [reply] = harness.api.texts()
        assert reply.startswith(expected) and reply.endswith(question), reply
        harness.api.clear()


@pytest.mark.parametrize(
    ("text", "expected"), [("x" * 1001, TOO_LONG_TEXT), ("😀🎉👍", NO_WORDS_TEXT)]
)
async def test_too_long_or_wordless_gets_a_short_reply_in_private_and_when_mentioned_in_a_group(
    harness: Harness, text: str, expected: str
) -> None:
    await harness.send(harness.updates.other(text=text))
    assert harness.api.texts() == [expected]
    harness.api.clear()

    await harness.send(harness.updates.other(chat=GROUP, text=f"@{BOT_USERNAME} {text}"))
    [sent] = harness.api.sent()
    assert sent["text"] == expected
    assert sent["reply_parameters"]["message_id"]  # threaded to the mention
    await harness.send(harness.updates.other(chat=GROUP, text=text))  # not addressed: silence
    assert len(harness.api.sent()) == 1
    assert harness.assistant.calls == []


async def test_edited_message_gets_a_hint_in_private_and_silence_in_groups(
    harness: Harness,
) -> None:
    await harness.send(harness.updates.text("Wat is een dagdeel?", edited=True))
    await harness.send(
        harness.updates.text(f"@{BOT_USERNAME} wat is een dagdeel?", chat=GROUP, edited=True)
    )
    assert harness.api.texts() == [EDITED_MESSAGE_HTML]
    assert harness.assistant.calls == []


# --------------------------------------------------------------------------- buttons


async def test_choices_become_buttons_and_pressing_one_asks_its_question(
    harness: Harness,
) -> None:
    long_question = "Vertel me alles over het project van de gemeente Breda over schulden " * 2
    harness.assistant.scripted["Breda"] = Reply(
        text="Breda heeft twee projecten. Welke bedoel je?",
        choices=[
            Choice("Schuldhulp", "Breda schuldhulp"),
            Choice("Lang", long_question.strip()),
        ],
    )
    await harness.send(harness.updates.text("Breda"))
    [sent] = harness.api.sent()
    short, long = harness.keyboard(sent)
    assert short["callback_data"] == "q:Breda schuldhulp"
    assert len(long["callback_data"].encode()) <= MAX_CALLBACK_DATA_BYTES

    harness.api.clear()
    await harness.send(harness.updates.button(short["callback_data"]))
    await harness.send(harness.updates.button(long["callback_data"]))
    asked = [text for _, text, _ in harness.assistant.calls[1:]]
    assert asked == ["Breda schuldhulp", long_question.strip()]
    assert len(harness.api.sent()) == 2
    assert [name for name, _ in harness.api.calls].count("answerCallbackQuery") == 2


async def test_a_button_press_is_acknowledged_only_after_the_core_committed_it(
    harness: Harness, storage: SqliteStorage
) -> None:
    """Acknowledged before its effect was committed, a press killed in between is lost."""
    acknowledged_at: list[int] = []
    inner_handle = harness.assistant.handle

    def handle(key: str, text: str, origin: Origin) -> Reply:
        acknowledged_at.append([name for name, _ in harness.api.calls].count("answerCallbackQuery"))
        reply = inner_handle(key, text, origin)
        state = storage.load_state(key) or {}
        acknowledged_at.append(state.get("last_sequence", -1))  # committed with its update
        return reply

    harness.assistant.handle = handle  # type: ignore[method-assign]
    press = harness.updates.button("q:Wat is een dagdeel?")
    await harness.send(press)
    assert acknowledged_at == [0, press["update_id"]]
    assert [name for name, _ in harness.api.calls].count("answerCallbackQuery") == 1


async def test_an_update_delivered_again_is_not_answered_again(harness: Harness) -> None:
    update = harness.updates.text("Wat is een dagdeel?")
    await harness.send(update)
    assert len(harness.api.sent()) >= 1
    harness.api.clear()
    await harness.send(update)  # Telegram redelivers it (the bot died before confirming)
    assert harness.api.sent() == []


@pytest.mark.parametrize("data", ["h:0000deadbeef0000", "zz:rubbish", "h:../../etc", "q:", "q:   "])
async def test_forged_or_stale_button_data_gets_a_polite_reply(harness: Harness, data: str) -> None:
    await harness.send(harness.updates.button(data))
    names = [name for name, _ in harness.api.calls]
    assert "answerCallbackQuery" in names
    assert harness.api.texts() == [STALE_BUTTON_HTML]
    assert harness.assistant.calls == []


async def test_button_in_a_group_uses_the_pressers_conversation(harness: Harness) -> None:
    await harness.send(
        harness.updates.button("q:Wat is een dagdeel?", chat=GROUP, sender=COLLEAGUE)
    )
    [(key, text, _)] = harness.assistant.calls
    assert key == f"tg:group:{GROUP['id']}:{COLLEAGUE['id']}"
    assert text == "Wat is een dagdeel?"


# --------------------------------------------------------------------------- rendering & errors


async def test_dynamic_text_is_html_escaped(harness: Harness) -> None:
    harness.assistant.scripted["injectie"] = Reply(
        text='<b>vet</b> & <a href="https://evil.example">klik</a> <script>x</script>',
        source="Bron <i>nep</i> & co",
    )
    await harness.send(harness.updates.text("injectie"))
    [sent] = harness.api.sent()
    assert sent["text"] == (
        '&lt;b&gt;vet&lt;/b&gt; &amp; &lt;a href="https://evil.example"&gt;klik&lt;/a&gt; '
        "&lt;script&gt;x&lt;/script&gt;\n\n<i>Bron: Bron &lt;i&gt;nep&lt;/i&gt; &amp; co</i>"
    )


async def test_long_reply_is_split_on_paragraphs(harness: Harness) -> None:
    paragraphs = [f"Alinea {n}: " + "tekst " * 150 for n in range(12)]
    harness.assistant.scripted["lang"] = Reply(text="\n\n".join(paragraphs), source="Toolkit")
    await harness.send(harness.updates.text("lang"))
    texts = harness.api.texts()
    assert len(texts) >= 3
    assert all(len(text) <= 4096 for text in texts)
    joined = "\n\n".join(texts)
    for paragraph in paragraphs:
        assert paragraph.strip() in joined  # no paragraph cut in half
    assert texts[-1].endswith("<i>Bron: Toolkit</i>")


async def test_an_error_is_logged_without_personal_data_and_the_user_is_told(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    class Boom(RuntimeError):
        pass

    def explode(key: str, text: str, origin: Origin) -> Reply:
        raise Boom(f"failed on {text}")

    harness.assistant.handle = explode  # type: ignore[method-assign]
    secret = "Mijn BSN is 123456782 en ik heet Anna"
    with caplog.at_level(logging.ERROR):
        await harness.send(harness.updates.text(secret))
    assert harness.api.texts() == [ERROR_HTML]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Boom" in logged and "Traceback" in logged and "explode" in logged
    assert "123456782" not in logged and "Anna" not in logged


# --------------------------------------------------------------------------- the form's commands


async def test_personal_commands_in_a_group_become_deep_links(harness: Harness) -> None:
    for command in ("mijngegevens", "verwijder", "aanmelden"):
        await harness.send(harness.updates.text(f"/{command}", chat=GROUP))
    urls = [harness.keyboard(sent)[0]["url"] for sent in harness.api.sent()]
    assert urls == [
        f"https://t.me/{BOT_USERNAME}?start={payload}"
        for payload in ("mijngegevens", "verwijder", "aanmelden")
    ]
    assert harness.assistant.calls == []


async def test_form_starts_and_cancels_through_the_core(harness: Harness, core: Assistant) -> None:
    key = f"tg:private:{USER['id']}"
    await harness.send(harness.updates.text("/aanmelden"))
    assert "form" in core.state_of(key)
    assert "Privacy" in harness.api.texts()[0]

    await harness.send(harness.updates.text("/annuleer"))
    assert "form" not in core.state_of(key)
    assert len(harness.api.sent()) == 2


async def test_reminder_for_an_idle_form_goes_to_the_private_chat(
    harness: Harness, core: Assistant
) -> None:
    await harness.send(harness.updates.text("/aanmelden"))
    harness.api.clear()
    later = time.time() + (core.reminder_after_seconds + core.form_ttl_seconds) / 2

    assert await send_due_reminders(harness.application, now=later) == 1
    [reminder] = harness.api.sent()
    assert reminder["chat_id"] == USER["id"]
    assert "aanmelding" in reminder["text"]
    assert await send_due_reminders(harness.application, now=later + 1) == 0  # once only
