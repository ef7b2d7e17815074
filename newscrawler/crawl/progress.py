"""A live progress line for people at a terminal (off under cron: see NEWSCRAWLER_PROGRESS)."""

from __future__ import annotations

import sys

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from newscrawler.crawl.backfill import progress_text


class ProgressReporter:
    """Rewrites one stderr line: pages fetched, articles stored, dropped, errors."""

    def __init__(self, stats, interval: float, stream=None):
        self.stats = stats
        self.interval = interval
        self.stream = stream or sys.stderr
        self._loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("NEWSCRAWLER_PROGRESS"):
            raise NotConfigured
        ext = cls(crawler.stats, crawler.settings.getfloat("NEWSCRAWLER_PROGRESS_INTERVAL"))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def line(self) -> str:
        get = lambda key: self.stats.get_value(key, 0)  # noqa: E731
        stored = get("newscrawler/articles/new") + get("newscrawler/articles/updated") + get(
            "newscrawler/articles/unchanged"
        )
        return (
            f"pages {get('downloader/response_count')} · listings {get('newscrawler/listing_pages')}"
            f" · articles {get('newscrawler/article_pages')} (stored {stored})"
            f" · dropped {get('newscrawler/dropped')} · errors {get('newscrawler/errors')}"
            + progress_text(self.stats)
        )

    def report(self) -> None:
        self.stream.write("\r\033[K" + self.line())
        self.stream.flush()

    def spider_opened(self, spider) -> None:
        self._loop = task.LoopingCall(self.report)
        self._loop.start(self.interval, now=True)

    def spider_closed(self, spider, reason) -> None:
        if self._loop and self._loop.running:
            self._loop.stop()
        self.report()
        self.stream.write("\n")
        self.stream.flush()
