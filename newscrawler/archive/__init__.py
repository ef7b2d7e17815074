"""The SQLite archive: schema and migrations, batched writes, search, export.

Knows nothing of Scrapy: it stores ``Article`` records and answers queries.
"""

from newscrawler.archive.db import Archive, ArchiveError, open_archive

__all__ = ["Archive", "ArchiveError", "open_archive"]
