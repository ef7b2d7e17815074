"""Incremental crawls, conditional refreshes, the lock, and killed runs — on a site that grows."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

from newscrawler.crawl.lock import CrawlLock
from newscrawler.demo.growing import GrowingSite
from tests.test_crawl_e2e import newscrawler, rows


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


def test_a_killed_run_is_marked_killed_and_the_next_run_completes_the_set(tmp_path):
    db = tmp_path / "news.db"
    with GrowingSite(40, delay=0.05) as site:
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSCRAWLER_")}
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
