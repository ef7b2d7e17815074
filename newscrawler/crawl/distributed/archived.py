"""The "already archived?" set: what an incremental crawl's workers ask instead of the SQLite
file they cannot see.

It holds article keys (``article_key``, as ``article_urls`` does). The writer fills it from the
archive when a run starts (``load_archived``) and adds the keys of every batch once that batch
committed (``batch_keys``), so it is never ahead of the archive.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from newscrawler.crawl.distributed.connection import CrawlKeys
from newscrawler.normalize.urls import article_key

CHUNK = 10_000


def batch_keys(batch: Iterable) -> list[str]:
    """The article keys of a batch of articles (rows prepared by a worker, or Articles): the
    single hook where what the set holds is computed, the same ``article_key`` the archive's
    ``article_urls`` holds and the single-process crawl's ``ArchiveIndex`` asks."""
    from newscrawler.archive.rows import PreparedArticle, stored_url

    keys: list[str] = []
    for item in batch:
        urls = item.urls() if isinstance(item, PreparedArticle) else [stored_url(item), item.url]
        keys.extend(dict.fromkeys(article_key(u) for u in urls if u))
    return keys


def load_archived(server, keys: CrawlKeys, conn: sqlite3.Connection) -> int:
    """(Re)build the run's set from the archive, atomically (built aside, then renamed)."""
    building = keys.archived + ":building"
    server.delete(building)
    count = 0
    cursor = conn.execute("SELECT DISTINCT key FROM article_urls")
    while rows := cursor.fetchmany(CHUNK):
        server.sadd(building, *(key for (key,) in rows))
        count += len(rows)
    if count:
        server.rename(building, keys.archived)
    else:
        server.delete(keys.archived)
    return count


class RedisArchiveIndex:
    """``ArchiveIndex``'s lookups for a worker: one SISMEMBER by article key. Links the
    archive's runs gave up on (``pending_links``) are not in Redis: a worker asks for them
    again, as a ``--full`` run would."""

    def __init__(self, server, keys: CrawlKeys):
        self.server = server
        self.key = keys.archived

    def is_archived(self, url: str) -> bool:
        return self.is_archived_key(article_key(url))

    def is_archived_key(self, key: str) -> bool:
        return bool(self.server.sismember(self.key, key))

    def is_given_up(self, key: str) -> bool:
        return False
