"""SqliteStorage on real files: schema, migrations, state, sign-ups, outbox, unanswered."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from bot.domain import STATUS_CONFIRMED, STATUS_REJECTED, Capacity, Signup, SignupData
from bot.storage.base import FormScanner, OutboxRequest, Storage
from bot.storage.migrations import SCHEMA_VERSION, SchemaError, apply_migrations
from bot.storage.sqlite import SqliteStorage
from bot.storage.sqlite_unanswered import redact

HTML_EMOJI = "<b>Jan</b> & <script>alert('x')</script> 😀🇳🇱"


def data(email: str = "jan@example.nl", **overrides: str | None) -> SignupData:
    values: dict[str, str | None] = {
        "name": "Jan de Vries",
        "gemeente": "Oss",
        "role": "control",
        "email": email,
        "phone": "+31 6 12345678",
        "remarks": None,
    }
    values.update(overrides)
    return SignupData(**values)  # type: ignore[arg-type]


def never_waitlist(_capacity: Capacity, _data: SignupData) -> str | None:
    return None


def one_notice(signup: Signup, _capacity: Capacity, _created: bool) -> list[OutboxRequest]:
    return [OutboxRequest("-100", "signup", {"id": signup.id}, f"s:{signup.id}:{signup.version}")]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "bot.sqlite3"


@pytest.fixture
def storage(db_path: Path) -> Iterator[SqliteStorage]:
    store = SqliteStorage(db_path)
    yield store
    store.close()


def test_new_file_has_wal_and_latest_schema(storage: SqliteStorage, db_path: Path) -> None:
    assert db_path.exists()
    assert storage.journal_mode() == "wal"
    assert storage.schema_version() == SCHEMA_VERSION
    checked: Storage = storage  # the protocol is implemented (mypy checks this line)
    assert isinstance(checked, FormScanner)


def test_migrates_an_old_version_file_keeping_data(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path, isolation_level=None)
    assert apply_migrations(conn, target=1) == 0
    conn.execute(
        "INSERT INTO signups (user_key, name, gemeente, role, email, status, waitlisted, "
        "created_at, updated_at) VALUES ('tg:private:1', ?, 'Oss', 'control', 'a@b.nl', "
        "'nieuw', 0, 1.0, 1.0)",
        (HTML_EMOJI,),
    )
    conn.execute(
        "INSERT INTO conversation_state (key, state_json, updated_at) VALUES ('k', '{\"x\": 1}', 1)"
    )
    conn.execute(
        "INSERT INTO outbox (chat_id, kind, payload_json, dedupe_key, next_attempt_at, "
        "created_at) VALUES ('-100', 'signup', '{}', 'old', 0, 0)"
    )
    conn.close()

    store = SqliteStorage(db_path)
    try:
        assert store.schema_version() == SCHEMA_VERSION
        [signup] = store.list_signups()
        assert signup.data.name == HTML_EMOJI
        assert signup.version == 1  # column added by migration 2 with its default
        assert store.load_state("k") == {"x": 1}
        assert [item.signup_id for item in store.due_items(10.0)] == [None]
        assert store.forms_idle_since(1e12) == []  # migration 3's column exists
    finally:
        store.close()


def test_a_newer_schema_is_refused(db_path: Path) -> None:
    SqliteStorage(db_path).close()
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    conn.close()
    with pytest.raises(SchemaError, match="newer"):
        SqliteStorage(db_path)


def test_state_round_trip_and_forms_idle(storage: SqliteStorage) -> None:
    storage.save_state("a", {"dialogue": {"x": HTML_EMOJI}, "form": {"updated_at": 100.0}})
    storage.save_state("b", {"form": {"updated_at": 500.0}})
    storage.save_state("c", {"dialogue": {}})
    assert storage.load_state("a") == {"dialogue": {"x": HTML_EMOJI}, "form": {"updated_at": 100.0}}
    assert [key for key, _ in storage.forms_idle_since(200.0)] == ["a"]
    assert [key for key, _ in storage.forms_idle_since(500.0)] == ["a", "b"]
    storage.save_state("a", {"dialogue": {}})  # form finished
    assert [key for key, _ in storage.forms_idle_since(1000.0)] == ["b"]
    storage.delete_state("b")
    assert storage.load_state("b") is None


def test_same_email_updates_instead_of_duplicating(storage: SqliteStorage) -> None:
    first, created = storage.save_signup("u1", data(), waitlisted=False)
    assert created
    second, created = storage.save_signup("u1", data(name="Jan Jansen"), waitlisted=False)
    assert not created
    assert second.id == first.id
    assert second.version == 2
    assert [s.data.name for s in storage.list_signups()] == ["Jan Jansen"]


def test_submit_is_atomic_and_idempotent(storage: SqliteStorage) -> None:
    result = storage.submit_signup(
        "u1", data(), at=10.0, waitlist_rule=never_waitlist, notices=one_notice
    )
    assert result.created and result.changed and result.enqueued == 1
    again = storage.submit_signup(
        "u1", data(), at=11.0, waitlist_rule=never_waitlist, notices=one_notice
    )
    assert not again.changed and again.enqueued == 0
    assert storage.pending_count() == 1


def test_submit_rolls_back_when_building_notices_fails(storage: SqliteStorage) -> None:
    def broken(_s: Signup, _c: Capacity, _n: bool) -> list[OutboxRequest]:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        storage.submit_signup("u1", data(), at=1.0, waitlist_rule=never_waitlist, notices=broken)
    assert storage.list_signups() == []
    assert storage.pending_count() == 0


def test_capacity_counts_only_active_placed(storage: SqliteStorage) -> None:
    a, _ = storage.save_signup("u1", data("a@x.nl", role="control"), waitlisted=False)
    storage.save_signup("u2", data("b@x.nl", role="gemeentesecretaris"), waitlisted=False)
    storage.save_signup("u3", data("c@x.nl", gemeente="Ede"), waitlisted=True)
    rejected, _ = storage.save_signup("u4", data("d@x.nl", gemeente="Epe"), waitlisted=False)
    storage.set_status(rejected.id, STATUS_REJECTED, actor="Coördinator", at=5.0)
    capacity = storage.capacity()
    assert capacity.per_gemeente == {"Oss": 2}
    assert capacity.roles_per_gemeente == {"Oss": ["control", "gemeentesecretaris"]}
    assert capacity.gemeenten == 1
    confirmed = storage.set_status(a.id, STATUS_CONFIRMED, actor="Els 👩", at=6.0)
    assert confirmed is not None
    assert (confirmed.status, confirmed.acted_by, confirmed.acted_at) == (
        STATUS_CONFIRMED,
        "Els 👩",
        6.0,
    )
    assert storage.set_status(999, STATUS_CONFIRMED, actor="x", at=1.0) is None


def test_outbox_dedupe_retry_and_sent(storage: SqliteStorage) -> None:
    first = storage.enqueue("-1", "signup", {"t": HTML_EMOJI}, "k1")
    assert first is not None
    assert storage.enqueue("-1", "signup", {"t": "other"}, "k1") is None
    storage.mark_failed(first, "NetworkError", retry_at=100.0)
    assert storage.due_items(99.0) == []
    [item] = storage.due_items(100.0)
    assert (item.attempts, item.last_error, item.payload) == (1, "NetworkError", {"t": HTML_EMOJI})
    storage.mark_sent(first, 42, 101.0)
    storage.mark_sent(first, 43, 102.0)  # a second mark does not overwrite
    assert storage.due_items(1e12) == []
    assert storage.pending_count() == 0
    assert storage.sent_message_id("k1") == 42
    assert storage.outbox_counts() == {"pending": 0, "sent": 1}


def test_pending_outbox_survives_restart(db_path: Path) -> None:
    store = SqliteStorage(db_path)
    store.enqueue("-1", "signup", {"n": 1}, "k1")
    store.enqueue("-1", "signup", {"n": 2}, "k2")
    [first, _] = store.due_items(1e12)
    store.mark_sent(first.id, 7, 1.0)
    store.close()
    reopened = SqliteStorage(db_path)
    try:
        assert [item.payload for item in reopened.due_items(1e12)] == [{"n": 2}]
    finally:
        reopened.close()


def test_withdraw_drops_unsent_scrubs_sent_and_notifies(storage: SqliteStorage) -> None:
    signup, _ = storage.save_signup("u1", data(name=HTML_EMOJI), waitlisted=False)
    sent = storage.enqueue("-1", "signup", {"name": HTML_EMOJI}, "a", signup_id=signup.id)
    storage.enqueue("-2", "signup", {"name": HTML_EMOJI}, "b", signup_id=signup.id)
    assert sent is not None
    storage.mark_sent(sent, 1, 1.0)
    seen: list[Mapping[str, tuple[int, ...]]] = []

    def notices(s: Signup, told: Mapping[str, tuple[int, ...]]) -> list[OutboxRequest]:
        seen.append(told)
        return [OutboxRequest(c, "withdrawn", {"name": s.data.name}, f"w:{c}") for c in told]

    deleted = storage.withdraw_user_signups("u1", notices)
    assert [s.data.name for s in deleted] == [HTML_EMOJI]
    assert seen == [{"-1": (1,)}]  # the chat that had it, with the message id of its copy
    assert storage.list_signups() == []
    [withdrawn] = storage.due_items(1e12)  # the unsent "-2" notice is gone
    assert (withdrawn.chat_id, withdrawn.kind) == ("-1", "withdrawn")
    storage.mark_sent(withdrawn.id, 2, 2.0)
    with sqlite3.connect(storage.path) as conn:
        payloads = [row[0] for row in conn.execute("SELECT payload_json FROM outbox")]
    assert all("Jan" not in payload for payload in payloads), payloads


def test_unanswered_grouped_without_identity_newest_first(storage: SqliteStorage) -> None:
    storage.record_unanswered("Wat kost parkeren?", 1.0)
    storage.record_unanswered("wat kost  parkeren", 3.0)
    storage.record_unanswered("Mail me op jan@example.nl of 06-12345678", 2.0)
    rows = storage.unanswered_summary()
    assert rows[0] == ("wat kost parkeren", 2, 3.0)
    assert rows[1][0] == "Mail me op [e-mail] of [nummer]"
    assert redact("bel 013 - 531 06 18") == "bel [nummer]"


def test_writes_are_visible_to_a_second_connection(storage: SqliteStorage) -> None:
    storage.save_signup("u", data(), waitlisted=False)
    other = SqliteStorage(storage.path)
    try:
        assert len(other.list_signups()) == 1
    finally:
        other.close()


def test_processes_starting_at_once_on_a_new_file_all_migrate_it(tmp_path: Path) -> None:
    """Four real `bot ask` processes start together on one new database file: each runs,
    and the schema is migrated once (no "table already exists")."""
    env = {**os.environ, "BOT_DB_PATH": str(tmp_path / "shared.sqlite3")}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    line = json.dumps({"conversation": "c", "text": "wat kost het leernetwerk"}) + "\n"
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "bot", "ask", "--jsonl"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(4)
    ]
    results = [p.communicate(line, timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0, 0], [err[-500:] for _, err in results]
    assert all("4500" in out for out, _ in results)
    with sqlite3.connect(tmp_path / "shared.sqlite3") as conn:
        assert conn.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
