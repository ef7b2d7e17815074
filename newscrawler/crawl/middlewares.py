"""Guards between the spider and hostile servers: what is fetched, how much, and for how long.

A crawl that runs unattended for months meets servers that loop, trickle, bomb and trap. Scrapy
bounds sizes, time and redirects; the middlewares here add what a news archiver needs on top and
count every hit in the run's stats under ``newscrawler/limits/*`` (kept in ``crawl_runs``):

- ``SchemeFilterMiddleware``: only http and https leave the crawler (no file:, ftp:, data:…).
- ``SiteRedirectMiddleware`` and ``SiteMetaRefreshMiddleware``: Scrapy's redirects (3xx and
  ``<meta http-equiv=refresh>``), refused when they leave the site (another host or port) unless
  ``NEWSCRAWLER_REDIRECT_HOSTS`` or the spider's ``redirect_hosts`` allow it.
- ``LimitedHttpCompressionMiddleware``: Scrapy's decompression, with its bomb guard counted.
- ``LimitsMiddleware``: honours ``Retry-After`` (up to ``NEWSCRAWLER_MAX_RETRY_AFTER``) and counts
  timeouts, oversized bodies and retries given up.
- ``CrawlBudgetMiddleware`` (spider middleware): pages per run and per section, distinct query
  strings per path (calendar traps), and pagination that stops bringing new articles.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from scrapy import Request
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from newscrawler.extract.links import PAGE_PARAMS, same_site

logger = logging.getLogger(__name__)

ALLOWED_SCHEMES = ("http", "https")
LIMITS = "newscrawler/limits"
# Budgets that end a crawl before its listings are walked: never a quiet end (the CLI prints
# each reason, kept under BUDGET_STOPS, and exits with its own code).
STOPPING_BUDGETS = ("pages_per_run", "pages_per_section")
BUDGET_STOPS = "newscrawler/budget_stops"
# Set by the spider on a listing response: article links it skipped as archived that it had not
# seen before in this run (the stale-pagination guard counts them as new).
ARCHIVED_LINKS_META = "newscrawler_archived_links"


def hit(stats: Any, name: str, count: int = 1) -> None:
    """Count one limit hit, both in its own key and in the total the CLI summary shows."""
    if stats is not None:
        stats.inc_value(f"{LIMITS}/{name}", count)
        stats.inc_value(LIMITS, count)


def host_port(url: str) -> str:
    """``host:port`` of a URL, the default port made explicit (so 127.0.0.1 == 127.0.0.1:80)."""
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme, 0)
    return f"{(parts.hostname or '').lower()}:{port}"


def same_origin_site(a: str, b: str) -> bool:
    """Same site for a redirect: same host up to ``www.``, same port."""
    ha, _, pa = host_port(a).rpartition(":")
    hb, _, pb = host_port(b).rpartition(":")
    return pa == pb and same_site(ha, hb)


# -- downloader middlewares -----------------------------------------------------------------
class SchemeFilterMiddleware:
    """Refuses every request that is not http(s): a page may link to file:, ftp:, data: or
    javascript:, and Scrapy has handlers for some of them."""

    def __init__(self, stats: Any):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_request(self, request: Request) -> None:
        scheme = urlsplit(request.url).scheme.lower()
        if scheme not in ALLOWED_SCHEMES:
            hit(self.stats, "scheme")
            logger.info("refused %s: only http and https are followed", request.url[:200])
            raise IgnoreRequest(f"scheme {scheme or '(none)'}: is not followed")
        return None


class _StaysOnSite:
    """Redirects kept on the site, and the loops they would go round broken and counted.

    A redirect to another host (or another port of the same host) is refused: a hijacked or
    parked page must not pull the crawl elsewhere. ``NEWSCRAWLER_REDIRECT_HOSTS`` (or a spider's
    ``redirect_hosts``) lists the hosts a site is known to redirect to (a CDN, a new domain).
    """

    def __init__(self, settings):
        super().__init__(settings)
        self.redirect_hosts = {h.lower() for h in settings.getlist("NEWSCRAWLER_REDIRECT_HOSTS")}

    @property
    def _stats(self):
        crawler = getattr(self, "crawler", None)
        return crawler.stats if crawler else None

    def _allowed_hosts(self) -> set[str]:
        spider = getattr(getattr(self, "crawler", None), "spider", None)
        return self.redirect_hosts | {h.lower() for h in getattr(spider, "redirect_hosts", ())}

    def _redirect(self, redirected: Request, request: Request, reason: Any) -> Request:
        origin = (request.meta.get("redirect_urls") or [request.url])[0]
        host = (urlsplit(redirected.url).hostname or "").lower()
        if not same_origin_site(origin, redirected.url):
            if host not in self._allowed_hosts():
                hit(self._stats, "offsite_redirect")
                logger.info("refused redirect %s -> %s: another site", request.url, redirected.url[:200])
                raise IgnoreRequest(f"redirect to another site ({redirected.url[:200]})")
            redirected.meta["allow_offsite"] = True  # past Scrapy's OffsiteMiddleware too
        if redirected.url in (request.meta.get("redirect_urls") or []) + [request.url]:
            # A loop comes back to a URL it already visited: no point in going round again.
            hit(self._stats, "redirect_loop")
            raise IgnoreRequest(f"redirect loop at {redirected.url[:200]}")
        try:
            return super()._redirect(redirected, request, reason)
        except IgnoreRequest:
            hit(self._stats, "redirects")
            raise


class SiteRedirectMiddleware(_StaysOnSite, RedirectMiddleware):
    """Scrapy's ``RedirectMiddleware`` (3xx, ``Location``) that stays on the site."""


