"""One article, one row: the article key over URL forms, crawls of raw Arabic links, AMP and
print variants, canonical links, the demo run twice, and the migration of older archives."""

from __future__ import annotations

import json
import re
import sqlite3
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscrawler.archive import open_archive
from newscrawler.archive.migrations import MIGRATIONS
from newscrawler.archive.store import ArchiveWriter
from newscrawler.normalize.urls import article_key, article_url, canonical_is_sane
from tests.helpers import make_article, newscrawler, rows
from tests.hostile import HostileSite, article_page, listing_page
from tests.hostile.server import page, redirect
from tests.servers import RouteServer, self_signed_tls

ARABIC_PATH = "/story/2024/5/1/وزير-الري-يشهد-توقيع-عقد"


@pytest.mark.parametrize("form", [
    "http://ex.ma/news/%D8%AE%D8%A8%D8%B1",
    "https://ex.ma/news/%d8%ae%d8%a8%d8%b1",
    "http://www.ex.ma/news/خبر",
    "HTTPS://WWW.EX.MA:443/news/خبر/",
    "http://ex.ma:80/news/خبر#comments",
    "http://ex.ma:8080/news/خبر?utm_source=fb&fbclid=x",
    "http://ex.ma/news/خبر/amp/",
    "http://ex.ma/amp/news/خبر",
    "http://ex.ma/news/خبر?amp",
    "http://ex.ma/news/خبر?amp=1",
    "http://ex.ma/news/خبر?output=amp",
    "http://ex.ma/news/خبر/print/",
    "http://ex.ma/news/خبر?print=1",
    "http://ex.ma/news/خبر.amp",
])
def test_every_form_of_one_article_has_one_key(form):
    assert article_key(form) == "ex.ma/news/%D8%AE%D8%A8%D8%B1"


def test_other_articles_keep_other_keys():
    keys = {article_key(u) for u in (
        "http://ex.ma/news/1", "http://ex.ma/news/2", "http://ex.ma/news?id=1", "http://ex.ma/news?id=2",
        "http://other.ma/news/1", "http://ex.ma/amp", "http://ex.ma/news/1/comments",
    )}
    assert len(keys) == 7
    # the order of query parameters does not make another article; %2F stays a slash-in-a-name
    assert article_key("http://ex.ma/a?b=2&c=3") == article_key("http://ex.ma/a?c=3&b=2")
    assert article_key("http://ex.ma/a%2Fb") != article_key("http://ex.ma/a/b")


def test_the_url_shown_is_the_article_not_its_variant():
    assert article_url("http://ex.ma/news/5/amp/?utm_source=x#top") == "http://ex.ma/news/5/"
    assert article_url("https://ex.ma/news/5?output=amp&id=3") == "https://ex.ma/news/5?id=3"
    assert article_url("http://ex.ma/news/خبر") == "http://ex.ma/news/%D8%AE%D8%A8%D8%B1"


def test_canonical_is_sane_on_the_same_site_whatever_scheme_www_and_port():
    page_url = "http://127.0.0.1:8123/story/5"
    assert canonical_is_sane("https://127.0.0.1/story/5", page_url)
    assert canonical_is_sane("https://www.ex.ma/a/1", "http://ex.ma:8080/a/1")
    assert not canonical_is_sane("https://ex.ma/", "http://ex.ma/a/1")  # the home page
    assert not canonical_is_sane("https://other.ma/a/1", "http://ex.ma/a/1")  # syndicated
    assert not canonical_is_sane("ftp://ex.ma/a/1", "http://ex.ma/a/1")


def test_one_row_for_http_https_and_www_forms_remembering_every_url(tmp_path):
    with open_archive(tmp_path / "news.db") as archive:
        writer = ArchiveWriter(archive)
        writer.add(make_article(1, url="http://www.ex.ma/archives/1"))
        writer.flush()
        writer.add(make_article(1, url="https://ex.ma/archives/1/", body="نص جديد بعد التصحيح."))
        writer.flush()
        writer.add(make_article(1, url="http://ex.ma:8080/archives/1?utm_source=x",
                                body="نص جديد بعد التصحيح."))
        writer.flush()
        assert (writer.counts.new, writer.counts.updated, writer.counts.unchanged) == (1, 1, 1)
        (url, key), = archive.conn.execute("SELECT url, key FROM articles").fetchall()
        assert key == "ex.ma/archives/1"
        assert url == "https://ex.ma/archives/1/"  # moved to https, never back to http
        urls = {u for (u,) in archive.conn.execute("SELECT url FROM article_urls")}
        assert urls == {"http://www.ex.ma/archives/1", "https://ex.ma/archives/1/",
                        "http://ex.ma:8080/archives/1"}
        assert archive.count("revisions") == 1


