"""Item pipelines: extract, validate, normalize, archive — in that order (``ITEM_PIPELINES``).

The spider yields each article page as a ``FetchedPage``; ``ExtractPipeline`` reads it (in
worker processes, see ``newscrawler.crawl.extraction``) and attaches the normalized Article;
the page and its Article then travel together, so that a page whose article is dropped is
still archived as fetched.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from scrapy import signals
from scrapy.exceptions import CloseSpider, DropItem
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import task

from newscrawler.archive import ArchiveError, open_archive
from newscrawler.archive.db import describe_sqlite_error
from newscrawler.archive.pending import PendingOutcome, settle_pending
from newscrawler.archive.rows import PreparedArticle
from newscrawler.archive.store import (
    ArchiveWriter,
    WriteCounts,
    checkpoint_run,
    finish_run,
    start_run,
)
from newscrawler.crawl import REPORTED
from newscrawler.crawl.backfill import BACKFILL
from newscrawler.crawl.deadline import DeadlinePassed, deadline
from newscrawler.crawl.extraction import ExtractionPool, PageTimedOut, WorkerDied, worker_count
from newscrawler.crawl.extraction_worker import PageRead
from newscrawler.crawl.lock import CrawlLock, CrawlLocked
from newscrawler.extract import normalize_article
from newscrawler.extract.fetched import ReadResult, ReadSettings, read_fetched_page
from newscrawler.items import Article, FetchedPage

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
        if self.workers:
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
        if self.pool is not None:
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
        if missing == ["body"] and is_headline_only(article, item):
            # A "عاجل" item: an article by every other sign, printed without text. Kept, flagged.
            article.body, article.body_missing = "", True
            self.stats.inc_value("newscrawler/body_missing")
            if article is not item:
                item.prepared = None
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


def is_headline_only(article: Article, item: Article | FetchedPage) -> bool:
    """Whether a page without text is still an article: a title, a publication date, and a
    section (its own, or the listing's that linked it). Section and tag pages have no date."""
    listed = isinstance(item, FetchedPage) and item.hints is not None
    dated = bool(article.published or article.published_raw)
    return bool((article.title or "").strip()) and dated and bool(article.section or listed)


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


class ArchiveThread:
    """One thread that owns the archive's SQLite connection and runs every call on it.

    Writing a batch is mostly C that releases the GIL (SHA-1, zstd, SQLite), so it runs beside
    the crawl on a second core instead of stalling Scrapy's reactor.
    """

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newscrawler-archive")

    def submit(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Future:
        return self._pool.submit(fn, *args, **kwargs)

    def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return self._pool.submit(fn, *args, **kwargs).result()

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)


class ArchivePipeline:
    """Writes articles to the SQLite archive in batches and records the crawl run.

    Batches are written on the archive thread; at most ``MAX_PENDING_BATCHES`` wait there, beyond
    that the crawl waits for the oldest (memory stays bounded however fast pages come). An
    article counts as stored (``newscrawler/articles/*`` stats) only once its batch is committed,
    so what a run reports is what a kill cannot take back.
    """

    MAX_PENDING_BATCHES = 2
    MAX_BUFFERED_BYTES = 32 * 1024 * 1024  # raw pages waiting for a batch: large pages flush early

    def __init__(self, crawler):
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.path = settings.get("NEWSCRAWLER_DB")
        self.batch_size = max(1, settings.getint("NEWSCRAWLER_BATCH_SIZE"))
        self.flush_seconds = settings.getfloat("NEWSCRAWLER_FLUSH_SECONDS")
        self.pending_max_tries = settings.getint("NEWSCRAWLER_PENDING_MAX_TRIES")
        self.pending_max_days = settings.getfloat("NEWSCRAWLER_PENDING_MAX_DAYS")
        self.archive = None
        self.lock: CrawlLock | None = None
        self.writer: ArchiveWriter | None = None
        self.run_id: int | None = None
        self.failure: str | None = None
        self.articles: list[Article | PreparedArticle] = []  # prepared in a worker, or not
        self.pages: list[FetchedPage] = []
        self._thread: ArchiveThread | None = None
        self._pending: deque[Future] = deque()
        self._timer: task.LoopingCall | None = None
        self._last_flush = time.monotonic()
        self._buffered_bytes = 0

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        """Take the site's lock (already held when the CLI started the crawl), open the
        archive and record the run. A lock held by another run or an archive that cannot be
        opened closes the crawl before its first request, with one line saying why."""
        spider = self.crawler.spider
        site = getattr(spider, "site_key", None)
        lock = CrawlLock(self.path, site or "unknown")
        try:
            lock.acquire()
        except CrawlLocked as e:
            logger.error("%s", e, extra=REPORTED)
            self.stats.set_value("newscrawler/locked", str(e))
            raise CloseSpider("locked") from None
        self.lock = lock
        self._thread = ArchiveThread()
        try:
            self.archive = self._thread.call(open_archive, self.path)
            self.run_id = self._thread.call(
                start_run,
                self.archive,
                list(getattr(spider, "section_urls", [])),
                site=site,
                timezone=self.crawler.settings.get("NEWSCRAWLER_TIMEZONE"),
                site_name=self.crawler.settings.get("NEWSCRAWLER_SITE_NAME"),
            )
        except BaseException as e:
            if self.archive is not None:
                self._thread.call(self.archive.close)
                self.archive = None
            self._thread.shutdown()
            self._thread = None
            self._release_lock()
            if isinstance(e, sqlite3.Error):  # locked past the busy timeout, read-only, full
                e = ArchiveError(describe_sqlite_error(e, self.path))
            if isinstance(e, ArchiveError):
                logger.error("%s", e, extra=REPORTED)
                self.stats.set_value("newscrawler/archive_error", str(e))
                raise CloseSpider("archive_error") from None
            raise
        self.stats.set_value("newscrawler/run_id", self.run_id)
        self.writer = ArchiveWriter(self.archive, run_id=self.run_id, batch_size=self.batch_size)
        if self.flush_seconds > 0:
            self._timer = task.LoopingCall(self._flush_if_due)
            self._timer.start(self.flush_seconds, now=False)

    def process_item(self, item: Article | FetchedPage) -> Article | FetchedPage:
        if self.failure:
            raise DropItem(f"not stored: {self.failure}")
        article, prepared = (item.article, item.prepared) if isinstance(item, FetchedPage) else (item, None)
        if isinstance(item, FetchedPage):
            self.pages.append(item)
            self._buffered_bytes += len(item.body)
        if article is not None:
            if isinstance(item, FetchedPage) and item.redirected_from:
                prepared = prepared or PreparedArticle(article)
                prepared.aliases.append(item.redirected_from)
            self.articles.append(prepared or article)
        if len(self.articles) >= self.batch_size or self._buffered_bytes >= self.MAX_BUFFERED_BYTES:
            self._flush()
        else:
            self._settle(block=False)
        return item

    def _flush_if_due(self) -> None:
        self._settle(block=False)
        if (self.articles or self.pages) and time.monotonic() - self._last_flush >= self.flush_seconds:
            self._flush()

    def _flush(self, wait: bool = False) -> None:
        """Hand the buffers to the archive thread; ``wait`` for every batch to be committed."""
        if self.failure or self.writer is None or self._thread is None:
            return
        if self.articles or self.pages:
            batch, pages = self.articles, self.pages
            self.articles, self.pages = [], []
            self._buffered_bytes = 0
            self._pending.append(self._thread.submit(self.writer.write, batch, pages))
            backfill = self.stats.get_value(BACKFILL)
            if backfill:  # written after the batch: it never claims an article not yet stored
                self._thread.submit(checkpoint_run, self.archive, self.run_id, {BACKFILL: backfill})
            self._last_flush = time.monotonic()
        self._settle(block=wait)

    def _settle(self, block: bool) -> None:
        """Record the batches the archive thread has committed; wait for the oldest while too
        many are pending (or for all, when ``block``)."""
        while self._pending:
            oldest = self._pending[0]
            if not (oldest.done() or block or len(self._pending) > self.MAX_PENDING_BATCHES):
                return
            self._pending.popleft()
            if oldest.cancelled():
                continue
            try:
                self._record(oldest.result())
            except ArchiveError as e:
                self._fail(str(e))

    def _fail(self, message: str) -> None:
        """The archive refused a batch (disk full, locked, read-only): stop the crawl cleanly;
        what was committed stays, the next run fetches the rest."""
        if self.failure:
            return
        self.failure = message
        self.articles, self.pages = [], []
        for pending in self._pending:  # batches not begun would only wait out the same lock
            pending.cancel()
        self.stats.set_value("newscrawler/archive_error", self.failure)
        logger.error("archive write failed, stopping the crawl: %s", self.failure, extra=REPORTED)
        if self.crawler.engine and self.crawler.engine.spider is not None:
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="archive_error"))

    def _record(self, counts: WriteCounts) -> None:
        for name in ("new", "updated", "unchanged", "pages"):
            value = getattr(counts, name)
            if value:
                self.stats.inc_value(f"newscrawler/articles/{name}", value)

    def close_spider(self) -> None:
        if self._timer and self._timer.running:
            self._timer.stop()
        self._flush(wait=True)

    def _release_lock(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def spider_closed(self, spider, reason: str) -> None:
        try:
            self._record_end(reason)
        finally:
            self._release_lock()

    def _record_end(self, reason: str) -> None:
        if self.archive is None or self._thread is None:
            return
        self._settle(block=True)
        pending = self._settle_pending()
        stats = self.stats.get_stats()
        status = {"finished": "finished", "shutdown": "interrupted"}.get(reason, reason)
        fields = run_fields(stats)
        if pending is not None:
            fields.update(links_pending=pending.pending, links_given_up=pending.given_up)
        if status == "interrupted":
            fields["message"] = "stopped by a signal; the articles stored so far are kept"
        elif self.failure:
            status, fields["message"] = "failed", self.failure
        elif status != "finished":
            fields["message"] = f"closed early: {reason}"
        try:
            self._thread.call(finish_run, self.archive, self.run_id, status=status,
                              fields=fields, stats=stats)  # fmt: skip
        except Exception as e:  # the run row is bookkeeping: never let it hide the real outcome
            # (left "running", the next run of the site marks it "killed")
            logger.error("could not record the end of run %s: %s", self.run_id, e,
                         extra=REPORTED if self.failure else None)
        self._thread.call(self.archive.close)
        self._thread.shutdown()
        self.archive = None
        self._thread = None


    def _settle_pending(self) -> PendingOutcome | None:
        """Record the article links this run could not archive, and count what is left pending
        and what was given up (``archive/pending.py``)."""
        spider = self.crawler.spider
        failed = getattr(spider, "failed_articles", None)
        if failed is None or self.failure:
            return None
        try:
            outcome = self._thread.call(
                settle_pending, self.archive, self.run_id, getattr(spider, "site_key", None),
                failed, getattr(spider, "pending_tried", set()),
                max_tries=self.pending_max_tries, max_days=self.pending_max_days)
        except Exception as e:  # bookkeeping: never hide the run's own outcome
            logger.error("could not record the pending links of run %s: %s", self.run_id, e)
            return None
        self.stats.set_value("newscrawler/pending/left", outcome.pending)
        self.stats.set_value("newscrawler/pending/given_up", outcome.given_up)
        if outcome.given_up:
            logger.warning("gave up %d article links that failed in %d runs over %g days "
                           "(NEWSCRAWLER_PENDING_MAX_TRIES / _DAYS)", outcome.given_up,
                           self.pending_max_tries, self.pending_max_days)
        return outcome


def run_fields(stats: dict) -> dict:
    """The crawl_runs columns from Scrapy's stats."""
    prefix = "downloader/response_status_count/"
    by_status = {k.removeprefix(prefix): v for k, v in stats.items() if k.startswith(prefix)}
    return {
        "responses_by_status": json.dumps(by_status, sort_keys=True),
        "requests": stats.get("downloader/request_count", 0),
        "responses": stats.get("downloader/response_count", 0),
        "listing_pages": stats.get("newscrawler/listing_pages", 0),
        "articles_new": stats.get("newscrawler/articles/new", 0),
        "articles_updated": stats.get("newscrawler/articles/updated", 0),
        "articles_unchanged": stats.get("newscrawler/articles/unchanged", 0),
        "articles_dropped": stats.get("newscrawler/dropped", 0),
        "errors": stats.get("newscrawler/errors", 0),
    }
