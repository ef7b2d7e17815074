"""Backfills: walking a section's whole history, resumably, and saying how far it got.

A backfill walks every listing page of a section (archived articles are skipped, not fetched
again) until the listing ends, ``--since`` is passed, or a safety budget stops it. Where it got
(the last listing page walked, how many pages, the oldest publication date reached) is kept in
the run's stats (``newscrawler/backfill``), stored with the run in ``crawl_runs``; the next
``--backfill`` run of the site starts from that page instead of the first.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

BACKFILL = "newscrawler/backfill"
BACKFILL_PAGE = "newscrawler_backfill_page"  # request meta: (start URL, listing page)
REACHED = "newscrawler/backfill/reached"
FIRST = "newscrawler/backfill/first"
SETTINGS = {
    # Polite by default: one request at a time per site, AutoThrottle on, a pause between asks.
    "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
    "AUTOTHROTTLE_ENABLED": True,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
    "DOWNLOAD_DELAY": 0.25,
}


class BackfillProgress:
    """Per start URL: listing pages walked, and the page to resume from.

    The resume point is the oldest listing page some of whose articles are not read yet (asked
    for and pending, or refused by a budget), else the last page walked: a run killed at any
    moment loses nothing by starting there, and walks again only the pages in flight.
    """

    def __init__(self, saved: dict | None = None):
        self.saved: dict[str, dict[str, Any]] = {}
        for url, state in (saved or {}).items():
            if isinstance(state, dict) and isinstance(state.get("url"), str):
                self.saved[url] = dict(state)
        self.walked_pages: dict[str, int] = {}
        self.last: dict[str, tuple[int, str, bool]] = {}  # start URL -> (page, url, more)
        self.page_urls: dict[tuple[str, int], str] = {}
        self.outstanding: dict[tuple[str, int], int] = {}

    def resume_point(self, start_url: str) -> tuple[str, int] | None:
        """The listing page an unfinished backfill of ``start_url`` stopped at, if any."""
        state = self.saved.get(start_url)
        if not state or state.get("done") or int(state.get("page") or 1) <= 1:
            return None
        return state["url"], int(state["page"])

    def walked(self, start_url: str, url: str, page: int, articles: int, more: bool) -> None:
        """A listing page read: ``articles`` requests asked for, ``more`` pages behind it."""
        self.walked_pages[start_url] = self.walked_pages.get(start_url, 0) + 1
        self.page_urls[(start_url, page)] = url
        if articles:
            self.outstanding[(start_url, page)] = self.outstanding.get((start_url, page), 0) + articles
        last = self.last.get(start_url)
        if last is None or page >= last[0]:
            self.last[start_url] = (page, url, more)

    def article_done(self, start_url: str, page: int) -> None:
        """An article asked for from listing ``page`` was read (or failed for good)."""
        left = self.outstanding.get((start_url, page), 0) - 1
        if left > 0:
            self.outstanding[(start_url, page)] = left
        else:
            self.outstanding.pop((start_url, page), None)

    def state(self) -> dict[str, dict[str, Any]]:
        """What the run's stats keep: per start URL, pages walked, resume page, done."""
        result = {}
        for start_url, (page, url, more) in self.last.items():
            pending = [p for (s, p) in self.outstanding if s == start_url]
            resume = min(pending) if pending else page
            before = int(self.saved.get(start_url, {}).get("walked") or 0)
            result[start_url] = {
                "walked": before + self.walked_pages.get(start_url, 0),
                "page": resume,
                "url": self.page_urls.get((start_url, resume), url),
                "done": not more and not pending,
            }
        return result


def note_published(stats, published: str | None) -> None:
    """Keep the oldest and newest publication dates the run stored (for progress and --since)."""
    if not published:
        return
    reached = stats.get_value(REACHED)
    if reached is None or published < reached:
        stats.set_value(REACHED, published)
    first = stats.get_value(FIRST)
    if first is None or published > first:
        stats.set_value(FIRST, published)


def passed_since(stats, since: str | None) -> bool:
    """Whether the walk has reached articles published before ``since`` (an ISO date)."""
    reached = stats.get_value(REACHED)
    return bool(since and reached and reached[:10] < since[:10])


def estimate_left(pages: int, first: str | None, reached: str | None,
                  since: str | None) -> int | None:
    """Listing pages still to walk down to ``since``, at the pace of the pages walked so far:
    ``None`` when it cannot be told (no --since, or no dates yet)."""
    if not (since and first and reached and pages):
        return None
    try:
        start = datetime.fromisoformat(first[:10])
        end = datetime.fromisoformat(reached[:10])
        goal = datetime.fromisoformat(since[:10])
    except ValueError:
        return None
    covered = (start - end).days
    if end <= goal:
        return 0
    if covered <= 0:
        return None
    return round((end - goal).days * pages / covered)


SINCE = "newscrawler/backfill/since"


def progress_text(stats, since: str | None = None) -> str:
    """`` · backfill: 12 pages · reached 2021-03-04 · ~40 pages left``, or ``""``."""
    state = stats.get_value(BACKFILL)
    if not state:
        return ""
    since = since or stats.get_value(SINCE)
    pages = sum(int(s.get("walked") or 0) for s in state.values())
    reached = stats.get_value(REACHED)
    text = f" · backfill: {pages} pages"
    if reached:
        text += f" · reached {reached[:10]}"
    left = estimate_left(pages, stats.get_value(FIRST), reached, since)
    if left is not None:
        text += f" · ~{left} pages left"
    return text
