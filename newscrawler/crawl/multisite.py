"""Many sites in one process: one Scrapy crawler per site, all on one reactor.

Each site keeps what a crawl of it alone has: its own settings (time zone, printed name,
redirect hosts, discovery), its own downloader (so Scrapy's per-domain slots hold the site to
``CONCURRENT_REQUESTS_PER_DOMAIN`` and ``DOWNLOAD_DELAY``/AutoThrottle as before), its own lock,
run row and outcome. A site whose lock another run holds is skipped (and recorded as such); a
site that cannot be crawled is recorded as ``failed``; neither stops the others.

At most ``NEWSCRAWLER_SITES_AT_ONCE`` sites crawl at a time, the next starting when one ends,
so that 500 profiles cost a bounded number of connections, threads and SQLite handles. The
extraction workers are started once and shared by every site (a page carries its site's read
settings), instead of one pool per site.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from twisted.python.failure import Failure

from newscrawler.crawl.lock import CrawlLock, CrawlLocked
from newscrawler.crawl.middlewares import BUDGET_STOPS
from newscrawler.crawl.runner import (
    NETWORK_LOGGERS,
    CrawlOutcome,
    one_line_errors,
    project_settings,
    quiet_stderr_handler,
    record_failed_run,
)
from newscrawler.crawl.spiders.section import SectionSpider

logger = logging.getLogger(__name__)
SITE_PRIORITY = 50  # a site's own settings: above "cmdline" (40), where -s and the CLI's are


@dataclass
class SiteJob:
    """One site to crawl: its profile name (the run's site and lock), section URLs, and the
    settings and spider arguments that are its own."""

    site: str
    urls: list[str]
    overrides: dict[str, Any] = field(default_factory=dict)
    spider_args: dict[str, Any] = field(default_factory=dict)
    max_pages: int | None = None


# What became of a site: "ok", "failed" (could not do its job), "locked" (another run holds
# its lock), "archive_error", "budget" (a safety budget ended it early), "interrupted" (stopped
# by a signal), "not_started" (the run was interrupted before its turn).
STATUSES = ("ok", "failed", "locked", "archive_error", "budget", "interrupted", "not_started")


@dataclass
class SiteResult:
    site: str
    urls: list[str]
    status: str
    message: str = ""
    outcome: CrawlOutcome | None = None
    run_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def site_verdict(outcome: CrawlOutcome, urls: list[str]) -> tuple[str, str]:
    """(status, one-line reason) of a finished site crawl: the same judgement as a crawl of
    that site alone, whose exit code it mirrors."""
    stats, failures = outcome.stats, outcome.start_failures
    if stats.get("newscrawler/archive_error"):
        return "archive_error", f"{stats['newscrawler/archive_error']} ({outcome.stored} articles were stored)"
    if stats.get("newscrawler/locked"):
        return "locked", str(stats["newscrawler/locked"])
    if not stats.get("start_time"):
        return "failed", "the crawl could not start (run with -v to see why)"
    if failures and len(failures) == len(urls):
        return "failed", "; ".join(f"cannot crawl {url}: {why}" for url, why in failures.items())
    if outcome.finish_reason == "shutdown":
        return "interrupted", "stopped by a signal; the articles stored so far are kept"
    if outcome.stored == 0 and outcome.stat("newscrawler/article_links") == 0:
        empty = [u for u in urls if u not in failures]
        return "failed", "no article links found on " + ", ".join(empty)
    if stats.get(BUDGET_STOPS):
        return "budget", ("stopped early: " + "; ".join(map(str, stats[BUDGET_STOPS]))
                          + " (raise it with -s NAME=N, or crawl the site with --backfill)")
    return "ok", ""


def _stats_of(crawler: Crawler) -> dict[str, Any]:
    """A crawler's stats, empty when it failed before it had any (its spider would not start)."""
    collector = getattr(crawler, "_stats", None)
    return collector.get_stats() if collector is not None else {}


def _failure_line(failure: Failure) -> str:
    error = failure.value
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


class MultiSiteCrawl:
    """Crawls ``jobs`` into the archive at ``NEWSCRAWLER_DB``; ``run()`` blocks until every site
    is done (or a signal stopped the run) and returns one ``SiteResult`` per job, in order.

    ``on_done`` is called on the reactor's thread as each site ends (the CLI prints its line).
    ``quiet_log``: log to stderr only what the caller does not report itself (``cli_voice``).
    """

    def __init__(self, jobs: list[SiteJob], overrides: dict[str, Any], *,
                 on_done: Callable[[SiteResult], None] | None = None, stream=None,
                 quiet_log: bool = False):
        self.jobs = list(jobs)
        self.overrides = dict(overrides)
        self.quiet_handler: logging.Handler | None = None
        if quiet_log and not self.overrides.get("LOG_FILE"):
            self.overrides["LOG_ENABLED"] = False  # Scrapy's handler: a null one; ours instead
            self.quiet_handler = quiet_stderr_handler(project_settings(self.overrides))
        self.settings = project_settings(self.overrides)
        self.db_path = self.settings.get("NEWSCRAWLER_DB")
        self.at_once = max(1, self.settings.getint("NEWSCRAWLER_SITES_AT_ONCE"))
        self.on_done = on_done
        self.stream = stream or sys.stderr
        self.progress = self.settings.getbool("NEWSCRAWLER_PROGRESS")
        self.pending: deque[SiteJob] = deque()
        self.running: dict[str, Crawler] = {}
        self.results: dict[str, SiteResult] = {}
        self.stopping = False
        self.pool = None
        self.process: CrawlerProcess | None = None
        self._loop = None

    # -- the run ---------------------------------------------------------------------------
    def run(self) -> list[SiteResult]:
        if self.quiet_handler is not None:
            logging.root.addHandler(self.quiet_handler)
        try:
            return self._run()
        finally:
            if self.quiet_handler is not None:
                logging.root.removeHandler(self.quiet_handler)

    def _run(self) -> list[SiteResult]:
        from scrapy.utils.reactor import install_reactor

        self.process = CrawlerProcess(self.settings)
        if self.settings.get("LOG_LEVEL") != "DEBUG":
            for name in NETWORK_LOGGERS:
                logging.getLogger(name).addFilter(one_line_errors)
        install_reactor(self.settings["TWISTED_REACTOR"], self.settings["ASYNCIO_EVENT_LOOP"])
        # imported once the reactor is installed: they import (and so would install) one
        from scrapy.utils.defer import deferred_from_coro
        from twisted.internet import reactor, task

        from newscrawler.crawl.extraction import ExtractionPool, worker_count

        workers = worker_count(self.settings.get("NEWSCRAWLER_EXTRACT_WORKERS"))
        if workers:
            self.pool = ExtractionPool(workers, timeout=self.settings.getfloat("NEWSCRAWLER_EXTRACT_TIMEOUT"))
            reactor.addSystemEventTrigger("before", "shutdown", lambda: deferred_from_coro(self.pool.close()))
        if self.progress:
            self._loop = task.LoopingCall(self._report)
        self.pending.extend(self.jobs)
        reactor.callWhenRunning(self._fill)
        self.process.start(stop_after_crawl=False)
        for job in self.pending:  # never started: the run was stopped first
            self.results[job.site] = SiteResult(job.site, job.urls, "not_started",
                                                "the run was interrupted before its turn")
        return [self.results[job.site] for job in self.jobs]

    def _fill(self) -> None:
        """Start sites until ``at_once`` run; stop the reactor when nothing is left."""
        if self._loop is not None and not self._loop.running:
            self._loop.start(self.settings.getfloat("NEWSCRAWLER_PROGRESS_INTERVAL"), now=True)
        while self.pending and len(self.running) < self.at_once and not self.stopping:
            self._launch(self.pending.popleft())
        if not self.running and (self.stopping or not self.pending):
            self._finish()

    def _launch(self, job: SiteJob) -> None:
        lock = CrawlLock(self.db_path, job.site)
        try:
            lock.acquire()
        except CrawlLocked as e:
            self._skipped(job, str(e).replace("this run exits without crawling", "skipped"))
            return
        settings = project_settings(self.overrides)
        # Above the process's own priority: CrawlerProcess.crawl() merges its settings into the
        # crawler's, and a tie goes to the process.
        for key, value in {**job.overrides, "NEWSCRAWLER_PROGRESS": False}.items():  # ours instead
            settings.set(key, value, priority=SITE_PRIORITY)
        crawler = Crawler(SectionSpider, settings)
        crawler.shared_extraction_pool = self.pool  # read by ExtractPipeline
        self.running[job.site] = crawler
        d = self.process.crawl(crawler, urls=job.urls, max_pages=job.max_pages, site=job.site,
                               **job.spider_args)
        d.addBoth(self._ended, job, crawler, lock)

    def _ended(self, result: Any, job: SiteJob, crawler: Crawler, lock: CrawlLock) -> None:
        try:
            stats = _stats_of(crawler)
            spider = crawler.spider
            outcome = CrawlOutcome(stats=dict(stats),
                                   start_failures=dict(getattr(spider, "start_failures", {}) or {}),
                                   finish_reason=stats.get("finish_reason"))
            if isinstance(result, Failure):
                status, message = "failed", f"the crawl could not start: {_failure_line(result)}"
            else:
                status, message = site_verdict(outcome, job.urls)
            run_id = stats.get("newscrawler/run_id")
            if status == "failed" and run_id:
                record_failed_run(self.db_path, run_id, message)
            if outcome.finish_reason == "shutdown":
                self.stopping = True  # a signal: start no other site
            self._record(SiteResult(job.site, job.urls, status, message, outcome, run_id))
        finally:
            lock.release()
            self.running.pop(job.site, None)
            self._fill()

    def _skipped(self, job: SiteJob, message: str) -> None:
        from newscrawler.archive import ArchiveError, open_archive
        from newscrawler.archive.runs import record_skipped_run

        run_id = None
        try:
            with open_archive(self.db_path) as archive:
                run_id = record_skipped_run(archive, job.urls, site=job.site, message=message)
        except ArchiveError as e:
            logger.error("could not record the skipped run of %s: %s", job.site, e)
        self._record(SiteResult(job.site, job.urls, "locked", message, None, run_id))

    def _record(self, result: SiteResult) -> None:
        self.results[result.site] = result
        if self.on_done is not None:
            self._clear()
            self.on_done(result)

    def _finish(self) -> None:
        from twisted.internet import reactor

        if self._loop is not None and self._loop.running:
            self._loop.stop()
            self._clear()
        with contextlib.suppress(RuntimeError):  # already stopping (a signal): fine
            reactor.stop()

    # -- progress at a terminal ------------------------------------------------------------
    def progress_line(self) -> str:
        done = len(self.results)
        failed = sum(not r.ok for r in self.results.values())
        stats = [r.outcome.stats for r in self.results.values() if r.outcome]
        stats += [_stats_of(c) for c in self.running.values()]
        total = lambda key: sum(int(s.get(key, 0) or 0) for s in stats)  # noqa: E731
        stored = sum(total(f"newscrawler/articles/{k}") for k in ("new", "updated", "unchanged"))
        names = ", ".join(sorted(self.running)[:3]) + ("…" if len(self.running) > 3 else "")
        return (f"sites {done}/{len(self.jobs)} done" + (f" ({failed} failed)" if failed else "")
                + (f" · crawling {names}" if names else "")
                + f" · pages {total('downloader/response_count')} · stored {stored}"
                + f" · errors {total('newscrawler/errors')}")

    def _report(self) -> None:
        self.stream.write("\r\033[K" + self.progress_line())
        self.stream.flush()

    def _clear(self) -> None:
        if self._loop is not None:
            self.stream.write("\r\033[K")
            self.stream.flush()
