"""Finished rows, from workers to the writer: a Redis stream read by a consumer group.

A worker adds each fetched page (with its Article and the rows an extraction worker prepared)
as one entry. The writer reads entries (``XREADGROUP``), writes them in batches and
acknowledges and deletes them only after their batch committed (``XACK``), so a writer killed
at any moment loses nothing: a restarted writer claims the entries its predecessor had read and
not acknowledged (``XAUTOCLAIM``) and writes them again, which the archive's writes by URL make
harmless. Entries are pickles: workers and writer trust each other as they trust Redis.
"""

from __future__ import annotations

import os
import pickle
import socket

import redis

from newscrawler.crawl.distributed.connection import CrawlKeys
from newscrawler.items import FetchedPage

GROUP = "writer"
FIELD = b"page"


def encode_page(page: FetchedPage) -> bytes:
    return pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL)


def decode_page(data: bytes) -> FetchedPage:
    return pickle.loads(data)


def send_pages(server, keys: CrawlKeys, pages: list[FetchedPage]) -> None:
    """Add pages to the stream, in one round trip."""
    pipe = server.pipeline(transaction=False)
    for page in pages:
        pipe.xadd(keys.rows, {FIELD: encode_page(page)})
    pipe.execute()


def create_group(server, keys: CrawlKeys) -> None:
    try:
        server.xgroup_create(keys.rows, GROUP, id="0", mkstream=True)
    except redis.ResponseError as e:
        if "BUSYGROUP" not in str(e):
            raise


class RowReader:
    """The writer's side of the stream."""

    def __init__(self, server, keys: CrawlKeys):
        self.server = server
        self.keys = keys
        self.consumer = f"{socket.gethostname()}-{os.getpid()}"

    def claim_unacknowledged(self) -> list[tuple[bytes, FetchedPage]]:
        """Entries an earlier writer read and never acknowledged (it was killed)."""
        claimed, cursor = [], "0-0"
        while True:
            answer = self.server.xautoclaim(self.keys.rows, GROUP, self.consumer, 0,
                                            start_id=cursor, count=500)
            cursor, entries = answer[0], answer[1]
            claimed.extend(self._decode(entries))
            if cursor in (b"0-0", "0-0"):
                return claimed

    def read(self, count: int = 200) -> list[tuple[bytes, FetchedPage]]:
        """New entries, without waiting."""
        answer = self.server.xreadgroup(GROUP, self.consumer, {self.keys.rows: ">"}, count=count)
        return [e for _, entries in answer for e in self._decode(entries)]

    @staticmethod
    def _decode(entries) -> list[tuple[bytes, FetchedPage]]:
        return [(entry_id, decode_page(fields[FIELD])) for entry_id, fields in entries
                if fields and FIELD in fields]

    def acknowledge(self, ids: list[bytes], archived: list[str]) -> None:
        """After a batch committed: add its keys to the archived set, then acknowledge and
        delete its entries (one round trip)."""
        pipe = self.server.pipeline(transaction=True)
        if archived:
            pipe.sadd(self.keys.archived, *archived)
        if ids:
            pipe.xack(self.keys.rows, GROUP, *ids)
            pipe.xdel(self.keys.rows, *ids)
        pipe.execute()
