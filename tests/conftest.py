"""Fixtures shared by every test folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.knowledge.loader import DEFAULT_KNOWLEDGE_DIR


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    """A copy of the real knowledge base to break or change."""
    target = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, target)
    return target
