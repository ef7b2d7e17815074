"""Requests that failed: why, in one line, and what is kept of a failed listing page.

Mixed into ``SectionSpider``. A listing page past the first that failed is kept in the run's
stats (``newscrawler/failed_listings``) and asked for again by the next run of the site; failed
article links are ``spiders/pending.py``'s.
"""

from __future__ import annotations

from typing import Any

import scrapy
from twisted.python.failure import Failure

from newscrawler.crawl import REPORTED

MAX_FAILED_LISTINGS = 100  # kept for the next run: a site down for the whole run needs no more


class FailuresMixin:
    """``failed_listings``, ``_listings_requested`` and ``start_failures`` are set by the
    spider's ``__init__``."""

    failed_listings: list[dict[str, Any]]
    _listings_requested: set[str]
    start_failures: dict[str, str]

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

    def skipped_for_robots(self, failure: Failure) -> bool:
        """A page robots.txt disallows was not fetched, which is no failure: counted on its own
        (``newscrawler/skipped/robots_txt``), for the summary and ``runs`` to name."""
        if not is_robots_refusal(failure):
            return False
        self.crawler.stats.inc_value("newscrawler/skipped/robots_txt")
        self.logger.info("skipped %s: robots.txt disallows it", failure.request.url)
        return True


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
