"""Work shared by the steps that answer one message: its whole text and its sentences are read
by several of them (the ranking, situations, people, calibration), so each reading is made once
per message and handed to all. Only what a step never changes is shared; nothing is kept from
one message to the next (the brain answers in several threads at once: each has its own)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar, cast

T = TypeVar("T")
_local = threading.local()
_MISSING = object()


@contextmanager
def one_message() -> Iterator[None]:
    """Within the block (one message answered, in this thread), `once` makes each value once."""
    if getattr(_local, "made", None) is not None:
        yield  # (inside another block: its values)
        return
    _local.made = {}
    try:
        yield
    finally:
        _local.made = None


def once(key: tuple[object, ...], make: Callable[[], T]) -> T:
    """`make()`, or inside `one_message` what it gave for the same key before."""
    made: dict[tuple[object, ...], object] | None = getattr(_local, "made", None)
    if made is None:
        return make()
    found = made.get(key, _MISSING)
    if found is _MISSING:
        found = made[key] = make()
    return cast(T, found)
