"""The section spider: from section pages to every article they list.

    scrapy crawl section -a url=https://example.ma/archives/category/مجتمع
    scrapy crawl section -a urls="URL1 URL2" -a max_pages=5

It only navigates: which links are articles and which lead to the next listing page is decided
by ``newscrawler.extract.links``; what an article says, by ``newscrawler.extract``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote, urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from newscrawler.archive import open_archive
from newscrawler.archive.store import ArchiveIndex
from newscrawler.crawl import REPORTED
from newscrawler.crawl.backfill import (
    BACKFILL,
    BACKFILL_PAGE,
    SINCE,
    BackfillProgress,
    note_published,
    passed_since,
)
from newscrawler.crawl.middlewares import ARCHIVED_LINKS_META
from newscrawler.crawl.spiders.discovering import WAYS, DiscoveryMixin
from newscrawler.crawl.spiders.pending import PendingMixin
from newscrawler.extract.links import clean_url, listing_links, page_number
from newscrawler.extract.section import is_real_section
from newscrawler.items import ArticleHints, FetchedPage
from newscrawler.normalize.urls import article_key

MAX_FAILED_LISTINGS = 100  # kept for the next run: a site down for the whole run needs no more

HTML_TYPES = (b"text/html", b"application/xhtml+xml")


def is_html(response: Response) -> bool:
    content_type = response.headers.get(b"Content-Type", b"").lower()
    if content_type:
        return any(t in content_type for t in HTML_TYPES)
    return isinstance(response, TextResponse) and b"<html" in response.body[:2048].lower()


class SectionSpider(DiscoveryMixin, PendingMixin, scrapy.Spider):
    name = "section"

    def __init__(
        self,
        url: str | None = None,
        urls: str | list[str] | None = None,
        max_pages: int | str | None = None,
        site: str | None = None,
        selectors: dict[str, str] | None = None,
        sitemap_urls: list[str] | None = None,
        use_feeds: bool = True,
        backfill: bool = False,
        since: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        given = ([url] if url else []) + (urls.split() if isinstance(urls, str) else list(urls or []))
        if not given:
            raise ValueError("give a section URL: scrapy crawl section -a url=URL")
        self.section_urls = [u.strip() for u in given if u.strip()]
        self._max_pages_arg = int(max_pages) if max_pages not in (None, "") else None
        self.allowed_domains = sorted({urlsplit(u).hostname or "" for u in self.section_urls})
        self.site_key = site_key(self.section_urls, site)
        # From the site profile, when there is one (newscrawler.crawl.sites).
        self.selectors = dict(selectors or {})
        self.sitemap_urls = list(sitemap_urls or [])
        self.use_feeds = use_feeds
        self.index: ArchiveIndex | None = None
        self._archive = None
        self._stale_pages: dict[str, int] = {}
        self._requested: set[str] = set()  # keys (article_key) of articles asked for in this run
        self._archived_seen: set[str] = set()  # keys of articles skipped as archived in this run
        # Article links this run could not archive (key -> url, section, reason…), for the next
        # runs to ask again (``archive/pending.py``), and the pending links it asked for.
        self.failed_articles: dict[str, dict[str, Any]] = {}
        self.pending_tried: set[str] = set()
        self._listings_requested: set[str] = set()
        # Listing pages past the first that failed in this run, for the next run to ask again.
        self.failed_listings: list[dict[str, Any]] = []
        self.resuming = False
        # --backfill: walk every listing page from where the last backfill stopped (backfill.py).
        self.backfill = bool(backfill)
        self.since = since
        self.backfill_progress = BackfillProgress()
        # What the runner reads afterwards to explain a crawl that found nothing.
        self.start_failures: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.max_pages = (
            spider._max_pages_arg
            if spider._max_pages_arg is not None
            else settings.getint("NEWSCRAWLER_MAX_PAGES")
        )
        spider.max_links = settings.getint("NEWSCRAWLER_MAX_LINKS_PER_PAGE")
        spider.incremental = settings.getbool("NEWSCRAWLER_INCREMENTAL")
        spider.stale_pages_tolerated = settings.getint("NEWSCRAWLER_STALE_PAGES_TOLERATED")
        spider.refresh_days = settings.getfloat("NEWSCRAWLER_REFRESH_DAYS")
        spider.db_path = settings.get("NEWSCRAWLER_DB")
        spider.discovery = (settings.get("NEWSCRAWLER_DISCOVERY") or "auto").lower()
        if spider.discovery not in WAYS:
            raise ValueError(f"NEWSCRAWLER_DISCOVERY must be one of {', '.join(WAYS)}")
        crawler.signals.connect(spider.close_index, signal=scrapy.signals.spider_closed)
        if spider.backfill:
            crawler.signals.connect(spider.item_stored, signal=scrapy.signals.item_scraped)
            crawler.signals.connect(spider.item_read, signal=scrapy.signals.item_dropped)
        return spider

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

    def open_index(self) -> None:
        """A connection of the spider's own for "is this URL archived?" lookups."""
        if (self.incremental or self.refresh_days) and self.index is None:
            self._archive = open_archive(self.db_path)
            self.index = ArchiveIndex(self._archive)
            if self.incremental and self.index.unfinished_before(self.site_key):
                # The last run was killed or interrupted: walk every listing page this time
                # (archived articles are still skipped) so that nothing it missed stays missing.
                self.resuming = True
                self.crawler.stats.set_value("newscrawler/resumed_after_unfinished_run", True)
                self.logger.info("the last run of %s did not finish: walking all listings", self.site_key)
            if self.backfill:
                self.crawler.stats.set_value(SINCE, self.since)
            if self.backfill and self.index:
                self.resuming = True  # every listing page; archived articles are still skipped
                self.backfill_progress = BackfillProgress(self.index.last_backfill(self.site_key))

    def close_index(self, spider=None, reason=None) -> None:
        if self._archive is not None:
            self._archive.close()
            self._archive = self.index = None

    def is_archived(self, url: str) -> bool:
        """Whether the article at ``url``, in any spelling of it (``article_key``), is archived."""
        return self.is_archived_key(article_key(url))

    def is_archived_key(self, key: str) -> bool:
        return bool(self.incremental and self.index and self.index.is_archived_key(key))

    async def start(self):
        self.open_index()
        if self.refresh_days and self.index:
            for request in self.refresh_requests():
                yield request
        for request in self.pending_requests():  # whatever way this run finds articles
            yield request
        if self.discovery == "sitemap":
            for request in self.sitemap_start_requests():
                yield request
            return
        for url in self.section_urls:
            at, page = (self.backfill_progress.resume_point(url) if self.backfill else None) or (url, 1)
            if page > 1:
                self.logger.info("backfill of %s resumes at listing page %d", url, page)
                self.crawler.stats.set_value("newscrawler/backfill/resumed_at", page)
                self._listings_requested.add(at)
            yield scrapy.Request(
                at,
                callback=self.parse_listing,
                errback=self.listing_failed,
                cb_kwargs={"start_url": url, "page": page, "section": None},
            )
        for request in self.retried_listing_requests():
            yield request

    def retried_listing_requests(self) -> list[scrapy.Request]:
        """The listing pages the last run of the site could not fetch, asked for again. An
        incremental run stops paging where the archive begins, so without this what lay on and
        behind a failed page (a timeout on page 57 of a first deep crawl) would wait for a
        ``--full`` run. A run walking every page anyway (resuming) needs none of them."""
        if not (self.incremental and self.index) or self.resuming:
            return []
        requests = []
        for failed in self.index.failed_listings(self.site_key):
            url, start_url = failed.get("url"), failed.get("start_url")
            if start_url not in self.section_urls or not url or url in self._listings_requested:
                continue
            self._listings_requested.add(url)
            self.crawler.stats.inc_value("newscrawler/listings_retried")
            requests.append(scrapy.Request(
                url,
                callback=self.parse_listing,
                errback=self.listing_failed,
                cb_kwargs={"start_url": start_url, "page": int(failed.get("page") or 2),
                           "section": failed.get("section")},
            ))
        return requests

    # -- listing pages ------------------------------------------------------------------------
    def parse_listing(self, response: Response, start_url: str, page: int, section: str | None):
        stats = self.crawler.stats
        if not is_html(response):
            content_type = response.headers.get(b"Content-Type", b"?").decode("latin-1")
            stats.inc_value("newscrawler/skipped/not_html")
            if page == 1:
                self.start_failures[start_url] = f"not an HTML page ({content_type})"
            return
        stats.inc_value("newscrawler/listing_pages")
        links = listing_links(response.body, response.url, max_links=self.max_links)
        if links.skipped_links:
            stats.inc_value("newscrawler/skipped/links_over_limit", links.skipped_links)
        if page == 1:
            title = links.title if is_real_section(links.title) else None  # not "أخبار", "Home"
            section = section or title or section_from_url(response.url)
            if not links.articles:
                self.logger.warning("no article links on %s", response.url)
        elif section is None and self.backfill:  # a backfill resumed past the first page
            section = links.title or section_from_url(start_url)
        stats.inc_value("newscrawler/article_links", len(links.articles))
        requests, reached = self.article_requests(response, [(u, None) for u in links.articles], section)
        yield from requests
        if page == 1:
            replacing = self.discovery_requests(response, start_url, section, len(links.articles), reached)
            if replacing or self.discovery in ("feed", "wp-api"):
                yield from replacing
                return
        following = list(self.next_listing_pages(links, page, start_url, reached))
        if self.backfill:
            for request in requests:
                request.meta[BACKFILL_PAGE] = (start_url, page)
            self.backfill_progress.walked(start_url, response.url, page, len(requests),
                                          bool(following))
            self.crawler.stats.set_value(BACKFILL, self.backfill_progress.state())
        for number, url in following:
            if url in self._listings_requested:
                continue  # every page links every other: ask for each once (budgets count asks)
            self._listings_requested.add(url)
            yield response.follow(
                url,
                callback=self.parse_listing,
                errback=self.listing_failed,
                priority=-1 if self.backfill else 0,
                cb_kwargs={"start_url": start_url, "page": number, "section": section},
            )

    def article_requests(self, response: Response, links: list[tuple[str, str | None]],
                         section: str | None):
        """Requests for the articles not archived yet and not yet asked for in this run, and
        whether this page reached the archive: its last (oldest) link is archived already.
        ``links`` pairs a URL with a publication date the listing, feed or sitemap gave, used
        when the page itself shows none. How many archived links ``response`` brought that
        this run had not seen goes in its meta, for the stale-pagination guard."""
        stats = self.crawler.stats
        requests = []
        reached = False
        archived_new = 0
        for url, published_hint in links:
            url = clean_url(url)
            key = article_key(url)
            reached = False
            if key in self._requested:
                continue
            if self.is_archived_key(key):
                stats.inc_value("newscrawler/skipped/archived")
                reached = True
                if key not in self._archived_seen:
                    self._archived_seen.add(key)
                    archived_new += 1
                continue
            if self.incremental and self.index and self.index.is_given_up(key):
                stats.inc_value("newscrawler/given_up_links_skipped")  # failed run after run; --full asks
                continue
            self._requested.add(key)
            requests.append(scrapy.Request(
                url,
                callback=self.parse_article,
                errback=self.article_failed,
                cb_kwargs={"section": section, "published_hint": published_hint},
            ))
        response.meta[ARCHIVED_LINKS_META] = archived_new
        return requests, reached

    def continue_paging(self, start_url: str, next_page: int, reached_archive: bool) -> bool:
        """Whether to fetch page ``next_page`` of a section's listing, feed or API results.

        Limited by ``max_pages``. An incremental crawl also stops once
        ``NEWSCRAWLER_STALE_PAGES_TOLERATED`` + 1 pages in a row reached the archive (their
        oldest link was archived): listings are newest first, so what lies behind is archived
        too. A pinned post at the top of every page does not stop it; only the oldest counts.
        """
        if self.max_pages and next_page > self.max_pages:
            return False
        if not self.incremental or self.resuming:
            return True
        stale = self._stale_pages.get(start_url, 0) + 1 if reached_archive else 0
        self._stale_pages[start_url] = stale
        if stale > self.stale_pages_tolerated:
            self.crawler.stats.inc_value("newscrawler/listing_stopped_early")
            return False
        return True

    def next_listing_pages(self, links, page: int, start_url: str, reached: bool) -> list[tuple[int, str]]:
        """Which listing pages to fetch next: a full crawl takes every numbered page up to the
        limit at once (they download in parallel); an incremental one walks one at a time."""
        pages = dict(links.pages)
        if links.next_url and links.next_url not in pages.values():
            pages.setdefault(page_number(links.next_url) or page + 1, links.next_url)
        candidates = sorted(
            (n, u) for n, u in pages.items()
            if n > page and (not self.max_pages or n <= self.max_pages)
        )
        if self.backfill:  # one page at a time, after its articles (lower priority): see --since
            return candidates[:1] if not passed_since(self.crawler.stats, self.since) else []
        if not self.incremental or self.resuming:
            return candidates
        if not candidates or not self.continue_paging(start_url, candidates[0][0], reached):
            return []
        return candidates[:1]

    def refresh_requests(self):
        """Conditional re-requests of recent articles (If-None-Match / If-Modified-Since): a
        304 costs nothing, a changed page is stored as a new revision."""
        hosts = [h for h in self.allowed_domains if h]
        for row in self.index.recent_articles(self.refresh_days, hosts):
            headers = {}
            if row["etag"]:
                headers["If-None-Match"] = row["etag"]
            if row["last_modified"]:
                headers["If-Modified-Since"] = row["last_modified"]
            self.crawler.stats.inc_value("newscrawler/refresh/requested")
            yield scrapy.Request(
                row["fetched_url"],
                headers=headers,
                callback=self.parse_article,
                errback=self.article_failed,
                cb_kwargs={"section": row["section"], "published_hint": row["published_hint"]},
                meta={"handle_httpstatus_list": [304], "refresh": True},
                dont_filter=True,
                priority=-1,
            )

    def listing_failed(self, failure: Failure):
        request = failure.request
        reason = describe_failure(failure)
        if self.skipped_for_robots(failure):
            if request.cb_kwargs.get("page") == 1 and not request.meta.get("discovery"):
                self.start_failures[request.cb_kwargs["start_url"]] = reason
            return
        if request.cb_kwargs.get("page", 1) > 1 and reason in ("HTTP 404", "HTTP 410"):
            # a page past the last one (WordPress answers feed?paged=N+1 with 404): the end
            self.crawler.stats.inc_value("newscrawler/pagination_end")
            return
        self.crawler.stats.inc_value("newscrawler/errors")
        self.crawler.stats.inc_value("newscrawler/errors/listing")
        kwargs = request.cb_kwargs
        if kwargs.get("page", 1) > 1 and request.callback == self.parse_listing:
            self.record_failed_listing(request)
        chosen_way = self.discovery in ("feed", "wp-api")  # then it is the only way in
        if kwargs.get("page") == 1 and (not request.meta.get("discovery") or chosen_way):
            self.start_failures[kwargs["start_url"]] = reason
        # reported by the CLI: as the start URL's failure, or counted in the summary
        self.logger.error("listing page %s failed: %s", request.url, reason, extra=dict(REPORTED))

    def record_failed_listing(self, request: scrapy.Request) -> None:
        """Keep a failed listing page in the run's stats (``newscrawler/failed_listings``,
        stored with the run) for the next run to ask again; at most ``MAX_FAILED_LISTINGS``."""
        if len(self.failed_listings) >= MAX_FAILED_LISTINGS:
            return
        kwargs = request.cb_kwargs
        self.failed_listings.append({"url": request.url, "start_url": kwargs.get("start_url"),
                                     "page": kwargs.get("page"), "section": kwargs.get("section")})
        self.crawler.stats.set_value("newscrawler/failed_listings", self.failed_listings)

    # -- article pages ------------------------------------------------------------------------
    def parse_article(self, response: Response, section: str | None, published_hint: str | None = None):
        """Hand the page on to be read (``ExtractPipeline``), with what the listing said of it."""
        stats = self.crawler.stats
        if response.status == 304:
            stats.inc_value("newscrawler/refresh/not_modified")
            return
        if not is_html(response):
            self.item_read(None, response)
            stats.inc_value("newscrawler/skipped/not_html")
            self.logger.info("skipped %s: not an HTML page", response.url)
            return
        now = datetime.now(UTC).isoformat(timespec="seconds")
        page = fetched_page(response, clean_url(response.url), now)
        page.hints = ArticleHints(section=section, published=published_hint)
        redirected = response.request.meta.get("redirect_urls") or []
        if redirected:  # the link as listed: the next run asks the archive by it
            page.redirected_from = clean_url(redirected[0])
        yield page

    def skipped_for_robots(self, failure: Failure) -> bool:
        """A page robots.txt disallows was not fetched, which is no failure: counted on its own
        (``newscrawler/skipped/robots_txt``), for the summary and ``runs`` to name."""
        if not is_robots_refusal(failure):
            return False
        self.crawler.stats.inc_value("newscrawler/skipped/robots_txt")
        self.logger.info("skipped %s: robots.txt disallows it", failure.request.url)
        return True


