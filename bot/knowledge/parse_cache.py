"""Parsed knowledge files kept on disk, so that a start need not parse unchanged YAML again.

Parsing the YAML (libyaml, then PyYAML's constructor in Python) is most of loading the
knowledge base. The plain data a file parses to is stored with marshal, under the file's name
and the SHA-256 of its text and of the parser (PyYAML's version and the loader module's
source): an unchanged file is read back exactly as it parsed, a changed one is parsed again.
Several versions of a file stay stored side by side (the last MAX_VERSIONS used), so checkouts
of different versions and test runs that load changed copies don't push each other out.
Validation still runs on every load. Only files that parse without error, to data marshal can
store, are kept. The cache only saves time: where it cannot be read or written (a read-only
disk, no home directory) it is skipped.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

CACHE_NAME = "wvdb-bot"
# Versions of one file's parse kept; the least recently used beyond these are removed.
MAX_VERSIONS = 8
# Characters of the key in a stored file's name.
KEY_CHARS = 32


def cache_dir() -> Path | None:
    """$XDG_CACHE_HOME/wvdb-bot, else ~/.cache/wvdb-bot; None without an absolute home."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / CACHE_NAME if os.path.isabs(base) else None


def cached_parse(name: str, text: str, parse: Callable[[str], Any], parser_id: bytes) -> Any:
    """`parse(text)`, or what it returned before for this very text, file name and parser."""
    directory = cache_dir()
    if directory is None:
        return parse(text)
    key = hashlib.sha256(parser_id + text.encode("utf-8")).hexdigest()
    path = directory / f"{name}.{key[:KEY_CHARS]}.marshal"
    try:
        stored_key, stored = marshal.loads(path.read_bytes())
        if stored_key == key:
            os.utime(path)  # used now: the last to be removed
            return stored
    except (OSError, ValueError, EOFError, TypeError):
        pass  # no cache yet, or unreadable: parse
    data = parse(text)
    try:
        blob = marshal.dumps((key, data))
        directory.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        partial.write_bytes(blob)
        os.replace(partial, path)  # whole or not at all, also with several processes
        _remove_old_versions(directory, name)
    except (OSError, ValueError):
        pass  # unmarshallable data (a YAML date) or an unwritable disk: not kept
    return data


def _remove_old_versions(directory: Path, name: str) -> None:
    """Removes the stored versions of file `name` beyond the MAX_VERSIONS used last."""
    versions = []
    for path in directory.glob(f"{name}.*.marshal"):
        try:
            versions.append((path.stat().st_mtime, path))
        except OSError:
            continue  # removed by another process meanwhile
    for _used, path in sorted(versions, reverse=True)[MAX_VERSIONS:]:
        path.unlink(missing_ok=True)
