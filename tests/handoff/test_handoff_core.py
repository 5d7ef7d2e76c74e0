"""Hand-off and feedback through the channel-free core: the real brain and knowledge base, a
real SQLite file, a clock the test moves. What the coordinators receive is read from the
outbox, exactly as the Telegram sender would send it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core.assistant import Assistant
from bot.core.factory import build_assistant
from bot.domain import CoreIntent, HandoffKind, Origin, Reply, Vote
from bot.storage.sqlite import SqliteStorage

CHATS = ("-1001", "-1002")
UNKNOWN = "Wat kost een <b>kopje</b> koffie & thee in Tilburg?"
FACTUAL = "wanneer is dagdeel 5"
ANNA = Origin(
    channel="telegram", user_id="42", display_name="Anna de Vries", first_name="Anna",
    chat_ref="42", message_ref="7",
)  # fmt: skip
KEY = "tg:private:42"
START = 1_795_850_000.0  # 28-11-2026 ~08:53 Dutch time


class Clock:
    """A settable clock."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def assistant(tmp_path: Path, clock: Clock) -> Iterator[Assistant]:
    built = build_assistant(
        db_path=tmp_path / "bot.sqlite3", coordinator_chat_ids=CHATS, clock=clock
    )
    yield built
    built.close()


def storage(assistant: Assistant) -> SqliteStorage:
    assert isinstance(assistant.storage, SqliteStorage)
    return assistant.storage


def handoff_items(assistant: Assistant, kind: HandoffKind = HandoffKind.QUESTION) -> list[dict]:
    return [
        {"chat": item.chat_id, **item.payload}
        for item in storage(assistant).due_items(1e12, limit=1000)
        if item.kind == kind.value
    ]


def offer_choice(reply: Reply) -> str:
    [choice] = [c for c in reply.choices if "coördinator" in c.label]
    return choice.text


def test_unknown_question_offers_the_handoff_and_sends_nothing_yet(assistant: Assistant) -> None:
    reply = assistant.handle(KEY, UNKNOWN, ANNA)
    assert reply.matched is False
    assert "je vraag en je voornaam" in reply.text
    assert offer_choice(reply).startswith("/coordinator ")
    assert handoff_items(assistant) == []


def test_pressing_forwards_once_to_every_coordinator_chat(assistant: Assistant) -> None:
    reply = assistant.handle(KEY, UNKNOWN, ANNA)
    sent = assistant.handle(KEY, offer_choice(reply), ANNA)
    assert sent.intent == CoreIntent.HANDOFF_SENT
    items = handoff_items(assistant)
    assert sorted(item["chat"] for item in items) == sorted(CHATS)
    html = items[0]["html"]
    assert "&lt;b&gt;kopje&lt;/b&gt; koffie &amp; thee" in html and "<b>kopje" not in html
    assert "Anna" in html and "de Vries" not in html and "privégesprek" in html
    assert "Dat weet ik helaas niet" in html  # what the bot answered
    again = assistant.handle(KEY, offer_choice(reply), ANNA)
    assert again.intent == CoreIntent.HANDOFF_DUPLICATE
    assert len(handoff_items(assistant)) == len(CHATS)


def test_the_offer_survives_a_restart(tmp_path: Path, clock: Clock) -> None:
    first = build_assistant(db_path=tmp_path / "db", coordinator_chat_ids=CHATS, clock=clock)
    choice = offer_choice(first.handle(KEY, UNKNOWN, ANNA))
    first.close()
    second = build_assistant(db_path=tmp_path / "db", coordinator_chat_ids=CHATS, clock=clock)
    try:
        assert second.handle(KEY, choice, ANNA).intent == CoreIntent.HANDOFF_SENT
    finally:
        second.close()


def test_at_most_five_handoffs_per_user_per_day(assistant: Assistant, clock: Clock) -> None:
    intents = []
    for number in range(6):
        reply = assistant.handle(KEY, f"{UNKNOWN} nummer {number}", ANNA)
        intents.append(assistant.request_handoff(KEY, ANNA).intent)
        clock.now += 60
    assert intents == [CoreIntent.HANDOFF_SENT] * 5 + [CoreIntent.HANDOFF_LIMIT]
    limited = assistant.request_handoff(KEY, ANNA)
    assert limited.intent == CoreIntent.HANDOFF_LIMIT and "vandaag al 5 vragen" in limited.text
    assert len(handoff_items(assistant)) == 5 * len(CHATS)
    # Another user is not limited by Anna's hand-offs.
    bram = Origin(channel="telegram", user_id="43", first_name="Bram", chat_ref="43")
    assistant.handle("tg:private:43", UNKNOWN, bram)
    assert assistant.request_handoff("tg:private:43", bram).intent == CoreIntent.HANDOFF_SENT
    # The next day (Dutch time) Anna may ask again.
    clock.now += 24 * 3600
    assert reply is not None
    assistant.handle(KEY, UNKNOWN, ANNA)
    assert assistant.request_handoff(KEY, ANNA).intent == CoreIntent.HANDOFF_SENT