# Scrapy looks for a refresh in the first 4,096 characters: at most 16 KB of an ASCII-compatible
# encoding. After replacing entities: a numeric one may spell a letter of "refresh", or "<".
_HEAD_BYTES = 4 * 4096
_LETTER_ENTITY = re.compile(  # w3lib reads them with or without the ";"
    rb"&#(?:[xX]0*(?:3[cC]|[4-7][0-9a-fA-F])(?![0-9a-fA-F])|0*(?:60|6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7])(?![0-9]))"
)


def may_hold_meta_refresh(body: bytes) -> bool:
    """False only when the page's head cannot hold a ``<meta http-equiv=refresh>`` as Scrapy
    reads it: no "refresh" in any case, no numeric entity that could spell one, and an
    ASCII-compatible encoding (no NUL byte, which UTF-16 and UTF-32 text is full of)."""
    head = body[:_HEAD_BYTES]
    return b"\x00" in head or b"refresh" in head.lower() or _LETTER_ENTITY.search(head) is not None


class SiteMetaRefreshMiddleware(_StaysOnSite, MetaRefreshMiddleware):
    """Scrapy's ``MetaRefreshMiddleware`` that stays on the site, and does not decode the whole
    page to look (Scrapy decodes every HTML response, about 0.3 ms of the reactor's time per
    page of a busy crawl) when its head cannot hold a refresh (``may_hold_meta_refresh``)."""

    def process_response(self, request: Request, response: Response, spider=None):
        if not may_hold_meta_refresh(response.body):
            return response
        return super().process_response(request, response)


