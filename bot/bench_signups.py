"""Benchmark: n sign-ups stored through the service into a temporary SQLite file, then the
outbox drained with a fake sender. Prints the time taken and the counts (with a loss check).

    python -m bot.bench_signups [n]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.signup.municipalities import default_municipalities
from bot.signup.service import SignupService
from bot.storage.base import ROLES, SignupData
from bot.storage.sqlite import SqliteStorage

COORDINATOR_CHATS = ("-1001", "-1002")


def store_signups(service: SignupService, n: int) -> None:
    """Submit `n` sign-ups with HTML and emoji in their fields (most end on the waiting list)."""
    names = default_municipalities().names
    for index in range(n):
        data = SignupData(
            name=f"Deelnemer {index} <b>&</b> 😀",
            gemeente=names[(index // len(ROLES)) % len(names)],
            role=ROLES[index % len(ROLES)],
            email=f"deelnemer{index}@example.nl",
            phone="+31 6 12345678",
            remarks="Opmerking met <html> & emoji 🎉",
        )
        service.submit(f"bench:{index}", data)


def run(n: int = 1000, *, verbose: bool = True) -> dict[str, Any]:
    """Store `n` sign-ups and forward them; returns the figures (and prints them)."""
    with tempfile.TemporaryDirectory() as tmp:
        storage = SqliteStorage(Path(tmp) / "bench.sqlite3")
        service = SignupService(storage, COORDINATOR_CHATS)
        start = time.perf_counter()
        store_signups(service, n)
        stored_at = time.perf_counter()
        enqueued = storage.pending_count()
        sent_ids: set[int] = set()
        duplicates = 0
        message_id = 0
        while True:
            batch = storage.due_items(time.time() + 1, limit=200)
            if not batch:
                break
            for item in batch:
                if item.id in sent_ids:
                    duplicates += 1
                sent_ids.add(item.id)
                message_id += 1  # the fake sender "delivers" and returns a message id
                storage.mark_sent(item.id, message_id, time.time())
        drained_at = time.perf_counter()
        stored = len(storage.list_signups())
        placed = len(storage.list_signups(waitlisted=False))
        counts = storage.outbox_counts()
        storage.close()
    figures: dict[str, Any] = {
        "n": n,
        "stored": stored,
        "placed": placed,
        "waitlisted": stored - placed,
        "enqueued": enqueued,
        "sent": len(sent_ids),
        "pending_after": counts["pending"],
        "duplicates": duplicates,
        "lost": n * len(COORDINATOR_CHATS) - len(sent_ids),
        "store_seconds": round(stored_at - start, 3),
        "drain_seconds": round(drained_at - stored_at, 3),
        "total_seconds": round(drained_at - start, 3),
    }
    if verbose:
        print(
            f"{figures['stored']} sign-ups stored ({figures['placed']} placed, "
            f"{figures['waitlisted']} on the waiting list) in {figures['store_seconds']} s; "
            f"{figures['enqueued']} outbox items enqueued, {figures['sent']} sent in "
            f"{figures['drain_seconds']} s; lost {figures['lost']}, "
            f"duplicates {figures['duplicates']}, still pending {figures['pending_after']}; "
            f"total {figures['total_seconds']} s"
        )
    return figures


if __name__ == "__main__":  # pragma: no cover
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
