"""Telegram update handlers: one typed callback per step, all routed to the channel-free core.

Private chats are conversations of their own ("tg:private:<chat_id>"); in groups each user has
a conversation of their own ("tg:group:<chat_id>:<user_id>"), where the chat id is the group's
*first* id, so a group upgraded to a supergroup keeps its conversations. In groups the bot only
speaks when addressed (an @mention, a reply to one of its messages, or a command) and never asks
for or shows personal data there: that moves to a private chat through a deep-link button.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import re
import traceback
import weakref
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any, Protocol

from telegram import (
    BotCommand,
    Chat,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
    Update,
    User,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.core.types import Origin, Reply
from bot.telegram.render import (
    ButtonTexts,
    OutgoingMessage,
    StateLike,
    escape,
    render_reply,
    url_keyboard,
)

logger = logging.getLogger(__name__)

MAX_TEXT_LENGTH = 1000  # longer messages get a polite "please shorten" reply
SIGNUP_PAYLOAD = "aanmelden"


@dataclass(frozen=True, slots=True)
class CoreCommand:
    """A command the core has a method for; `private` ones never run in a group."""

    method: str  # the Assistant method, called as method(key, origin)
    text: str  # what is sent to `Assistant.handle` when that method does not exist
    private: bool  # needs personal data: in a group it becomes a deep link
    payload: str  # the /start payload of its deep link


# Commands handled by the core. Their names are also valid deep-link payloads (/start <name>).
CORE_COMMANDS: dict[str, CoreCommand] = {
    "aanmelden": CoreCommand("start_signup", "/aanmelden", True, "aanmelden"),
    "annuleer": CoreCommand("cancel", "/annuleer", False, ""),
    "mijngegevens": CoreCommand("my_data", "/mijngegevens", True, "mijngegevens"),
    "verwijder": CoreCommand("request_deletion", "/verwijder", True, "verwijder"),
}
COMMAND_ALIASES: dict[str, str] = {"signup": "aanmelden", "cancel": "annuleer"}
# Deep-link payload of a private-only reply in a group, by the reply's intent.
PAYLOAD_BY_INTENT: dict[str, str] = {"my_data": "mijngegevens", "delete_confirm": "verwijder"}
_ALIAS_PREFIX = "tg:chat-alias:"

# The command menu (Dutch), registered with set_my_commands on start-up.
COMMAND_MENU: tuple[tuple[str, str], ...] = (
    ("start", "Welkom en wat ik voor je kan doen"),
    ("hulp", "Uitleg en voorbeeldvragen"),
    ("programma", "Het programma van het Leernetwerk: de 8 dagdelen"),
    ("toolkit", "De werkpakketten van de toolkit per thema"),
    ("projecten", "Projecten van gemeenten per onderwerp"),
    ("aanmelden", "Aanmelden voor het Leernetwerk"),
    ("annuleer", "Stoppen met aanmelden"),
    ("mijngegevens", "Bekijken wat ik over je heb opgeslagen"),
    ("verwijder", "Je gegevens laten wissen"),
)

# Content commands ask the core a natural question, so they answer exactly like typed text.
# Each is an example phrasing of its intent in knowledge/intents.yaml, so it matches exactly.
COMMAND_QUESTIONS: dict[str, str] = {
    "programma": "programma",
    "toolkit": "toolkit",
    "projecten": "projecten",
}

WELCOME_HTML = (
    "<b>Welkom!</b> Ik ben de assistent van <b>Werken volgens de Bedoeling</b>.\n\n"
    "Ik beantwoord vragen over het Leernetwerk, de toolkit met werkpakketten en de projecten "
    "van gemeenten. Je kunt je bij mij ook aanmelden voor het Leernetwerk.\n\n"
    "Stel gewoon een vraag, of kies:\n"
    "/programma – de 8 dagdelen van het Leernetwerk\n"
    "/toolkit – de werkpakketten per thema\n"
    "/projecten – projecten van gemeenten per onderwerp\n"
    "/aanmelden – meedoen aan het Leernetwerk\n"
    "/hulp – uitleg en voorbeeldvragen"
)

HELP_HTML = (
    "<b>Zo werk ik</b>\n"
    "Stel je vraag in gewone taal, bijvoorbeeld:\n"
    "• Wat is Werken volgens de Bedoeling?\n"
    "• Wanneer is het volgende dagdeel?\n"
    "• Welke gemeenten doen mee?\n\n"
    "<b>Opdrachten</b>\n"
    "/programma – de 8 dagdelen\n"
    "/toolkit – de werkpakketten per thema\n"
    "/projecten – projecten per onderwerp\n"
    "/aanmelden – aanmelden voor het Leernetwerk\n"
    "/annuleer – stoppen met aanmelden\n"
    "/mijngegevens – zien wat ik over je heb opgeslagen\n"
    "/verwijder – je gegevens laten wissen\n\n"
    "In een groep reageer ik alleen als je mij noemt (@{username}), op mijn bericht "
    "reageert of een opdracht geeft."
)

GROUP_INTRO_HTML = (
    "Hallo allemaal! Ik ben de assistent van Werken volgens de Bedoeling: ik beantwoord vragen "
    "over het Leernetwerk, de toolkit en de projecten.\n"
    "Noem mij (@{username}) of reageer op mijn bericht als je iets wilt vragen; gewone "
    "gesprekken laat ik met rust."
)

PRIVATE_HANDOFF_HTML = (
    "Dat doen we liever in een privégesprek, zodat je gegevens niet in de groep komen. "
    "Tik op de knop om verder te gaan."
)
PRIVATE_HANDOFF_BUTTON = "Verder in privégesprek"
UNKNOWN_COMMAND_HTML = (
    "Die opdracht ken ik niet. Stel je vraag gewoon in woorden, of kijk bij /hulp wat ik kan."
)
UNSUPPORTED_MEDIA_HTML = (
    "Ik kan alleen tekst lezen, geen stickers, foto's, spraakberichten of bestanden. "
    "Typ je vraag, of kijk bij /hulp."
)
EDITED_MESSAGE_HTML = (
    "Ik lees aangepaste berichten niet opnieuw. Stuur je vraag gerust als nieuw bericht."
)
TOO_LONG_HTML = (
    "Dat bericht is te lang voor mij. Stel je vraag in een paar zinnen "
    f"(hooguit {MAX_TEXT_LENGTH} tekens)."
)
NO_WORDS_HTML = "Ik begrijp alleen woorden. Stel je vraag in tekst, of kijk bij /hulp."
EMPTY_MENTION_HTML = (
    "Ja? Zet je vraag achter mijn naam, bijvoorbeeld: @{username} wat is het programma?"
)
STALE_BUTTON_HTML = "Deze knop werkt niet meer. Stel je vraag gerust opnieuw, of kijk bij /hulp."
ERROR_HTML = (
    "Sorry, er ging iets mis aan mijn kant. Probeer het zo nog eens, of stel je vraag anders."
)


class AssistantLike(Protocol):
    """What the Telegram channel needs from the core's Assistant.

    Optional extras, used when present: `start_signup(key, origin)` and `cancel(key, origin)`.
    `handle` may be a plain or an async method.
    """

    def handle(self, key: str, text: str, origin: Origin) -> Reply | Awaitable[Reply]: ...


class ChatKeys:
    """Conversation keys per private chat and per user within a group, surviving migration."""

    def __init__(self, states: StateLike) -> None:
        self._states = states
        self._aliases: dict[int, int] = {}

    def canonical_chat_id(self, chat_id: int) -> int:
        """The id a group's conversations are stored under (its id before any migration)."""
        if chat_id in self._aliases:
            return self._aliases[chat_id]
        state = self._states.load_state(f"{_ALIAS_PREFIX}{chat_id}")
        canonical = state.get("canonical") if state else None
        result = canonical if isinstance(canonical, int) else chat_id
        self._aliases[chat_id] = result
        return result

    def record_migration(self, old_chat_id: int, new_chat_id: int) -> None:
        """Remember that `new_chat_id` continues the group `old_chat_id`."""
        canonical = self.canonical_chat_id(old_chat_id)
        if canonical == new_chat_id:
            return
        self._states.save_state(f"{_ALIAS_PREFIX}{new_chat_id}", {"canonical": canonical})
        self._aliases[new_chat_id] = canonical

    def key_for(self, chat: Chat, user: User | None) -> str:
        """The conversation key for `user` writing in `chat`."""
        if chat.type == ChatType.PRIVATE:
            return f"tg:private:{chat.id}"
        user_part = user.id if user is not None else "anon"
        return f"tg:group:{self.canonical_chat_id(chat.id)}:{user_part}"


