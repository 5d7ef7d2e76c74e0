"""Reminders for sign-up forms left idle, and dropping forms idle past their time to live."""

from __future__ import annotations

from typing import Any, Protocol

from bot.domain import CoreIntent, Language, Reply
from bot.knowledge.texts import Texts
from bot.signup.form import form_language
from bot.signup.service import SignupService
from bot.storage.base import FormScanner
from bot.storage.state import StateStore


class FormStates(StateStore, FormScanner, Protocol):
    """A state store that can find idle forms."""


def due_reminders(
    states: FormStates,
    signups: SignupService,
    now: float,
    remind_after: float,
    ttl: float,
) -> list[tuple[str, Reply]]:
    """(conversation key, reminder) for every form idle past `remind_after` seconds, once per
    form; a form idle past `ttl` is dropped instead (its data does not linger)."""
    reminders: list[tuple[str, Reply]] = []
    for key, state in states.forms_idle_since(now - remind_after):
        form = state.get("form")
        if not isinstance(form, dict):
            continue
        if now - float(form["updated_at"]) > ttl:
            state.pop("form")
            state["form_expired"] = form_language(form).value  # the notice's language
            states.save_state(key, state)
            continue
        if form.get("reminded"):
            continue
        form["reminded"] = True
        states.save_state(key, state)
        prompt = signups.form.prompt(form)
        reminder = signups.texts.conversation.reminder.say(form_language(form), prompt=prompt.text)
        reminders.append(
            (
                key,
                Reply(
                    text=reminder,
                    choices=prompt.choices,
                    intent=CoreIntent.SIGNUP_REMINDER,
                    language=prompt.language,
                ),
            )
        )
    return reminders


def expire_form(state: dict[str, Any], now: float, ttl: float, texts: Texts) -> str | None:
    """Drop a form idle past `ttl` seconds from `state`; the notice to show (in the form's
    language), if any."""
    expired = state.pop("form_expired", None)
    form = state.get("form")
    if isinstance(form, dict) and now - float(form["updated_at"]) > ttl:
        state.pop("form")
        expired = form_language(form).value
    if not expired:
        return None
    return texts.conversation.expired.say(Language.of(expired))
