"""End to end: the real CLI in a subprocess crawls sites served on 127.0.0.1 into SQLite."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from newscrawler.demo import SECTIONS, articles
from tests.helpers import newscrawler, rows  # also imported from here by older test modules
from tests.servers import HTML, RouteServer


def test_crawl_stores_every_demo_article_with_its_fields(crawled):
    db, _, _ = crawled
    truth = {a["path"]: a for a in articles()}
    stored = rows(db, "SELECT url, title, section, published, body FROM articles")
    assert len(stored) == len(truth) >= 30
    by_path = {urlsplit(url).path: rest for url, *rest in stored}
    for path, expected in truth.items():
        title, section, published, body = by_path[path]
        assert title == expected["title"]
        assert section == expected["section"]
        assert published == expected["published"]
        assert body.startswith(expected["first_sentence"])
        for furniture in ("مقالات ذات صلة", "اترك تعليقاً", "زر الذهاب إلى الأعلى"):
            assert furniture not in body


def test_authors_are_linked_and_agencies_are_organizations(crawled):
    db, _, _ = crawled
    truth = {a["title"]: a["authors"] for a in articles()}
    linked = rows(db, """SELECT a.title, group_concat(au.name, '|') FROM articles a
                         JOIN article_authors aa ON aa.article_id = a.id
                         JOIN authors au ON au.id = aa.author_id GROUP BY a.id""")
    found = {title: set(names.split("|")) for title, names in linked}
    right = sum(found.get(title) == set(names) for title, names in truth.items())
    assert right == len(truth)


def test_the_run_is_recorded(crawled):
    db, urls, _ = crawled
    (status, new, start_urls), = rows(db, "SELECT status, articles_new, start_urls FROM crawl_runs")
    assert status == "finished"
    assert new == len(articles())
    assert json.loads(start_urls) == urls


def test_recrawl_is_incremental_and_leaves_the_count_unchanged(crawled, tmp_path):
    db, urls, _ = crawled
    copy = tmp_path / "again.db"
    copy.write_bytes(db.read_bytes())
    result = newscrawler("crawl", *urls, "--db", str(copy), "--max-pages", "0",
                         "--timezone", "Africa/Casablanca")
    assert result.returncode == 0, result.stderr
    assert rows(copy, "SELECT count(*) FROM articles")[0][0] == len(articles())
    new, unchanged, requests, pages = rows(
        copy, "SELECT articles_new, articles_unchanged, requests, listing_pages "
        "FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]
    # nothing new: one listing page per section (and robots.txt), no article fetched again
    assert (new, unchanged, pages) == (0, 0, len(urls))
    assert requests == len(urls) + 1


def test_full_recrawl_fetches_everything_and_duplicates_nothing(crawled, tmp_path):
    db, urls, _ = crawled
    copy = tmp_path / "full.db"
    copy.write_bytes(db.read_bytes())
    result = newscrawler("crawl", *urls, "--db", str(copy), "--max-pages", "0", "--full",
                         "--timezone", "Africa/Casablanca")
    assert result.returncode == 0, result.stderr
    assert rows(copy, "SELECT count(*) FROM articles")[0][0] == len(articles())
    assert rows(copy, "SELECT count(DISTINCT url) FROM articles")[0][0] == len(articles())
    last = rows(copy, "SELECT articles_new, articles_unchanged FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]
    assert last == (0, len(articles()))


def test_max_pages_limits_the_listing_pages(demo_server, tmp_path):
    db = tmp_path / "one.db"
    url = demo_server.url(SECTIONS["مجتمع"])
    result = newscrawler("crawl", url, "--db", str(db), "--max-pages", "1")
    assert result.returncode == 0, result.stderr
    (pages,), = rows(db, "SELECT listing_pages FROM crawl_runs")
    assert pages == 1
    in_section = [a for a in articles() if a["section"] == "مجتمع"]
    assert 0 < rows(db, "SELECT count(*) FROM articles")[0][0] < len(in_section)


def test_raw_arabic_section_url_works(demo_server, tmp_path):
    db = tmp_path / "raw.db"
    from urllib.parse import unquote

    url = demo_server.url(unquote(SECTIONS["مجتمع"]))
    assert "مجتمع" in url or "%" not in url
    result = newscrawler("crawl", url, "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert rows(db, "SELECT count(DISTINCT section) FROM articles")[0][0] == 1


def test_unreachable_url_is_a_one_line_error(tmp_path):
    with RouteServer({}) as server:
        dead = server.url("/")
    result = newscrawler("crawl", dead, "--db", str(tmp_path / "x.db"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "cannot crawl" in result.stderr and "refused" in result.stderr


def test_non_html_start_url_is_a_one_line_error(tmp_path):
    with RouteServer({"/doc.pdf": (200, "application/pdf", b"%PDF-1.4 ...")}) as server:
        result = newscrawler("crawl", server.url("/doc.pdf"), "--db", str(tmp_path / "x.db"))
    assert result.returncode == 1
    assert "not an HTML page (application/pdf)" in result.stderr
    assert "Traceback" not in result.stderr


def test_page_without_article_links_is_a_one_line_error(tmp_path):
    page = "<html><body><nav><a href='/about'>عن الموقع</a></nav><p>لا شيء هنا</p></body></html>"
    with RouteServer({"/": (200, HTML, page.encode())}) as server:
        result = newscrawler("crawl", server.url("/"), "--db", str(tmp_path / "x.db"))
    assert result.returncode == 1
    assert "no article links found" in result.stderr
    assert "Traceback" not in result.stderr


def test_http_404_start_url_is_reported(tmp_path):
    with RouteServer({}) as server:
        result = newscrawler("crawl", server.url("/nope"), "--db", str(tmp_path / "x.db"))
    assert result.returncode == 1
    assert "HTTP 404" in result.stderr


def test_unwritable_db_is_an_archive_error(tmp_path, demo_server):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = newscrawler("crawl", demo_server.url("/"), "--db", str(blocker / "news.db"))
    assert result.returncode == 3
    assert "cannot create the folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_article_pages_are_skipped_and_the_crawl_goes_on(tmp_path):
    good = ("<html lang=ar><head><title>خبر جيد عن المدينة - جريدة المدينة</title></head><body><article><h1>خبر جيد عن المدينة</h1>"
            "<div class=entry-content><p>" + "نص الخبر الكامل هنا. " * 20 + "</p></div></article></body></html>")
    listing = ("<html><body><main>"
               + "".join(f"<article><h2><a href='/archives/{n}'>خبر {n}</a></h2></article>" for n in (101, 102, 103, 104))
               + "</main></body></html>")
    routes = {
        "/": (200, HTML, listing.encode()),
        "/archives/101": (200, HTML, good.encode()),
        "/archives/102": (200, HTML, b"\x00\x01\x02<<<<>>>>" * 50),  # garbage
        "/archives/103": (200, "application/pdf", b"%PDF-1.4"),
        # 104 is a dead link (404)
    }
    with RouteServer(routes) as server:
        db = tmp_path / "x.db"
        result = newscrawler("crawl", server.url("/"), "--db", str(db), "-v")
    assert result.returncode == 0, result.stderr
    assert [r[0] for r in rows(db, "SELECT title FROM articles")] == ["خبر جيد عن المدينة"]
    (dropped, errors), = rows(db, "SELECT articles_dropped, errors FROM crawl_runs")
    assert dropped == 1 and errors == 1
    assert rows(db, "PRAGMA integrity_check")[0][0] == "ok"