def is_private(chat: Chat) -> bool:
    """True for a one-to-one chat with the bot."""
    return chat.type == ChatType.PRIVATE


def has_words(text: str) -> bool:
    """True when `text` holds at least one letter or digit (not only emoji or punctuation)."""
    return any(char.isalnum() for char in text)


class TelegramHandlers:
    """The bot's update handlers, bound to one assistant."""

    def __init__(
        self,
        assistant: AssistantLike,
        states: StateLike,
    ) -> None:
        self.assistant = assistant
        self.buttons = ButtonTexts(states)
        self.keys = ChatKeys(states)
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    # ----------------------------------------------------------------- registration

    def register(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Add the command, message and button handlers (not the fallbacks)."""
        messages = filters.UpdateType.MESSAGE
        application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, self.on_migration))
        application.add_handler(
            MessageHandler(
                filters.StatusUpdate.NEW_CHAT_MEMBERS | filters.StatusUpdate.CHAT_CREATED,
                self.on_added_to_group,
            )
        )
        application.add_handler(CommandHandler("start", self.on_start, filters=messages))
        application.add_handler(CommandHandler(["hulp", "help"], self.on_help, filters=messages))
        application.add_handler(
            CommandHandler(list(COMMAND_QUESTIONS), self.on_content_command, filters=messages)
        )
        application.add_handler(
            CommandHandler(
                [*CORE_COMMANDS, *COMMAND_ALIASES], self.on_core_command, filters=messages
            )
        )
        application.add_handler(CallbackQueryHandler(self.on_button))

    def register_fallbacks(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Add the catch-all handlers; call after every other module registered its commands."""
        messages = filters.UpdateType.MESSAGE
        application.add_handler(MessageHandler(messages & filters.COMMAND, self.on_unknown_command))
        application.add_handler(MessageHandler(messages & filters.TEXT, self.on_text))
        application.add_handler(
            MessageHandler(filters.UpdateType.EDITED_MESSAGE, self.on_edited_message)
        )
        application.add_handler(
            MessageHandler(messages & ~filters.StatusUpdate.ALL, self.on_unsupported)
        )
        application.add_error_handler(self.on_error)

    # ----------------------------------------------------------------- commands

    async def on_start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/start, with deep-link payloads such as `/start aanmelden`."""
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None:
            return
        payload = context.args[0].lower() if context.args else ""
        if payload in CORE_COMMANDS:
            await self._run_core_command(update, context, CORE_COMMANDS[payload])
            return
        if is_private(chat):
            await self._send(chat, [OutgoingMessage(WELCOME_HTML)], reply_to=None)
        else:
            username = escape(context.bot.username)
            await self._send(
                chat,
                [OutgoingMessage(GROUP_INTRO_HTML.format(username=username))],
                reply_to=message,
            )

    async def on_help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/hulp and /help."""
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None:
            return
        text = HELP_HTML.format(username=escape(context.bot.username))
        await self._send(chat, [OutgoingMessage(text)], reply_to=self._thread(message, chat))

    async def on_content_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/programma, /toolkit, /projecten: a natural question to the core."""
        message = update.effective_message
        if message is None or not message.text:
            return
        command = message.text.split()[0].lstrip("/").split("@")[0].lower()
        question = COMMAND_QUESTIONS.get(command)
        if question is None:
            return
        await self._converse(update, context, question)

    async def on_core_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/aanmelden, /annuleer, /mijngegevens, /verwijder (and English aliases)."""
        message = update.effective_message
        if message is None or not message.text:
            return
        name = message.text.split()[0].lstrip("/").split("@")[0].lower()
        command = CORE_COMMANDS.get(COMMAND_ALIASES.get(name, name))
        if command is not None:
            await self._run_core_command(update, context, command)

    async def _run_core_command(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, command: CoreCommand
    ) -> None:
        """Run a core command; one needing personal data moves from a group to private."""
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None:
            return
        if command.private and not is_private(chat):
            await self._send_private_handoff(chat, message, context, command.payload)
            return
        key, origin = self._conversation(chat, update.effective_user)
        async with self._lock(key):
            method = getattr(self.assistant, command.method, None)
            if callable(method):
                reply = await _resolve(method(key, origin))
            else:
                reply = await _resolve(self.assistant.handle(key, command.text, origin))
            await self._send_reply(chat, message, context, reply)

    async def on_unknown_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An unknown command: a friendly hint in private, silence in groups unless meant for us."""
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None or not message.text:
            return
        if not is_private(chat):
            command = message.text.split()[0]
            target = command.split("@", 1)[1] if "@" in command else ""
            if target.lower() != (context.bot.username or "").lower() and not self._replies_to_bot(
                message, context
            ):
                return
        await self._send(
            chat, [OutgoingMessage(UNKNOWN_COMMAND_HTML)], reply_to=self._thread(message, chat)
        )

    # ----------------------------------------------------------------- messages

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Free text: to the core in private; in groups only when addressed."""
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None or message.text is None:
            return
        text = message.text
        if not is_private(chat):
            addressed_text = self._addressed_text(message, context)
            if addressed_text is None:
                return  # ordinary chatter between colleagues
            if not addressed_text:
                hint = EMPTY_MENTION_HTML.format(username=escape(context.bot.username))
                await self._send(chat, [OutgoingMessage(hint)], reply_to=message)
                return
            text = addressed_text
        if len(text) > MAX_TEXT_LENGTH:
            if is_private(chat):
                await self._send(chat, [OutgoingMessage(TOO_LONG_HTML)], reply_to=None)
            return
        if not has_words(text):
            if is_private(chat):
                await self._send(chat, [OutgoingMessage(NO_WORDS_HTML)], reply_to=None)
            return
        await self._converse(update, context, text.strip())

    async def on_edited_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Edited messages are not re-answered; a short note in private, silence in groups."""
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None or not is_private(chat):
            return
        await self._send(chat, [OutgoingMessage(EDITED_MESSAGE_HTML)], reply_to=None)

    async def on_unsupported(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stickers, photos, voice, files and the like: a hint in private, silence in groups."""
        chat = update.effective_chat
        if chat is None or not is_private(chat):
            return
        await self._send(chat, [OutgoingMessage(UNSUPPORTED_MEDIA_HTML)], reply_to=None)

    async def on_added_to_group(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Introduce the bot in two lines when it is added to a group."""
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None or is_private(chat):
            return
        if not message.group_chat_created and not any(
            member.id == context.bot.id for member in message.new_chat_members
        ):
            return
        intro = GROUP_INTRO_HTML.format(username=escape(context.bot.username))
        await self._send(chat, [OutgoingMessage(intro)], reply_to=None)

    async def on_migration(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A group became a supergroup: keep its conversations under the new chat id."""
        message = update.effective_message
        if message is None:
            return
        if message.migrate_to_chat_id is not None:
            self.keys.record_migration(message.chat.id, message.migrate_to_chat_id)
        elif message.migrate_from_chat_id is not None:
            self.keys.record_migration(message.migrate_from_chat_id, message.chat.id)
        logger.info("Group migrated to a supergroup; conversations kept")

    # ----------------------------------------------------------------- buttons

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A pressed inline button answers as if its question had been typed."""
        query = update.callback_query
        if query is None:
            return
        try:
            text = self.buttons.decode(query.data)
        finally:
            await query.answer()
        message = query.message if isinstance(query.message, Message) else None
        chat = message.chat if message is not None else None
        if chat is None:
            return
        if text is None:
            await self._send(
                chat, [OutgoingMessage(STALE_BUTTON_HTML)], reply_to=self._thread(message, chat)
            )
            return
        await self._converse(
            update, context, text, user=query.from_user, chat=chat, message=message
        )

    # ----------------------------------------------------------------- errors

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the failure with its stack trace (no personal data) and tell the user."""
        error = context.error
        kind = "unknown"
        chat: Chat | None = None
        message: Message | None = None
        if isinstance(update, Update):
            chat, message = update.effective_chat, update.effective_message
            kind = next(
                (
                    name
                    for name in ("message", "edited_message", "callback_query", "my_chat_member")
                    if getattr(update, name, None) is not None
                ),
                "other",
            )
        if error is None:
            logger.error("Error handler called without an error (update kind %s)", kind)
            return
        if update is None and isinstance(error, TelegramError):
            return  # a polling error: the bot (bot.telegram.resilience) logged one line already
        frames = "".join(traceback.format_tb(error.__traceback__))
        # Only the exception type: its message may quote what a user wrote.
        logger.error(
            "Error while handling a %s update in a %s chat: %s\n"
            "Traceback (most recent call last):\n%s",
            kind,
            chat.type if chat is not None else "unknown",
            type(error).__name__,
            frames.rstrip(),
        )
        if chat is None:
            return
        try:
            await self._send(
                chat, [OutgoingMessage(ERROR_HTML)], reply_to=self._thread(message, chat)
            )
        except TelegramError as send_error:
            logger.warning("Could not tell the user about the error: %s", type(send_error).__name__)

    # ----------------------------------------------------------------- helpers

    async def _converse(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        text: str,
        *,
        user: User | None = None,
        chat: Chat | None = None,
        message: Message | None = None,
    ) -> None:
        """Send `text` to the core as `user` in `chat` and deliver the reply."""
        chat = chat or update.effective_chat
        message = message or update.effective_message
        if chat is None or message is None:
            return
        key, origin = self._conversation(chat, user or update.effective_user)
        async with self._lock(key):
            reply = await _resolve(self.assistant.handle(key, text, origin))
            await self._send_reply(chat, message, context, reply)

    async def _send_reply(
        self, chat: Chat, message: Message, context: ContextTypes.DEFAULT_TYPE, reply: Reply
    ) -> None:
        """Show `reply`; in a group, anything personal becomes a deep link to a private chat."""
        if not is_private(chat) and (reply.private_only or reply.action == "signup"):
            payload = (
                SIGNUP_PAYLOAD
                if reply.action == "signup"
                else PAYLOAD_BY_INTENT.get(reply.intent or "", "")
            )
            await self._send_private_handoff(chat, message, context, payload)
            return
        outgoing = render_reply(reply, self.buttons)
        await self._send(chat, outgoing, reply_to=self._thread(message, chat))

    async def _send_private_handoff(
        self, chat: Chat, message: Message, context: ContextTypes.DEFAULT_TYPE, payload: str
    ) -> None:
        url = f"https://t.me/{context.bot.username}"
        if payload:
            url += f"?start={payload}"
        outgoing = OutgoingMessage(PRIVATE_HANDOFF_HTML, url_keyboard(PRIVATE_HANDOFF_BUTTON, url))
        await self._send(chat, [outgoing], reply_to=message)

    async def _send(
        self, chat: Chat, outgoing: list[OutgoingMessage], *, reply_to: Message | None
    ) -> None:
        """Send messages in order; the first is threaded to `reply_to` when given."""
        for index, part in enumerate(outgoing):
            reply_parameters = (
                ReplyParameters(message_id=reply_to.message_id, allow_sending_without_reply=True)
                if reply_to is not None and index == 0
                else None
            )
            await chat.get_bot().send_message(
                chat_id=chat.id,
                text=part.html,
                parse_mode=ParseMode.HTML,
                reply_markup=part.keyboard,
                reply_parameters=reply_parameters,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                message_thread_id=reply_to.message_thread_id
                if reply_to is not None and reply_to.is_topic_message
                else None,
            )

    def _conversation(self, chat: Chat, user: User | None) -> tuple[str, Origin]:
        origin = Origin(
            channel="telegram",
            user_id=str(user.id) if user is not None else None,
            is_group=not is_private(chat),
            display_name=user.full_name if user is not None else None,
        )
        return self.keys.key_for(chat, user), origin

    def _lock(self, key: str) -> asyncio.Lock:
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        return lock

    @staticmethod
    def _thread(message: Message | None, chat: Chat) -> Message | None:
        """In groups replies are threaded to the asker's message; in private they are not."""
        return None if is_private(chat) else message

    @staticmethod
    def _replies_to_bot(message: Message, context: ContextTypes.DEFAULT_TYPE) -> bool:
        replied = message.reply_to_message
        return bool(replied and replied.from_user and replied.from_user.id == context.bot.id)

    def _addressed_text(self, message: Message, context: ContextTypes.DEFAULT_TYPE) -> str | None:
        """The text meant for the bot with the @mention removed, or None when not addressed."""
        text = message.text or ""
        username = context.bot.username or ""
        mention = re.compile(rf"(?<![\w@])@{re.escape(username)}\b", re.IGNORECASE)
        mentioned = bool(username) and mention.search(text) is not None
        if not mentioned and not self._replies_to_bot(message, context):
            return None
        stripped = mention.sub(" ", text) if mentioned else text
        return " ".join(stripped.split()).strip(" ,:;")


async def _resolve(result: Reply | Awaitable[Reply]) -> Reply:
    """Await `result` when the core's method was async."""
    if inspect.isawaitable(result):
        return await result
    return result


def command_menu() -> list[BotCommand]:
    """The Dutch command menu for set_my_commands."""
    return [BotCommand(command, description) for command, description in COMMAND_MENU]
