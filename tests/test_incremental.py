"""Incremental crawls, conditional refreshes, the lock, and killed runs — on a site that grows."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time

from newscrawler.crawl.lock import CrawlLock
from newscrawler.demo.growing import GrowingSite
from tests.helpers import clean_env, last_run_stats, newscrawler, rows
from tests.hostile import HostileSite, article_page, listing_page
from tests.hostile.server import page


def crawl(site: GrowingSite, db, *extra: str) -> subprocess.CompletedProcess:
    site.requests.clear()
    result = newscrawler("crawl", site.section_url, "--db", str(db), "--max-pages", "0", *extra)
    assert result.returncode == 0, result.stderr
    return result


def test_second_crawl_costs_one_request_and_third_costs_k_plus_two(tmp_path):
    db = tmp_path / "news.db"
    with GrowingSite(23) as site:
        crawl(site, db)
        assert rows(db, "SELECT count(*) FROM articles")[0][0] == 23
        first = len(site.page_requests())
        assert first == 23 + 5  # every article and the five listing pages

        crawl(site, db)
        assert len(site.page_requests()) <= 2
        assert rows(db, "SELECT count(*) FROM articles")[0][0] == 23

        k = 3
        site.add(k)
        crawl(site, db)
        assert len(site.page_requests()) <= k + 2
        assert rows(db, "SELECT count(*) FROM articles")[0][0] == 23 + k
        (new,), = rows(db, "SELECT articles_new FROM crawl_runs ORDER BY id DESC LIMIT 1")
        assert new == k


def test_full_walks_everything_again(tmp_path):
    db = tmp_path / "news.db"
    with GrowingSite(12) as site:
        crawl(site, db)
        crawl(site, db, "--full")
        assert len(site.page_requests()) == 12 + 3
        (new, unchanged), = rows(db, "SELECT articles_new, articles_unchanged FROM crawl_runs ORDER BY id DESC LIMIT 1")
        assert (new, unchanged) == (0, 12)


def test_refresh_uses_conditional_requests_and_keeps_revisions(tmp_path):
    db = tmp_path / "news.db"
    with GrowingSite(6) as site:
        crawl(site, db)
        site.edit(4, "تصحيح: أضيفت معلومة جديدة.")
        crawl(site, db, "--refresh-days", "30")
        stats = json.loads(rows(db, "SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1")[0][0])
        assert stats["newscrawler/refresh/requested"] == 6
        assert stats["newscrawler/refresh/not_modified"] == 5
        (updated,), = rows(db, "SELECT articles_updated FROM crawl_runs ORDER BY id DESC LIMIT 1")
        assert updated == 1
        (old, new), = rows(db, "SELECT r.body, a.body FROM revisions r JOIN articles a ON a.id = r.article_id")
        assert "تصحيح" in new and "تصحيح" not in old


def test_an_overlapping_run_exits_at_once_with_code_4(tmp_path):
    db = tmp_path / "news.db"
    with GrowingSite(3) as site:
        crawl(site, db)  # creates the archive
        host = site.base_url.split("//", 1)[1]
        with CrawlLock(db, host):
            started = time.monotonic()
            result = newscrawler("crawl", site.section_url, "--db", str(db))
            elapsed = time.monotonic() - started
        assert result.returncode == 4
        assert "another crawl of" in result.stderr and "is running" in result.stderr
        assert "Traceback" not in result.stderr
        assert elapsed < 60  # not a timing benchmark: it must not have crawled
        assert len(rows(db, "SELECT * FROM crawl_runs")) == 1
        # another site may crawl into the same archive meanwhile
        with CrawlLock(db, "other.example"):
            assert newscrawler("crawl", site.section_url, "--db", str(db)).returncode == 0
    assert not list(tmp_path.glob("*.lock"))  # each run deleted its lock file as it let go


def test_a_killed_run_is_marked_killed_and_the_next_run_completes_the_set(tmp_path):
    db = tmp_path / "news.db"
    with GrowingSite(40, delay=0.05) as site:
        env = clean_env()
        proc = subprocess.Popen(
            [sys.executable, "-m", "newscrawler", "crawl", site.section_url, "--db", str(db),
             "--max-pages", "0", "-s", "NEWSCRAWLER_BATCH_SIZE=3", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        stored = 0
        while time.monotonic() < deadline and stored < 6:
            time.sleep(0.2)
            if db.exists():
                try:
                    stored = sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]
                except sqlite3.OperationalError:
                    pass
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert 0 < stored < 40
        site.delay = 0
        crawl(site, db)  # incremental: after a killed run it walks every listing page
        result = newscrawler("runs", "--db", str(db), "--json")
        runs = [json.loads(line) for line in result.stdout.splitlines()]
        assert [r["status"] for r in runs] == ["finished", "killed"]
        assert "killed" in newscrawler("runs", "--db", str(db)).stdout
        assert rows(db, "SELECT count(*), count(DISTINCT url) FROM articles")[0] == (40, 40)
        stats = json.loads(rows(db, "SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1")[0][0])
        assert stats["newscrawler/resumed_after_unfinished_run"] is True
        assert rows(db, "PRAGMA integrity_check")[0][0] == "ok"


def test_a_long_pagination_is_walked_whole(tmp_path):
    """80 listing pages that all link each other: each is asked for once, so the per-section
    page budget counts pages, not the 6,400 links between them."""
    db = tmp_path / "news.db"
    with GrowingSite(400) as site:
        crawl(site, db, "--full", "-s", "AUTOTHROTTLE_ENABLED=False")
        assert rows(db, "SELECT count(*) FROM articles")[0][0] == 400
        assert len(site.page_requests()) == 400 + 80


def paged_site(pages: int, per_page: int) -> HostileSite:
    """A section whose listing pages link only the next one (no page numbers, so a crawl walks
    them in turn)."""
    paths = [f"/archives/{7000 + i}" for i in range(pages * per_page)]
    routes = {p: page(article_page(f"الخبر {p.rsplit('/', 1)[1]} عن المدينة")) for p in paths}
    for n in range(1, pages + 1):
        routes["/section/" if n == 1 else f"/section/page/{n}/"] = page(listing_page(
            paths[(n - 1) * per_page:n * per_page],
            next_url=f"/section/page/{n + 1}/" if n < pages else None))
    return HostileSite(routes)


def test_archived_listing_pages_tolerated_are_not_taken_for_an_endless_pagination(tmp_path):
    """Pages whose links are all archived bring no request, but they are not the same page over
    and over: with NEWSCRAWLER_STALE_PAGES_TOLERATED=5, a run walks four such pages to the fifth."""
    db = tmp_path / "news.db"
    with paged_site(6, 5) as site:
        url = site.url("/section/")
        assert newscrawler("crawl", url, "--db", str(db), "--max-pages", "4").returncode == 0
        assert rows(db, "SELECT count(*) FROM articles")[0][0] == 20
        result = newscrawler("crawl", url, "--db", str(db), "--max-pages", "0",
                             "-s", "NEWSCRAWLER_STALE_PAGES_TOLERATED=5")
        assert result.returncode == 0, result.stderr
        stats = last_run_stats(db)
        assert "newscrawler/limits/stale_pagination" not in stats
        assert rows(db, "SELECT count(*) FROM articles")[0][0] == 30


def test_a_run_after_a_killed_one_walks_archived_listing_pages_to_the_missing_articles(tmp_path):
    """The killed run stored pages 1-4 and died waiting for page 5: the next run walks four
    listing pages of archived links (more than NEWSCRAWLER_MAX_STALE_LISTINGS) to reach it."""
    db = tmp_path / "news.db"
    with paged_site(6, 5) as site:
        url = site.url("/section/")
        with site.held("/section/page/5/"):
            proc = subprocess.Popen(
                [sys.executable, "-m", "newscrawler", "crawl", url, "--db", str(db), "--max-pages", "0",
                 "-s", "NEWSCRAWLER_BATCH_SIZE=1", "-s", "NEWSCRAWLER_FLUSH_SECONDS=0.2"],
                env=clean_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            deadline, stored = time.monotonic() + 60, 0
            while time.monotonic() < deadline and not ("/section/page/5/" in site.requests and stored == 20):
                time.sleep(0.1)
                try:
                    stored = rows(db, "SELECT count(*) FROM articles")[0][0]
                except sqlite3.OperationalError:
                    pass  # not created yet
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        assert stored == 20, f"the run to be killed stored {stored} articles, not pages 1-4's 20"
        crawl_result = newscrawler("crawl", url, "--db", str(db), "--max-pages", "0")
        assert crawl_result.returncode == 0, crawl_result.stderr
        stats = last_run_stats(db)
        assert stats["newscrawler/resumed_after_unfinished_run"] is True
        assert "newscrawler/limits/stale_pagination" not in stats
        assert rows(db, "SELECT count(*) FROM articles")[0][0] == 30


def test_a_listing_page_that_failed_is_asked_again_by_the_next_run(tmp_path):
    """Page 4 fails (503, after Scrapy's retries) in a first deep crawl, which stops there and
    finishes. The next incremental run stops at page 1, archived, but asks for page 4 again and
    walks on from it to what lay behind."""
    db = tmp_path / "news.db"
    with paged_site(6, 5) as site:
        url = site.url("/section/")
        healthy = site.routes["/section/page/4/"]
        site.routes["/section/page/4/"] = page("<h1>busy</h1>", status=503)
        first = newscrawler("crawl", url, "--db", str(db), "--max-pages", "0")
        assert first.returncode == 0, first.stderr
        # a run with errors says so even without a terminal (from cron)
        assert "1 listing page failed, to be asked for again by the next run" in first.stderr
        assert rows(db, "SELECT count(*) FROM articles")[0][0] == 15
        assert [f["page"] for f in last_run_stats(db)["newscrawler/failed_listings"]] == [4]
        assert rows(db, "SELECT status FROM crawl_runs") == [("finished",)]

        site.routes["/section/page/4/"] = healthy
        site.requests.clear()
        second = newscrawler("crawl", url, "--db", str(db), "--max-pages", "0")
        assert second.returncode == 0, second.stderr
        stats = last_run_stats(db)
        assert stats["newscrawler/listings_retried"] == 1
        assert "newscrawler/failed_listings" not in stats
        assert rows(db, "SELECT count(*) FROM articles")[0][0] == 30
        listings = sorted(p for p in site.requests if p.startswith("/section/"))
        assert listings == ["/section/", "/section/page/4/", "/section/page/5/", "/section/page/6/"]

        # nothing failed in that run: the next asks for page 1 only
        site.requests.clear()
        assert newscrawler("crawl", url, "--db", str(db), "--max-pages", "0").returncode == 0
        assert [p for p in site.requests if p.startswith("/section/")] == ["/section/"]
        assert "newscrawler/listings_retried" not in last_run_stats(db)
