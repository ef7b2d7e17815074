"""What a crawl asks the archive before it fetches: is this article archived, given up, where
did the last run or backfill of the site get, what is recent enough to ask for again.

Read-only, and apart from the writes (``archive/store.py``): it changes with what the spider
needs to decide, not with how articles are stored.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from newscrawler.archive.db import Archive
from newscrawler.archive.rows import hints_from_json
from newscrawler.normalize.urls import article_key


class ArchiveIndex:
    """Read-only questions a crawl asks the archive, answered by indexed lookups (nothing held
    in memory, so a crawl of a million-article archive starts at once)."""

    def __init__(self, archive: Archive):
        self.conn = archive.conn

    def is_archived(self, url: str) -> bool:
        """Whether the article at ``url`` is archived, under this URL or any other form of it
        (``article_key``), or under a URL that redirected to it."""
        return self.is_archived_key(article_key(url))

    def is_archived_key(self, key: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM article_urls WHERE key = ? LIMIT 1", [key]).fetchone()
        return row is not None

    def is_given_up(self, key: str) -> bool:
        """Whether runs gave up on this article link (it failed in too many runs)."""
        row = self.conn.execute(
            "SELECT 1 FROM pending_links WHERE key = ? AND given_up_run IS NOT NULL", [key]
        ).fetchone()
        return row is not None

    def unfinished_before(self, site: str) -> bool:
        """Whether the last completed-or-dead run of ``site`` did not finish (killed,
        interrupted, failed): then the next run must walk the whole listing to pick up what it
        missed, not stop at the first archived page."""
        row = self.conn.execute(
            "SELECT status FROM crawl_runs WHERE site IS ? "
            "AND status NOT IN ('running', 'reparse', 'skipped') ORDER BY id DESC LIMIT 1",
            [site],
        ).fetchone()
        return bool(row) and row[0] != "finished"

    def finished_before(self, run_id: int) -> bool:
        """Whether any run before ``run_id`` finished (the archive's first finished run says
        what is said once per archive)."""
        return self.conn.execute(
            "SELECT 1 FROM crawl_runs WHERE id < ? AND status = 'finished' LIMIT 1", [run_id]
        ).fetchone() is not None

    def last_backfill(self, site: str) -> dict:
        """Where the last backfill of ``site`` got, per start URL (``crawl.backfill``)."""
        for (stats,) in self.conn.execute(
            "SELECT stats FROM crawl_runs WHERE site IS ? AND status != 'running' "
            "AND stats LIKE '%newscrawler/backfill%' ORDER BY id DESC LIMIT 1", [site]
        ):
            try:
                found = json.loads(stats).get("newscrawler/backfill")
            except (ValueError, AttributeError):
                return {}
            return found if isinstance(found, dict) else {}
        return {}

    def failed_listings(self, site: str) -> list[dict]:
        """The listing pages the last completed run of ``site`` could not fetch (recorded in
        its stats by the spider), for this run to ask again."""
        row = self.conn.execute(
            "SELECT stats FROM crawl_runs WHERE site IS ? "
            "AND status NOT IN ('running', 'reparse', 'skipped') ORDER BY id DESC LIMIT 1",
            [site],
        ).fetchone()
        try:
            stats = json.loads(row[0]) if row and row[0] else {}
        except ValueError:
            return []
        found = stats.get("newscrawler/failed_listings") if isinstance(stats, dict) else None
        return [f for f in found if isinstance(f, dict)] if isinstance(found, list) else []

    def recent_articles(self, days: float, sites: list[str] | None = None) -> list[dict]:
        """Articles published (or first seen, when undated) within ``days``, with the validators
        of their last stored response, for conditional re-requests, and the hints it was read
        with (read again, it is read the same way)."""
        since = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")
        rows = self.conn.execute(
            """
            SELECT a.url, coalesce(a.fetched_url, a.url), a.section, p.headers, p.hints
            FROM articles a
            LEFT JOIN pages p ON p.id = (SELECT id FROM pages WHERE url = coalesce(a.fetched_url, a.url)
                                         ORDER BY fetched_at DESC LIMIT 1)
            WHERE coalesce(a.published, a.first_seen) >= ?
            ORDER BY coalesce(a.published, a.first_seen) DESC
            """,
            [since],
        ).fetchall()
        result = []
        for url, fetched_url, section, headers, hints in rows:
            if sites and urlsplit(fetched_url).hostname not in sites:
                continue
            h = {k.lower(): v for k, v in json.loads(headers or "{}").items()}
            known = hints_from_json(hints)
            result.append({"url": url, "fetched_url": fetched_url,
                           "section": (known and known.section) or section,
                           "published_hint": known.published if known else None,
                           "etag": h.get("etag"), "last_modified": h.get("last-modified")})
        return result
