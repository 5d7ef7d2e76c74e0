"""Work shared by the steps that answer one message: its whole text and its sentences are read
by several of them (the ranking, situations, people, calibration), so each reading is made once
per message and handed to all. Only what a step never changes is shared; nothing is kept from
one message to the next (the brain answers in several threads at once: each has its own)."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar, cast

P = ParamSpec("P")
T = TypeVar("T")
_local = threading.local()
_MISSING = object()


def one_message(answer: Callable[P, T]) -> Callable[P, T]:
    """Decorates the function answering one message: during a call (in its thread), `once`
    makes each value once; a call inside another shares the outer call's values."""

    @functools.wraps(answer)
    def answering(*args: P.args, **kwargs: P.kwargs) -> T:
        if getattr(_local, "made", None) is not None:
            return answer(*args, **kwargs)
        _local.made = {}
        try:
            return answer(*args, **kwargs)
        finally:
            _local.made = None

    return answering


def once(key: tuple[object, ...], make: Callable[[], T]) -> T:
    """`make()`, or during a `one_message` call what it gave for the same key before."""
    made: dict[tuple[object, ...], object] | None = getattr(_local, "made", None)
    if made is None:
        return make()
    found = made.get(key, _MISSING)
    if found is _MISSING:
        found = made[key] = make()
    return cast(T, found)
