"""The terminal chat shows the hand-off as a numbered choice and the coordinators' answer."""

from __future__ import annotations

import io
from pathlib import Path

from bot.channels.terminal import run_chat
from bot.core.factory import build_assistant


def test_the_terminal_offers_the_handoff_as_a_numbered_choice(tmp_path: Path) -> None:
    assistant = build_assistant(db_path=tmp_path / "bot.sqlite3", coordinator_chat_ids=["-1"])
    try:
        out = io.StringIO()
        run_chat(assistant, io.StringIO("Mag mijn hond mee?\n1\n"), out, user="Anna")
        text = out.getvalue()
        assert "[1] Stel je vraag aan de coördinatoren" in text
        assert "je vraag en je voornaam" in text
        assert "Je vraag is doorgestuurd naar de coördinatoren" in text
        assert assistant.handoffs is not None
        [handoff] = assistant.handoffs.store.list_handoffs(open_only=True)
        assert handoff.request.first_name == "Anna" and handoff.request.channel == "terminal"
        assistant.handoffs.service.answer(
            handoff.id, coordinator="Piet", text="Nee.", source_ref="r"
        )
        again = io.StringIO()
        run_chat(assistant, io.StringIO(""), again, user="Anna")
        assert "Antwoord van Piet" in again.getvalue() and "Nee." in again.getvalue()
        anonymous = io.StringIO()
        run_chat(assistant, io.StringIO("Mag mijn kat mee?\n"), anonymous)
        assert "je vraag en verder niets" in anonymous.getvalue()
    finally:
        assistant.close()
