"""The objects a process keeps for its whole life (the knowledge base, the brain), built with
the cyclic garbage collector paused and then frozen out of its sight (`gc.freeze`).

Building the brain allocates tens of thousands of containers; with the collector running, it
walked them dozens of times while they were made (about a tenth of load + build), and would
keep walking them in later full collections, though none of them is ever garbage.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def long_lived() -> Iterator[None]:
    """Run the block with the cyclic garbage collector paused; what exists after it is
    frozen (never collected, never walked again)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        if enabled:
            gc.enable()
