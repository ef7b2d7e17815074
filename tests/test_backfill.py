"""Backfills and safety budgets, crawled for real on the demo site (12 articles a section, 6 a
listing page): a budget that stops a crawl says so and exits with its own code, and
``--backfill`` takes up again at the listing page where the last one stopped."""

from __future__ import annotations

import json

from newscrawler.cli.base import EXIT_BUDGET
from newscrawler.crawl.backfill import estimate_left
from newscrawler.demo import SECTIONS, articles
from tests.helpers import newscrawler, rows
from tests.helpers.cli import clean_env

SECTION = "مجتمع"


def last_run(db) -> tuple[int, dict]:
    requests, stats = rows(db, "SELECT requests, stats FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]
    return requests, json.loads(stats)


def test_a_budget_hit_is_never_a_quiet_end(demo_server, tmp_path):  # noqa: F811
    db = tmp_path / "budget.db"
    result = newscrawler("crawl", demo_server.url(SECTIONS[SECTION]), "--db", str(db),
                         "--max-pages", "0", "-s", "NEWSCRAWLER_MAX_PAGES_PER_SECTION=5")
    assert result.returncode == EXIT_BUDGET, result.stderr
    assert "Stopped early: NEWSCRAWLER_MAX_PAGES_PER_SECTION (5) reached" in result.stderr
    assert rows(db, "SELECT count(*) FROM articles")[0][0] == 4  # the listing + 4 articles


def test_a_backfill_resumes_at_the_listing_page_where_it_stopped(demo_server, tmp_path):  # noqa: F811
    db = tmp_path / "backfill.db"
    total = sum(1 for a in articles() if a["section"] == SECTION)
    # 8 requests: listing page 1, its 6 articles, listing page 2; page 2's articles are refused.
    args = ("crawl", demo_server.url(SECTIONS[SECTION]), "--db", str(db), "--backfill",
            "-s", "NEWSCRAWLER_MAX_PAGES_PER_SECTION=8", "-s", "DOWNLOAD_DELAY=0")
    first = newscrawler(*args)
    assert first.returncode == EXIT_BUDGET, first.stderr
    assert "Backfill not finished: 2 pages" in first.stderr
    assert rows(db, "SELECT count(*) FROM articles")[0][0] == 6
    _, stats = last_run(db)
    state = stats["newscrawler/backfill"][demo_server.url(SECTIONS[SECTION])]
    assert state["page"] == 2 and state["done"] is False
    # Again: straight to page 2 (walking from page 1 would need 9 requests and hit the budget).
    second = newscrawler(*args)
    assert second.returncode == 0, second.stderr
    _, stats = last_run(db)
    assert stats["newscrawler/backfill/resumed_at"] == 2
    assert rows(db, "SELECT count(*) FROM articles")[0][0] == total
    assert stats["newscrawler/backfill"][demo_server.url(SECTIONS[SECTION])]["done"] is True


def test_the_estimate_of_pages_left_follows_the_pace_so_far():
    # 10 pages covered 100 days; 300 more days to go down to `since`: about 30 pages.
    assert estimate_left(10, "2024-04-10", "2024-01-01", "2023-03-08") == 30
    assert estimate_left(10, "2024-04-10", "2024-01-01", None) is None
    assert estimate_left(10, "2024-04-10", "2024-01-01", "2024-02-01") == 0


class _Stats(dict):
    def get_value(self, key, default=None):
        return self.get(key, default)


def test_the_progress_line_shows_pages_walked_date_reached_and_pages_left():
    from newscrawler.crawl.backfill import BACKFILL, FIRST, REACHED, SINCE, progress_text
    from newscrawler.crawl.progress import ProgressReporter

    stats = _Stats({BACKFILL: {"https://s.example/c": {"walked": 10, "page": 10}},
                    FIRST: "2024-04-10T09:00:00+01:00", REACHED: "2024-01-01T08:00:00+01:00",
                    SINCE: "2023-03-08"})
    assert progress_text(stats) == " · backfill: 10 pages · reached 2024-01-01 · ~30 pages left"
    assert ProgressReporter(stats, 1).line().endswith("~30 pages left")
    assert progress_text(_Stats()) == ""


def paged_site(pages: int, per_page: int, held: int | None = None):
    """A section of ``pages`` listing pages, newest first (page p, article k published on day
    28 - p*per_page - k of May 2024); listing page ``held`` waits for the returned event."""
    import threading

    from tests.servers import HTML

    text = "<p>" + "أفادت مصادر مطلعة أن النقاش ما زال مفتوحا بين الأطراف المعنية بالملف. " * 3 + "</p>"
    routes: dict = {}
    release = threading.Event()
    for page in range(1, pages + 1):
        links = "".join(f'<article><h2><a href="/2024/05/story-{page}{k}">خبر {page}{k}</a></h2></article>'
                        for k in range(per_page))
        nxt = f'<a class="next" href="/section/page/{page + 1}">التالي</a>' if page < pages else ""
        body = f'<html lang="ar"><body><h1>مجتمع</h1><main>{links}</main>{nxt}</body></html>'.encode()
        path = "/section/" if page == 1 else f"/section/page/{page}"
        if page == held:
            routes[path] = lambda _h, body=body: (release.wait(60), (200, HTML, body))[1]
        else:
            routes[path] = (200, HTML, body)
        for k in range(per_page):
            day = 28 - (page - 1) * per_page - k
            routes[f"/2024/05/story-{page}{k}"] = (200, HTML, (
                f'<html lang="ar"><body><article><h1>خبر رقم {page}{k} عن المدينة</h1>'
                f'<time datetime="2024-05-{day:02d}T10:00:00+01:00"></time>{text}</article></body></html>'
            ).encode())
    return routes, release


def test_since_ends_a_backfill_soon_after_the_date_is_reached(tmp_path):
    from tests.servers import RouteServer

    routes, _ = paged_site(pages=6, per_page=3)
    db = tmp_path / "since.db"
    with RouteServer(routes) as site:
        # pages 1-2 hold May 28-23, page 3 May 22-20: the walk ends with page 3 or the next
        result = newscrawler("crawl", site.url("/section/"), "--db", str(db), "--backfill",
                             "--since", "2024-05-23", "-s", "DOWNLOAD_DELAY=0")
        assert result.returncode == 0, result.stderr
        assert "/section/page/3" in site.requests
        assert "/section/page/5" not in site.requests and "/section/page/6" not in site.requests
    _, stats = last_run(db)
    assert stats["newscrawler/backfill"][site.url("/section/")]["done"] is True


def test_a_backfill_killed_outright_resumes_where_its_stored_articles_end(tmp_path):
    """SIGKILL while listing page 3 is held: the next backfill starts at a page past the first,
    and with it every article of the section is archived."""
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    from tests.servers import RouteServer

    routes, release = paged_site(pages=3, per_page=4, held=3)
    db = tmp_path / "killed.db"
    with RouteServer(routes) as site:
        args = [sys.executable, "-m", "newscrawler", "crawl", site.url("/section/"), "--db", str(db),
                "--backfill", "-s", "DOWNLOAD_DELAY=0", "-s", "NEWSCRAWLER_BATCH_SIZE=1"]
        env = clean_env()
        crawl = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:  # pages 1 and 2 read and their articles stored
                try:
                    stored = rows(db, "SELECT count(*) FROM articles")[0][0]
                except sqlite3.OperationalError:  # not made yet
                    stored = 0
                if stored >= 8 and "/section/page/3" in site.requests:
                    break
                time.sleep(0.2)
            else:
                raise AssertionError("the backfill did not get to page 3")
            time.sleep(0.5)
            crawl.send_signal(signal.SIGKILL)
            crawl.wait(30)
        finally:
            release.set()
        again = newscrawler(*args[3:])
        assert again.returncode == 0, again.stderr
    requests, stats = last_run(db)
    assert stats["newscrawler/backfill/resumed_at"] >= 2
    assert rows(db, "SELECT count(*) FROM articles")[0][0] == 12
