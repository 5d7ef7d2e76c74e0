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
from bot.domain import CoreIntent, HandoffAnswer, Language, Origin, Reply, Vote
from bot.handoff.desk import HANDOFF_COMMAND
from bot.knowledge.bilingual import Bilingual
from bot.knowledge.commands import Command, TypedCommand
from bot.web.transcript import Role, Transcripts, WebMessage, reply_message

MAX_TEXT_LENGTH = 1000
CONVERSATION_PREFIX = "web:"

# The web chat's own notices are knowledge/texts.yaml's (`web`; "too long" and "only words" are
# every channel's `channel` texts).
# Commands go by either name (knowledge/texts.yaml `commands`: /mijngegevens and /mydata); the
# core answers all but help (the content commands, /programma, as their question).
HELP_COMMANDS = frozenset({Command.START, Command.HELP})
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
            text = notice.say(Language.of(lang), most=MAX_TEXT_LENGTH)
            return Turn([WebMessage(id=0, role=Role.BOT, text=text, lang=lang)], lang)
        key = CONVERSATION_PREFIX + session_id
        origin = self._origin(key)
        shown = " ".join(label.split())[:MAX_TEXT_LENGTH] if label and label.strip() else text
        user = {"role": Role.USER, "text": shown, "lang": lang}
        command = self.assistant.texts.commands.parse(text)
        if command is not None and not _for_the_core(command):
            said = self.assistant.texts.web
            kind = said.help if command.command in HELP_COMMANDS else said.unknown_command
            # "/help" on a page without a conversation language yet answers in English.
            named = self.assistant.texts.commands.language_of(command.typed)
            english = Language.EN if named is Language.EN else None
            language = self.assistant.known_language(key) or english or Language.of(lang)
            reply = Reply(text=kind.say(language))
            answer = reply_message(reply, language.value)
            return Turn(self.transcripts.append(session_id, user, answer), lang)
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

    def _input_notice(self, text: str) -> Bilingual | None:
        texts = self.assistant.texts
        if not text:
            return texts.web.empty
        if len(text) > MAX_TEXT_LENGTH:
            return texts.channel.too_long
        if not any(char.isalnum() for char in text):
            return texts.channel.no_words
        return None


def _for_the_core(command: TypedCommand) -> bool:
    """Whether the core itself answers `command` (/aanmelden, /mydata, /programme,
    /coordinator <token>); help and unknown commands are the web chat's own."""
    known = command.command is not None and command.command not in HELP_COMMANDS
    return known or command.typed == HANDOFF_COMMAND


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
