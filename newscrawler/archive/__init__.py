"""The SQLite archive: schema and migrations, batched writes, search, export.

Knows nothing of Scrapy: it stores ``Article`` records and answers queries. The database layer
(sqlite-utils, which imports pandas when it is installed) is imported on first use, so that an
extraction worker can use ``archive.rows`` without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newscrawler.archive.db import Archive, ArchiveError, open_archive

__all__ = ["Archive", "ArchiveError", "open_archive"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from newscrawler.archive import db

        return getattr(db, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