def test_answers_are_relayed_escaped_and_every_reply_counts(assistant: Assistant) -> None:
    reply = assistant.handle(KEY, UNKNOWN, ANNA)
    assistant.handle(KEY, offer_choice(reply), ANNA)
    service = assistant.handoffs.service if assistant.handoffs else None
    assert service is not None
    [handoff] = storage(assistant).list_handoffs(open_only=True)
    first = service.answer(
        handoff.id, coordinator="Piet", text="<i>Gratis</i> & lekker", source_ref="m1"
    )
    assert first is not None and first.first_answer
    assert service.answer(handoff.id, coordinator="Piet", text="dubbel", source_ref="m1") is None
    second = service.answer(handoff.id, coordinator="Kim", text="Aanvulling", source_ref="m2")
    assert second is not None and not second.first_answer
    assert storage(assistant).list_handoffs(open_only=True) == []
    relays = handoff_items(assistant, HandoffKind.ANSWER)
    assert [item["chat"] for item in relays] == ["42", "42"]
    assert "&lt;i&gt;Gratis&lt;/i&gt; &amp; lekker" in relays[0]["html"]
    assert "Piet" in relays[0]["html"] and "Kim" in relays[1]["html"]
    assert relays[0]["reply_to_message_id"] == "7"
    answers = assistant.handoff_answers(KEY)
    assert [(a.coordinator, a.text) for a in answers] == [
        ("Piet", "<i>Gratis</i> & lekker"),
        ("Kim", "Aanvulling"),
    ]
    assert assistant.handoff_answers(KEY, after=answers[0].id) == answers[1:]


def test_web_answers_are_read_from_the_store_not_pushed(assistant: Assistant) -> None:
    visitor = Origin(channel="web", user_id="session-1")
    reply = assistant.handle("web:session-1", UNKNOWN, visitor)
    assert "verder niets" in reply.text  # no first name known: only the question is shared
    assistant.handle("web:session-1", offer_choice(reply), visitor)
    [handoff] = storage(assistant).list_handoffs(open_only=True)
    assert handoff.request.first_name == "" and "webchat" in handoff_items(assistant)[0]["html"]
    assert assistant.handoffs is not None
    assistant.handoffs.service.answer(handoff.id, coordinator="Piet", text="Ja", source_ref="x")
    assert handoff_items(assistant, HandoffKind.ANSWER) == []
    assert [a.text for a in assistant.handoff_answers("web:session-1")] == ["Ja"]


def test_group_question_is_answered_in_the_group(assistant: Assistant) -> None:
    group = Origin(
        channel="telegram", user_id="42", is_group=True, first_name="Anna",
        chat_title="Team <Sociaal>", chat_ref="-500", message_ref="99",
    )  # fmt: skip
    key = "tg:group:-500:42"
    reply = assistant.handle(key, UNKNOWN, group)
    assert "in de groep" in reply.text
    sent = assistant.handle(key, offer_choice(reply), group)
    assert "in de groep" in sent.text
    assert "Team &lt;Sociaal&gt;" in handoff_items(assistant)[0]["html"]
    # Someone else in the group cannot send Anna's question.
    other = Origin(channel="telegram", user_id="77", is_group=True, chat_ref="-500")
    stale = assistant.handle("tg:group:-500:77", offer_choice(reply), other)
    assert stale.intent == CoreIntent.HANDOFF_STALE
    [handoff] = storage(assistant).list_handoffs(open_only=True)
    assert assistant.handoffs is not None
    assistant.handoffs.service.answer(handoff.id, coordinator="Piet", text="Ja", source_ref="y")
    [relay] = handoff_items(assistant, HandoffKind.ANSWER)
    assert relay["chat"] == "-500" and relay["reply_to_message_id"] == "99"


def test_feedback_on_factual_answers_only_in_private(assistant: Assistant) -> None:
    answer = assistant.handle(KEY, FACTUAL, ANNA)
    assert answer.matched and answer.source and answer.feedback_token
    group = Origin(channel="telegram", user_id="42", is_group=True, first_name="Anna")
    assert assistant.handle("tg:group:-5:42", FACTUAL, group).feedback_token is None
    assert assistant.handle(KEY, "hallo", ANNA).feedback_token is None  # smalltalk: no source
    assert assistant.handle(KEY, UNKNOWN, ANNA).feedback_token is None


