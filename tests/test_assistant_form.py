"""The assistant with the real brain, the real knowledge base and a real SQLite file:
the sign-up form end to end, questions mid-form, expiry, reminders, restarts, rights."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.brain.brain import Brain
from bot.core.assistant import Assistant
from bot.core.factory import build_assistant
from bot.domain import Origin, Reply
from bot.knowledge.loader import KnowledgeBase, default_texts, load_knowledge
from bot.signup.fields import STEP_EMAIL, STEP_GEMEENTE, STEP_ROLE
from bot.signup.service import SignupService
from bot.storage.sqlite import SqliteStorage

PRIVACY_NOTICE = default_texts().form.privacy.nl
KEY = "tg:private:4242"
PRIVATE = Origin(channel="telegram", user_id="4242")
GROUP = Origin(channel="telegram", user_id="4242", is_group=True)
CHATS = ("-1001", "-1002")
TTL = 3600.0
REMIND_AFTER = 600.0
NAME = "<b>Anna</b> & de Vries 😀"
REMARK = "<script>alert(1)</script> 🎉 & 'quotes'"
FULL_ANSWERS = (
    NAME,
    "Meierijstadt",
    "ja",
    "veranderkundig profiel",
    "Anna.DeVries@Gemeente.nl",
    "06-1234 5678",
    REMARK,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


class Bot:
    """An assistant on a SQLite file that can be 'restarted' (new storage, new assistant)."""

    def __init__(self, path: Path, kb: KnowledgeBase, clock: Clock) -> None:
        self.path, self.kb, self.clock = path, kb, clock
        self.start()

    def start(self) -> None:
        self.storage = SqliteStorage(self.path)
        self.service = SignupService(self.storage, CHATS, clock=self.clock, form_ttl_seconds=TTL)
        self.assistant = Assistant(
            Brain(self.kb),
            self.storage,
            signups=self.service,
            unanswered=self.storage,
            clock=self.clock,
            reminder_after_seconds=REMIND_AFTER,
            storage=self.storage,
        )

    def restart(self) -> None:
        self.assistant.close()
        self.start()

    def say(self, *texts: str, origin: Origin = PRIVATE, key: str = KEY) -> Reply:
        reply = Reply(text="")
        for text in texts:
            reply = self.assistant.handle(key, text, origin)
        return reply

    def form(self, key: str = KEY) -> dict[str, Any] | None:
        form: dict[str, Any] | None = self.assistant.state_of(key).get("form")
        return form


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def bot(tmp_path: Path, kb: KnowledgeBase, clock: Clock) -> Iterator[Bot]:
    instance = Bot(tmp_path / "bot.sqlite3", kb, clock)
    yield instance
    instance.assistant.close()


def test_signup_intent_starts_the_form_with_privacy_first(bot: Bot) -> None:
    reply = bot.say("ik wil me aanmelden")
    assert reply.action == "signup"
    assert reply.text.startswith(PRIVACY_NOTICE)
    assert reply.text.endswith("Wat is je naam? (voor- en achternaam)")
    assert not reply.private_only


def test_whole_happy_path_commits_then_forwards(bot: Bot) -> None:
    bot.say("/aanmelden")
    summary = bot.say(*FULL_ANSWERS)
    assert summary.text.startswith("Klopt dit?")
    assert bot.storage.list_signups() == []  # nothing final before Bevestigen
    assert bot.storage.pending_count() == 0
    done = bot.say("bevestigen")
    assert "ontvangen en opgeslagen" in done.text
    assert bot.form() is None
    [signup] = bot.storage.list_signups()
    assert signup.user_key == KEY
    assert signup.data.name == NAME and signup.data.remarks == REMARK
    assert (signup.data.gemeente, signup.data.role) == ("Meierijstad", "veranderkundig profiel")
    assert (signup.data.email, signup.data.phone) == ("anna.devries@gemeente.nl", "+31 6 12345678")
    items = bot.storage.due_items(1e13)
    assert sorted(item.chat_id for item in items) == sorted(CHATS)
    assert items[0].payload["capacity"] == "gemeente Meierijstad: 1/3, 1/10 gemeenten"
    mine = bot.say("/mijngegevens")
    assert NAME in mine.text and REMARK in mine.text and "06 12345678" in mine.text


def test_each_validation_error_keeps_the_step(bot: Bot) -> None:
    bot.say("/aanmelden")
    assert "letters" in bot.say("12345").text
    assert "Die gemeente ken ik niet" in bot.say("Anna", "Atlantis").text
    assert bot.form() is not None and bot.form()["step"] == STEP_GEMEENTE  # type: ignore[index]
    assert "Kies een van de rollen" in bot.say("Oss", "wethouder").text
    assert "meer dan één @" in bot.say("control", "anna@@oss.nl").text
    assert "10 cijfers" in bot.say("anna@oss.nl", "06 1234").text
    assert "te lang" in bot.say("overslaan", "x" * 1001).text
    assert "Bevestigen" in bot.say("overslaan", "misschien").text
    assert bot.say("bevestigen").intent == "signup_done"


def test_cancel_by_command_and_method(bot: Bot) -> None:
    bot.say("/aanmelden", "Anna", "Oss")
    reply = bot.say("/annuleer")
    assert "geannuleerd" in reply.text and bot.form() is None
    bot.say("/aanmelden", "Anna")
    assert "geannuleerd" in bot.assistant.cancel(KEY, PRIVATE).text
    assert bot.form() is None
    assert "niets om te annuleren" in bot.assistant.cancel(KEY).text
    assert bot.storage.list_signups() == []


def test_question_mid_form_is_answered_then_the_form_resumes(bot: Bot) -> None:
    bot.say("/aanmelden", "Anna de Vries")
    reply = bot.say("Wie is de spreker van dagdeel 2?")
    assert "Bouke van der Weide Jansen" in reply.text
    assert reply.text.endswith("Voor welke gemeente werk je?")
    assert bot.form()["step"] == STEP_GEMEENTE  # type: ignore[index]
    # A plausible answer that the brain would also match goes to the form, not the brain.
    assert "Welke rol" in bot.say("Oss").text
    role_question = bot.say("wat kost het?")
    assert "4500" in role_question.text
    assert [c.text for c in role_question.choices] == [
        "gemeentesecretaris",
        "control",
        "veranderkundig profiel",
    ]
    assert bot.form()["step"] == STEP_ROLE  # type: ignore[index]
    bot.say("3")
    # Not a question and not an e-mail address: the form explains, no brain answer.
    # (The brain alone would match "weet ik niet" at 0.85 through the previous subject.)
    unsure = bot.say("weet ik niet")
    assert unsure.text.startswith("Een e-mailadres bevat geen spaties.")
    assert "4500" not in unsure.text and "Leernetwerk gaat door" not in unsure.text
    assert bot.form()["step"] == STEP_EMAIL  # type: ignore[index]
    # A question without a question mark or question word is still answered when it is clear.
    dates = bot.say("dagdeel 6")
    assert "Kirstin op het Veld" in dates.text and dates.text.endswith(
        "Daarop nemen de coördinatoren contact met je op."
    )
    follow_up = bot.say("en dagdeel 7?")
    assert "Thom Verheggen" in follow_up.text
    assert bot.form()["step"] == STEP_EMAIL  # type: ignore[index]
    # Asking to sign up again does not restart the form.
    again = bot.say("ik wil me aanmelden")
    assert "al mee bezig" in again.text and bot.form()["step"] == STEP_EMAIL  # type: ignore[index]
    # A name that the brain knows (a speaker) is still taken as the name at the name step.
    bot.say("/annuleer", "/aanmelden")
    bot.say("Wouter Hart")
    assert bot.form()["data"]["name"] == "Wouter Hart"  # type: ignore[index]


def test_a_question_mid_form_is_not_recorded_as_unanswered_but_unknowns_are(bot: Bot) -> None:
    bot.say("asdf qwer zxcv")
    bot.say("/aanmelden", "Anna", "hmm geen idee")  # goes to the form (gemeente error)
    rows = bot.storage.unanswered_summary()
    assert [text for text, _count, _at in rows] == ["asdf qwer zxcv"]
    with sqlite3.connect(bot.path) as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(unanswered)")]
        dump = "\n".join(conn.iterdump())
    assert columns == ["group_key", "text", "count", "last_asked"]
    unanswered_rows = [line for line in dump.splitlines() if 'INTO "unanswered"' in line]
    assert unanswered_rows and not any(KEY in line for line in unanswered_rows)


def test_group_never_asks_personal_data(bot: Bot) -> None:
    key = "tg:group:-500:4242"
    for text in ("ik wil me aanmelden", "/aanmelden", "/start aanmelden"):
        reply = bot.say(text, origin=GROUP, key=key)
        assert reply.private_only and reply.action == "signup"
        assert "privégesprek" in reply.text and "naam" not in reply.text.lower()
        assert bot.form(key) is None
    assert bot.assistant.start_signup(key, GROUP).private_only
    assert bot.say("/mijngegevens", origin=GROUP, key=key).private_only
    assert bot.say("/verwijder", origin=GROUP, key=key).private_only


def test_expiry_drops_the_form_with_a_notice(bot: Bot, clock: Clock) -> None:
    bot.say("/aanmelden", "Anna", "Oss")
    clock.now += TTL + 1
    reply = bot.say("wat kost het?")
    assert reply.text.startswith("Je aanmelding van eerder is verlopen")
    assert "4500" in reply.text
    assert bot.form() is None
    assert "verlopen" not in bot.say("wat kost het?").text  # said once


def test_reminder_once_then_expiry_scrubs(bot: Bot, clock: Clock) -> None:
    bot.say("/aanmelden", "Anna", "Oss")
    assert bot.assistant.due_reminders(clock.now + REMIND_AFTER - 1) == []
    [(key, reminder)] = bot.assistant.due_reminders(clock.now + REMIND_AFTER + 1)
    assert key == KEY and "nog niet af" in reminder.text and "Welke rol" in reminder.text
    assert reminder.choices[0].text == "gemeentesecretaris"
    assert bot.assistant.due_reminders(clock.now + REMIND_AFTER + 2) == []  # only once
    # Answering resets the reminder.
    clock.now += REMIND_AFTER + 1
    bot.say("control")
    assert len(bot.assistant.due_reminders(clock.now + REMIND_AFTER + 1)) == 1
    # Past the TTL the form (with its personal data) is dropped even without a new message.
    assert bot.assistant.due_reminders(clock.now + TTL + 1) == []
    assert bot.form() is None
    assert "Anna" not in str(bot.assistant.state_of(KEY))
    clock.now += TTL + 1
    assert bot.say("hallo").text.startswith("Je aanmelding van eerder is verlopen")


def test_restart_mid_form_resumes(bot: Bot) -> None:
    bot.say("/aanmelden", NAME, "Meierijstadt")
    bot.restart()
    reply = bot.say("ja")  # the confirmation question was asked before the restart
    assert "Welke rol" in reply.text
    bot.restart()
    bot.say(*FULL_ANSWERS[3:])
    bot.restart()
    assert bot.say("bevestigen").intent == "signup_done"
    assert [s.data.name for s in bot.storage.list_signups()] == [NAME]


def test_restart_with_outbox_items_pending(bot: Bot) -> None:
    bot.say("/aanmelden", *FULL_ANSWERS, "bevestigen")
    first = bot.storage.due_items(1e13)[0]
    bot.storage.mark_failed(first.id, "NetworkError", retry_at=0.0)
    bot.restart()
    pending = bot.storage.due_items(1e13)
    assert len(pending) == len(CHATS)
    for item in pending:
        bot.storage.mark_sent(item.id, 10 + item.id, 1.0)
    bot.restart()
    assert bot.storage.due_items(1e13) == [] and bot.storage.pending_count() == 0


class CrashOnSave(Exception):
    pass


def test_crash_between_commit_and_reply_loses_nothing(bot: Bot) -> None:
    bot.say("/aanmelden", *FULL_ANSWERS)
    original = bot.storage.save_state

    def crash(key: str, state: dict[str, Any]) -> None:
        raise CrashOnSave

    bot.storage.save_state = crash  # type: ignore[method-assign]
    with pytest.raises(CrashOnSave):
        bot.say("bevestigen")  # committed, then the process "dies" before replying
    bot.storage.save_state = original  # type: ignore[method-assign]
    bot.restart()
    assert len(bot.storage.list_signups()) == 1
    assert bot.storage.pending_count() == len(CHATS)
    # The user, having seen no reply, confirms again: no duplicate, nothing sent twice.
    again = bot.say("bevestigen")
    assert "al ontvangen" in again.text
    assert len(bot.storage.list_signups()) == 1
    assert bot.storage.pending_count() == len(CHATS)
    assert bot.form() is None


def test_deletion_with_confirmation(bot: Bot) -> None:
    assert "niets van je opgeslagen" in bot.say("/verwijder").text
    bot.say("/aanmelden", *FULL_ANSWERS, "bevestigen")
    for item in bot.storage.due_items(1e13):
        bot.storage.mark_sent(item.id, 1, 1.0)
    question = bot.say("/verwijder")
    assert "Weet je zeker" in question.text
    assert [c.text for c in question.choices] == ["ja verwijderen", "nee"]
    assert "niets verwijderd" in bot.say("nee").text
    assert len(bot.storage.list_signups()) == 1
    bot.say("/verwijder")
    done = bot.say("ja, verwijderen")
    assert "verwijderd" in done.text
    assert bot.storage.list_signups() == []
    assert bot.assistant.state_of(KEY) == {}
    withdrawn = bot.storage.due_items(1e13)
    assert {i.kind for i in withdrawn} == {"withdrawn"} and len(withdrawn) == len(CHATS)
    assert "geen aanmelding" in bot.say("/mijngegevens").text


def test_plain_questions_behave_as_before(bot: Bot) -> None:
    reply = bot.say("wat kost het?")
    assert "4500" in reply.text and reply.matched and reply.action is None
    assert bot.form() is None


def test_factory_uses_the_environment_paths(tmp_path: Path) -> None:
    assistant = build_assistant(db_path=tmp_path / "f.sqlite3", coordinator_chat_ids=[-1])
    try:
        reply = assistant.handle("terminal:local", "/aanmelden", Origin("terminal"))
        assert reply.text.startswith(PRIVACY_NOTICE)
    finally:
        assistant.close()
    assert (tmp_path / "f.sqlite3").exists()


@pytest.mark.parametrize(
    "text",
    [
        "nee ik wilde alleen weten wie er mee kan doen",
        "ik wil toch niet",
        "wat kost het eigenlijk",
    ],
)
def test_a_sentence_at_the_name_step_is_never_stored_as_the_name(bot: Bot, text: str) -> None:
    bot.say("/aanmelden")
    reply = bot.say(text)
    form = bot.form()
    assert form is not None and "name" not in form["data"], reply.text
    assert "naam" in reply.text.lower()
    bot.say("Anna de Vries")
    form = bot.form()
    assert form is not None and form["data"]["name"] == "Anna de Vries"


def test_a_question_at_the_name_step_also_says_how_to_sign_up_by_mail_or_phone(bot: Bot) -> None:
    bot.say("/aanmelden")
    reply = bot.say("en als ik liever even bel?")
    form = bot.form()
    assert form is not None and "name" not in form["data"]
    assert "rpo@vng.nl" in reply.text and "06 1241 77 91" in reply.text
