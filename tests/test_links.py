"""Listing pages -> article links and next pages: pure functions on real-shaped markup."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from newscrawler.demo import SECTIONS, DemoSite, articles
from newscrawler.extract.links import article_url_score, clean_url, listing_links, page_number

BASE = "http://127.0.0.1:8000"


def test_demo_section_page_gives_exactly_its_articles_and_page_two():
    site = DemoSite(BASE)
    path = SECTIONS["مجتمع"]
    _, _, body = site.page(path)
    links = listing_links(body, BASE + path)
    in_section = {BASE + a["path"] for a in articles() if a["section"] == "مجتمع"}
    assert links.articles and set(links.articles) <= in_section
    assert 2 in links.pages and links.pages[2].endswith("/page/2")
    assert links.next_url == links.pages[2]
    _, _, body2 = site.page(path + "/page/2")
    links2 = listing_links(body2, BASE + path + "/page/2")
    assert set(links.articles) | set(links2.articles) == in_section
    assert links2.next_url is None


WP_LISTING = """<html><head><link rel="next" href="{base}/category/x/page/2/"></head><body>
<header id="site-header"><a href="{base}/">الرئيسية</a><h1 class="logo"><a href="{base}/">جريدة</a></h1>
<nav><ul><li><a href="{base}/category/politics/">سياسة</a></li>
<li><a href="{base}/archives/999">خبر في القائمة</a></li></ul></nav></header>
<div class="breaking-news"><a href="{base}/archives/998">عاجل: خبر في الشريط</a></div>
<main><article class="post"><h2 class="entry-title"><a href="{base}/archives/101">خبر أول</a></h2>
<a href="{base}/archives/101#respond">تعليق</a> <a href="{base}/archives/author/ali">علي</a>
<a href="{base}/archives/tag/fes">فاس</a> <a href="{base}/archives/101?replytocom=5">رد</a>
<a href="https://www.facebook.com/sharer.php?u={base}/archives/101">شارك</a></article>
<article class="post"><h2><a href="{base}/archives/102?utm_source=fb&utm_medium=x">خبر ثان</a></h2>
<a class="more-link" href="{base}/archives/102">اقرأ المزيد</a></article>
<article><h3><a href="{base}/2022/08/17/%D8%AE%D8%A8%D8%B1-%D8%AB%D8%A7%D9%84%D8%AB/">خبر ثالث</a></h3></article>
<a href="{base}/wp-content/uploads/doc.pdf">ملف</a><a href="javascript:void(0)">x</a><a href="mailto:a@b.c">m</a>
</main>
<div class="pagination"><a href="{base}/category/x/page/2/">2</a><a href="{base}/category/x/page/3/">٣</a>
<a href="{base}/category/x/page/2/">التالي</a></div>
<aside class="sidebar widget"><a href="{base}/archives/555">الأكثر قراءة</a></aside>
<footer><a href="{base}/archives/556">خبر في التذييل</a></footer></body></html>"""


def test_wordpress_listing_keeps_articles_and_drops_furniture():
    url = BASE + "/category/x/"
    links = listing_links(WP_LISTING.format(base=BASE), url)
    assert links.articles == [
        BASE + "/archives/101",
        BASE + "/archives/102",
        BASE + "/2022/08/17/%D8%AE%D8%A8%D8%B1-%D8%AB%D8%A7%D9%84%D8%AB/",
    ]
    assert links.pages == {2: BASE + "/category/x/page/2/", 3: BASE + "/category/x/page/3/"}
    assert links.next_url == BASE + "/category/x/page/2/"


@pytest.mark.parametrize(
    "html, url, expected_next",
    [
        ('<a href="?page=2">التالي</a>', "/news", "/news?page=2"),
        ('<a href="/news?page=3">الأقدم</a>', "/news?page=2", "/news?page=3"),
        ('<a rel="next" href="/list/more">المزيد</a>', "/list", "/list/more"),
        ('<a href="/section/page/2/">»</a>', "/section/", "/section/page/2/"),
    ],
)
def test_next_page_forms(html, url, expected_next):
    links = listing_links(f"<html><body>{html}</body></html>", BASE + url)
    assert links.next_url == BASE + expected_next


def test_max_links_caps_and_counts():
    items = "".join(f'<article><h2><a href="/archives/{n}">x</a></h2></article>' for n in range(1000, 1050))
    links = listing_links(f"<html><body>{items}</body></html>", BASE + "/", max_links=10)
    assert len(links.articles) == 10 and links.skipped_links == 40


def test_off_site_and_other_port_links_are_not_followed():
    html = ('<article><h2><a href="http://127.0.0.2:8000/archives/1">a</a></h2>'
            '<h2><a href="http://127.0.0.1:9999/archives/2">b</a></h2>'
            '<h2><a href="file:///etc/passwd">c</a></h2></article>')
    assert listing_links(html, BASE + "/").articles == []


def test_links_resolve_against_each_page_however_they_are_written():
    """Root-relative and absolute links are remembered per site; relative ones and <base>
    still resolve against the page they are on, whichever page came first."""
    teasers = ('<article><h2><a href="/archives/1001">a</a></h2>'
               '<h2><a href="archives/1002">b</a></h2>'
               '<h2><a href="../archives/1003">c</a></h2>'
               '<h2><a href="//127.0.0.1:8000/archives/1004">d</a></h2>'
               '<h2><a href="http://127.0.0.1:8000/archives/1005">e</a></h2></article>')  # fmt: skip
    expected = {
        "/news/": ["/archives/1001", "/news/archives/1002", "/archives/1003", "/archives/1004",
                   "/archives/1005"],
        "/ar/sport/": ["/archives/1001", "/ar/sport/archives/1002", "/ar/archives/1003",
                       "/archives/1004", "/archives/1005"],
    }  # fmt: skip
    for _ in range(2):
        for path, urls in expected.items():
            links = listing_links(f"<html><body>{teasers}</body></html>", BASE + path)
            assert links.articles == [BASE + u for u in urls], path
    based = listing_links(f'<html><head><base href="/x/y/"></head><body>{teasers}</body></html>',
                          BASE + "/news/")  # fmt: skip
    assert based.articles[1:3] == [BASE + "/x/y/archives/1002", BASE + "/x/archives/1003"]
    other = listing_links(f"<html><body>{teasers}</body></html>", "https://127.0.0.1:8000/news/")
    assert other.articles[0] == "https://127.0.0.1:8000/archives/1001"
    assert other.articles[3] == "https://127.0.0.1:8000/archives/1004"  # scheme-relative


def test_url_helpers():
    assert clean_url("HTTP://Ex.MA/a/1?utm_source=x&id=3&fbclid=y#top") == "http://ex.ma/a/1?id=3"
    assert page_number("http://x/cat/page/4/") == 4
    assert page_number("http://x/cat?paged=3") == 3
    assert page_number("http://x/archives/1234") is None
    assert article_url_score("http://x/archives/1234") == 2
    assert article_url_score("http://x/" + quote("هذا-عنوان-خبر-طويل")) == 2
    assert article_url_score("http://x/archives/category/" + quote("مجتمع")) == -1
    assert article_url_score("http://x/tag/fes") == -1
    assert article_url_score("http://x/") == -1
    assert article_url_score("http://x/files/report.pdf") == -1


def test_garbage_never_raises():
    for junk in (b"", b"\x00\x01\x02", "<<<>>>", "<html>" * 5000, b"\xff\xfe\x00<"):
        listing_links(junk, BASE + "/")
