"""Ways to find a section's articles besides its HTML listing pages: RSS/Atom feeds, XML and
news sitemaps, and the WordPress REST API. Navigation only: the parsing is in
``newscrawler.crawl.discovery`` (its ``feeds``, ``sitemaps`` and ``wordpress``
modules); articles are fetched and extracted as from listings.

Which way a crawl takes (``NEWSCRAWLER_DISCOVERY`` / ``--via``):

- ``auto`` (default): the section's first listing page is always fetched. If the site is a
  WordPress that announces its REST API and the page names its category, the rest of the
  section comes from ``/wp-json/wp/v2/posts?categories=ID`` (100 posts a request instead of
  10 a page); if the listing shows no article links but announces a feed, the feed is read.
  Otherwise the HTML pagination is followed.
- ``listing``, ``feed``, ``wp-api``, ``sitemap``: that way only (``sitemap`` reads the whole
  site's sitemaps, not one section's).
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit, urlunsplit

import scrapy
from scrapy.http import Response

from newscrawler.crawl.discovery import feeds, sitemaps, wordpress
from newscrawler.extract.links import article_url_score

WAYS = ("auto", "listing", "feed", "wp-api", "sitemap")
# Child sitemaps that list archives, people or static pages, not articles.
_SITEMAP_SKIP = re.compile(r"(category|categories|tag|tags|author|user|users|page-sitemap|"
                           r"posts-page|taxonomies|attachment|image|video)", re.I)


def site_root(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/", "", ""))


class DiscoveryMixin:
    """Callbacks for feeds, sitemaps and the WordPress REST API (mixed into SectionSpider)."""

    # -- choosing the way, from the first listing page -------------------------------------
    def discovery_requests(self, response: Response, start_url: str, section: str | None,
                           article_links: int, reached_archive: bool):
        """Requests that replace HTML pagination for this section, or [] to paginate."""
        way = self.discovery
        if way in ("listing", "sitemap"):
            return []
        body = response.body
        if way in ("auto", "wp-api"):
            api = wordpress.wp_api_root(body, response.url)
            category = wordpress.wp_category_id(body)
            if api and category is not None:
                if (self.incremental and not self.resuming and reached_archive
                        and not self.stale_pages_tolerated):
                    return []  # the newest page reached the archive: nothing new behind it
                self.crawler.stats.inc_value("newscrawler/discovery/wp_api")
                return [self.wp_posts_request(api, category, 1, start_url, section)]
            if way == "wp-api":
                self.logger.warning("%s announces no WordPress REST API category", response.url)
                return []
        if way == "feed" or (way == "auto" and article_links == 0 and self.use_feeds):
            # auto reads only an announced feed; --via feed also tries WordPress's usual paths
            feed_urls = self.section_feeds(body, response.url, guess=way == "feed")
            if feed_urls:
                self.crawler.stats.inc_value("newscrawler/discovery/feed")
                return [self.feed_request(feed_urls[0], 1, start_url, section)]
        return []

    def section_feeds(self, html: bytes, url: str, *, guess: bool) -> list[str]:
        """The section's own feed first (announced, or guessed when ``guess``), the site's after."""
        announced = feeds.feed_links(html, url)
        path = unquote(urlsplit(url).path).rstrip("/")
        own = [f for f in announced if unquote(urlsplit(f).path).rstrip("/").startswith(path + "/")]
        guessed = feeds.guess_feed_urls(url)[:1] if guess else []
        return list(dict.fromkeys(own + guessed + announced))

    # -- WordPress REST API ---------------------------------------------------------------------
    def wp_posts_request(self, api: str, category: int, page: int, start_url: str, section):
        url = wordpress.wp_rest_posts_url(api, category_id=category, page=page, per_page=100)
        return scrapy.Request(
            url, callback=self.parse_wp_posts, errback=self.listing_failed, meta={"discovery": True},
            cb_kwargs={"start_url": start_url, "page": page, "section": section,
                       "api": api, "category": category},
        )

    def parse_wp_posts(self, response: Response, start_url: str, page: int, section,
                       api: str, category: int):
        posts = wordpress.parse_wp_posts(response.body)
        self.crawler.stats.inc_value("newscrawler/discovery/wp_api_pages")
        links = [(p.link, p.date_gmt and p.date_gmt + "Z") for p in posts]
        requests, reached = self.article_requests(response, links, section)
        yield from requests
        total = wordpress.wp_total_pages(response.headers) or page
        if page < total and self.continue_paging(start_url, page + 1, reached):
            yield self.wp_posts_request(api, category, page + 1, start_url, section)

    # -- feeds --------------------------------------------------------------------------------
    def feed_request(self, url: str, page: int, start_url: str, section):
        return scrapy.Request(
            url, callback=self.parse_feed, errback=self.listing_failed,
            cb_kwargs={"start_url": start_url, "page": page, "section": section},
            meta={"discovery": True},
        )

    def parse_feed(self, response: Response, start_url: str, page: int, section):
        feed = feeds.parse_feed(response.body, response.url)
        if feed.error and not feed.entries:
            self.crawler.stats.inc_value("newscrawler/skipped/bad_feed")
            self.logger.warning("unreadable feed %s: %s", response.url, feed.error)
            if page == 1:
                self.start_failures.setdefault(start_url, f"unreadable feed ({feed.error})")
            return
        self.crawler.stats.inc_value("newscrawler/discovery/feed_pages")
        requests, reached = self.article_requests(response, [(e.link, e.published) for e in feed.entries], section)
        yield from requests
        next_url = feed.next_url or (feeds.wordpress_feed_page(response.url, page + 1) if len(feed.entries) >= 10 else None)
        if next_url and self.continue_paging(start_url, page + 1, reached):
            yield self.feed_request(next_url, page + 1, start_url, section)

    # -- sitemaps -----------------------------------------------------------------------------
    def sitemap_start_requests(self):
        """The profile's sitemap, else those robots.txt names, else the usual CMS paths."""
        if self.sitemap_urls:
            for url in self.sitemap_urls:
                yield self.sitemap_request(url, self.section_urls[0])
            return
        for start_url in self.section_urls:
            root = site_root(start_url)
            yield scrapy.Request(
                root + "robots.txt", callback=self.parse_robots_for_sitemaps,
                errback=self.sitemap_failed, cb_kwargs={"start_url": start_url},
                dont_filter=True,
            )

    def parse_robots_for_sitemaps(self, response: Response, start_url: str):
        found = sitemaps.robots_sitemaps(response.body, response.url) if response.status == 200 else []
        root = site_root(start_url)
        for url in found or [root + "wp-sitemap.xml", root + "sitemap.xml", root + "sitemap_index.xml"]:
            yield self.sitemap_request(url, start_url)

    def sitemap_request(self, url: str, start_url: str):
        return scrapy.Request(
            url, callback=self.parse_sitemap, errback=self.sitemap_failed,
            cb_kwargs={"start_url": start_url},
        )

    def sitemap_failed(self, failure):
        if not self.skipped_for_robots(failure):
            self.crawler.stats.inc_value("newscrawler/discovery/sitemap_missing")

    def parse_sitemap(self, response: Response, start_url: str):
        sitemap = sitemaps.parse_sitemap(response.body, response.url)
        if sitemap.error:
            self.crawler.stats.inc_value("newscrawler/skipped/bad_sitemap")
            self.logger.warning("sitemap %s: %s", response.url, sitemap.error)
        self.crawler.stats.inc_value("newscrawler/discovery/sitemaps")
        children = [s for s in sitemap.sitemaps if not _SITEMAP_SKIP.search(unquote(s.loc))]
        children.sort(key=lambda s: s.lastmod or "", reverse=True)
        if self.max_pages:
            children = children[: self.max_pages]
        for child in children:
            yield self.sitemap_request(child.loc, start_url)
        entries = sorted(sitemap.entries,
                         key=lambda e: e.news_publication_date or e.lastmod or "", reverse=True)
        links = [(e.loc, e.news_publication_date) for e in entries if article_url_score(e.loc) >= 0]
        self.crawler.stats.inc_value("newscrawler/article_links", len(links))
        requests, _ = self.article_requests(response, links, None)
        yield from requests