def pages_asked(site: HostileSite) -> list[str]:
    return [r for r in site.requests if r != "/robots.txt"]


def _article(title: str, canonical: str | None = None) -> str:
    head = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return article_page(title, head=head)


def test_raw_arabic_links_are_not_fetched_again(tmp_path):
    """Failure 1: hrefs printed as raw Arabic are archived under the percent-encoded URL that
    was fetched; the re-crawl must still find them archived (14 requests before, 2 after)."""
    db = tmp_path / "news.db"
    links = [f"{ARABIC_PATH}-{i}/{1000 + i}" for i in range(12)]
    routes = {
        "/section/": page(listing_page(links[:6], next_url="/section/page/2/")),
        "/section/page/2/": page(listing_page(links[6:])),
    }
    for i, link in enumerate(links):
        routes[quote(link)] = page(_article(f"وزير الري يشهد توقيع عقد رقم {i}"))
    with HostileSite(routes) as site:
        first = newscrawler("crawl", site.url("/section/"), "--db", str(db), "--max-pages", "0")
        assert first.returncode == 0, first.stderr
        assert rows(db, "SELECT count(*) FROM articles")[0][0] == 12
        assert len(pages_asked(site)) == 14
        site.requests.clear()
        again = newscrawler("crawl", site.url("/section/"), "--db", str(db), "--max-pages", "0")
        assert again.returncode == 0, again.stderr
        assert len(pages_asked(site)) <= 2, site.requests
        assert rows(db, "SELECT count(*) FROM articles")[0][0] == 12
        assert rows(db, "SELECT count(*) FROM pages WHERE url LIKE '%/story/%'")[0][0] == 12


def test_amp_and_print_variants_fold_into_the_article(tmp_path):
    """Without a canonical link, /amp/, ?amp, ?output=amp and /print/ are the article itself."""
    db = tmp_path / "news.db"
    page_one = ["/news/101/amp/", "/news/102?output=amp", "/news/103/print/", "/news/104?amp=1"]
    page_two = ["/news/101/", "/news/102", "/news/103", "/news/104"]
    routes = {
        "/section/": page(listing_page(page_one, next_url="/section/page/2/")),
        "/section/page/2/": page(listing_page(page_two)),
    }
    for n in (101, 102, 103, 104):
        for path in (f"/news/{n}", f"/news/{n}/", f"/news/{n}/amp/", f"/news/{n}/print/"):
            routes[path] = page(_article(f"خبر عن المدينة رقم {n}"))
    with HostileSite(routes) as site:
        result = newscrawler("crawl", site.url("/section/"), "--db", str(db), "--max-pages", "0")
        assert result.returncode == 0, result.stderr
        stored = sorted(u for (u,) in rows(db, "SELECT url FROM articles"))
        # a listing's print link is not followed at all (extract.links); feeds and sitemaps fold it
        assert stored == sorted(site.url(p) for p in ["/news/101/", "/news/102", "/news/103", "/news/104"])
        article_requests = [r for r in site.requests if r.startswith("/news/")]
        assert len(article_requests) == 4  # each article asked for once, under its first link


def test_canonical_links_to_https_and_redirected_links_are_one_article(tmp_path):
    """The site serves over http on a port but names its articles https without the port (a
    site behind a TLS proxy): stored under the https URL, re-crawled by the http links for
    nothing; a short link that redirects to an archived article is not fetched again."""
    db = tmp_path / "news.db"
    links = [f"/archives/{n}" for n in range(201, 205)]
    routes = {"/section/": page(listing_page(links + ["/go/299"]))}
    for path in links + ["/archives/299"]:
        routes[path] = page(_article(f"خبر رقم {path[-3:]}", canonical=f"https://127.0.0.1{path}"))
    routes["/go/299"] = redirect("/archives/299", status=301)
    with HostileSite(routes) as site:
        for _ in range(2):
            site.requests.clear()
            result = newscrawler("crawl", site.url("/section/"), "--db", str(db))
            assert result.returncode == 0, result.stderr
        assert pages_asked(site) == ["/section/"]
    stored = sorted(u for (u,) in rows(db, "SELECT url FROM articles"))
    assert stored == [f"https://127.0.0.1/archives/{n}" for n in (201, 202, 203, 204, 299)]
    (urls,), = rows(db, "SELECT count(*) FROM article_urls")
    assert urls == 5 + 5 + 1  # the canonical, the fetched URL of each, and the short link


