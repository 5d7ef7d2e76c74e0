"""Reminders for sign-up forms left idle, and dropping forms idle past their time to live."""

from __future__ import annotations

from typing import Any, Protocol

from bot.core.commands import EXPIRED_TEXT
from bot.domain import CoreIntent, Reply
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
            state["form_expired"] = True
            states.save_state(key, state)
            continue
        if form.get("reminded"):
            continue
        form["reminded"] = True
        states.save_state(key, state)
        prompt = signups.form.prompt(form)
        reminders.append(
            (
                key,
                Reply(
                    text="Je aanmelding voor het Leernetwerk is nog niet af. Zullen we "
                    f"verdergaan?\n\n{prompt.text}\n\n(Stoppen kan met /annuleer.)",
                    choices=prompt.choices,
                    intent=CoreIntent.SIGNUP_REMINDER,
                ),
            )
        )
    return reminders


def expire_form(state: dict[str, Any], now: float, ttl: float) -> str | None:
    """Drop a form idle past `ttl` seconds from `state`; the notice to show, if any."""
    expired = bool(state.pop("form_expired", False))
    form = state.get("form")
    if isinstance(form, dict) and now - float(form["updated_at"]) > ttl:
        state.pop("form")
        expired = True
    return EXPIRED_TEXT if expired else None
