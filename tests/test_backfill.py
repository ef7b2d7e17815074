"""Backfills and safety budgets, crawled for real on the demo site (12 articles a section, 6 a
listing page): a budget that stops a crawl says so and exits with its own code, and
``--backfill`` takes up again at the listing page where the last one stopped."""

from __future__ import annotations

import json

from newscrawler.cli.base import EXIT_BUDGET
from newscrawler.crawl.backfill import estimate_left
from newscrawler.demo import SECTIONS, articles
from tests.test_crawl_e2e import demo_server, newscrawler, rows  # noqa: F401  (fixture)

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
