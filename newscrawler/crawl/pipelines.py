"""Item pipelines: extract, validate, normalize, archive — in that order (``ITEM_PIPELINES``).

The spider yields each article page as a ``FetchedPage``; ``ExtractPipeline`` reads it (in
worker processes, see ``newscrawler.crawl.extraction``) and attaches the normalized Article;
the page and its Article then travel together, so that a page whose article is dropped is
still archived as fetched. The archive pipeline (lock, run record, batches, pending links) is
in ``crawl/archive_pipeline.py``, importable from here as the settings name it.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from scrapy.exceptions import DropItem

from newscrawler.crawl.archive_pipeline import ArchivePipeline, ArchiveThread, run_fields
from newscrawler.crawl.deadline import DeadlinePassed, deadline
from newscrawler.crawl.extraction import ExtractionPool, PageTimedOut, WorkerDied, worker_count
from newscrawler.crawl.extraction_worker import PageRead
from newscrawler.extract import normalize_article
from newscrawler.extract.fetched import (
    ReadResult,
    ReadSettings,
    is_headline_only,
    read_fetched_page,
)
from newscrawler.items import Article, FetchedPage

__all__ = [  # ArchivePipeline lives in crawl/archive_pipeline.py; named from here as before
    "ArchivePipeline", "ArchiveThread", "ExtractPipeline", "NormalizePipeline",
    "ValidatePipeline", "is_headline_only", "run_fields",
]

logger = logging.getLogger(__name__)


class ExtractPipeline:
    """Reads each fetched article page into a normalized Article, in worker processes
    (``NEWSCRAWLER_EXTRACT_WORKERS``) while the crawl goes on, or inline with 0 workers.

    The first ``INLINE_FIRST`` pages of a run are read inline: starting the workers costs about
    a second of CPU, more than a small incremental run has pages to read. A page that cannot be
    read is counted (``newscrawler/skipped/parse_error``) and logged; its raw response is still
    archived.
    """

    INLINE_FIRST = 16

    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.workers = worker_count(crawler.settings.get("NEWSCRAWLER_EXTRACT_WORKERS"))
        self.timeout = crawler.settings.getfloat("NEWSCRAWLER_EXTRACT_TIMEOUT")
        self.settings: ReadSettings | None = None
        self.pool: ExtractionPool | None = None
        self.pool_shared = False
        self.read_inline = 0

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        settings = self.crawler.settings
        self.settings = ReadSettings(
            selectors=dict(getattr(self.crawler.spider, "selectors", None) or {}),
            tz=settings.get("NEWSCRAWLER_TIMEZONE"),
            site_name=settings.get("NEWSCRAWLER_SITE_NAME"),
        )
        self.stats.set_value("newscrawler/extract_workers", self.workers)
        shared = getattr(self.crawler, "shared_extraction_pool", None)
        if shared is not None:  # several sites in one process: one pool for all (crawl/multisite.py)
            self.pool, self.pool_shared = shared, True
        elif self.workers:
            self.pool = ExtractionPool(self.workers, timeout=self.timeout)  # started by the first page

    async def process_item(self, item: Article | FetchedPage) -> Article | FetchedPage:
        if not isinstance(item, FetchedPage) or item.hints is None or item.article is not None:
            return item
        if self.pool is None or self.read_inline < self.INLINE_FIRST:
            self.read_inline += 1
            read = self.read_here(item)
        else:
            try:
                read = await self.pool.read(item, self.settings)
            except WorkerDied:  # two workers died on this page: skip it, keep crawling
                read = PageRead(ReadResult(None, "the extraction worker died on it twice"))
            except PageTimedOut as e:  # a page that hangs the extractor: skip it, keep crawling
                self.stats.inc_value("newscrawler/skipped/extract_timeout")
                read = PageRead(ReadResult(None, str(e)))
            except Exception as e:  # no workers here (cannot start, or die at once): read inline
                logger.warning("extraction workers unavailable (%s: %s); reading pages in the "
                               "crawl's own process", type(e).__name__, e)
                self.stats.set_value("newscrawler/extract_workers", 0)
                pool, self.pool = self.pool, None
                if not self.pool_shared:
                    await pool.close()
                read = self.read_here(item)
        result = read.result
        item.packed = read.packed
        if result.article is None:
            self.stats.inc_value("newscrawler/skipped/parse_error")
            logger.warning("could not parse %s: %s", item.url, result.error)
            remember = getattr(self.crawler.spider, "remember_failed_article", None)
            if remember is not None:  # a later version may read it: asked for again next run
                hints = item.hints
                remember(item.url, f"not read: {result.error}", hints.section, hints.published)
        else:
            item.article, item.prepared = result.article, read.prepared
            self.stats.inc_value("newscrawler/article_pages")
        return item

    def read_here(self, item: FetchedPage) -> PageRead:
        """Read a page in the crawl's own process, within ``NEWSCRAWLER_EXTRACT_TIMEOUT`` as a
        worker would be (``crawl/deadline.py``): a page that takes longer is skipped and
        counted, and the crawl goes on."""
        try:
            with deadline(self.timeout):
                return PageRead(read_fetched_page(item, self.settings))
        except DeadlinePassed:
            self.stats.inc_value("newscrawler/skipped/extract_timeout")
            logger.error("gave up reading %s: it took longer than %g s "
                         "(NEWSCRAWLER_EXTRACT_TIMEOUT)", item.url, self.timeout)
            return PageRead(ReadResult(None, f"reading it took longer than {self.timeout:g} s"))

    async def close_spider(self) -> None:
        if self.pool is not None and not self.pool_shared:
            pool, self.pool = self.pool, None
            await pool.close()


class ValidatePipeline:
    """Drops what is not an article worth keeping, with the reason logged and counted.

    An article read from a fetched page is detached from it instead, so that the raw page is
    still archived.
    """

    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_item(self, item: Article | FetchedPage) -> Article | FetchedPage:
        article = item.article if isinstance(item, FetchedPage) else item
        if not isinstance(article, Article):
            return item
        missing = [name for name in ("title", "body") if not (getattr(article, name) or "").strip()]
        if missing == ["body"] and (article.body_missing or is_headline_only(article, item)):
            # A "عاجل" item: an article by every other sign, printed without text. Kept, flagged
            # (by read_fetched_page for a fetched page, here for a spider's own Article).
            if not article.body_missing:
                article.body, article.body_missing = "", True
                if article is not item:
                    item.prepared = None
            self.stats.inc_value("newscrawler/body_missing")
            return item
        if missing:
            reason = f"no_{missing[0]}"
            self.stats.inc_value("newscrawler/dropped")
            self.stats.inc_value(f"newscrawler/dropped/{reason}")
            message = f"{article.url}: no {' and no '.join(missing)} found"
            if article is item:
                raise DropItem(message)
            logger.warning("Dropped: %s", message)
            item.article = item.prepared = None
        return item


class NormalizePipeline:
    """Turns raw dates and bylines into normalized values, in the site's time zone."""

    def __init__(self, tz: str | None, site_name: str | None):
        self.tz = tz
        self.site_name = site_name

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(settings.get("NEWSCRAWLER_TIMEZONE"), settings.get("NEWSCRAWLER_SITE_NAME"))

    def process_item(self, item: Article | FetchedPage) -> Article | FetchedPage:
        if not isinstance(item, Article):
            return item
        return normalize_article(
            item, tz=self.tz, site_name=self.site_name, now=datetime.now(UTC)
        )