def fetched_page(response: Response, url: str, fetched_at: str) -> FetchedPage:
    """The raw response as an item, for the archive's ``pages`` table."""
    headers = {
        key.decode("latin-1"): b", ".join(values).decode("latin-1")
        for key, values in response.headers.items()
    }
    return FetchedPage(
        url=url,
        final_url=response.url if response.url != url else None,
        status=response.status,
        headers=headers,
        body=response.body,
        fetched_at=fetched_at,
    )


def site_key(urls: list[str], profile: str | None = None) -> str:
    """What a run is "of": the site profile's name, else the host(s) of its start URLs."""
    if profile:
        return profile
    hosts = sorted({(urlsplit(u).netloc or "").lower().removeprefix("www.") for u in urls})
    return ",".join(h for h in hosts if h) or "unknown"


def section_from_url(url: str) -> str | None:
    """The last meaningful path segment, decoded: ``/archives/category/%D9%85…`` -> ``مجتمع``."""
    segments = [unquote(s) for s in urlsplit(url).path.split("/") if s]
    while segments and (segments[-1].isdigit() or segments[-1].lower() == "page"):
        segments.pop()
    return segments[-1].replace("-", " ") if segments else None


def is_robots_refusal(failure: Failure) -> bool:
    """Scrapy's RobotsTxtMiddleware refuses with ``IgnoreRequest("Forbidden by robots.txt")``."""
    from scrapy.exceptions import IgnoreRequest

    return isinstance(failure.value, IgnoreRequest) and "robots.txt" in str(failure.value)


def describe_failure(failure: Failure) -> str:
    """One line saying why a request failed (DNS, refused, timeout, HTTP status…)."""
    from scrapy.spidermiddlewares.httperror import HttpError

    error = failure.value
    if is_robots_refusal(failure):
        return "robots.txt disallows it"
    if isinstance(error, HttpError):
        return f"HTTP {error.response.status}"
    name = type(error).__name__
    text = str(error).strip() or name
    if "ConnectionRefused" in name:
        return "connection refused"
    if "DNSLookup" in name:
        return "host not found (DNS lookup failed)"
    if "Timeout" in name:
        return "timed out"
    return text if len(text) < 200 else text[:200] + "…"
