"""The guards of ``newscrawler.crawl.middlewares`` in isolation (no network)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.settings import Settings
from scrapy.signalmanager import SignalManager
from scrapy.statscollectors import MemoryStatsCollector

from newscrawler.crawl.middlewares import (
    ARCHIVED_LINKS_META,
    CrawlBudgetMiddleware,
    SchemeFilterMiddleware,
    SiteMetaRefreshMiddleware,
    SiteRedirectMiddleware,
    may_hold_meta_refresh,
    query_key,
    retry_after_seconds,
    same_origin_site,
)
from newscrawler.crawl.spiders.section import SectionSpider


class Crawler:
    """Just what the middlewares read: settings, stats, signals and the spider."""

    def __init__(self, **settings):
        self.settings = Settings()
        self.settings.setmodule("newscrawler.settings")
        self.settings.update(settings)
        self.stats = MemoryStatsCollector(self)
        self.signals = SignalManager(self)
        self.spider = SectionSpider(url="http://127.0.0.1:8000/")


def crawler(**settings) -> Crawler:
    return Crawler(**settings)


def test_scheme_filter_refuses_everything_but_http_and_https():
    c = crawler()
    mw = SchemeFilterMiddleware.from_crawler(c)
    for url in ("file:///etc/passwd", "ftp://127.0.0.1/x", "data:,x", "s3://bucket/key"):
        with pytest.raises(IgnoreRequest):
            mw.process_request(Request(url))
    assert mw.process_request(Request("https://127.0.0.1/x")) is None
    assert c.stats.get_value("newscrawler/limits/scheme") == 4


def redirect_response(url: str, location: str, status: int = 302) -> HtmlResponse:
    return HtmlResponse(url, status=status, headers={"Location": location}, request=Request(url))


@pytest.mark.parametrize("location", ["http://127.0.0.2:8000/a", "http://localhost:8000/a",
                                       "http://127.0.0.1:8001/a", "https://127.0.0.2/a"])
def test_redirect_to_another_host_or_port_is_refused(location):
    c = crawler()
    mw = SiteRedirectMiddleware.from_crawler(c)
    request = Request("http://127.0.0.1:8000/archives/1")
    with pytest.raises(IgnoreRequest):
        mw.process_response(request, redirect_response(request.url, location))
    assert c.stats.get_value("newscrawler/limits/offsite_redirect") == 1


def test_redirect_on_the_site_and_to_an_allowed_host_is_followed():
    c = crawler(NEWSCRAWLER_REDIRECT_HOSTS=["127.0.0.2"])
    mw = SiteRedirectMiddleware.from_crawler(c)
    request = Request("http://127.0.0.1:8000/archives/1")
    same = mw.process_response(request, redirect_response(request.url, "/archives/2"))
    assert same.url == "http://127.0.0.1:8000/archives/2"
    moved = mw.process_response(request, redirect_response(request.url, "http://127.0.0.2:9000/x"))
    assert moved.url == "http://127.0.0.2:9000/x" and moved.meta["allow_offsite"]


def refresh_page(url: str, head: str) -> HtmlResponse:
    body = f"<html><head>{head}</head><body>{'نص ' * 3000}</body></html>".encode()
    return HtmlResponse(url, body=body, request=Request(url))


def test_meta_refresh_is_followed_on_the_site_however_it_is_written():
    mw = SiteMetaRefreshMiddleware.from_crawler(crawler())
    request = Request("http://127.0.0.1:8000/archives/1")
    for head in ('<meta http-equiv="refresh" content="0;url=/archives/2">',
                 "<META HTTP-EQUIV='Refresh' CONTENT='1; URL=/archives/2'>"):  # fmt: skip
        followed = mw.process_response(request, refresh_page(request.url, head))
        assert isinstance(followed, Request), head
        assert followed.url == "http://127.0.0.1:8000/archives/2"


def test_meta_refresh_to_another_site_is_refused_and_a_page_without_one_passes():
    c = crawler()
    mw = SiteMetaRefreshMiddleware.from_crawler(c)
    request = Request("http://127.0.0.1:8000/archives/1")
    away = refresh_page(request.url, '<meta http-equiv="refresh" content="0;url=http://127.0.0.2/x">')
    with pytest.raises(IgnoreRequest):
        mw.process_response(request, away)
    assert c.stats.get_value("newscrawler/limits/offsite_redirect") == 1
    plain = refresh_page(request.url, "<title>خبر &#8211; عاجل</title>")
    assert mw.process_response(request, plain) is plain
    # Scrapy decoded the page that had a refresh to read it, and not the one that had none.
    assert away._cached_ubody is not None and plain._cached_ubody is None


def test_the_refresh_shortcut_never_skips_what_scrapy_would_read():
    """Every numeric entity that w3lib turns into a letter or "<" (older w3lib replaced them
    before looking) sends the page to Scrapy's own check; so does UTF-16."""
    from w3lib.html import replace_entities

    for code in range(400):
        for form in (f"&#{code};", f"&#{code}", f"&#x{code:x};", f"&#X{code:X}", f"&#00{code};"):
            made = replace_entities(form + " ")[:1]
            if made.isascii() and (made.isalpha() or made == "<"):
                assert may_hold_meta_refresh(b"<html>" + form.encode() + b" x"), form
    assert may_hold_meta_refresh('<meta http-equiv="refresh">'.encode("utf-16"))
    assert not may_hold_meta_refresh(b"<html><head><title>a &#8211; b &amp; c</title></head>")