def test_thumbs_down_is_stored_without_identity_and_offers_the_handoff(
    assistant: Assistant,
) -> None:
    answer = assistant.handle(KEY, FACTUAL, ANNA)
    assert answer.feedback_token is not None
    outcome = assistant.record_feedback(KEY, ANNA, answer.feedback_token, Vote.DOWN)
    assert outcome.recorded and outcome.thanks == "Bedankt!"
    assert outcome.follow_up is not None and "coördinator" in outcome.follow_up.choices[0].label
    [entry] = storage(assistant).list_feedback()
    assert entry.vote is Vote.DOWN and entry.intent == "dagdeel.info" and entry.source
    assert entry.question == FACTUAL
    again = assistant.record_feedback(KEY, ANNA, answer.feedback_token, Vote.UP)
    assert not again.recorded and len(storage(assistant).list_feedback()) == 1
    sent = assistant.handle(KEY, outcome.follow_up.choices[0].text, ANNA)
    assert sent.intent == CoreIntent.HANDOFF_SENT
    assert "dagdeel 5" in handoff_items(assistant)[0]["html"]


def test_feedback_questions_are_stored_redacted(assistant: Assistant) -> None:
    assert assistant.handoffs is not None
    state = {"feedback": {"t1": {"question": "bel 06 12345678 of anna@example.nl", "intent": "x"}}}
    assistant.handoffs.vote(state, "t1", Vote.UP, ANNA)
    [entry] = storage(assistant).list_feedback()
    assert entry.question == "bel [nummer] of [e-mail]" and state["feedback"] == {}


def test_open_questions_oldest_first_with_their_age(assistant: Assistant, clock: Clock) -> None:
    for text in ("Eerste vraag over honden?", "Tweede vraag over katten?"):
        assistant.handle(KEY, text, ANNA)
        assistant.request_handoff(KEY, ANNA)
        clock.now += 3 * 3600
    assert assistant.handoffs is not None
    lines = assistant.handoffs.service.open_lines()
    assert lines[0] == "Open vragen (2), oudste eerst:"
    assert lines[1].startswith("#1 (6 uur geleden) Anna, in een privégesprek: Eerste")
    assert lines[2].startswith("#2 (3 uur geleden) Anna")


def test_a_huge_html_question_still_fits_one_telegram_message(assistant: Assistant) -> None:
    question = "<&>" * 333 + "?"
    reply = assistant.handle(KEY, question, ANNA)
    assistant.handle(KEY, offer_choice(reply), ANNA)
    for item in handoff_items(assistant):
        assert len(item["html"]) <= 4000 and "&lt;&amp;&gt;" in item["html"]
    assert assistant.handoffs is not None
    [handoff] = storage(assistant).list_handoffs(open_only=True)
    relayed = assistant.handoffs.service.answer(
        handoff.id, coordinator="Piet", text="<&>" * 1200, source_ref="big"
    )
    assert relayed is not None
    [relay] = handoff_items(assistant, HandoffKind.ANSWER)
    assert len(relay["html"]) <= 4000


def test_a_wish_for_a_person_offers_the_question_the_bot_did_not_know(
    assistant: Assistant,
) -> None:
    assistant.handle(KEY, UNKNOWN, ANNA)
    wish = assistant.handle(KEY, "ik wil graag iemand spreken", ANNA)
    assert "je vraag en je voornaam" in wish.text
    assistant.handle(KEY, offer_choice(wish), ANNA)
    assert "kopje" in handoff_items(assistant)[0]["html"]


def test_a_wish_for_a_person_after_an_answer_asks_for_the_question(assistant: Assistant) -> None:
    assistant.handle(KEY, FACTUAL, ANNA)
    wish = assistant.handle(KEY, "ik wil graag iemand spreken", ANNA)
    assert "Typ je vraag in één bericht" in wish.text
    assert offer_choice(wish)  # offered right away, with the wish as the question
    question = assistant.handle(KEY, "Hoe zit het met parkeren bij de bijeenkomst?", ANNA)
    assistant.handle(KEY, offer_choice(question), ANNA)
    assert "parkeren" in handoff_items(assistant)[0]["html"]


def test_my_data_shows_and_delete_removes_the_handoffs(assistant: Assistant) -> None:
    reply = assistant.handle(KEY, UNKNOWN, ANNA)
    assistant.handle(KEY, offer_choice(reply), ANNA)
    mine = assistant.handle(KEY, "/mijngegevens", ANNA)
    assert "Vragen die je aan de coördinatoren stuurde" in mine.text and "kopje" in mine.text
    ask = assistant.handle(KEY, "/verwijder", ANNA)
    assert "vragen aan de coördinatoren" in ask.text
    done = assistant.handle(KEY, "ja", ANNA)
    assert "Ook je vragen aan de coördinatoren zijn gewist" in done.text
    assert storage(assistant).handoffs_for(KEY) == [] and handoff_items(assistant) == []
