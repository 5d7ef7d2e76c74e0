"""SignupService on a real SQLite file: capacity, waiting list, notices, rights, exports."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.domain import STATUS_CONFIRMED, STATUS_CONTACTED, STATUS_REJECTED, SignupData
from bot.signup import reports
from bot.signup.capacity import capacity_line
from bot.signup.service import SignupService
from bot.storage.sqlite import SqliteStorage

CHATS = ("-1001", "-1002")
HTML_EMOJI = "<b>Jan</b> & <i>Co</i> 😀"


class Clock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[SqliteStorage]:
    store = SqliteStorage(tmp_path / "bot.sqlite3")
    yield store
    store.close()


@pytest.fixture
def service(storage: SqliteStorage) -> SignupService:
    return SignupService(storage, CHATS, clock=Clock())


def person(n: int, gemeente: str = "Oss", role: str = "control", **extra: str) -> SignupData:
    return SignupData(
        name=extra.get("name", f"Persoon {n}"),
        gemeente=gemeente,
        role=role,
        email=extra.get("email", f"p{n}@example.nl"),
        phone=extra.get("phone"),
        remarks=extra.get("remarks"),
    )


ROLES3 = ("gemeentesecretaris", "control", "veranderkundig profiel")


def test_confirmed_signup_is_committed_then_forwarded_once_per_chat(
    service: SignupService, storage: SqliteStorage
) -> None:
    submission = service.submit(
        "tg:private:7", person(1, name=HTML_EMOJI, remarks=HTML_EMOJI, phone="+31 6 12345678")
    )
    assert "ontvangen en opgeslagen" in submission.reply.text
    assert "gemeente Oss: 1/3, 1/10 gemeenten" in submission.reply.text
    [signup] = storage.list_signups()
    assert signup.data.name == HTML_EMOJI and signup.user_key == "tg:private:7"
    items = storage.due_items(1e12)
    assert sorted(item.chat_id for item in items) == sorted(CHATS)
    payload = items[0].payload
    assert payload["name"] == HTML_EMOJI and payload["remarks"] == HTML_EMOJI
    assert payload["capacity"] == "gemeente Oss: 1/3, 1/10 gemeenten"
    assert payload["signup_id"] == signup.id and items[0].signup_id == signup.id
    assert "&lt;b&gt;Jan&lt;/b&gt; &amp; &lt;i&gt;Co&lt;/i&gt; 😀" in payload["html"]
    assert "<b>Jan</b>" not in payload["html"]
    assert "06 12345678" in payload["html"]


def test_three_per_gemeente_one_per_role_then_waiting_list(
    service: SignupService, storage: SqliteStorage
) -> None:
    for n, role in enumerate(ROLES3):
        result = service.submit(f"u{n}", person(n, role=role)).result
        assert result.waitlist_reason is None
    assert storage.capacity().per_gemeente == {"Oss": 3}
    again = service.submit("u9", person(9, role="control"))
    assert again.result.signup.waitlisted
    assert "rol control al ingevuld" in again.reply.text
    assert "wachtlijst" in again.reply.text
    assert storage.capacity().per_gemeente == {"Oss": 3}
    # The waiting list is forwarded too, marked as such.
    html = [
        i.payload["html"] for i in storage.due_items(1e12) if i.signup_id == again.result.signup.id
    ]
    assert html and all("wachtlijst" in h for h in html)
    assert "Persoon 9" in reports.waitlist_text(service.storage)


def test_role_taken_in_a_gemeente_with_room(service: SignupService) -> None:
    service.submit("a", person(1, role="control"))
    taken = service.submit("b", person(2, role="control"))
    assert taken.result.waitlist_reason == "Voor Oss is de rol control al ingevuld."
    placed = service.submit("c", person(3, role="gemeentesecretaris"))
    assert placed.result.waitlist_reason is None


def test_at_most_ten_gemeenten(service: SignupService, storage: SqliteStorage) -> None:
    names = list(service.municipalities.names)[:11]
    for n, gemeente in enumerate(names[:10]):
        assert service.submit(f"u{n}", person(n, gemeente=gemeente)).result.waitlist_reason is None
    eleventh = service.submit("u10", person(10, gemeente=names[10]))
    assert eleventh.result.signup.waitlisted
    assert "10 gemeenten" in eleventh.reply.text
    # A gemeente already in gets its second participant.
    second = service.submit("u11", person(11, gemeente=names[0], role="gemeentesecretaris"))
    assert second.result.waitlist_reason is None
    assert storage.capacity().gemeenten == 10
    # The form warns before confirming.
    note = service.capacity_note({"gemeente": names[10], "role": None})
    assert note is not None and "wachtlijst" in note


def test_withdrawal_frees_the_place(service: SignupService, storage: SqliteStorage) -> None:
    service.submit("a", person(1, role="control"))
    assert service.capacity_note({"gemeente": "Oss", "role": "control"}) is not None
    service.delete("a")
    assert service.capacity_note({"gemeente": "Oss", "role": "control"}) is None
    assert service.submit("b", person(2, role="control")).result.waitlist_reason is None


def test_same_email_updates_the_existing_signup(
    service: SignupService, storage: SqliteStorage
) -> None:
    first = service.submit("a", person(1, role="control"))
    updated = service.submit("a", person(1, role="control", phone="+31 6 11112222"))
    assert "bijgewerkt" in updated.reply.text
    assert not updated.result.created and updated.result.waitlist_reason is None
    [signup] = storage.list_signups()
    assert (signup.id, signup.version, signup.data.phone) == (
        first.result.signup.id,
        2,
        "+31 6 11112222",
    )
    assert storage.pending_count() == 4  # v1 and v2, to each of the two chats
    # Their own place does not make the form warn about their own role.
    assert (
        service.capacity_note({"gemeente": "Oss", "role": "control", "email": "p1@example.nl"})
        is None
    )


def test_confirming_twice_forwards_nothing_twice(
    service: SignupService, storage: SqliteStorage
) -> None:
    service.submit("a", person(1))
    again = service.submit("a", person(1))  # e.g. the reply was lost in a crash; user retries
    assert not again.result.changed
    assert "al ontvangen" in again.reply.text
    assert len(storage.list_signups()) == 1
    assert storage.pending_count() == len(CHATS)


def test_my_data_and_deletion_with_withdrawn_notice(
    service: SignupService, storage: SqliteStorage
) -> None:
    assert "geen aanmelding" in service.my_data("a").text
    service.submit("a", person(1, name=HTML_EMOJI, remarks="🎉 <br>"))
    shown = service.my_data("a").text
    assert HTML_EMOJI in shown and "🎉 <br>" in shown and "Status: nieuw" in shown
    assert "geen aanmelding" in service.my_data("someone-else").text
    for item in storage.due_items(1e12):  # the coordinators received the sign-up
        storage.mark_sent(item.id, 1, 1.0)
    assert "Weet je zeker" in service.deletion_question("a").text
    reply = service.delete("a")
    assert "verwijderd" in reply.text and "ingetrokken" in reply.text
    assert storage.list_signups() == []
    withdrawn = storage.due_items(1e12)
    assert sorted(i.chat_id for i in withdrawn) == sorted(CHATS)
    assert all(i.kind == "withdrawn" and i.payload["edit"] == [1] for i in withdrawn)
    assert all(
        "ingetrokken" in i.payload["html"] and "Jan" not in str(i.payload) for i in withdrawn
    )
    assert "geen aanmelding" in service.my_data("a").text


def test_deleting_before_forwarding_sends_nothing(
    service: SignupService, storage: SqliteStorage
) -> None:
    service.submit("a", person(1))
    reply = service.delete("a")
    assert "nog niet ontvangen" in reply.text
    assert storage.pending_count() == 0


def test_coordinator_status_changes(service: SignupService, storage: SqliteStorage) -> None:
    signup = service.submit("tg:private:5", person(1, name=HTML_EMOJI)).result.signup
    confirmed = service.set_status(signup.id, STATUS_CONFIRMED, actor="Els <admin>")
    assert confirmed is not None
    assert confirmed.applicant_key == "tg:private:5"
    assert confirmed.applicant_reply is not None and "bevestigd" in confirmed.applicant_reply.text
    assert "Door: Els &lt;admin&gt;" in confirmed.coordinator_html
    assert "&lt;b&gt;Jan" in confirmed.coordinator_html
    contacted = service.set_status(signup.id, STATUS_CONTACTED, actor="Els")
    assert contacted is not None and contacted.applicant_reply is None
    rejected = service.set_status(signup.id, STATUS_REJECTED, actor="Els")
    assert rejected is not None and rejected.applicant_reply is not None
    assert "niet geplaatst" in rejected.applicant_reply.text
    assert storage.capacity().per_gemeente == {}  # a rejected sign-up frees its place
    assert service.set_status(9999, STATUS_CONFIRMED, actor="x") is None
    with pytest.raises(ValueError):
        service.set_status(signup.id, "onzin", actor="x")


def test_csv_export_opens_in_dutch_excel(service: SignupService) -> None:
    service.submit("a", person(1, name="=HYPERLINK(\"x\")", remarks="regel 1\nregel; 2 😀",
                                phone="+31 6 12345678"))  # fmt: skip
    service.submit("b", person(2, gemeente="Súdwest-Fryslân", name=HTML_EMOJI))
    raw = reports.export_csv(service.storage)
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["id", "aangemeld op", "bijgewerkt op", "naam"]
    assert rows[1][3] == '\'=HYPERLINK("x")'  # formula neutralised
    assert rows[1][7] == "06 12345678"  # text, leading zero kept
    assert rows[1][8] == "regel 1\nregel; 2 😀"
    assert rows[2][3] == HTML_EMOJI and rows[2][4] == "Súdwest-Fryslân"
    assert len(rows) == 3


def test_list_text_counts_per_gemeente_and_role(service: SignupService) -> None:
    assert reports.list_text(service.storage) == "Er zijn nog geen aanmeldingen."
    service.submit("a", person(1, role="control"))
    service.submit("b", person(2, role="gemeentesecretaris"))
    service.submit("c", person(3, gemeente="Ede"))
    service.submit("d", person(4, role="control"))  # waiting list
    text = reports.list_text(service.storage)
    assert "Aanmeldingen (4):" in text
    assert "- Oss: 2/3 (control, gemeentesecretaris)" in text
    assert "- control: 2" in text and "- gemeentesecretaris: 1" in text
    assert "Gemeenten: 2/10; wachtlijst: 1" in text


def test_unanswered_summary_text(service: SignupService, storage: SqliteStorage) -> None:
    assert "geen onbeantwoorde" in reports.unanswered_text(service.storage)
    storage.record_unanswered("Waar kan ik parkeren?", 1_700_000_000.0)
    storage.record_unanswered("waar kan ik parkeren", 1_700_000_100.0)
    assert "- 2× waar kan ik parkeren (laatst" in reports.unanswered_text(service.storage)


def test_capacity_line_format(storage: SqliteStorage) -> None:
    assert capacity_line(storage.capacity(), "Oss") == "gemeente Oss: 0/3, 0/10 gemeenten"


def test_cli_lists_exports_and_shows_the_waitlist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli.signups import run_signups

    monkeypatch.delenv("BOT_DB_PATH", raising=False)
    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path / "d"))
    assert run_signups([]) == 1  # no database yet
    assert "Geen database" in capsys.readouterr().err
    store = SqliteStorage(tmp_path / "d" / "bot.sqlite3")
    service = SignupService(store, CHATS)
    service.submit("a", person(1, name=HTML_EMOJI))
    service.submit("b", person(2))  # same role in Oss: waiting list
    store.close()
    assert run_signups([]) == 0
    assert "Aanmeldingen (2):" in capsys.readouterr().out
    assert run_signups(["--waitlist"]) == 0
    out = capsys.readouterr().out
    assert "Wachtlijst (1):" in out and "Persoon 2" in out and HTML_EMOJI not in out
    target = tmp_path / "export.csv"
    assert run_signups(["--csv", "--out", str(target)]) == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert HTML_EMOJI in target.read_bytes().decode("utf-8-sig")
    monkeypatch.setenv("BOT_DB_PATH", str(tmp_path / "elsewhere.sqlite3"))
    assert run_signups([]) == 1


def test_benchmark_loses_nothing() -> None:
    from bot.cli.bench_outbox import run

    figures = run(60, use_emulator=False, verbose=False)
    assert figures["stored"] == 60
    assert figures["placed"] == 30  # 10 gemeenten x 3 roles; the rest on the waiting list
    assert figures["enqueued"] == figures["sent"] == figures["received"] == 120
    assert figures["every_signup_once_in_every_chat"] is True
    assert figures["pending_after"] == 0