class LimitedHttpCompressionMiddleware(HttpCompressionMiddleware):
    """Scrapy's decompression (which stops a gzip/deflate/brotli bomb at ``DOWNLOAD_MAXSIZE``
    decompressed bytes since 2.11.1), with every bomb counted."""

    def process_response(self, request: Request, response: Response, spider=None):
        try:
            return super().process_response(request, response)
        except IgnoreRequest:
            hit(self.stats, "decompressed_size")
            raise


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """The delay a ``Retry-After`` header asks for: seconds or an HTTP date; None if unreadable."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class LimitsMiddleware:
    """Retry-After honoured within reason; timeouts, oversized bodies and exhausted retries
    counted (Scrapy only logs them)."""

    def __init__(self, crawler):
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.max_retry_after = settings.getfloat("NEWSCRAWLER_MAX_RETRY_AFTER")
        self.retry_enabled = settings.getbool("RETRY_ENABLED")
        self.max_retries = settings.getint("RETRY_TIMES")
        self.retry_codes = {int(c) for c in settings.getlist("RETRY_HTTP_CODES")}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _retries_left(self, request: Request) -> bool:
        if not self.retry_enabled or request.meta.get("dont_retry"):
            return False
        limit = request.meta.get("max_retry_times", self.max_retries)
        return request.meta.get("retry_times", 0) < limit

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        status = response.status
        if status in (429, 503) and b"Retry-After" in response.headers:
            delay = retry_after_seconds(response.headers.get(b"Retry-After"))
            if not self._retries_left(request):
                hit(self.stats, "retries")
                return response
            if delay is not None and delay > self.max_retry_after:
                hit(self.stats, "retry_after")
                raise IgnoreRequest(
                    f"HTTP {status} asks to wait {delay:.0f} s (over NEWSCRAWLER_MAX_RETRY_AFTER)"
                )
            if delay:
                await sleep(delay)
            retry = get_retry_request(
                request, spider=self.crawler.spider, reason=f"HTTP {status} Retry-After",
                max_retry_times=request.meta.get("max_retry_times", self.max_retries),
            )
            return retry or response
        if status in self.retry_codes and not self._retries_left(request):
            hit(self.stats, "retries")
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        name = type(exception).__name__
        text = str(exception)
        if "Timeout" in name:
            hit(self.stats, "timeout")
        elif "Cancelled" in name or "max size" in text or "DOWNLOAD_MAXSIZE" in text:
            # Scrapy cancels a body that grows past DOWNLOAD_MAXSIZE (sometimes with no message)
            hit(self.stats, "size")
        return None


async def sleep(seconds: float) -> None:
    """Wait without blocking the reactor, whichever reactor Scrapy runs."""
    from scrapy.utils.defer import maybe_deferred_to_future
    from twisted.internet import reactor
    from twisted.internet.task import deferLater

    await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))


# -- spider middleware ------------------------------------------------------------------------
def request_kind(request: Request) -> str:
    """``listing``, ``article`` or ``other``: what a request fetches, from its meta or callback."""
    kind = request.meta.get("newscrawler_kind")
    if kind:
        return kind
    if "page" in request.cb_kwargs or "start_url" in request.cb_kwargs:
        return "listing"
    callback = getattr(request.callback, "__name__", "")
    return "article" if "article" in callback else "other"


def query_key(url: str, kind: str) -> tuple[str, str] | None:
    """(path, query) for the query-string cap; page numbers of a listing do not count."""
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    if kind == "listing":
        pairs = [(k, v) for k, v in pairs if k.lower() not in PAGE_PARAMS]
    if not pairs:
        return None
    return f"{parts.scheme}://{parts.netloc}{parts.path}", urlencode(sorted(pairs))


class CrawlBudgetMiddleware:
    """Bounds what one run can be led to fetch, whatever the site generates.

    - ``NEWSCRAWLER_MAX_PAGES_PER_RUN``: requests the spider may make in one run.
    - ``NEWSCRAWLER_MAX_PAGES_PER_SECTION``: requests made on behalf of one start URL.
    - ``NEWSCRAWLER_MAX_QUERY_VARIANTS``: distinct query strings per path (calendars, filters,
      session ids: ever-new URLs for the same page).
    - ``NEWSCRAWLER_MAX_STALE_LISTINGS``: listing pages in a row that bring no new article link
      before pagination of that section stops (infinite pagination).
    """

    def __init__(self, crawler):
        settings = crawler.settings
        self.stats = crawler.stats
        self.max_run = settings.getint("NEWSCRAWLER_MAX_PAGES_PER_RUN")
        self.max_section = settings.getint("NEWSCRAWLER_MAX_PAGES_PER_SECTION")
        self.max_queries = settings.getint("NEWSCRAWLER_MAX_QUERY_VARIANTS")
        self.max_stale = settings.getint("NEWSCRAWLER_MAX_STALE_LISTINGS")
        self.run_count = 0
        self.section_count: dict[str, int] = defaultdict(int)
        self.queries: dict[str, set[str]] = defaultdict(set)
        self.stale: dict[str, int] = defaultdict(int)
        self.seen_articles: set[str] = set()
        self._warned: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    # Scrapy 2.13+: start requests pass here too.
    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for obj in start:
            if isinstance(obj, Request):
                section = obj.cb_kwargs.get("start_url") or obj.meta.get("newscrawler_section") or obj.url
                obj.meta.setdefault("newscrawler_section", section)
                if not self._admit(obj, section):
                    continue
            yield obj

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        state = _ResponseState(self, response)
        for obj in result:
            kept = state.filter(obj)
            if kept is not None:
                yield kept
        state.finish()

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        state = _ResponseState(self, response)
        async for obj in result:
            kept = state.filter(obj)
            if kept is not None:
                yield kept
        state.finish()

    def _limit(self, name: str, request: Request, why: str) -> bool:
        hit(self.stats, name)
        if name in STOPPING_BUDGETS:  # the CLI names it and exits with its own code
            stops = self.stats.get_value(BUDGET_STOPS) or []
            if why not in stops:
                self.stats.set_value(BUDGET_STOPS, [*stops, why])
        if name not in self._warned:
            self._warned.add(name)
            logger.warning("%s: skipping %s and any further such request", why, request.url[:200])
        else:
            logger.debug("%s: skipped %s", why, request.url[:200])
        return False

    def _admit(self, request: Request, section: str) -> bool:
        kind = request_kind(request)
        key = query_key(request.url, kind)
        if key and self.max_queries:
            path, query = key
            known = self.queries[path]
            if query not in known:
                if len(known) >= self.max_queries:
                    return self._limit("query_variants", request,
                                       f"more than {self.max_queries} query strings for {path}")
                known.add(query)
        if self.max_run and self.run_count >= self.max_run:
            return self._limit("pages_per_run", request,
                               f"NEWSCRAWLER_MAX_PAGES_PER_RUN ({self.max_run}) reached")
        if self.max_section and self.section_count[section] >= self.max_section:
            return self._limit("pages_per_section", request,
                               f"NEWSCRAWLER_MAX_PAGES_PER_SECTION ({self.max_section}) reached for {section}")
        self.run_count += 1
        self.section_count[section] += 1
        return True


class _ResponseState:
    """What one response's output did: new article links seen, so stale pagination is found."""

    def __init__(self, budget: CrawlBudgetMiddleware, response: Response):
        self.budget = budget
        request = response.request
        self.section = (
            (request.meta.get("newscrawler_section") or request.cb_kwargs.get("start_url"))
            if request is not None else None
        ) or response.url
        self.is_listing = request is not None and request_kind(request) == "listing"
        self.response = response
        self.new_articles = 0

    @property
    def brought_new(self) -> bool:
        """Whether the page linked an article not seen before in this run. Links the spider
        skipped as archived count too (``newscrawler_archived_links`` in the response's meta):
        a run walking back through archived pages, to reach what a killed run missed, is not
        caught in an endless pagination."""
        return bool(self.new_articles or self.response.meta.get(ARCHIVED_LINKS_META))

    def filter(self, obj: Any) -> Any:
        if not isinstance(obj, Request):
            return obj
        budget = self.budget
        obj.meta.setdefault("newscrawler_section", self.section)
        kind = request_kind(obj)
        if kind == "article" and obj.url not in budget.seen_articles:
            budget.seen_articles.add(obj.url)
            self.new_articles += 1
        if (kind == "listing" and self.is_listing and budget.max_stale and not self.brought_new
                and budget.stale[self.section] + 1 >= budget.max_stale):
            budget._limit("stale_pagination", obj,
                          f"{budget.max_stale} listing pages in a row brought no new article")
            return None
        return obj if budget._admit(obj, self.section) else None

    def finish(self) -> None:
        if self.is_listing:
            self.budget.stale[self.section] = 0 if self.brought_new else self.budget.stale[self.section] + 1
