"""Start a crawl from Python (the CLI's way in) and report what it did."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from newscrawler.crawl.spiders.section import SectionSpider


def project_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """newscrawler's settings module plus overrides, whatever the working folder (no scrapy.cfg
    lookup: the CLI must behave the same from anywhere)."""
    settings = Settings()
    settings.setmodule("newscrawler.settings", priority="project")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


NETWORK_LOGGERS = (
    "scrapy.downloadermiddlewares.robotstxt",
    "scrapy.downloadermiddlewares.retry",
    "scrapy.core.scraper",
)


def one_line_errors(record: logging.LogRecord) -> bool:
    """Keep network failures to one line each: a refused connection is the user's news, its
    Twisted traceback is not (``-vv`` shows tracebacks)."""
    if record.exc_info:
        record.exc_info = None
        record.exc_text = None
    return True


@dataclass
class CrawlOutcome:
    """What the CLI needs to explain a finished crawl."""

    stats: dict[str, Any]
    start_failures: dict[str, str] = field(default_factory=dict)
    finish_reason: str | None = None

    def stat(self, key: str) -> int:
        return int(self.stats.get(key, 0) or 0)

    @property
    def stored(self) -> int:
        return sum(self.stat(f"newscrawler/articles/{k}") for k in ("new", "updated", "unchanged"))


def run_crawl(
    urls: list[str],
    settings: Settings,
    *,
    max_pages: int | None = None,
    site: str | None = None,
    spider_args: dict[str, Any] | None = None,
    spider_cls: type[SectionSpider] = SectionSpider,
) -> CrawlOutcome:
    """Crawl the sections at ``urls`` into the archive the settings name; blocks until done.

    Runs the Twisted reactor, so it can be called once per process. A distributed crawl's
    writer passes its own spider class (``crawl/distributed/spider.py``).
    """
    process = CrawlerProcess(settings)
    if settings.get("LOG_LEVEL") != "DEBUG":
        for name in NETWORK_LOGGERS:
            logging.getLogger(name).addFilter(one_line_errors)
    crawler = process.create_crawler(spider_cls)
    process.crawl(crawler, urls=urls, max_pages=max_pages, site=site, **(spider_args or {}))
    process.start()
    spider = crawler.spider
    stats = crawler.stats.get_stats() if crawler.stats else {}
    return CrawlOutcome(
        stats=stats,
        start_failures=dict(getattr(spider, "start_failures", {})),
        finish_reason=stats.get("finish_reason"),
    )
