"""The base of every knowledge-file model: strict pydantic models, and non-empty strings."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

NonEmpty = Annotated[str, Field(min_length=1)]
# Figures that must be copied exactly: e-mail addresses and digit runs ("109.000", "06 1241").
EXACT_FIGURE = re.compile(r"[\w.+-]+@[\w.-]+\w|\d+")


class Strict(BaseModel):
    """Base: no unknown keys, no silent coercion surprises."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class KnowledgeFile(Strict):
    """A whole knowledge file; `kind` tells the loader which model reads it."""

    kind: NonEmpty | None = None
