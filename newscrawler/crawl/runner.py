"""Start a crawl from Python (the CLI's way in) and report what it did."""

from __future__ import annotations

import logging
import sys
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


def cli_voice(record: logging.LogRecord) -> bool:
    """Without -v the CLI speaks for the crawl (cron mails what it prints): Scrapy's own error
    lines (every failed request, which the summary counts) and the records the CLI restates
    stay off stderr; a crash (CRITICAL) and what nothing else reports still show."""
    if record.levelno >= logging.CRITICAL:
        return True
    return not (record.name.startswith("scrapy.") or getattr(record, "newscrawler_reported", False))


def quiet_stderr_handler(settings: Settings) -> logging.Handler:
    """stderr for a CLI run without -v: Scrapy's format and level, filtered by ``cli_voice``."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(settings.get("LOG_LEVEL"))
    handler.setFormatter(logging.Formatter(settings.get("LOG_FORMAT"), settings.get("LOG_DATEFORMAT")))
    handler.addFilter(cli_voice)
    return handler


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


def record_failed_run(db_path: str, run_id: int, message: str) -> None:
    """Mark a run that ended but could not do its job (start URLs unreachable, no article
    links) ``failed`` with its reason, for ``runs`` and the next cron check; the crawl's exit
    code already says so, so a locked or broken archive here is only logged."""
    from newscrawler.archive import ArchiveError, open_archive
    from newscrawler.archive.runs import mark_run_failed

    try:
        with open_archive(db_path) as archive:
            mark_run_failed(archive, run_id, message)
    except ArchiveError as e:
        logging.getLogger(__name__).error("could not record run %s as failed: %s", run_id, e)


def run_crawl(
    urls: list[str],
    settings: Settings,
    *,
    max_pages: int | None = None,
    site: str | None = None,
    spider_args: dict[str, Any] | None = None,
    quiet_log: bool = False,
    spider_cls: type[SectionSpider] = SectionSpider,
) -> CrawlOutcome:
    """Crawl the sections at ``urls`` into the archive the settings name; blocks until done.

    ``quiet_log``: log to stderr only what the caller does not report itself (``cli_voice``).
    Runs the Twisted reactor, so it can be called once per process. A distributed crawl's
    writer passes its own spider class (``crawl/distributed/spider.py``).
    """
    handler = None
    if quiet_log and not settings.get("LOG_FILE"):
        settings.set("LOG_ENABLED", False, priority="cmdline")  # Scrapy's handler: a null one
        handler = quiet_stderr_handler(settings)
        logging.root.addHandler(handler)
    process = CrawlerProcess(settings)
    if settings.get("LOG_LEVEL") != "DEBUG":
        for name in NETWORK_LOGGERS:
            logging.getLogger(name).addFilter(one_line_errors)
    crawler = process.create_crawler(spider_cls)
    process.crawl(crawler, urls=urls, max_pages=max_pages, site=site, **(spider_args or {}))
    try:
        process.start()
    finally:
        if handler is not None:
            logging.root.removeHandler(handler)
    spider = crawler.spider
    stats = crawler.stats.get_stats() if crawler.stats else {}
    return CrawlOutcome(
        stats=stats,
        start_failures=dict(getattr(spider, "start_failures", {})),
        finish_reason=stats.get("finish_reason"),
    )
