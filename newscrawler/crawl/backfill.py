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
    """Per start URL: listing pages walked, the last one, and whether the listing ended."""

    def __init__(self, saved: dict | None = None):
        self.sections: dict[str, dict[str, Any]] = {}
        for url, state in (saved or {}).items():
            if isinstance(state, dict) and isinstance(state.get("url"), str):
                self.sections[url] = dict(state)

    def resume_point(self, start_url: str) -> tuple[str, int] | None:
        """The listing page an unfinished backfill of ``start_url`` stopped at, if any."""
        state = self.sections.get(start_url)
        if not state or state.get("done") or int(state.get("page") or 1) <= 1:
            return None
        return state["url"], int(state["page"])

    def walked(self, start_url: str, url: str, page: int, has_next: bool) -> dict:
        state = self.sections.setdefault(start_url, {"walked": 0})
        state.update(url=url, page=page, done=not has_next)
        state["walked"] = int(state.get("walked") or 0) + 1
        return self.sections


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
