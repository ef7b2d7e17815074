"""Arabic (and Latin) bylines to clean author names, people told apart from organizations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

AuthorKind = Literal["person", "organization"]


@dataclass
class Author:
    """One credited author: the clean ``name``, the byline it came from, and what it is."""

    name: str
    raw: str = ""
    kind: AuthorKind = "person"