def test_same_origin_site():
    assert same_origin_site("http://www.example.ma/a", "http://example.ma/b")
    assert same_origin_site("http://127.0.0.1/a", "http://127.0.0.1:80/b")
    assert not same_origin_site("http://127.0.0.1:8000/a", "http://127.0.0.1:8001/b")
    assert not same_origin_site("http://127.0.0.1/a", "http://127.0.0.2/a")


def test_retry_after_reads_seconds_and_dates():
    now = datetime(2024, 1, 1, 12, 0, tzinfo=UTC)
    assert retry_after_seconds(b"120") == 120
    assert retry_after_seconds("Mon, 01 Jan 2024 12:01:00 GMT", now) == 60
    assert retry_after_seconds("Mon, 01 Jan 2024 11:00:00 GMT", now) == 0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def test_query_key_ignores_listing_page_numbers():
    assert query_key("http://a/cat/?page=3", "listing") is None
    assert query_key("http://a/cat/?page=3&month=2", "listing") == ("http://a/cat/", "month=2")
    assert query_key("http://a/x?page=3", "article") == ("http://a/x", "page=3")


def test_page_budgets_and_query_variants():
    c = crawler(NEWSCRAWLER_MAX_PAGES_PER_RUN=10, NEWSCRAWLER_MAX_QUERY_VARIANTS=3)
    mw = CrawlBudgetMiddleware.from_crawler(c)
    listing = Request("http://127.0.0.1:8000/", cb_kwargs={"start_url": "s", "page": 1, "section": None})
    response = HtmlResponse(listing.url, body=b"<html></html>", request=listing)
    spider = c.spider
    calendar = [Request(f"http://127.0.0.1:8000/cal?d={n}", callback=spider.parse_article) for n in range(6)]
    kept = list(mw.process_spider_output(response, calendar))
    assert len(kept) == 3
    articles = [Request(f"http://127.0.0.1:8000/archives/{n}", callback=spider.parse_article) for n in range(20)]
    kept = list(mw.process_spider_output(response, articles))
    assert len(kept) == 7  # 10 per run, 3 already taken
    assert c.stats.get_value("newscrawler/limits/query_variants") == 3
    assert c.stats.get_value("newscrawler/limits/pages_per_run") == 13


