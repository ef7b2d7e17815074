"""The demo site over real HTTP: what ``newscrawler demo`` and the crawl tests rely on."""

from __future__ import annotations

import html
import json
import re
import socket
import urllib.error
import urllib.request
from datetime import datetime
from urllib.parse import quote, unquote, urlsplit

import pytest

from newscrawler.demo import SECTIONS, articles, serve_demo
from newscrawler.demo.site import MONTHS, WEEKDAYS, DemoSite, build_site


@pytest.fixture(scope="module")
def server():
    with serve_demo() as running:
        yield running


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def links(page: str) -> set[str]:
    return {html.unescape(href) for href in re.findall(r'href="([^"]+)"', page)}


def test_sections_include_society_and_are_linked_from_home(server):
    assert len(SECTIONS) >= 3
    assert "مجتمع" in SECTIONS
    status, home = fetch(server.url("/"))
    assert status == 200
    for path in SECTIONS.values():
        assert server.url(path) in links(home)


def test_every_section_has_two_pages_with_next_links(server):
    for name, path in SECTIONS.items():
        status, first = fetch(server.url(path))
        assert status == 200
        assert f'<h1 class="page-title">{name}</h1>' in first
        assert f'<link rel="next" href="{server.url(path)}/page/2">' in first
        assert "التالي" in first
        status, second = fetch(server.url(path + "/page/2"))
        assert status == 200
        listed = {
            int(m)
            for m in re.findall(
                r'<h2 class="post-title"><a href="[^"]*/archives/(\d+)"', first + second
            )
        }
        truth = {a["id"] for a in articles() if a["section"] == name}
        assert listed == truth


def test_article_pages_show_their_title_in_h1(server):
    truth = articles()
    assert len(truth) >= 36
    for article in truth:
        status, page = fetch(server.url(article["path"]))
        assert status == 200
        assert f'<h1 class="post-title entry-title">{html.escape(article["title"])}</h1>' in page
        assert f'<meta property="article:published_time" content="{article["published"]}">' in page
        assert html.escape(article["published_display"]) in page
        assert html.escape(article["first_sentence"]) in page


def test_json_ld_agrees_with_truth(server):
    article = articles()[0]
    _, page = fetch(server.url(article["path"]))
    blocks = [
        json.loads(b)
        for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page)
    ]
    news = next(b for b in blocks if b["@type"] == "NewsArticle")
    assert news["headline"] == article["title"]
    assert news["datePublished"] == article["published"]
    assert news["articleSection"] == article["section"]
    assert news["author"]["name"] == article["authors"][0]


def test_bylines_vary_like_real_sites():
    truth = articles()
    assert any(a["byline"].startswith("بقلم: ") for a in truth)
    assert any(a["authors"] == ["و.م.ع"] and a["author_kinds"] == ["organization"] for a in truth)
    assert any(len(a["authors"]) == 2 for a in truth)


def test_section_urls_work_percent_encoded_and_raw(server):
    path = SECTIONS["مجتمع"]
    raw = unquote(path)
    assert raw == "/archives/category/مجتمع"
    _, expected = fetch(server.url(path))
    assert (
        fetch(server.url(path.upper().replace("/ARCHIVES/CATEGORY/", "/archives/category/")))[1]
        == expected
    )
    assert fetch(server.url(path + "/"))[1] == expected
    assert fetch(server.url(quote(raw)))[1] == expected
    # A client that sends the Arabic unencoded, as UTF-8 bytes on the request line.
    with socket.create_connection((server.host, server.port), timeout=10) as sock:
        sock.sendall(
            f"GET {raw} HTTP/1.1\r\nHost: {server.host}\r\nConnection: close\r\n\r\n".encode()
        )
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 200")
    assert reply.split(b"\r\n\r\n", 1)[1].decode("utf-8") == expected


def test_unknown_paths_are_404(server):
    for path in [
        "/nope",
        "/archives/9999",
        "/archives/category/%d8%ab%d9%82%d8%a7%d9%81%d8%a9",
        "/favicon.ico",
    ]:
        status, page = fetch(server.url(path))
        assert status == 404
        assert "404" in page


def test_robots_txt_allows_all(server):
    status, text = fetch(server.url("/robots.txt"))
    assert status == 200
    assert "Allow: /" in text


def test_truth_weekdays_and_months_match_the_dates():
    for article in articles():
        published = datetime.fromisoformat(article["published"])
        weekday, day, month, year = article["published_display"].split()
        assert weekday == WEEKDAYS[published.weekday()]
        assert (int(day), MONTHS.index(month) + 1, int(year)) == (
            published.day,
            published.month,
            published.year,
        )


def test_dates_are_casablanca_time_spread_over_two_years():
    truth = articles()
    assert all(a["published"].endswith("+01:00") for a in truth)
    assert {a["published"][:4] for a in truth} == {"2022", "2023"}
    ids = [a["id"] for a in truth]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert [a["published"] for a in truth] == sorted(a["published"] for a in truth)


def test_titles_are_distinct():
    titles = [a["title"] for a in articles()]
    assert len(set(titles)) == len(titles)


def test_tag_and_author_pages_exist(server):
    article = next(a for a in articles() if len(a["tags"]) >= 2)
    _, page = fetch(server.url(article["path"]))
    for href in links(page):
        path = urlsplit(href).path
        if path.startswith(("/archives/tag/", "/archives/author/")):
            status, listing = fetch(server.url(path))
            assert status == 200, path
            assert article["path"] in listing or "/page/" in listing


def test_build_is_deterministic():
    assert build_site("http://example.test") == build_site("http://example.test")
    assert DemoSite().page("/archives/1001/?utm=x")[0] == 200


def test_bylines_link_every_author(server):
    for article in articles():
        _, page = fetch(server.url(article["path"]))
        meta = re.search(r'<span class="meta-author">(.*?)</span>', page).group(1)
        names = re.findall(r'rel="author">([^<]+)</a>', meta)
        assert names == article["authors"]
        assert html.unescape(re.sub(r"<[^>]+>", "", meta)) == article["byline"]
