"""Article links a run could not archive: remembered, and asked for again by the next runs.

Mixed into ``SectionSpider``. Which links failed is gathered here during the run; the archive
records them when the run ends (``ArchivePipeline``, ``archive/pending.py``).
"""

from __future__ import annotations

import re
from typing import Any

import scrapy
from twisted.python.failure import Failure

from newscrawler.archive.pending import pending_links
from newscrawler.normalize.urls import article_key, clean_url

# Answers that say the article is not there: not a failure worth asking again for.
GONE = re.compile(r"^HTTP 4(?!08|29)\d\d$")


class PendingMixin:
    """``failed_articles`` and ``pending_tried`` are set by the spider's ``__init__``."""

    failed_articles: dict[str, dict[str, Any]]
    pending_tried: set[str]

    def pending_requests(self) -> list[scrapy.Request]:
        """The article links earlier runs of the site saw but could not archive, asked for
        again: the incremental stop ends the walk where the archive begins, and would leave
        behind a failed article on page 2 for good."""
        if not (self.incremental and self.index) or self._archive is None:
            return []
        requests = []
        for link in pending_links(self._archive, self.site_key):
            key = link["key"]
            if key in self._requested:
                continue
            self._requested.add(key)
            self.pending_tried.add(key)
            self.crawler.stats.inc_value("newscrawler/pending/retried")
            requests.append(scrapy.Request(
                link["url"],
                callback=self.parse_article,
                errback=self.article_failed,
                cb_kwargs={"section": link["section"], "published_hint": link["published_hint"]},
                dont_filter=True,
            ))
        return requests

    def article_failed(self, failure: Failure):
        from newscrawler.crawl.spiders.section import describe_failure

        if self.backfill:
            self.item_read(None, failure.request)  # its meta, as a response's would be
        if self.skipped_for_robots(failure):
            return
        request = failure.request
        reason = describe_failure(failure)
        self.crawler.stats.inc_value("newscrawler/errors")
        self.crawler.stats.inc_value("newscrawler/errors/article")
        self.logger.warning("article %s failed: %s", request.url, reason)
        if not request.meta.get("refresh") and not GONE.match(reason):
            kwargs = request.cb_kwargs
            self.remember_failed_article(request.url, reason, kwargs.get("section"),
                                         kwargs.get("published_hint"))

    def remember_failed_article(self, url: str, reason: str, section: str | None = None,
                                published_hint: str | None = None) -> None:
        """Keep an article link this run could not archive (5xx after the retries, a timeout,
        a dropped connection, a page that could not be read) for the next runs to ask again;
        the archive records them when the run ends (``ArchivePipeline``)."""
        self.crawler.stats.inc_value("newscrawler/pending/failed")
        self.failed_articles[article_key(url)] = {
            "url": clean_url(url), "reason": reason, "section": section,
            "published_hint": published_hint,
        }
