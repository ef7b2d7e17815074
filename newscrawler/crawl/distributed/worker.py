"""A worker of a distributed crawl: takes requests from the shared frontier, fetches, extracts
(with its own extraction processes) and sends finished rows to the writer.

It serves one run after another, each as one Scrapy crawl with the settings the writer
published, until it is stopped (or after one run, ``once``).
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.defer import deferred_from_coro

from newscrawler.crawl.distributed.connection import (
    ACTIVE_RUNS,
    REDIS_ERRORS,
    CrawlKeys,
    connect,
    describe,
)
from newscrawler.crawl.distributed.frontier import (
    LEASE_META,
    release_leases,
    requeue_leases,
)
from newscrawler.crawl.distributed.run import heartbeat, read_config
from newscrawler.crawl.distributed.settings import OWN_PRIORITY, worker_id, worker_settings
from newscrawler.crawl.distributed.spider import WorkerSpider
from newscrawler.crawl.distributed.stream import send_pages
from newscrawler.items import FetchedPage

logger = logging.getLogger(__name__)

class StreamPipeline:
    """Sends each fetched page, its Article and its prepared rows to the writer, several to a
    round trip: pages wait here at most until the worker's next tick, which sends them before
    it releases any lease (a page is in Redis before its request counts as done)."""

    BATCH = 16

    def __init__(self, crawler):
        self.server = connect(crawler.settings.get("NEWSCRAWLER_REDIS_URL"))
        self.keys = CrawlKeys(crawler.settings.get("NEWSCRAWLER_REDIS_CRAWL"))
        self.stats = crawler.stats
        self.pending: list[FetchedPage] = []

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, FetchedPage):
            self.pending.append(item)
            if len(self.pending) >= self.BATCH:
                self.send()
        return item

    def send(self) -> None:
        if self.pending:
            pages, self.pending = self.pending, []
            send_pages(self.server, self.keys, pages)
            self.stats.inc_value("newscrawler/distributed/rows_sent", len(pages))

    def close_spider(self) -> None:
        try:
            self.send()
        except REDIS_ERRORS as e:  # their leases are held still: others fetch them again
            logger.error("could not send the last rows: %s", describe(e))


class WorkerExtension:
    """Heartbeats (with the stats so far), lease releases, asking the frontier for work while
    idle, and closing the crawl when the writer says the run is over."""

    TICK = 0.1

    def __init__(self, crawler):
        settings = crawler.settings
        self.crawler = crawler
        self.server = connect(settings.get("NEWSCRAWLER_REDIS_URL"))
        self.keys = CrawlKeys(settings.get("NEWSCRAWLER_REDIS_CRAWL"))
        self.worker = settings.get("NEWSCRAWLER_REDIS_WORKER_ID")
        self.timeout = settings.getfloat("NEWSCRAWLER_REDIS_WORKER_TIMEOUT")
        self.token = settings.get("NEWSCRAWLER_REDIS_RUN_TOKEN")
        self.run_over = False
        self.lost: str | None = None
        self._loop = None

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider) -> None:
        from twisted.internet import task

        self._beat()
        self._loop = task.LoopingCall(self._tick)
        self._loop.start(self.TICK, now=False)

    def _stats(self) -> dict:
        stats = dict(self.crawler.stats.get_stats())
        spider = self.crawler.spider
        stats["newscrawler/start_failures"] = dict(getattr(spider, "start_failures", {}))
        # the article links this worker could not archive: the writer keeps them pending
        stats["newscrawler/failed_articles"] = dict(getattr(spider, "failed_articles", {}))
        return stats

    def _beat(self, final: bool = False) -> None:
        heartbeat(self.server, self.keys, self.worker, timeout=self.timeout, stats=self._stats(),
                  final=final)

    def _in_flight(self) -> set[int]:
        slot = getattr(self.crawler.engine, "_slot", None)  # the engine's requests in progress
        return {r.meta.get(LEASE_META) for r in (slot.inprogress if slot else ())}

    def _tick(self) -> None:
        engine = self.crawler.engine
        try:
            self._send_rows()  # before any lease goes: see StreamPipeline
            release_leases(self.server, self.keys, self.worker, self._in_flight())
            config = read_config(self.server, self.keys)
            self.run_over = not config or config.get("token") != self.token or config.get("state") != "active"
            self._beat()
        except REDIS_ERRORS as e:
            self.lost = f"lost the connection to Redis ({describe(e)})"
            logger.error("%s: stopping this worker", self.lost)
            self.crawler.stats.set_value("newscrawler/distributed/lost_redis", self.lost)
            self.run_over = True
            if self._loop and self._loop.running:
                self._loop.stop()
            deferred_from_coro(engine.close_spider_async(reason="redis_lost"))
            return
        if self.run_over and engine.spider is not None:
            self._loop.stop()
            deferred_from_coro(engine.close_spider_async(reason="finished"))
            return
        slot = getattr(engine, "_slot", None)
        if slot is not None:  # an idle engine asks its scheduler only every 5 s otherwise
            slot.nextcall.schedule()

    def _send_rows(self) -> None:
        for pipeline in self.crawler.engine.scraper.itemproc.middlewares:
            if isinstance(pipeline, StreamPipeline):
                pipeline.send()

    def spider_idle(self, spider) -> None:
        if not self.run_over:
            raise DontCloseSpider

    def spider_closed(self, spider, reason: str) -> None:
        if self._loop and self._loop.running:
            self._loop.stop()
        if self.lost:
            return
        try:
            self._send_rows()
            release_leases(self.server, self.keys, self.worker, self._in_flight())
            if reason != "finished":  # stopped mid-run: what it still held goes to the others
                requeue_leases(self.server, self.keys, self.worker)
            config = read_config(self.server, self.keys)
            if config and config.get("token") == self.token:
                self._beat(final=True)  # the writer waits for it before it ends the run
            else:  # the run ended (and was cleared) first: leave nothing of it behind
                self.server.delete(self.keys.alive(self.worker), self.keys.leases(self.worker))
                self.server.hdel(self.keys.workers, self.worker)
        except REDIS_ERRORS as e:
            logger.error("could not send this worker's final stats: %s", describe(e))


class _WorkerProcess(CrawlerProcess):
    stopping = False

    def _signal_shutdown(self, signum: int, _: Any) -> None:
        self.stopping = True
        super()._signal_shutdown(signum, _)


def pick_run(server) -> str | None:
    """A crawl with an active run, if any."""
    crawl = server.srandmember(ACTIVE_RUNS)
    return crawl.decode() if crawl else None


def serve(redis_url: str, local: dict[str, Any], *, once: bool = False) -> tuple[int, str | None]:
    """Serve runs until stopped (or one, ``once``). Returns how many runs it served and why
    it stopped early, if it did (Redis lost)."""
    from scrapy.utils.reactor import install_reactor

    from newscrawler.crawl.runner import project_settings

    server = connect(redis_url)
    me = worker_id()
    base = project_settings(local)
    process = _WorkerProcess(base)
    # Crawls start from reactor callbacks here: the reactor must be Scrapy's before any of them.
    install_reactor(base.get("TWISTED_REACTOR"), base.get("ASYNCIO_EVENT_LOOP"))
    state: dict[str, Any] = {"served": 0, "lost": None}

    def next_run() -> None:
        from twisted.internet import reactor

        if process.stopping:
            return
        try:
            crawl = pick_run(server)
            config = read_config(server, CrawlKeys(crawl)) if crawl else None
        except REDIS_ERRORS as e:
            state["lost"] = f"lost the connection to Redis ({describe(e)})"
            reactor.stop()
            return
        if not config or config.get("state") != "active":
            reactor.callLater(0.1, next_run)
            return
        settings = worker_settings(config, redis_url, crawl, me, local)
        settings.set("NEWSCRAWLER_REDIS_RUN_TOKEN", config["token"], priority=OWN_PRIORITY)
        crawler = Crawler(WorkerSpider, settings)
        logger.info("worker %s serving the crawl of %s", me, crawl)
        d = process.crawl(crawler, urls=config["urls"], max_pages=config.get("max_pages"),
                          site=config.get("site"), **config.get("spider_args", {}))
        d.addBoth(lambda result: after_run(crawler, result))

    def after_run(crawler: Crawler, result: Any) -> None:
        from twisted.internet import reactor
        from twisted.python.failure import Failure

        state["served"] += 1
        if isinstance(result, Failure):
            logger.error("the crawl failed: %s", result.getTraceback())
            state["lost"] = f"the crawl failed ({result.getErrorMessage()})"
        lost = crawler.stats.get_value("newscrawler/distributed/lost_redis")
        if lost or once or process.stopping or state["lost"]:
            state["lost"] = state["lost"] or lost
            if reactor.running:
                reactor.callLater(0, process._stop_reactor)
            return
        reactor.callLater(0, next_run)

    from twisted.internet import reactor

    reactor.callWhenRunning(next_run)
    process.start(stop_after_crawl=False)
    return state["served"], state["lost"]
