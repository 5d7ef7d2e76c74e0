"""The web conversation: one browser session talking to the core, with its visible log.

Channel-free of HTTP: the Starlette routes in `app.py` call `WebChat.send` and `.history`.
Every conversation is `web:<session id>` in the core, one message at a time.

The core runs on the event loop, as in the Telegram channel, not in worker threads: one
message costs about 2.5 ms (brain plus two SQLite commits), and measured with
`python -m bot bench-web` (200 sessions), worker threads made it slower, not faster: the core
is pure Python and SQLite releases the GIL on every statement, so the loop thread and the
workers hand the GIL back and forth (up to 5 ms per hand-over): 26 answers/s with one worker,
61/s with four, against 66/s on the loop.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from bot.core.assistant import Assistant
from bot.core.commands import (
    COMMAND_CANCEL,
    COMMAND_DELETE,
    COMMAND_MY_DATA,
    COMMAND_SIGNUP,
    parse_command,
)
from bot.domain import CoreIntent, HandoffAnswer, Origin, Reply, Vote
from bot.handoff.desk import HANDOFF_COMMAND
from bot.web.transcript import Role, Transcripts, WebMessage, reply_message

MAX_TEXT_LENGTH = 1000
CONVERSATION_PREFIX = "web:"

# Interface notices of the web channel, Dutch and English.
NOTICES: dict[str, dict[str, str]] = {
    "empty": {
        "nl": "Typ eerst je vraag in het tekstvak.",
        "en": "Please type your question in the text box first.",
    },
    "too_long": {
        "nl": f"Dat bericht is te lang voor mij. Stel je vraag in een paar zinnen "
        f"(hooguit {MAX_TEXT_LENGTH} tekens).",
        "en": f"That message is too long for me. Please ask in a few sentences "
        f"(at most {MAX_TEXT_LENGTH} characters).",
    },
    "no_words": {
        "nl": "Ik begrijp alleen woorden. Stel je vraag in tekst.",
        "en": "I only understand words. Please type your question.",
    },
    "unknown_command": {
        "nl": "Die opdracht ken ik niet. Stel je vraag gewoon in woorden.",
        "en": "I don't know that command. Just ask your question in words.",
    },
    "help": {
        "nl": "Stel je vraag in gewone taal, bijvoorbeeld:\n"
        "• Wat is Werken volgens de Bedoeling?\n"
        "• Wanneer is het volgende dagdeel?\n"
        "• Welke gemeenten doen mee?\n\n"
        "Met de knoppen onder het tekstvak meld je je aan voor het Leernetwerk, zie je wat "
        "ik over je heb opgeslagen en laat je dat wissen.",
        "en": "Ask your question in plain words, for example:\n"
        "• What is Werken volgens de Bedoeling?\n"
        "• When is the next session?\n"
        "• Which municipalities take part?\n\n"
        "The buttons below the text box let you sign up for the Leernetwerk, see what I "
        "stored about you and have it deleted.",
    },
}
HELP_COMMANDS = frozenset({"start", "hulp", "help"})
CORE_COMMANDS = frozenset(
    {COMMAND_SIGNUP, COMMAND_CANCEL, COMMAND_MY_DATA, COMMAND_DELETE, HANDOFF_COMMAND}
)
COMMAND_ALIASES = {"signup": "/aanmelden", "cancel": "/annuleer"}
MAX_QUOTED_QUESTION = 200


@dataclass(slots=True)
class Turn:
    """What one message produced: the new messages (the user's own included; input notices
    have id 0 and are not kept), the language, and whether the log was wiped first."""

    messages: list[WebMessage] = field(default_factory=list)
    lang: str = "nl"
    reset: bool = False
    core_ms: float = 0.0  # time spent in the core and the log, for Server-Timing


class WebChat:
    """Web conversations on one core assistant."""

    def __init__(self, assistant: Assistant, transcripts: Transcripts | None = None) -> None:
        self.assistant = assistant
        self.transcripts = transcripts or Transcripts(assistant.states)

    def history(self, session_id: str, after: int = 0) -> list[WebMessage]:
        """The conversation's messages after id `after`, coordinators' new answers included
        (they are added to the log the first time they are seen, so they stay)."""
        self._add_coordinator_answers(session_id)
        return self.transcripts.messages(session_id, after)

    def send(self, session_id: str, text: str, label: str | None = None) -> Turn:
        """Handle one message typed (or one button pressed: `label` is what the log shows
        for it) in session `session_id`."""
        started = time.perf_counter()
        turn = self._send(session_id, text, label)
        turn.core_ms = (time.perf_counter() - started) * 1000
        return turn

    def vote(self, session_id: str, message_id: int, vote: Vote) -> Turn:
        """A 👍/👎 on message `message_id`: the buttons make way for a thanks, and a 👎 adds the
        core's offer to pass the question on to the coordinators."""
        key = CONVERSATION_PREFIX + session_id
        lang = self.language(session_id)
        message = next(
            (
                m
                for m in self.transcripts.messages(session_id, message_id - 1)
                if m.id == message_id
            ),
            None,
        )
        if message is None or not message.feedback:
            return Turn([], lang)
        outcome = self.assistant.record_feedback(key, self._origin(key), message.feedback, vote)
        updated = self.transcripts.update(
            session_id, message_id, feedback=None, thanks=outcome.thanks
        )
        messages = [updated] if updated is not None else []
        if outcome.follow_up is not None:
            messages += self.transcripts.append(session_id, reply_message(outcome.follow_up, lang))
        return Turn(messages, lang)

    def _send(self, session_id: str, text: str, label: str | None = None) -> Turn:
        text = text.strip()
        notice = self._input_notice(text)
        lang = self.language(session_id) if notice or text.startswith("/") else "nl"
        if notice is not None:
            notice_message = WebMessage(id=0, role=Role.BOT, text=NOTICES[notice][lang], lang=lang)
            return Turn([notice_message], lang)
        key = CONVERSATION_PREFIX + session_id
        origin = self._origin(key)
        shown = " ".join(label.split())[:MAX_TEXT_LENGTH] if label and label.strip() else text
        user = {"role": Role.USER, "text": shown, "lang": lang}
        command = parse_command(text)
        if command is not None and command[0] not in CORE_COMMANDS:
            if command[0] in COMMAND_ALIASES:
                return self._send(session_id, COMMAND_ALIASES[command[0]])
            kind = "help" if command[0] in HELP_COMMANDS else "unknown_command"
            reply = Reply(text=NOTICES[kind][lang])
            return Turn(self.transcripts.append(session_id, user, reply_message(reply, lang)), lang)
        reply = self.assistant.handle(key, text, origin)
        lang = self.language(session_id)
        if reply.intent == CoreIntent.DELETED:
            self.transcripts.clear(session_id)
            return Turn(self.transcripts.append(session_id, reply_message(reply, lang)), lang, True)
        user["lang"] = lang
        return Turn(self.transcripts.append(session_id, user, reply_message(reply, lang)), lang)

    def _add_coordinator_answers(self, session_id: str) -> None:
        seen = self.transcripts.answers_seen(session_id)
        answers = self.assistant.handoff_answers(CONVERSATION_PREFIX + session_id, after=seen)
        if answers:
            self.transcripts.append(
                session_id,
                *(coordinator_message(answer) for answer in answers),
                answers_seen=answers[-1].id,
            )

    @staticmethod
    def _origin(key: str) -> Origin:
        # No name is known on the web: a hand-off says so instead of a first name.
        return Origin(channel="web", user_id=key, is_group=False)

    def language(self, session_id: str) -> str:
        """The conversation's language as the brain last judged it ("nl" or "en")."""
        state: dict[str, Any] = self.assistant.state_of(CONVERSATION_PREFIX + session_id)
        dialogue = state.get("dialogue")
        language = dialogue.get("language") if isinstance(dialogue, dict) else None
        return "en" if language == "en" else "nl"

    @staticmethod
    def _input_notice(text: str) -> str | None:
        if not text:
            return "empty"
        if len(text) > MAX_TEXT_LENGTH:
            return "too_long"
        if not any(char.isalnum() for char in text):
            return "no_words"
        return None


def coordinator_message(answer: HandoffAnswer) -> dict[str, Any]:
    """The log entry showing a coordinator's answer, with the question it answers."""
    question = " ".join(answer.question.split())
    if len(question) > MAX_QUOTED_QUESTION:
        question = question[: MAX_QUOTED_QUESTION - 1] + "…"
    return {
        "role": Role.COORDINATOR,
        "text": f"Op je vraag “{question}”:\n\n{answer.text}",
        "author": answer.coordinator,
    }
