"""Driving the web chat in a real browser the way a person does: typing, pressing buttons,
reading what appears. Also records every request, console error and dialog of the page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ANSWER_TIMEOUT_MS = 20_000

# The conversation's messages (the static welcome excluded), as the browser shows them.
_MESSAGES_JS = """() => [...document.querySelectorAll('#chat-log .msg:not(.welcome)')].map(m => ({
    role: m.classList.contains('user') ? 'user'
        : m.classList.contains('coordinator') ? 'coordinator' : 'bot',
    text: m.querySelector('.body').innerText,
    source: m.querySelector('.source') ? m.querySelector('.source').innerText : null,
    choices: [...m.querySelectorAll('.choices button')].map(b => b.innerText),
}))"""


@dataclass
class Shown:
    """One message on screen."""

    role: str
    text: str
    source: str | None
    choices: list[str]


@dataclass
class ChatPage:
    """A page (or the widget's frame) with the chat in it."""

    page: Any  # playwright Page
    frame: Any = None  # the widget's Frame; None for the full page
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, context: Any, url: str, *, chat: bool = True) -> ChatPage:
        """A new page at `url`, with its requests, console errors and dialogs recorded;
        `chat=False` for a page that only embeds the widget."""
        page = context.new_page()
        chat_page = cls(page)
        page.on("request", lambda request: chat_page.requests.append(request.url))
        page.on(
            "console",
            lambda message: (
                chat_page.console_errors.append(message.text) if message.type == "error" else None
            ),
        )

        def on_dialog(dialog: Any) -> None:
            chat_page.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.goto(url)
        if chat:
            chat_page.wait_until_loaded()
        return chat_page

    @property
    def root(self) -> Any:
        """Where the chat lives: the page or the widget's frame."""
        return self.frame if self.frame is not None else self.page

    def wait_until_loaded(self) -> None:
        """Wait until the script has fetched the conversation so far."""
        self.root.wait_for_function("() => document.querySelector('#chat-form') !== null")
        self.root.wait_for_load_state("networkidle") if self.frame is None else None

    def messages(self) -> list[Shown]:
        """Every message shown, oldest first."""
        return [Shown(**item) for item in self.root.evaluate(_MESSAGES_JS)]

    def wait_for_count(self, count: int, timeout: int = ANSWER_TIMEOUT_MS) -> list[Shown]:
        """Wait until at least `count` messages show and nothing is pending; return them."""
        self.root.wait_for_function(
            """(count) => document.querySelectorAll('#chat-log .msg:not(.welcome)').length >= count
                && !document.querySelector('#chat-log').hasAttribute('aria-busy')""",
            arg=count,
            timeout=timeout,
        )
        return self.messages()

    def ask(self, text: str) -> Shown:
        """Type `text`, press Enter, and return the bot's answer."""
        before = len(self.messages())
        field_ = self.root.get_by_label(_label(self))
        field_.fill(text)
        field_.press("Enter")
        return self.wait_for_count(before + 2)[-1]

    def press(self, label: str) -> Shown:
        """Press the button `label` (a choice or an action) with the mouse; the answer."""
        before = len(self.messages())
        self.root.get_by_role("button", name=label, exact=True).last.click()
        shown = self.wait_for_count(before + 2)
        return shown[-1]

    def third_party_requests(self, *allowed_origins: str) -> list[str]:
        """Requests that went anywhere but `allowed_origins`."""
        return [url for url in self.requests if not url.startswith(allowed_origins)]


def _label(chat: ChatPage) -> str:
    script = "() => document.querySelector('label[for=chat-input]').innerText"
    return str(chat.root.evaluate(script))
