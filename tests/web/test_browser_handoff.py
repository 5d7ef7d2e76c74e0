"""👍/👎 and the hand-off to the coordinators in a real browser: the question reaches the
coordinators' Telegram chat (Bot API emulator) through the outbox, a coordinator answers by
replying there, and the answer appears in the open web chat, and again after a reload."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
from chatpage import ChatPage
from harness import BotApiEmulator, BotMessage, TgChat, TgUser
from webkit import COORDINATOR_CHAT, BotProcess

QUESTION = 'Mag mijn <b>hond</b> & "kat" mee naar dagdeel 3 in Tilburg?'
QUESTION_HTML = "Mag mijn &lt;b&gt;hond&lt;/b&gt; &amp; &quot;kat&quot; mee"
ANSWER = "<i>Ja</i>, als ze stil zijn & niet blaffen 🐶"
FACTUAL = "Wat kost deelname aan het leernetwerk?"
ANSWER_SHOWN_WITHIN_MS = 15_000  # the page polls every 3 s

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run an emulator coroutine (Playwright's sync API keeps a loop in this thread)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def coordinators_chat() -> TgChat:
    return TgChat(id=COORDINATOR_CHAT, type="supergroup", title="Coördinatoren Leernetwerk")


async def wait_for_notice(emulator: BotApiEmulator, needle: str, timeout: float = 30) -> BotMessage:
    for _ in range(int(timeout / 0.5)):
        for message in await emulator.bot_messages(COORDINATOR_CHAT):
            if needle in (message.text or ""):
                return message
        await asyncio.sleep(0.5)
    raise AssertionError(f"no coordinator notice with {needle!r} within {timeout} s")


@pytest.fixture
def chat(browser: Any, bot_process: BotProcess) -> Iterator[ChatPage]:
    context = browser.new_context()
    page = ChatPage.open(context, f"{bot_process.url}/")
    try:
        yield page
    finally:
        assert page.dialogs == []
        assert page.third_party_requests(bot_process.url) == []
        context.close()


def handoff_label(chat: ChatPage) -> str:
    [label] = [c for c in chat.messages()[-1].choices if "coördinator" in c]
    return label


def test_a_question_handed_off_on_the_web_is_answered_in_the_open_chat(
    chat: ChatPage, web_emulator: BotApiEmulator, coordinator: TgUser
) -> None:
    offer = chat.ask(QUESTION)
    assert "je vraag en verder niets" in offer.text  # says what is shared (no name on the web)
    assert chat.messages()[-2].text == QUESTION  # the HTML is shown as text
    sent = chat.press(handoff_label(chat))
    assert "doorgestuurd" in sent.text

    notice = run(wait_for_notice(web_emulator, QUESTION_HTML))
    assert "webchat" in (notice.text or "") and "<b>hond" not in (notice.text or "")
    run(web_emulator.send_message(coordinators_chat(), coordinator, ANSWER, reply_to=notice))

    chat.page.wait_for_selector(".msg.coordinator", timeout=ANSWER_SHOWN_WITHIN_MS)
    answer = chat.messages()[-1]
    assert answer.role == "coordinator" and ANSWER in answer.text and QUESTION in answer.text
    assert "Hanke" in chat.page.locator(".msg.coordinator .author").inner_text()
    assert chat.page.locator("#chat-log i, #chat-log b").count() == 0  # text, not markup

    chat.page.reload()
    chat.wait_until_loaded()
    chat.page.wait_for_selector(".msg.coordinator")
    assert chat.messages()[-1] == answer, "still there when the page is opened again"


def test_thumbs_down_thanks_and_offers_the_hand_off(chat: ChatPage) -> None:
    chat.ask(FACTUAL)
    answer = chat.page.locator(".msg.bot").last
    assert answer.get_by_role("button", name="Ja, nuttig").is_visible()
    answer.get_by_role("button", name="Nee, niet nuttig").click()
    chat.page.wait_for_selector(".msg.bot .thanks")
    offer = chat.wait_for_count(3)[-1]
    assert any("coördinator" in choice for choice in offer.choices)
    assert chat.page.locator(".feedback").count() == 0, "the buttons made way for the thanks"
    chat.page.reload()
    chat.wait_until_loaded()
    assert chat.page.locator(".msg.bot .thanks").count() == 1
