"""Start-up objects are built with the cyclic garbage collector paused and then frozen."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from bot.core.startup import long_lived


@pytest.fixture(autouse=True)
def _collector_as_it_was() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if enabled:
        gc.enable()
    else:
        gc.disable()


def test_the_block_runs_without_the_collector_and_what_it_made_is_frozen() -> None:
    gc.enable()
    gc.unfreeze()
    with long_lived():
        assert not gc.isenabled()
        kept = [[n] for n in range(100)]  # containers, tracked by the collector
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(kept)
    assert not any(o is kept[0] for o in gc.get_objects())  # (no generation holds it)


def test_a_collector_paused_before_stays_paused_and_a_failed_block_freezes_nothing() -> None:
    gc.disable()
    with long_lived():
        pass
    assert not gc.isenabled()
    gc.enable()
    gc.unfreeze()
    with pytest.raises(RuntimeError), long_lived():
        raise RuntimeError("broken knowledge")
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
