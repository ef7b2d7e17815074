"""``--backfill`` in the spider: where a walk resumes, which listing page each article came
from, and when a page is done (its articles through the pipelines).

Mixed into ``SectionSpider``. Where a walk got, resuming and pace are pure, in
``crawl/backfill.py``; the archive writes the progress after each batch (``ArchivePipeline``).
"""

from __future__ import annotations

from typing import Any

import scrapy
from scrapy.http import Response

from newscrawler.crawl.backfill import (
    BACKFILL,
    BACKFILL_PAGE,
    SINCE,
    BackfillProgress,
    note_published,
)


class BackfillMixin:
    """``backfill``, ``since`` and ``backfill_progress`` are set by the spider's ``__init__``."""

    backfill: bool
    since: str | None
    backfill_progress: BackfillProgress

    def connect_backfill(self, crawler) -> None:
        """Follow each article to the end of the pipelines, stored or dropped."""
        if self.backfill:
            crawler.signals.connect(self.item_stored, signal=scrapy.signals.item_scraped)
            crawler.signals.connect(self.item_read, signal=scrapy.signals.item_dropped)

    def item_stored(self, item, response=None, spider=None) -> None:
        article = getattr(item, "article", item)
        note_published(self.crawler.stats, getattr(article, "published", None))
        self.item_read(item, response)

    def item_read(self, item=None, response=None, *args, **kwargs) -> None:
        """An article of a backfill's listing page is through the pipelines (buffered for the
        archive, which writes the backfill's state after it): that page may be left behind."""
        origin = response.meta.get(BACKFILL_PAGE) if response is not None else None
        if origin:
            self.backfill_progress.article_done(*origin)
            self.crawler.stats.set_value(BACKFILL, self.backfill_progress.state())

    def open_backfill(self) -> None:
        """Where the last backfill of the site got, read once the archive is open."""
        if self.backfill:
            self.crawler.stats.set_value(SINCE, self.since)
        if self.backfill and self.index:
            self.resuming = True  # every listing page; archived articles are still skipped
            self.backfill_progress = BackfillProgress(self.index.last_backfill(self.site_key))

    def backfill_start(self, url: str) -> tuple[str, int]:
        """The listing page to start a section at: its first, or where its backfill stopped."""
        at, page = (self.backfill_progress.resume_point(url) if self.backfill else None) or (url, 1)
        if page > 1:
            self.logger.info("backfill of %s resumes at listing page %d", url, page)
            self.crawler.stats.set_value("newscrawler/backfill/resumed_at", page)
            self._listings_requested.add(at)
        return at, page

    def backfill_walked(self, response: Response, start_url: str, page: int,
                        requests: list[scrapy.Request], following: list[Any]) -> None:
        """Mark the articles of a listing page with it, and note the page as walked."""
        if not self.backfill:
            return
        for request in requests:
            request.meta[BACKFILL_PAGE] = (start_url, page)
        self.backfill_progress.walked(start_url, response.url, page, len(requests),
                                      bool(following))
        self.crawler.stats.set_value(BACKFILL, self.backfill_progress.state())
