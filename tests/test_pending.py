"""Nothing left behind: article links a run could not archive are asked for again by the next
runs (``pending_links``), until archived or given up."""

from __future__ import annotations

import json

from tests.helpers import newscrawler, rows
from tests.hostile import HostileSite, article_page, listing_page
from tests.hostile.server import page, send


class Section:
    """A section of ``n`` articles, newest first, 10 to a listing page; while ``down`` is set,
    the ``failing`` article numbers answer 500 (even numbers) or drop the connection (odd)."""

    def __init__(self, n: int, failing: set[int] = frozenset()):
        self.numbers = list(range(n, 0, -1))
        self.failing = set(failing)
        self.down = True
        self.site = HostileSite()
        self.routes()

    def routes(self) -> None:
        pages = [self.numbers[i:i + 10] for i in range(0, len(self.numbers), 10)]
        for index, numbers in enumerate(pages, start=1):
            path = "/section/" if index == 1 else f"/section/page/{index}/"
            following = f"/section/page/{index + 1}/" if index < len(pages) else None
            links = [f"/archives/{1000 + n}" for n in numbers]
            self.site.routes[path] = page(listing_page(links, next_url=following))
        for n in self.numbers:
            self.site.routes[f"/archives/{1000 + n}"] = self.article(n)

    def article(self, n: int):
        body = article_page(f"خبر المدينة رقم {n}")

        def answer(h):
            if not (self.down and n in self.failing):
                send(h, 200, body)
            elif n % 2:  # half of them drop the connection without a word
                h.close_connection = True
            else:
                send(h, 500, "<h1>Internal Server Error</h1>")
        return answer

    def add(self, k: int) -> None:
        top = self.numbers[0]
        self.numbers = list(range(top + k, top, -1)) + self.numbers
        self.routes()

    def crawl(self, db, *extra: str):
        result = newscrawler("crawl", self.site.url("/section/"), "--db", str(db), "--max-pages", "0", *extra)
        assert result.returncode == 0, result.stderr
        return result


def pending_reasons(db) -> dict[str, int]:
    """How many pending links failed with a 500, and otherwise (an archive without the table: none)."""
    if not rows(db, "SELECT 1 FROM sqlite_master WHERE name = 'pending_links'"):
        return {}
    return {("HTTP 500" if r == "HTTP 500" else "dropped"): n for r, n in rows(
        db, "SELECT reason, count(*) FROM pending_links GROUP BY reason = 'HTTP 500'")}


def last_run(db) -> dict:
    out = newscrawler("runs", "--db", str(db), "--json", "--limit", "1")
    return json.loads(out.stdout.splitlines()[0])


def test_failed_articles_on_every_listing_page_are_fetched_by_the_next_runs(tmp_path):
    """Failure 6: 30 articles on 3 pages, 9 (spread over the pages) answer 500 in run 1. Run 2
    stops walking at page 1 (incremental) yet gets all 9; run 3 adds the 2 new: 32."""
    db = tmp_path / "news.db"
    section = Section(30, failing={30, 27, 23, 19, 16, 12, 8, 5, 1})
    count = lambda: rows(db, "SELECT count(*) FROM articles")[0][0]  # noqa: E731
    with section.site:
        first = section.crawl(db)
        after_first, pending_first = count(), last_run(db).get("links_pending")
        reasons = pending_reasons(db)
        section.down = False
        section.crawl(db)
        after_second, second = count(), last_run(db)
        section.add(2)
        section.site.requests.clear()
        section.crawl(db)
        asked = [r for r in section.site.requests if r.startswith("/archives/")]
    assert (after_first, after_second, count()) == (21, 30, 32)  # before: 21, 24, 26
    assert len(asked) == 2  # nothing pending any more: only the new ones
    assert pending_first == 9
    assert "9 article links not archived yet" in first.stdout + first.stderr
    assert (second["links_pending"], second["links_given_up"], second["articles_new"]) == (0, 0, 9)
    assert rows(db, "SELECT count(*) FROM pending_links")[0][0] == 0
    assert reasons == {"HTTP 500": 4, "dropped": 5}


def test_a_link_that_keeps_failing_is_given_up_and_recorded_in_runs(tmp_path):
    db = tmp_path / "news.db"
    section = Section(5, failing={3})
    limits = ("-s", "NEWSCRAWLER_PENDING_MAX_TRIES=2", "-s", "NEWSCRAWLER_PENDING_MAX_DAYS=0")
    with section.site:
        section.crawl(db, *limits)
        assert last_run(db)["links_pending"] == 1
        section.site.requests.clear()
        result = section.crawl(db, *limits)
        assert section.site.requests.count("/archives/1003") == 3  # asked again (and retried)
        run = last_run(db)
        assert (run["links_pending"], run["links_given_up"]) == (0, 1)
        assert "gave up 1 article link" in result.stdout + result.stderr
        (given_up, tries), = rows(db, "SELECT given_up_run, tries FROM pending_links")
        assert given_up == run["id"] and tries == 2
        section.site.requests.clear()
        section.crawl(db, *limits)
        assert "/archives/1003" not in section.site.requests
    assert rows(db, "SELECT count(*) FROM articles")[0][0] == 4
