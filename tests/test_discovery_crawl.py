"""Discovery in a crawl, on small servers of the tests' own: a listing rendered by JavaScript
that announces its feed, and a news sitemap whose dates the articles keep."""

from __future__ import annotations

import json
import sqlite3

from tests.helpers import newscrawler, rows
from tests.servers import RouteServer

HTML = "text/html; charset=utf-8"


def article(n: int, dated: bool = True) -> bytes:
    meta = f"<meta property='article:published_time' content='2024-03-0{n}T10:00:00+01:00'>" if dated else ""
    return (f"<html lang='ar'><head><title>الخبر {n} - الموقع</title>{meta}</head><body><article>"
            f"<h1>الخبر {n}</h1><div class='entry-content'><p>{'نص الخبر الكامل هنا. ' * 15}</p></div>"
            f"</article></body></html>").encode()


def test_a_listing_without_links_falls_back_to_its_announced_feed(tmp_path):
    listing = ("<html><head><link rel='alternate' type='application/rss+xml' href='/news/feed/'></head>"
               "<body><div id='app'>يتم التحميل…</div><script>render()</script></body></html>")
    items = "".join(f"<item><title>الخبر {n}</title><link>{{base}}/archives/{n}</link>"
                    f"<pubDate>Mon, 0{n} Mar 2024 09:00:00 GMT</pubDate></item>" for n in (1, 2, 3))
    with RouteServer({}) as server:
        feed = f"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>{items}</channel></rss>"
        server.routes.update({
            "/news/": (200, HTML, listing.encode()),
            "/news/feed/": (200, "application/rss+xml", feed.replace("{base}", server.base_url).encode()),
            **{f"/archives/{n}": (200, HTML, article(n)) for n in (1, 2, 3)},
        })
        db = tmp_path / "feed.db"
        result = newscrawler("crawl", server.url("/news/"), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert sorted(t for (t,) in rows(db, "SELECT title FROM articles")) == ["الخبر 1", "الخبر 2", "الخبر 3"]


def test_a_news_sitemap_gives_the_articles_and_their_dates(tmp_path):
    with RouteServer({}) as server:
        base = server.base_url
        index = (f"<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                 f"<sitemap><loc>{base}/news-sitemap.xml</loc></sitemap>"
                 f"<sitemap><loc>{base}/tag-sitemap.xml</loc></sitemap></sitemapindex>")
        news = ("<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
                "xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'>"
                + "".join(f"<url><loc>{base}/archives/{n}</loc><news:news><news:publication>"
                          f"<news:name>الموقع</news:name><news:language>ar</news:language></news:publication>"
                          f"<news:publication_date>2024-03-0{n}T08:00:00+00:00</news:publication_date>"
                          f"<news:title>الخبر {n}</news:title></news:news></url>" for n in (1, 2))
                + "</urlset>")
        server.routes.update({
            "/robots.txt": (200, "text/plain", f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap_index.xml\n".encode()),
            "/sitemap_index.xml": (200, "application/xml", index.encode()),
            "/news-sitemap.xml": (200, "application/xml", news.encode()),
            "/section/": (200, HTML, b"<html><body>x</body></html>"),
            "/archives/1": (200, HTML, article(1, dated=False)),
            "/archives/2": (200, HTML, article(2)),
        })
        db = tmp_path / "sitemap.db"
        result = newscrawler("crawl", server.url("/section/"), "--via", "sitemap", "--db", str(db))
        requested = list(server.requests)
    assert result.returncode == 0, result.stderr
    got = dict(rows(db, "SELECT title, published FROM articles"))
    # the undated page keeps the sitemap's date; the dated one its own
    assert got == {"الخبر 1": "2024-03-01T08:00:00+00:00", "الخبر 2": "2024-03-02T10:00:00+01:00"}
    assert "/tag-sitemap.xml" not in requested
    # The sitemap's date is stored with the page: a reparse, offline, reads it again. As if an
    # older extractor had lost it, the reparse gives it back.
    report = newscrawler("reparse", "--dry-run", "--json", "--db", str(db))
    assert json.loads(report.stdout)["changed"] == 0, report.stdout
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE articles SET published = NULL, published_raw = NULL, content_hash = 'old'")
    report = newscrawler("reparse", "--db", str(db))
    assert report.returncode == 0 and "changed 2," in report.stdout, report.stdout + report.stderr
    assert dict(rows(db, "SELECT title, published FROM articles")) == got