def test_one_site_reached_by_http_and_by_https_stores_each_article_once(tmp_path):
    """The same site on an http and an https (TLS, self-signed) port: the https crawl finds
    every article archived; a --full one over https stores none twice and moves them to https."""
    db = tmp_path / "news.db"
    links = [f"/archives/{n}" for n in range(401, 407)]
    html = "text/html; charset=utf-8"
    routes = {"/section/": (200, html, listing_page(links).encode())}
    for path in links:
        routes[path] = (200, html, _article(f"خبر رقم {path[-3:]}").encode())
    with RouteServer(routes) as http, RouteServer(routes, tls=self_signed_tls()) as https:
        assert https.base_url.startswith("https://")
        first = newscrawler("crawl", http.url("/section/"), "--db", str(db))
        assert first.returncode == 0, first.stderr
        again = newscrawler("crawl", https.url("/section/"), "--db", str(db))
        assert again.returncode == 0, again.stderr
        assert [r for r in https.requests if r != "/robots.txt"] == ["/section/"]
        full = newscrawler("crawl", https.url("/section/"), "--db", str(db), "--full")
        assert full.returncode == 0, full.stderr
    stored = sorted(u for (u,) in rows(db, "SELECT url FROM articles"))
    assert stored == sorted(https.url(p) for p in links)
    assert rows(db, "SELECT count(*) FROM article_urls")[0][0] == 12
    (new, unchanged), = rows(db, "SELECT articles_new, articles_unchanged FROM crawl_runs ORDER BY id DESC LIMIT 1")
    assert (new, unchanged) == (0, 6)


def test_the_demo_run_twice_holds_each_article_once(tmp_path):
    """Failure 2: each run serves the demo on another port; the second adds nothing."""
    from newscrawler.demo.mirror import mirror_articles

    db, export = tmp_path / "demo.db", tmp_path / "demo.jsonl"
    expected = 48 + len(mirror_articles())  # the demo site and the site that republishes it
    counts = []
    for _ in range(2):
        result = newscrawler("demo", "--db", str(db), "--export", str(export), timeout=300)
        assert result.returncode == 0, result.stderr
        counts.append(rows(db, "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM "
                               "sections), (SELECT count(DISTINCT site) FROM articles)")[0])
    assert counts[0] == counts[1]
    assert counts[1][0] == expected
    assert counts[1][2] == 2
    assert len(export.read_text(encoding="utf-8").splitlines()) == expected
    (hits,), = rows(db, "SELECT count(*) FROM articles_fts")
    assert hits == expected


