"""The coordinators' Telegram side without a network: real PTB Application, real SQLite file,
and a recording `BaseRequest` in place of the Bot API (it can also fail on demand)."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application, ApplicationBuilder

from bot.config import Settings
from bot.domain import STATUS_CONFIRMED, STATUS_NEW, STATUS_REJECTED, SignupData
from bot.signup.reports import signups_csv
from bot.signup.service import SignupService
from bot.storage.sqlite import SqliteStorage
from bot.telegram.app import BOT_DEFAULTS
from bot.telegram.coordinator_messages import parse_status_callback
from bot.telegram.coordinators import (
    BUTTON_REFUSAL_TEXT,
    GONE_TEXT,
    NOT_HERE_TEXT,
    REFUSAL_TEXT,
    STALE_BUTTON_TEXT,
    applicant_chat_id,
    register_coordinator_handlers,
)
from bot.telegram.outbox import RetryPolicy, drain_outbox
from tests.auxil.bot_api import InProcessBotApi
from tests.auxil.updates import UpdateFactory, chat, user

COORD_CHAT = -1001
COORD_CHAT_2 = -1002
COORD_USER = 501
APPLICANT = 777
STRANGER = 888
OTHER_GROUP = -2002
TOKEN = "123456:TEST-token"
T = 2e9  # a fixed "now" after every enqueue time in these tests

NASTY = SignupData(
    name='<b>Jan</b> & "Piet" 🚀',
    gemeente="Meierijstad",
    role="control",
    email="jan+<x>@example.nl",
    phone="+31 6 12345678",
    remarks="=SUM(A1) <script>alert(1)</script> 😀",
)


@pytest.fixture
def store(tmp_path: Path) -> AsyncIterator[SqliteStorage]:
    storage = SqliteStorage(tmp_path / "bot.sqlite3")
    yield storage  # type: ignore[misc]
    storage.close()


@pytest.fixture
def fake() -> InProcessBotApi:
    return InProcessBotApi(group_chat_type="supergroup")  # coordinator groups


@pytest.fixture
def service(store: SqliteStorage) -> SignupService:
    return SignupService(store, [str(COORD_CHAT), str(COORD_CHAT_2)])


@pytest.fixture
async def app(
    fake: InProcessBotApi, service: SignupService
) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    settings = Settings(
        telegram_bot_token=TOKEN,
        coordinator_chat_ids=(COORD_CHAT, COORD_CHAT_2),
        coordinator_user_ids=(COORD_USER,),
    )
    application = builder(fake).build()
    handlers = register_coordinator_handlers(
        application, settings, service, outbox_interval_seconds=None
    )
    assert handlers is not None
    await application.initialize()
    yield application
    await application.shutdown()


def add_signup(store: SqliteStorage, data: SignupData, *, user: int = APPLICANT) -> int:
    """A sign-up confirmed through the real service: stored, notices queued in the outbox."""
    service = SignupService(store, [str(COORD_CHAT), str(COORD_CHAT_2)])
    return service.submit(f"tg:private:{user}", data).result.signup.id


_updates = UpdateFactory(chat=chat(COORD_CHAT), sender=user(COORD_USER, "Coco", "Ordinator"))


def _chat(chat_id: int) -> dict[str, Any]:
    return chat(chat_id, chat_type=None if chat_id > 0 else "supergroup", title="x")


def command_update(text: str, *, chat_id: int, user_id: int) -> dict[str, Any]:
    return _updates.text(text, chat=_chat(chat_id), sender=user(user_id, "Coco", "Ordinator"))


def callback_update(
    data: str, *, chat_id: int, user_id: int, message_id: int = 5
) -> dict[str, Any]:
    return _updates.button(
        data,
        chat=_chat(chat_id),
        sender=user(user_id, "Coco", "Ordinator"),
        message_id=message_id,
        message_text="Aanmelding",
    )


async def feed(app: Application[Any, Any, Any, Any, Any, Any], raw: dict[str, Any]) -> None:
    await app.process_update(Update.de_json(raw, app.bot))


def builder(fake: InProcessBotApi) -> ApplicationBuilder[Any, Any, Any, Any, Any, Any]:
    """An application builder as the bot configures it (HTML, no previews) on the fake API."""
    return (
        ApplicationBuilder()
        .token(TOKEN)
        .defaults(BOT_DEFAULTS)
        .request(fake)
        .get_updates_request(fake)
    )


# -- outbox ------------------------------------------------------------------------------------


async def test_signup_reaches_each_coordinator_chat_once_escaped_with_buttons(
    app: Any, fake: InProcessBotApi, store: SqliteStorage
) -> None:
    signup_id = add_signup(store, NASTY)
    result = await drain_outbox(app.bot, store, now=2e9)
    assert len(result.sent) == 2
    sends = fake.calls_of("sendMessage")
    assert sorted(int(p["chat_id"]) for p in sends) == sorted([COORD_CHAT, COORD_CHAT_2])
    text = sends[0]["text"]
    assert sends[0]["parse_mode"] == "HTML"
    assert "&lt;b&gt;Jan&lt;/b&gt; &amp; &quot;Piet&quot; 🚀" in text
    assert "&lt;script&gt;" in text and "<script>" not in text and "😀" in text
    assert "jan+&lt;x&gt;@example.nl" in text
    assert "gemeente Meierijstad: 1/3, 1/10 gemeenten" in text
    buttons = [b for row in sends[0]["reply_markup"]["inline_keyboard"] for b in row]
    assert [b["text"] for b in buttons] == ["Bevestigen", "Afwijzen", "Contact opgenomen"]
    for button in buttons:
        assert len(button["callback_data"].encode()) <= 64
        assert parse_status_callback(button["callback_data"])[1] == signup_id  # type: ignore[index]
    # A second round sends nothing: nothing is forwarded twice.
    again = await drain_outbox(app.bot, store, now=2e9 + 100)
    assert again.sent == [] and len(fake.calls_of("sendMessage")) == 2
    assert store.pending_count() == 0


@pytest.mark.parametrize(
    "failure",
    [
        (500, {"ok": False, "error_code": 500, "description": "Internal Server Error"}),
        (502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}),
        "network",
    ],
)
async def test_transient_failure_keeps_item_and_backs_off(
    app: Any, fake: InProcessBotApi, store: SqliteStorage, failure: Any
) -> None:
    from telegram.error import NetworkError

    add_signup(store, NASTY)
    fake.fail_next.append(NetworkError("connection refused") if failure == "network" else failure)
    policy = RetryPolicy(base_delay=10, max_delay=100)
    first = await drain_outbox(app.bot, store, now=T, policy=policy, clock=lambda: T)
    assert first.sent == [] and len(first.retried) == 1 and first.stopped_early
    assert store.pending_count() == 2
    # Not due before the back-off ends; the other item is still due.
    assert [i.id for i in store.due_items(T)] != first.retried
    failed = [i for i in store.due_items(T + 10) if i.id == first.retried[0]]
    assert failed and failed[0].attempts == 1 and failed[0].last_error
    # Telegram recovers: both arrive, each once.
    second = await drain_outbox(app.bot, store, now=T + 10, policy=policy, clock=lambda: T + 10)
    assert len(second.sent) == 2
    assert store.pending_count() == 0
    assert len(fake.calls_of("sendMessage")) == 2


@pytest.mark.parametrize("code", [401, 404])
async def test_a_401_or_404_is_retried_with_back_off_not_parked_for_hours(
    app: Any, fake: InProcessBotApi, store: SqliteStorage, code: int
) -> None:
    add_signup(store, NASTY)
    fake.fail_next.append((code, {"ok": False, "error_code": code, "description": "Unauthorized"}))
    policy = RetryPolicy(base_delay=10, max_delay=100, permanent_delay=6 * 3600)
    first = await drain_outbox(app.bot, store, now=T, policy=policy, clock=lambda: T)
    assert first.failed_permanently == [] and len(first.retried) == 1 and first.stopped_early
    retried = [i for i in store.due_items(T + 10) if i.id == first.retried[0]]
    assert retried and not retried[0].in_doubt  # Telegram answered: it was not delivered
    second = await drain_outbox(app.bot, store, now=T + 10, policy=policy, clock=lambda: T + 10)
    assert len(second.sent) == 2 and store.pending_count() == 0


async def test_a_send_that_timed_out_is_resent_marked_as_a_possible_repeat(
    app: Any, fake: InProcessBotApi, store: SqliteStorage
) -> None:
    from telegram.error import TimedOut

    signup_id = add_signup(store, NASTY)
    fake.fail_next.append(TimedOut("read timed out"))
    policy = RetryPolicy(base_delay=10, max_delay=100)
    first = await drain_outbox(app.bot, store, now=T, policy=policy, clock=lambda: T)
    assert first.sent == [] and len(first.retried) == 1
    await drain_outbox(app.bot, store, now=T + 10, policy=policy, clock=lambda: T + 10)
    texts = [p["text"] for p in fake.calls_of("sendMessage")]
    marked = [t for t in texts if f"Mogelijk een herhaling van melding #{signup_id}" in t]
    assert len(texts) == 2 and len(marked) == 1


async def test_backoff_grows_and_is_capped() -> None:
    policy = RetryPolicy(base_delay=5, max_delay=60)
    assert [policy.backoff(n) for n in range(6)] == [5, 10, 20, 40, 60, 60]


async def test_flood_wait_reschedules_by_retry_after(
    app: Any, fake: InProcessBotApi, store: SqliteStorage
) -> None:
    add_signup(store, NASTY)
    fake.fail_next.append(
        (
            429,
            {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry after 30",
                "parameters": {"retry_after": 30},
            },
        )
    )
    policy = RetryPolicy(retry_after_margin=1)
    result = await drain_outbox(app.bot, store, now=T, policy=policy, clock=lambda: T)
    assert result.stopped_early and len(result.retried) == 1
    waiting = result.retried[0]
    assert waiting not in [i.id for i in store.due_items(T + 30)]
    assert waiting in [i.id for i in store.due_items(T + 31)]


async def test_permanent_error_is_recorded_and_others_still_go(
    app: Any, fake: InProcessBotApi, store: SqliteStorage
) -> None:
    add_signup(store, NASTY)
    fake.fail_next.append(
        (400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"})
    )
    policy = RetryPolicy(permanent_delay=3600)
    result = await drain_outbox(app.bot, store, now=T, policy=policy, clock=lambda: T)
    assert len(result.failed_permanently) == 1 and len(result.sent) == 1
    assert store.pending_count() == 1
    assert store.due_items(T + 3599) == []
    [item] = store.due_items(T + 3600)
    assert item.last_error and "chat not found" in item.last_error.lower()
    fake.fail_next.append(
        (403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was kicked"})
    )
    again = await drain_outbox(app.bot, store, now=T + 5000, policy=policy, clock=lambda: T + 5000)
    assert again.failed_permanently == [item.id] and store.pending_count() == 1


async def test_deleted_signup_is_not_forwarded(
    app: Any, fake: InProcessBotApi, store: SqliteStorage
) -> None:
    add_signup(store, NASTY)
    store.delete_user_signups(f"tg:private:{APPLICANT}")
    await drain_outbox(app.bot, store, now=2e9)
    assert fake.calls_of("sendMessage") == []
    assert store.pending_count() == 0


async def test_pending_items_survive_a_restart(tmp_path: Path, fake: InProcessBotApi) -> None:
    path = tmp_path / "restart.sqlite3"
    first = SqliteStorage(path)
    add_signup(first, NASTY)
    first.close()
    second = SqliteStorage(path)
    try:
        application = builder(fake).build()
        await application.initialize()
        result = await drain_outbox(application.bot, second, now=2e9)
        assert len(result.sent) == 2 and second.pending_count() == 0
        await application.shutdown()
    finally:
        second.close()


# -- commands ----------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["/aanmeldingen", "/export", "/wachtlijst", "/onbeantwoord"])
async def test_non_coordinator_is_refused(
    app: Any, fake: InProcessBotApi, store: SqliteStorage, command: str
) -> None:
    add_signup(store, NASTY)
    await feed(app, command_update(command, chat_id=STRANGER, user_id=STRANGER))
    await feed(app, command_update(command, chat_id=OTHER_GROUP, user_id=STRANGER))
    texts = [p["text"] for p in fake.calls_of("sendMessage")]
    assert texts == [REFUSAL_TEXT, REFUSAL_TEXT]
    assert fake.calls_of("sendDocument") == []


@pytest.mark.parametrize("command", ["/aanmeldingen", "/export", "/wachtlijst"])
async def test_coordinator_user_in_other_group_gets_no_personal_data(
    app: Any, fake: InProcessBotApi, store: SqliteStorage, command: str
) -> None:
    add_signup(store, NASTY)
    await feed(app, command_update(command, chat_id=OTHER_GROUP, user_id=COORD_USER))
    assert [p["text"] for p in fake.calls_of("sendMessage")] == [NOT_HERE_TEXT]
    assert fake.calls_of("sendDocument") == []


async def test_signups_list_with_counts(
    app: Any, fake: InProcessBotApi, store: SqliteStorage
) -> None:
    add_signup(store, NASTY)
    add_signup(
        store, SignupData("Els", "Meierijstad", "gemeentesecretaris", "els@example.nl"), user=778
    )
    add_signup(store, SignupData("Kees", "Utrecht", "control", "kees@example.nl"), user=779)
    # Utrecht already has its control: the service puts this one on the waiting list.
    add_signup(store, SignupData("Wacht", "Utrecht", "control", "w@example.nl"), user=780)
    await feed(app, command_update("/aanmeldingen", chat_id=COORD_USER, user_id=COORD_USER))
    [reply] = fake.calls_of("sendMessage")
    text = reply["text"]
    assert reply["parse_mode"] == "HTML"
    assert "&lt;b&gt;Jan&lt;/b&gt;" in text and "Els" in text and "Kees" in text
    assert "- Meierijstad: 2/3 (control, gemeentesecretaris)" in text
    assert "- Utrecht: 1/3 (control)" in text
    assert "- control: 2" in text and "- gemeentesecretaris: 1" in text
    assert "- veranderkundig profiel: 0" in text
    assert "Gemeenten: 2/10; wachtlijst: 1" in text
    assert "Wacht (w@example.nl) - Utrecht, control - nieuw, wachtlijst" in text
    assert text.startswith("<b>Aanmeldingen (4):</b>")


async def test_waitlist_and_unanswered(
    app: Any, fake: InProcessBotApi, store: SqliteStorage
) -> None:
    add_signup(store, SignupData("Els", "Meierijstad", "control", "els@example.nl"), user=778)
    add_signup(store, SignupData("Kees", "Utrecht", "control", "kees@example.nl"), user=779)
    add_signup(store, SignupData("Wacht <1>", "Utrecht", "control", "w@example.nl"), user=780)
    store.record_unanswered("Wat kost het?", 100.0)
    store.record_unanswered("Wat kost het?", 200.0)
    store.record_unanswered("Hoe laat <begint> het?", 300.0)
    await feed(app, command_update("/wachtlijst", chat_id=COORD_CHAT, user_id=STRANGER))
    await feed(app, command_update("/onbeantwoord", chat_id=COORD_CHAT, user_id=STRANGER))
    waitlist, unanswered = (p["text"] for p in fake.calls_of("sendMessage"))
    assert "Wacht &lt;1&gt;" in waitlist and "Els" not in waitlist and "Kees" not in waitlist
    assert unanswered.index("Hoe laat &lt;begint&gt; het?") < unanswered.index("Wat kost het?")
    assert "2× Wat kost het?" in unanswered and "1× Hoe laat" in unanswered


async def test_export_is_an_excel_friendly_csv(
    app: Any, fake: InProcessBotApi, store: SqliteStorage
) -> None:
    add_signup(store, NASTY)
    await feed(app, command_update("/export", chat_id=COORD_CHAT, user_id=STRANGER))
    [call] = fake.calls_of("sendDocument")
    [(filename, content, _mime)] = list(call["_files"].values())
    assert filename.endswith(".csv")
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel picks the encoding
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    header, row = rows[0], rows[1]
    assert header[:5] == ["id", "aangemeld op", "bijgewerkt op", "naam", "gemeente"]
    assert row[header.index("naam")] == NASTY.name
    assert row[header.index("e-mail")] == NASTY.email
    assert row[header.index("telefoon")] == "06 12345678"
    remarks = row[header.index("opmerking")]
    assert remarks.startswith("'=SUM(A1)") and "😀" in remarks  # formula neutralised
    assert content == signups_csv(store.list_signups())


# -- status buttons ----------------------------------------------------------------------------


async def test_status_button_updates_and_tells_the_applicant(
    app: Any, fake: InProcessBotApi, store: SqliteStorage
) -> None:
    signup_id = add_signup(store, NASTY)
    await drain_outbox(app.bot, store, now=2e9)
    await feed(
        app, callback_update(f"co:bevestig:{signup_id}", chat_id=COORD_CHAT, user_id=STRANGER)
    )
    stored = store.get_signup(signup_id)
    assert stored is not None and stored.status == STATUS_CONFIRMED
    assert stored.acted_by == "Coco Ordinator" and stored.acted_at is not None
    [answer] = fake.calls_of("answerCallbackQuery")
    assert "bevestigd" in answer["text"]
    # The pressed message first, then the copy the outbox sent (here a different message id).
    edits = fake.calls_of("editMessageText")
    assert len(edits) == 2 and int(edits[0]["message_id"]) == 5
    edit = edits[0]
    assert "Door: Coco Ordinator op" in edit["text"]
    assert edit["reply_markup"]["inline_keyboard"]  # the buttons stay for a later change
    assert "&lt;b&gt;Jan&lt;/b&gt;" in edit["text"] and "bevestigd" in edit["text"]
    # The applicant hears it in the private chat (through the outbox).
    await drain_outbox(app.bot, store, now=3e9)
    to_applicant = [p for p in fake.calls_of("sendMessage") if int(p["chat_id"]) == APPLICANT]
    assert len(to_applicant) == 1 and "bevestigd" in to_applicant[0]["text"]
    # Pressing the same button again changes nothing and tells nobody twice.
    await feed(
        app, callback_update(f"co:bevestig:{signup_id}", chat_id=COORD_CHAT, user_id=STRANGER)
    )
    await drain_outbox(app.bot, store, now=4e9)
    assert len([p for p in fake.calls_of("sendMessage") if int(p["chat_id"]) == APPLICANT]) == 1
    assert "al" in fake.calls_of("answerCallbackQuery")[-1]["text"]
    # Contact opgenomen is not something to tell the applicant; afwijzen is.
    await feed(
        app, callback_update(f"co:contact:{signup_id}", chat_id=COORD_USER, user_id=COORD_USER)
    )
    await feed(
        app, callback_update(f"co:afwijs:{signup_id}", chat_id=COORD_USER, user_id=COORD_USER)
    )
    await drain_outbox(app.bot, store, now=5e9)
    stored = store.get_signup(signup_id)
    assert stored is not None and stored.status == STATUS_REJECTED
    to_applicant = [p for p in fake.calls_of("sendMessage") if int(p["chat_id"]) == APPLICANT]
    assert len(to_applicant) == 2 and "niet" in to_applicant[1]["text"]


async def test_status_button_refused_for_non_coordinator_and_forged_data(
    app: Any, fake: InProcessBotApi, store: SqliteStorage
) -> None:
    signup_id = add_signup(store, NASTY)
    await feed(app, callback_update(f"co:bevestig:{signup_id}", chat_id=STRANGER, user_id=STRANGER))
    await feed(app, callback_update("co:bevestig:999999", chat_id=COORD_CHAT, user_id=STRANGER))
    await feed(app, callback_update(f"co:hack:{signup_id}", chat_id=COORD_CHAT, user_id=STRANGER))
    answers = [p["text"] for p in fake.calls_of("answerCallbackQuery")]
    assert answers == [BUTTON_REFUSAL_TEXT, GONE_TEXT, STALE_BUTTON_TEXT]
    stored = store.get_signup(signup_id)
    assert stored is not None and stored.status == STATUS_NEW
    assert fake.calls_of("editMessageText") == []


# -- more outbox paths -------------------------------------------------------------------------


async def test_item_without_ready_html_is_rendered_from_the_stored_signup(
    app: Any, fake: InProcessBotApi, store: SqliteStorage
) -> None:
    signup, _created = store.save_signup(f"tg:private:{APPLICANT}", NASTY, waitlisted=False)
    store.enqueue(str(COORD_CHAT), "signup", {"signup_id": signup.id}, "bare", signup_id=signup.id)
    result = await drain_outbox(app.bot, store, now=T)
    assert len(result.sent) == 1
    [sent] = fake.calls_of("sendMessage")
    assert "&lt;b&gt;Jan&lt;/b&gt; &amp; &quot;Piet&quot; 🚀" in sent["text"]
    assert "<script>" not in sent["text"] and "&lt;script&gt;" in sent["text"]
    assert "gemeente Meierijstad: 1/3, 1/10 gemeenten" in sent["text"]
    assert sent["reply_markup"]["inline_keyboard"]


async def test_an_outdated_version_is_not_forwarded(
    app: Any, fake: InProcessBotApi, store: SqliteStorage
) -> None:
    add_signup(store, NASTY)
    changed = SignupData(NASTY.name, NASTY.gemeente, NASTY.role, NASTY.email, remarks="nieuw")
    add_signup(store, changed)  # same e-mail: an update, version 2, before anything was sent
    assert store.pending_count() == 4
    result = await drain_outbox(app.bot, store, now=T)
    assert len(result.sent) == 2 and len(result.dropped) == 2
    texts = [p["text"] for p in fake.calls_of("sendMessage")]
    assert all("Opmerking: nieuw" in text and "bijgewerkt" in text for text in texts)


async def test_withdrawal_reaches_the_chats_that_had_the_signup(
    app: Any, fake: InProcessBotApi, store: SqliteStorage, service: SignupService
) -> None:
    add_signup(store, NASTY)
    await drain_outbox(app.bot, store, now=T)
    service.delete(f"tg:private:{APPLICANT}")
    result = await drain_outbox(app.bot, store, now=T + 1)
    assert len(result.sent) == 2
    # The notices already sent are edited in place; no new message, no personal field left.
    assert len(fake.calls_of("sendMessage")) == 2
    edits = fake.calls_of("editMessageText")
    assert {int(p["chat_id"]) for p in edits} == {COORD_CHAT, COORD_CHAT_2}
    for edit in edits:
        assert "ingetrokken" in edit["text"]
        assert "Jan" not in edit["text"] and NASTY.email not in edit["text"]
        assert "reply_markup" not in edit or not edit["reply_markup"]
    assert store.pending_count() == 0


def test_applicant_chat_id_only_for_private_telegram_keys() -> None:
    assert applicant_chat_id("tg:private:777") == 777
    assert applicant_chat_id("telegram:777") == 777
    assert applicant_chat_id("tg:group:-100:777") is None
    assert applicant_chat_id("terminal:local") is None
    assert applicant_chat_id("batch:run:1") is None


async def test_the_job_queue_sends_pending_items(
    fake: InProcessBotApi, service: SignupService, store: SqliteStorage
) -> None:
    add_signup(store, NASTY)
    settings = Settings(telegram_bot_token=TOKEN, coordinator_chat_ids=(COORD_CHAT, COORD_CHAT_2))
    application = builder(fake).build()
    register_coordinator_handlers(application, settings, service, outbox_interval_seconds=0.05)
    await application.initialize()
    await application.start()
    try:
        for _ in range(400):
            if store.pending_count() == 0:
                break
            await asyncio.sleep(0.025)
    finally:
        await application.stop()
        await application.shutdown()
    assert store.pending_count() == 0
    assert sorted(int(p["chat_id"]) for p in fake.calls_of("sendMessage")) == sorted(
        [COORD_CHAT, COORD_CHAT_2]
    )


def test_no_service_registers_nothing(fake: InProcessBotApi) -> None:
    application = builder(fake).build()
    settings = Settings(telegram_bot_token=TOKEN, coordinator_chat_ids=(COORD_CHAT,))
    assert register_coordinator_handlers(application, settings, None) is None
    assert application.handlers == {}


def test_one_renderer_a_notice_rendered_late_reads_like_the_queued_one(
    store: SqliteStorage,
) -> None:
    from bot.storage.base import OutboxItem
    from bot.telegram.coordinator_messages import render_item

    signup_id = add_signup(store, NASTY)
    [queued, *_] = store.due_items(T)
    without_html = {k: v for k, v in queued.payload.items() if k != "html"}
    late = render_item(
        OutboxItem(queued.id, queued.chat_id, "signup", without_html, 0, T, None, signup_id),
        store,
    )
    now = render_item(queued, store)
    assert late is not None and now is not None
    assert late.text == now.text  # one renderer: same labels, same capacity line
    assert "Bezetting: gemeente Meierijstad: 1/3" in late.text and "Capaciteit" not in late.text
