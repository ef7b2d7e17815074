"""The writer of a distributed crawl: seeds the frontier, writes the rows workers send, and
ends the run when the frontier is empty and every row is in.

It is a Scrapy crawl like a single-process one (same lock, run row, batches, summary and exit
codes) whose scheduler only seeds Redis and whose items come from the row stream.
"""

from __future__ import annotations

import logging
import os
import sys
import time

from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import task

from newscrawler.archive.store import WriteCounts
from newscrawler.crawl.distributed.archived import batch_keys, load_archived
from newscrawler.crawl.distributed.connection import REDIS_ERRORS, CrawlKeys, connect, describe
from newscrawler.crawl.distributed.frontier import requeue_leases
from newscrawler.crawl.distributed.run import (
    clear_run,
    dead_workers,
    frontier_empty,
    merge_worker_stats,
    publish_run,
    read_config,
    set_state,
    worker_snapshots,
)
from newscrawler.crawl.distributed.settings import handed_on
from newscrawler.crawl.distributed.stream import RowReader, create_group
from newscrawler.crawl.pipelines import ArchivePipeline
from newscrawler.items import FetchedPage

logger = logging.getLogger(__name__)

NO_WORKER_HINT = 10.0  # seconds after seeding without any worker before the writer says so

class StreamArchivePipeline(ArchivePipeline):
    """``ArchivePipeline`` fed by the row stream; acknowledges rows once their batch committed
    (on the archive thread, right after the commit), reaps the leases of dead workers, and
    closes the crawl when the run is done."""

    TICK = 0.05  # seconds between two reads of the stream
    READ = 200  # entries per read

    def __init__(self, crawler):
        super().__init__(crawler)
        settings = crawler.settings
        self.redis_url = settings.get("NEWSCRAWLER_REDIS_URL")
        self.keys = CrawlKeys(settings.get("NEWSCRAWLER_REDIS_CRAWL"))
        self.worker_timeout = settings.getfloat("NEWSCRAWLER_REDIS_WORKER_TIMEOUT")
        self.server = None
        self.reader: RowReader | None = None
        self.began = False
        self.finishing = False
        self.done = False
        self.lost: str | None = None  # set on the archive thread when an acknowledgement fails
        self._loop: task.LoopingCall | None = None
        self._last_reap = 0.0
        self.hinted = False
        self.began_at = 0.0

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = super().from_crawler(crawler)
        crawler.signals.connect(pipeline.spider_idle, signal=signals.spider_idle)
        return pipeline

    def open_spider(self) -> None:
        super().open_spider()
        self.server = connect(self.redis_url)
        self.reader = RowReader(self.server, self.keys)
        self.crawler.spider.writer = self
        self._loop = task.LoopingCall(self._tick)
        self._loop.start(self.TICK, now=False)

    def begin(self, spider) -> None:
        """Publish the run (or resume the unfinished one a killed writer left), fill the
        archived set from the archive, and take over the rows nobody acknowledged."""
        config = read_config(self.server, self.keys)
        resumed = bool(config and config.get("state") == "active")
        if not resumed:
            clear_run(self.server, self.keys)
        create_group(self.server, self.keys)
        archived = self._thread.call(load_archived, self.server, self.keys, self.archive.conn)
        publish_run(self.server, self.keys, {
            **spider.run_config(),
            "settings": handed_on(self.crawler.settings),
            "db": os.path.abspath(self.path),
        })
        claimed = self.reader.claim_unacknowledged()
        self.stats.set_value("newscrawler/distributed/archived_set", archived)
        if resumed:
            self.stats.set_value("newscrawler/distributed/resumed", True)
            self.stats.set_value("newscrawler/distributed/claimed_rows", len(claimed))
            logger.warning("resuming the distributed run a stopped writer left in Redis "
                           "(%d rows it had not committed)", len(claimed))
        for entry_id, page in claimed:
            self._take(entry_id, page)
        self.began = True
        self.began_at = time.monotonic()

    def _take(self, entry_id: bytes, page: FetchedPage) -> None:
        page.stream_id = entry_id
        self.process_item(page)

    def write_batch(self, batch: list, pages: list[FetchedPage]) -> WriteCounts:
        counts = super().write_batch(batch, pages)
        ids = [p.stream_id for p in pages if getattr(p, "stream_id", None)]
        try:
            self.reader.acknowledge(ids, batch_keys(batch))
        except REDIS_ERRORS as e:  # committed all the same; a later run fetches nothing twice
            self.lost = self.lost or describe(e)
        return counts

    # -- the loop -----------------------------------------------------------------------------
    def _tick(self) -> None:
        if self.finishing:
            return
        try:
            if self.lost:
                raise ConnectionError(self.lost)
            self._reap()
            if not self.began:
                return
            empty = frontier_empty(self.server, self.keys)  # before the read: see run.py
            read = 0
            for _ in range(10):
                entries = self.reader.read(self.READ)
                for entry_id, page in entries:
                    self._take(entry_id, page)
                read += len(entries)
                if len(entries) < self.READ:
                    break
            if empty and not read and getattr(self.crawler.spider, "seeded", False):
                self._finish()
            elif not self.hinted and time.monotonic() - self.began_at > NO_WORKER_HINT:
                self._hint_if_alone()
        except REDIS_ERRORS as e:
            self._lost(describe(e))

    def _hint_if_alone(self) -> None:
        """Say so when no worker has joined the run: the writer waits for them, not a hang."""
        self.hinted = True
        if not worker_snapshots(self.server, self.keys):
            message = (f"no worker has joined yet; start one with: newscrawler worker "
                       f"--redis {self.redis_url}")
            logger.warning(message)
            if self.crawler.settings.getbool("NEWSCRAWLER_PROGRESS"):
                sys.stderr.write(f"\n{message}\n")

    def _reap(self) -> None:
        """Give the requests of workers whose heartbeat stopped back to the frontier."""
        now = time.monotonic()
        if now - self._last_reap < 1.0:
            return
        self._last_reap = now
        for worker in dead_workers(self.server, self.keys):
            count = requeue_leases(self.server, self.keys, worker)
            if count:
                self.stats.inc_value("newscrawler/distributed/requeued", count)
                logger.warning("worker %s stopped answering: its %d requests go back to the "
                               "frontier", worker, count)

    def _finish(self) -> None:
        """Commit what is buffered, tell the workers, gather their stats, close the crawl."""
        self.finishing = True
        self._flush(wait=True)
        set_state(self.server, self.keys, "done")
        deadline = time.monotonic() + 2 * self.worker_timeout
        self._gather(deadline)

    def _gather(self, deadline: float) -> None:
        from twisted.internet import reactor

        try:
            snapshots = worker_snapshots(self.server, self.keys)
            dead = set(dead_workers(self.server, self.keys))
            waiting = [w for w, s in snapshots.items() if not s.get("final") and w not in dead]
            if waiting and time.monotonic() < deadline:
                reactor.callLater(0.05, self._gather, deadline)
                return
            merged = merge_worker_stats([s.get("stats", {}) for s in snapshots.values()])
            for key, value in merged.items():
                if key == "newscrawler/start_failures":
                    self.crawler.spider.start_failures.update(value)
                elif key == "newscrawler/failed_articles":  # kept pending, as one process does
                    self.crawler.spider.failed_articles.update(value)
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    self.stats.inc_value(key, value)
                else:
                    self.stats.set_value(key, value)
            self.stats.set_value("newscrawler/distributed/workers", len(snapshots))
            self.stats.set_value("newscrawler/distributed/workers_lost", len(dead))
            clear_run(self.server, self.keys)
        except REDIS_ERRORS as e:
            self._lost(describe(e))
            return
        self.done = True
        self._close("finished")

    def _lost(self, why: str) -> None:
        if self.interrupted_because:
            return
        self.finishing = True
        self.interrupted_because = f"lost the connection to Redis ({why})"
        self.stats.set_value("newscrawler/distributed/lost_redis", self.interrupted_because)
        logger.error("%s: stopping the run; what was committed is kept", self.interrupted_because)
        self.done = True
        self._close("shutdown")

    def _close(self, reason: str) -> None:
        engine = self.crawler.engine
        if engine and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason=reason))

    def spider_idle(self, spider) -> None:
        if not self.done:
            raise DontCloseSpider

    def close_spider(self) -> None:
        if self._loop and self._loop.running:
            self._loop.stop()
        super().close_spider()