def _archive_of_version_7(path) -> None:
    """An archive as the code before article keys wrote it: the same article stored twice, over
    http and over https with ``www.``, each with a revision of its own."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for index, (name, script) in enumerate(MIGRATIONS[:7], start=1):
        if callable(script):
            script(conn)
        else:
            conn.executescript(script)
        conn.execute("INSERT INTO _migrations VALUES (?, '2026-01-01')", [name])
        conn.execute(f"PRAGMA user_version = {index}")
    article = ("INSERT INTO articles (url, fetched_url, site, title, body, content_hash, first_seen, "
               "crawled_at) VALUES (?, ?, 'ex.ma', ?, ?, ?, ?, ?)")
    rows_ = [
        ("http://ex.ma/archives/7", "http://ex.ma/archives/7", "العنوان الأول", "النص الأول", "h1",
         "2025-01-01T00:00:00+00:00", "2025-01-02T00:00:00+00:00"),
        ("https://www.ex.ma/archives/7", "https://www.ex.ma/archives/7/amp/", "العنوان الثالث",
         "النص الثالث", "h3", "2025-03-01T00:00:00+00:00", "2025-03-02T00:00:00+00:00"),
        ("http://ex.ma/archives/8", "http://ex.ma/archives/8", "خبر آخر", "نص آخر", "h8",
         "2025-01-01T00:00:00+00:00", "2025-01-01T00:00:00+00:00"),
    ]
    for values in rows_:
        article_id = conn.execute(article, values).lastrowid
        conn.execute("INSERT INTO articles_fts (rowid, title, title_stem, body_stem) VALUES (?, ?, ?, ?)",
                     [article_id, values[2], values[2], values[3]])
        conn.execute("INSERT INTO revisions (article_id, title, body, content_hash, replaced_at) "
                     "VALUES (?, ?, 'نص قديم', ?, '2025-01-01')", [article_id, "قديم " + values[2], "old" + values[4]])
    conn.commit()
    conn.close()


def test_migration_merges_rows_the_key_makes_duplicates_keeping_every_revision(tmp_path):
    path = tmp_path / "old.db"
    _archive_of_version_7(path)
    with open_archive(path) as archive:
        conn = archive.conn
        articles = conn.execute("SELECT id, url, title, first_seen FROM articles ORDER BY key").fetchall()
        assert len(articles) == 2
        (merged_id, url, title, first_seen), _other = articles
        assert url == "https://www.ex.ma/archives/7" and title == "العنوان الثالث"  # the newest
        assert first_seen == "2025-01-01T00:00:00+00:00"  # the oldest
        titles = sorted(t for (t,) in conn.execute(
            "SELECT title FROM revisions WHERE article_id = ?", [merged_id]))
        assert titles == sorted(["قديم العنوان الأول", "قديم العنوان الثالث", "العنوان الأول"])
        urls = sorted(u for (u,) in conn.execute(
            "SELECT url FROM article_urls WHERE article_id = ?", [merged_id]))
        assert urls == ["http://ex.ma/archives/7", "https://www.ex.ma/archives/7",
                        "https://www.ex.ma/archives/7/amp/"]
        assert archive.count("articles_fts") == 2
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO articles (url, key) VALUES ('http://ex.ma/x', 'ex.ma/archives/8')")


def test_runs_json_counts_pending_links(tmp_path):
    db = tmp_path / "news.db"
    routes = {"/section/": page(listing_page(["/archives/301"]))}
    with HostileSite(routes) as site:
        result = newscrawler("crawl", site.url("/section/"), "--db", str(db))
        assert result.returncode == 0
    out = newscrawler("runs", "--db", str(db), "--json")
    run = json.loads(out.stdout.splitlines()[0])
    assert run["links_pending"] == 0 and run["links_given_up"] == 0  # a 404 is gone, not pending


_segment = st.text(alphabet=st.sampled_from("ابتثجحخدذرزسشصضطظعغفقكلمنهوي0123456789-abcXYZ_~."),
                   min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(segments=st.lists(_segment, min_size=1, max_size=4), www=st.booleans(),
       https=st.booleans(), port=st.sampled_from(["", ":80", ":8080"]), slash=st.booleans())
def test_key_is_the_same_for_every_spelling_of_a_generated_url(segments, www, https, port, slash):
    path = "/" + "/".join(segments) + ("/" if slash else "")
    raw = f"{'https' if https else 'http'}://{'www.' if www else ''}ex.ma{port}{path}"
    encoded = f"http://ex.ma{quote(path)}"
    lower = "http://EX.MA" + re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), quote(path))
    key = article_key(raw)
    assert article_key(encoded) == key
    assert article_key(lower) == key
    assert article_key(article_url(raw)) == key  # the URL shown keys to the same article
    assert article_key(raw + "?utm_source=x#top") == key


def test_og_url_names_the_article_when_the_canonical_link_points_at_the_home_page():
    from newscrawler.extract import extract_raw

    head = ('<link rel="canonical" href="https://ex.ma/">'
            '<meta property="og:url" content="https://www.ex.ma/news/77/">')
    article = extract_raw(article_page("خبر", head=head), "http://ex.ma/news/77/amp/")
    assert article.canonical_url == "https://www.ex.ma/news/77/"
    assert article_key(article.canonical_url) == article_key(article.url)
