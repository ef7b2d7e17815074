"""The section spider on each side of a distributed crawl.

Both navigate exactly as ``SectionSpider`` does (requests travel through Redis by their
callbacks' names). The writer's only runs ``start()``: it publishes the run and seeds the
frontier. A worker's asks Redis instead of SQLite whether a URL is archived and counts a
section's stale listing pages in Redis, since the pages of one section go to many workers.
"""

from __future__ import annotations

from typing import Any

from newscrawler.crawl.distributed.archived import RedisArchiveIndex
from newscrawler.crawl.distributed.connection import CrawlKeys, connect
from newscrawler.crawl.spiders.section import SectionSpider


class WorkerSpider(SectionSpider):
    def __init__(self, *args: Any, resuming: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._resuming_run = bool(resuming)

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.server = connect(crawler.settings.get("REDIS_URL"))
        spider.keys = CrawlKeys(crawler.settings.get("NEWSCRAWLER_REDIS_CRAWL"))
        spider.resuming = spider._resuming_run  # the writer decided it from the archive
        if spider.incremental:
            spider.index = RedisArchiveIndex(spider.server, spider.keys)
        return spider

    def open_index(self) -> None:
        """The archive is the writer's: lookups go to Redis (set in ``from_crawler``)."""

    async def start(self):
        """The writer seeded the frontier; a worker only takes from it."""
        return
        yield

    def count_stale(self, start_url: str, reached_archive: bool) -> int:
        if not reached_archive:
            self.server.hset(self.keys.stale, start_url, 0)
            return 0
        return int(self.server.hincrby(self.keys.stale, start_url, 1))


class WriterSpider(SectionSpider):
    """Seeds the frontier: ``start()`` runs as in one process (the archive's failed listings,
    refresh requests…), and its requests go to Redis (``WriterScheduler``)."""

    seeded = False

    def run_config(self) -> dict[str, Any]:
        """What every worker needs to crawl this run as this process would."""
        return {
            "urls": self.section_urls,
            "max_pages": self._max_pages_arg,
            "site": self.site_key,
            "spider_args": {"selectors": self.selectors, "sitemap_urls": self.sitemap_urls,
                            "use_feeds": self.use_feeds, "resuming": self.resuming},
        }

    async def start(self):
        self.open_index()
        writer = getattr(self, "writer", None)  # StreamArchivePipeline, when it opened
        if writer is None:
            return
        writer.begin(self)
        async for request in super().start():
            yield request
        self.seeded = True
