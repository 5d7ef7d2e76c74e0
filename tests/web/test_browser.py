"""The web chat in a real browser (Debian's chromium via Playwright), against the real bot
process: `python -m bot run` serving Telegram (on the Bot API emulator) and the web chat.

Expected answers come from the same core on a throw-away SQLite file (`probe`), so the tests
check that the browser shows what the core answers, not hard-coded texts.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from chatpage import ChatPage
from harness import BotApiEmulator
from webkit import COORDINATOR_CHAT, SCREENSHOT_DIR, BotProcess

from bot.core.assistant import Assistant
from bot.core.factory import build_assistant
from bot.domain import Origin, Reply
from bot.knowledge.loader import default_texts

QUESTION = "Wat kost deelname aan het leernetwerk?"
FOLLOW_UP = ("Wat is dagdeel 3?", "Wanneer is dat?")
AMBIGUOUS = "Welke projecten had Breda?"
ENGLISH = "How much does the learning network cost?"
XSS = "<img src=x onerror=alert(1)>"
TEXTS = default_texts()


def save_screenshot(page: Any, name: str) -> None:
    """The README's screenshots, made by this test run when SCREENSHOTS=1 (`make
    screenshots`): written on every run, they would change with every answer the brain
    improves and collide in everyone's merges."""
    if os.environ.get("SCREENSHOTS") == "1":
        SCREENSHOT_DIR.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOT_DIR / name))


def flat(text: str) -> str:
    """Text with the list markers and whitespace the page turns into structure taken out."""
    text = re.sub(r"(?m)^\s*(?:[•\-*]|\d+[.)])\s+", "", text)
    return " ".join(text.split())


@pytest.fixture(scope="module")
def probe(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    """The same core on a throw-away SQLite file."""
    assistant = build_assistant(db_path=tmp_path_factory.mktemp("probe") / "probe.sqlite3")
    try:
        yield assistant
    finally:
        assistant.close()


def core_answer(probe: Assistant, *texts: str, key: str) -> Reply:
    """What the core answers to the last of `texts` in one conversation."""
    reply: Reply | None = None
    for text in texts:
        reply = probe.handle(key, text, Origin(channel="web"))
    assert reply is not None
    return reply


@pytest.fixture
def chat(browser: Any, bot_process: BotProcess) -> Iterator[ChatPage]:
    """A fresh browser (its own cookie, so its own conversation) on the full page."""
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = ChatPage.open(context, f"{bot_process.url}/")
    try:
        yield page
    finally:
        assert page.dialogs == [], "no script may open a dialog"
        assert not [e for e in page.console_errors if "Content Security Policy" in e], (
            page.console_errors
        )
        assert page.third_party_requests(bot_process.url) == []
        context.close()


def test_a_question_gets_the_cores_answer_with_its_source(chat: ChatPage, probe: Assistant) -> None:
    expected = core_answer(probe, QUESTION, key="probe:question")
    answer = chat.ask(QUESTION)
    assert flat(answer.text) == flat(expected.text)
    assert expected.source and answer.source == f"Bron: {expected.source}"
    assert chat.messages()[-2].text == QUESTION


def test_pressing_a_suggestion_button_answers_its_question(
    chat: ChatPage, probe: Assistant
) -> None:
    offered = core_answer(probe, AMBIGUOUS, key="probe:choices")
    assert len(offered.choices) >= 2, "Breda has two projects: the core offers a choice"
    chosen = offered.choices[1]
    expected = core_answer(probe, chosen.text, key="probe:choices")
    shown = chat.ask(AMBIGUOUS)
    assert shown.choices == [choice.label for choice in offered.choices]
    answer = chat.press(chosen.label)
    assert flat(answer.text) == flat(expected.text)
    assert all(message.choices == [] for message in chat.messages()[:-1]), "old buttons go"


def test_a_follow_up_uses_the_previous_subject(chat: ChatPage, probe: Assistant) -> None:
    with_context = core_answer(probe, *FOLLOW_UP, key="probe:context")
    without_context = core_answer(probe, FOLLOW_UP[1], key="probe:fresh")
    assert with_context.text != without_context.text, "the follow-up must depend on the subject"
    chat.ask(FOLLOW_UP[0])
    answer = chat.ask(FOLLOW_UP[1])
    assert flat(answer.text) == flat(with_context.text)


def test_english_questions_get_english_answers_and_interface(
    chat: ChatPage, probe: Assistant
) -> None:
    expected = core_answer(probe, ENGLISH, key="probe:english")
    answer = chat.ask(ENGLISH)
    assert flat(answer.text) == flat(expected.text)
    assert chat.page.evaluate("() => document.documentElement.lang") == "en"
    assert chat.page.get_by_role("button", name="Send", exact=True).is_visible()
    assert chat.page.get_by_label("Your question").is_visible()


def test_an_english_page_sends_and_names_the_english_commands(chat: ChatPage) -> None:
    """The action buttons send the command by the page language's name, and the English texts
    name commands (/cancel) that work when typed."""
    sent: list[str] = []

    def record(request: Any) -> None:
        if request.method == "POST" and request.url.endswith("/api/messages"):
            sent.append(json.loads(request.post_data)["text"])

    chat.ask(ENGLISH)
    chat.page.on("request", record)
    form = chat.press("Sign up")
    assert form.text.startswith("Privacy: I store") and "/cancel" in form.text
    assert flat(chat.ask("/cancel").text) == flat(TEXTS.form.cancelled.en)
    assert flat(chat.press("My data").text) == flat(TEXTS.account.no_signup.en)
    assert flat(chat.press("Delete my data").text) == flat(TEXTS.account.nothing_to_delete.en)
    assert sent == ["/signup", "/cancel", "/mydata", "/delete"]


def test_html_in_a_message_is_shown_as_text_and_runs_nothing(chat: ChatPage) -> None:
    chat.ask(XSS)
    mine = chat.messages()[-2]
    assert mine.role == "user" and mine.text == XSS
    assert chat.page.locator("#chat-log img").count() == 0
    assert chat.page.evaluate("() => document.querySelectorAll('[onerror]').length") == 0
    # the fixture checks that no dialog opened (alert) and no request left for "x"


def test_a_reload_and_a_restart_keep_the_conversation(
    browser: Any, bot_process: BotProcess, probe: Assistant
) -> None:
    with_context = core_answer(probe, *FOLLOW_UP, key="probe:restart")
    context = browser.new_context()
    try:
        chat = ChatPage.open(context, f"{bot_process.url}/")
        chat.ask(FOLLOW_UP[0])
        before = chat.messages()
        chat.page.reload()
        chat.wait_until_loaded()
        assert chat.wait_for_count(len(before)) == before
        bot_process.stop()
        bot_process.start()
        chat.page.reload()
        chat.wait_until_loaded()
        assert chat.wait_for_count(len(before)) == before
        answer = chat.ask(FOLLOW_UP[1])  # the subject survived the restart too
        assert flat(answer.text) == flat(with_context.text)
    finally:
        context.close()


def wait_for_coordinator_text(emulator: BotApiEmulator, needle: str, timeout: float = 30) -> str:
    """The coordinator message containing `needle` (the outbox sends every few seconds)."""

    async def wait() -> str:
        found: list[str] = []
        for _ in range(int(timeout / 0.5)):
            found = [
                message.text or ""
                for message in await emulator.bot_messages(COORDINATOR_CHAT)
                if needle in (message.text or "")
            ]
            if found:
                return found[-1]
            await asyncio.sleep(0.5)
        raise AssertionError(f"no coordinator message with {needle!r} within {timeout} s")

    # Playwright's sync API keeps an event loop in this thread: ask from another one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, wait()).result()


def test_a_complete_sign_up_reaches_the_coordinators_and_can_be_seen_and_deleted(
    chat: ChatPage, web_emulator: BotApiEmulator, probe: Assistant
) -> None:
    mid_form = core_answer(probe, "wat kost het?", key="probe:plain")
    assert "Privacy" in chat.press("Aanmelden").text
    assert "gemeente" in chat.ask("Wilma Webber").text.lower()
    # a question mid-form is answered, and the form asks its question again
    answer = chat.ask("wat kost het?")
    assert flat(mid_form.text) in flat(answer.text) and "gemeente" in answer.text.lower()
    roles = chat.ask("Meierijstad")
    assert "Control" in roles.choices
    chat.press("Control")
    chat.ask("wilma.webber@example.nl")
    chat.press("Overslaan")
    summary = chat.press("Overslaan")
    assert "Wilma Webber" in summary.text and "Bevestigen" in summary.choices
    done = chat.press("Bevestigen")
    assert "ontvangen" in done.text

    notice = wait_for_coordinator_text(web_emulator, "Wilma Webber")
    assert "Meierijstad" in notice and "wilma.webber@example.nl" in notice

    my_data = chat.press("Mijn gegevens")
    assert "Wilma Webber" in my_data.text
    question = chat.press("Gegevens wissen")
    assert "Ja, verwijderen" in question.choices
    chat.page.get_by_role("button", name="Ja, verwijderen", exact=True).click()
    chat.page.wait_for_function(
        "() => document.querySelectorAll('#chat-log .msg:not(.welcome)').length === 1"
    )
    [deleted] = chat.messages()
    assert "verwijderd" in deleted.text
    assert "Wilma Webber" not in chat.page.locator("#chat-log").inner_text()
    assert "Wilma Webber" not in chat.press("Mijn gegevens").text
    wait_for_coordinator_text(web_emulator, "ingetrokken")


def focused_label(chat: ChatPage) -> str:
    return str(chat.page.evaluate("() => document.activeElement.innerText || ''")).strip()


def tab_to(chat: ChatPage, label: str, *, backwards: bool = False, limit: int = 40) -> None:
    """Move the focus with (Shift+)Tab until the button `label` has it; check it is visible."""
    for _ in range(limit):
        chat.page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if focused_label(chat) == label:
            outline = chat.page.evaluate(
                "() => getComputedStyle(document.activeElement).outlineStyle"
            )
            assert outline != "none", f"{label!r} has the focus but no visible focus ring"
            return
    raise AssertionError(f"the keyboard never reached {label!r}")


def keyboard_answer(chat: ChatPage, text: str) -> None:
    """Type into the text box (which has the focus) and press Enter."""
    before = len(chat.messages())
    assert chat.page.evaluate("() => document.activeElement.id") == "chat-input"
    chat.page.keyboard.type(text)
    chat.page.keyboard.press("Enter")
    chat.wait_for_count(before + 2)


def keyboard_press(chat: ChatPage, label: str, *, backwards: bool = True) -> None:
    """Reach the button `label` by keyboard, press Enter, wait for the answer."""
    before = len(chat.messages())
    tab_to(chat, label, backwards=backwards)
    chat.page.keyboard.press("Enter")
    chat.wait_for_count(before + 2)
    if backwards:  # a choice: pressing it puts the focus back in the text box
        assert chat.page.evaluate("() => document.activeElement.id") == "chat-input"


def test_the_keyboard_alone_completes_a_sign_up(
    chat: ChatPage, web_emulator: BotApiEmulator
) -> None:
    page = chat.page
    page.keyboard.press("Tab")  # the skip link comes first
    assert focused_label(chat) == "Naar het tekstvak"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "chat-input"
    keyboard_press(chat, "Aanmelden", backwards=False)
    tab_to(chat, "Versturen", backwards=True)
    page.keyboard.press("Shift+Tab")  # back into the text box
    keyboard_answer(chat, "Kees Toetsenbord")
    keyboard_answer(chat, "Tilburg")
    keyboard_press(chat, "Gemeentesecretaris")
    keyboard_answer(chat, "kees@example.nl")
    keyboard_press(chat, "Overslaan")
    keyboard_press(chat, "Overslaan")
    keyboard_press(chat, "Bevestigen")
    assert "ontvangen" in chat.messages()[-1].text
    wait_for_coordinator_text(web_emulator, "Kees Toetsenbord")


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(target: Any, axe_script: str) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A/AA violations in a page or frame (axe injected by evaluation,
    which the page's CSP does not block)."""
    target.evaluate(axe_script)
    result = target.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in result["violations"]
    ]


def test_axe_finds_no_wcag_21_aa_violations_on_the_page(chat: ChatPage, axe_script: str) -> None:
    chat.ask(QUESTION)  # user and bot messages, a source line
    assert chat.ask(AMBIGUOUS).choices  # buttons
    assert axe_violations(chat.page, axe_script) == []
    save_screenshot(chat.page, "page.png")


def open_widget(context: Any, host_site: str) -> ChatPage:
    host = ChatPage.open(context, f"{host_site}/", chat=False)
    host.page.get_by_role("button", name="Chat met de assistent").click()
    launcher = host.page.locator("#wvdb-chat-launcher")
    assert launcher.get_attribute("aria-expanded") == "true"
    assert launcher.inner_text() == "Chat sluiten"
    frame_element = host.page.locator("#wvdb-chat-panel iframe")
    frame_element.wait_for()
    host.frame = frame_element.element_handle().content_frame()
    host.frame.wait_for_load_state()
    host.wait_until_loaded()
    return host


def test_the_widget_opens_on_another_site_answers_and_passes_axe(
    browser: Any, bot_process: BotProcess, host_site: str, axe_script: str
) -> None:
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    try:
        widget = open_widget(context, host_site)
        assert widget.frame.evaluate("() => document.activeElement.id") == "chat-input"
        answer = widget.ask(QUESTION)
        assert answer.source and answer.source.startswith("Bron: ")
        assert axe_violations(widget.page, axe_script) == []
        assert axe_violations(widget.frame, axe_script) == []
        save_screenshot(widget.page, "widget.png")
        # Escape closes it and gives the focus back to the chat button
        widget.frame.locator("#chat-input").press("Escape")
        launcher = widget.page.locator("#wvdb-chat-launcher")
        assert launcher.get_attribute("aria-expanded") == "false"
        assert widget.page.evaluate("() => document.activeElement.id") == "wvdb-chat-launcher"
        assert widget.third_party_requests(bot_process.url, host_site) == []
        assert widget.dialogs == []
    finally:
        context.close()


@pytest.mark.parametrize("width", [375, 320])
def test_a_narrow_phone_screen_needs_no_sideways_scrolling(
    browser: Any, bot_process: BotProcess, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 640}, is_mobile=True)
    try:
        chat = ChatPage.open(context, f"{bot_process.url}/")
        answer = chat.ask(FOLLOW_UP[0])
        assert answer.text
        overflow = chat.page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        assert chat.page.get_by_role("button", name="Versturen").is_visible()
        if width == 375:
            save_screenshot(chat.page, "phone.png")
    finally:
        context.close()


def test_at_200_percent_zoom_everything_stays_reachable(
    browser: Any, bot_process: BotProcess
) -> None:
    # 200 % zoom of a 1280 px window is a 640 px wide CSS viewport at twice the pixel density
    context = browser.new_context(viewport={"width": 640, "height": 400}, device_scale_factor=2)
    try:
        chat = ChatPage.open(context, f"{bot_process.url}/")
        chat.ask(QUESTION)
        overflow = chat.page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        for name in ("Versturen", "Aanmelden", "Mijn gegevens", "Gegevens wissen"):
            button = chat.page.get_by_role("button", name=name, exact=True)
            button.scroll_into_view_if_needed()
            assert button.is_visible()
    finally:
        context.close()


def test_screenshots_are_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for name in ("page.png", "widget.png"):
        assert f"tests/web/screenshots/{name}" in readme