def test_pagination_that_brings_nothing_new_stops():
    c = crawler(NEWSCRAWLER_MAX_STALE_LISTINGS=2)
    mw = CrawlBudgetMiddleware.from_crawler(c)
    spider = c.spider

    def listing(n):
        return Request(f"http://127.0.0.1:8000/?page={n}", callback=spider.parse_listing,
                       cb_kwargs={"start_url": "s", "page": n, "section": None})

    def output(n):
        request = listing(n)
        response = HtmlResponse(request.url, body=b"<html></html>", request=request)
        same = [Request("http://127.0.0.1:8000/archives/1", callback=spider.parse_article)]
        return list(mw.process_spider_output(response, same + [listing(n + 1)]))

    assert len(output(1)) == 2      # a new article, and the next page
    assert len(output(2)) == 2      # nothing new: tolerated once
    assert len(output(3)) == 1      # nothing new again: pagination stops
    assert c.stats.get_value("newscrawler/limits/stale_pagination") == 1


def test_pagination_through_archived_links_seen_first_is_not_stale():
    """The spider skips archived links (no request), telling the guard how many it saw first
    on a page: a run walking back through archived pages is not an endless pagination."""
    c = crawler(NEWSCRAWLER_MAX_STALE_LISTINGS=2)
    mw = CrawlBudgetMiddleware.from_crawler(c)
    spider = c.spider

    def output(n, archived_first_seen):
        request = Request(f"http://127.0.0.1:8000/?page={n}", callback=spider.parse_listing,
                          cb_kwargs={"start_url": "s", "page": n, "section": None})
        response = HtmlResponse(request.url, body=b"<html></html>", request=request)
        response.meta[ARCHIVED_LINKS_META] = archived_first_seen
        following = Request(f"http://127.0.0.1:8000/?page={n + 1}", callback=spider.parse_listing,
                            cb_kwargs={"start_url": "s", "page": n + 1, "section": None})
        return list(mw.process_spider_output(response, [following]))

    assert all(len(output(n, 5)) == 1 for n in range(1, 6))  # five pages of archived links
    assert len(output(6, 0)) == 1   # nothing new: tolerated once
    assert len(output(7, 0)) == 0   # nothing new again: pagination stops
    assert c.stats.get_value("newscrawler/limits/stale_pagination") == 1


def test_utf8_cut_inside_a_character_stays_utf8_and_real_windows_1256_is_still_detected():
    from newscrawler.extract.html import decode_html

    text = "<html><head><title>نقابة الصحفيين تطالب بالحماية</title></head><body><p>" + "نص عربي طويل. " * 50
    cut = text.encode("utf-8")[:-1]  # the last character loses its second byte
    assert "نقابة الصحفيين" in decode_html(cut, None)
    assert "نقابة الصحفيين" in decode_html(cut, "utf-8")
    assert "نقابة الصحفيين" in decode_html(text.encode("cp1256"), None)


def test_an_article_after_20000_nested_elements_is_read_whole():
    # libxml2 stops at 2,048 levels; the page is parsed again with the nesting beyond
    # MAX_DEPTH dropped, so the article that follows the trap is not lost.
    from newscrawler import extract_article
    from newscrawler.extract.html import MAX_DEPTH, limit_depth

    paragraph = "تتواصل الأشغال في الطريق الرئيسية التي تربط وسط المدينة بالأحياء الجديدة. " * 6
    second = "وقال مسؤول في الجماعة إن المشروع سينتهي قبل نهاية السنة المقبلة. " * 4
    html = ("<html lang=ar><head><title>تقرير عن النقل - جريدة المدينة</title></head><body>"
            + "<div>" * 20000 + "<span>عمق</span>" + "</div>" * 20000
            + f"<article><h1>تقرير عن النقل</h1><div class=entry-content><p>{paragraph}</p>"
            + f"<p>{second}</p></div></article>" + "<b>" * 20000 + "</body></html>")
    article = extract_article(html.encode(), "http://127.0.0.1:9/archives/685")
    assert article.title == "تقرير عن النقل"
    assert article.body == f"{paragraph.strip()}\n\n{second.strip()}"
    limited = limit_depth(b"<div>" * 5 + b"x<br>" + b"</div>" * 5 + b"</p>", limit=3)
    assert limited == b"<div>" * 3 + b"x<br>" + b"</div>" * 3
    assert MAX_DEPTH < 2048
