"""The "already archived?" set: what an incremental crawl's workers ask instead of the SQLite
file they cannot see.

The writer fills it from the archive when a run starts (``load_archived``) and adds the keys of
every batch once that batch committed (``batch_keys``), so it is never ahead of the archive.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

from newscrawler.crawl.distributed.connection import CrawlKeys

CHUNK = 10_000


def archived_keys(row: dict) -> Iterator[str]:
    """The single hook where an archived article's lookup keys are computed: the URL it is
    stored under and the URL it was fetched from, the two columns the single-process crawl's
    ``ArchiveIndex.is_archived`` matches."""
    for key in (row.get("url"), row.get("fetched_url")):
        if key:
            yield key


def batch_keys(batch: Iterable) -> list[str]:
    """The lookup keys of a batch of articles (rows prepared by a worker, or Articles)."""
    from newscrawler.archive.rows import PreparedArticle, article_key

    keys: list[str] = []
    for item in batch:
        row = item.row if isinstance(item, PreparedArticle) else {
            "url": article_key(item), "fetched_url": item.url}
        keys.extend(archived_keys(row))
    return keys


def load_archived(server, keys: CrawlKeys, conn: sqlite3.Connection) -> int:
    """(Re)build the run's set from the archive, atomically (built aside, then renamed)."""
    building = keys.archived + ":building"
    server.delete(building)
    count = 0
    cursor = conn.execute("SELECT url, fetched_url FROM articles")
    while rows := cursor.fetchmany(CHUNK):
        members = [k for url, fetched in rows for k in archived_keys({"url": url, "fetched_url": fetched})]
        if members:
            server.sadd(building, *members)
            count += len(rows)
    if count:
        server.rename(building, keys.archived)
    else:
        server.delete(keys.archived)
    return count


class RedisArchiveIndex:
    """``ArchiveIndex.is_archived`` for a worker: one SISMEMBER."""

    def __init__(self, server, keys: CrawlKeys):
        self.server = server
        self.key = keys.archived

    def is_archived(self, url: str) -> bool:
        return bool(self.server.sismember(self.key, url))
