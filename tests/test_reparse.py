"""Re-extraction from stored pages, offline, on an archive crawled from the demo site."""

from __future__ import annotations

import json
import sqlite3

from tests.helpers import newscrawler
from tests.servers import RouteServer


def sql(db, query, params=()):
    conn = sqlite3.connect(db)
    try:
        with conn:
            return conn.execute(query, params).fetchall()
    finally:
        conn.close()


def test_reparse_of_an_unchanged_archive_changes_nothing(crawled_db):
    # right after the crawl, given nothing of what the crawl was given: it reads each page as
    # the crawl did (the listing's section, the crawl's time zone)
    result = newscrawler("reparse", "--db", str(crawled_db), "--dry-run", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    total = sql(crawled_db, "SELECT count(*) FROM articles")[0][0]
    assert (report["examined"], report["changed"], report["failed"]) == (total, 0, 0)


def test_reparse_repairs_what_an_older_extractor_got_wrong(crawled_db):
    # As if an older extractor had stored a wrong title and body for two articles.
    (first, title), (second, _) = sql(crawled_db, "SELECT id, title FROM articles ORDER BY id LIMIT 2")
    sql(crawled_db, "UPDATE articles SET title = 'عنوان خاطئ', body = 'نص قديم', content_hash = 'old' "
                    "WHERE id IN (?, ?)", [first, second])

    dry = newscrawler("reparse", "--db", str(crawled_db), "--dry-run", "--timezone", "Africa/Casablanca")
    assert dry.returncode == 0, dry.stderr
    assert "would change 2" in dry.stdout and "عنوان خاطئ" in dry.stdout and title in dry.stdout
    assert sql(crawled_db, "SELECT title FROM articles WHERE id = ?", [first])[0][0] == "عنوان خاطئ"

    done = newscrawler("reparse", "--db", str(crawled_db), "--timezone", "Africa/Casablanca")
    assert done.returncode == 0, done.stderr
    assert "changed 2," in done.stdout and "failed 0" in done.stdout
    assert sql(crawled_db, "SELECT title FROM articles WHERE id = ?", [first])[0][0] == title
    revisions = sql(crawled_db, "SELECT title FROM revisions WHERE article_id = ?", [first])
    assert revisions == [("عنوان خاطئ",)]  # the earlier version is kept, as in a crawl
    # the index follows: the repaired title is searchable, the wrong one is not
    assert sql(crawled_db, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'خاطي'") == [(0,)]
    status = sql(crawled_db, "SELECT status FROM crawl_runs ORDER BY id DESC LIMIT 1")[0][0]
    assert status == "reparse"


def test_reparse_takes_the_filters(crawled_db):
    result = newscrawler("reparse", "--db", str(crawled_db), "--section", "رياضة", "--dry-run", "--json")
    report = json.loads(result.stdout)
    in_section = sql(crawled_db, "SELECT count(*) FROM articles WHERE section = 'رياضة'")[0][0]
    assert report["examined"] == in_section > 0


def test_reparse_reads_with_the_time_zone_of_the_crawl(tmp_path):
    # Dates printed without an offset are read in the crawl's --timezone; the reparse, given
    # none, reads them in the same one (recorded with the run), not in UTC.
    article = ("<html lang='ar'><head><title>الخبر {n}</title></head><body><article>"
               "<h1>الخبر {n}</h1><time datetime='2024-03-0{n}T10:00:00'>2024-03-0{n}</time>"
               "<div class='entry-content'><p>" + "نص الخبر الكامل هنا. " * 15 + "</p></div>"
               "</article></body></html>")
    listing = "".join(f"<h2 class='entry-title'><a href='/archives/{n}'>الخبر {n}</a></h2>" for n in (1, 2))
    html = "text/html; charset=utf-8"
    with RouteServer({"/news/": (200, html, f"<html><body><main>{listing}</main></body></html>".encode()),
                      **{f"/archives/{n}": (200, html, article.format(n=n).encode()) for n in (1, 2)}}) as server:
        db = tmp_path / "tz.db"
        result = newscrawler("crawl", server.url("/news/"), "--db", str(db), "--timezone", "Africa/Cairo")
    assert result.returncode == 0, result.stderr
    assert sorted(p for (p,) in sql(db, "SELECT published FROM articles")) == [
        "2024-03-01T10:00:00+02:00", "2024-03-02T10:00:00+02:00"]
    report = json.loads(newscrawler("reparse", "--db", str(db), "--dry-run", "--json").stdout)
    assert (report["examined"], report["changed"]) == (2, 0)
    report = json.loads(newscrawler("reparse", "--db", str(db), "--dry-run", "--json",
                                    "--timezone", "UTC").stdout)
    assert report["changed"] == 2  # a time zone given to reparse wins
