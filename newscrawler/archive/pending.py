"""Article links a run saw but could not archive, kept for the next runs to ask again.

A page that answered 5xx after the retries, timed out, dropped its connection or could not be
read is not lost: it goes in ``pending_links`` with why, and every following run of its site
asks for it again, whatever its listing's incremental stop would have walked, until it is
archived or given up (``NEWSCRAWLER_PENDING_MAX_TRIES`` runs and ``NEWSCRAWLER_PENDING_MAX_DAYS``
days, both). A table, not the run's stats: a site down for a day leaves thousands.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from newscrawler.archive.db import Archive

_ARCHIVED = "EXISTS (SELECT 1 FROM article_urls u WHERE u.key = pending_links.key)"


@dataclass
class PendingOutcome:
    """What a run left: links still pending for the site, links it gave up on."""

    pending: int = 0
    given_up: int = 0


def pending_links(archive: Archive, site: str | None) -> list[dict]:
    """The links of ``site`` to ask for again, oldest failure first (archived ones left out)."""
    rows = archive.conn.execute(
        f"SELECT key, url, section, published_hint FROM pending_links "
        f"WHERE site IS ? AND given_up_run IS NULL AND NOT {_ARCHIVED} ORDER BY first_failed, key",
        [site],
    ).fetchall()
    return [{"key": k, "url": u, "section": s, "published_hint": p} for k, u, s, p in rows]


def settle_pending(archive: Archive, run_id: int | None, site: str | None,
                   failed: dict[str, dict], tried: set[str], *,
                   max_tries: int, max_days: float) -> PendingOutcome:  # fmt: skip
    """Record a run's failed article links (``failed``: key -> url, section, published_hint,
    reason), forget the pending links that are archived now or that this run ``tried`` and
    settled otherwise (not an article after all), and give up those that failed in
    ``max_tries`` runs over at least ``max_days`` days."""
    now = datetime.now(UTC)
    stamp = now.isoformat(timespec="seconds")
    conn = archive.conn
    with conn:
        conn.executemany("DELETE FROM pending_links WHERE key = ? AND given_up_run IS NULL",
                         [(k,) for k in tried if k not in failed])
        conn.executemany(
            "INSERT INTO pending_links (key, url, site, section, published_hint, reason, tries, "
            "first_failed, last_failed, run_id) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET tries = tries + 1, url = excluded.url, "
            "reason = excluded.reason, last_failed = excluded.last_failed, "
            "run_id = excluded.run_id, site = excluded.site, given_up_run = NULL, "
            "section = coalesce(excluded.section, section), "
            "published_hint = coalesce(excluded.published_hint, published_hint)",
            [(key, f["url"], site, f.get("section"), f.get("published_hint"), f.get("reason"),
              stamp, stamp, run_id) for key, f in failed.items()],
        )
        # after the insert: a link one worker failed and another archived is not pending
        conn.execute(f"DELETE FROM pending_links WHERE given_up_run IS NULL AND {_ARCHIVED}")
        since = (now - timedelta(days=max_days)).isoformat(timespec="seconds")
        given_up = conn.execute(
            "UPDATE pending_links SET given_up_run = ? WHERE run_id IS ? AND given_up_run IS NULL "
            "AND tries >= ? AND first_failed <= ?",
            [run_id, run_id, max(1, max_tries), since],
        ).rowcount if failed else 0
        pending = conn.execute(
            "SELECT count(*) FROM pending_links WHERE site IS ? AND given_up_run IS NULL", [site]
        ).fetchone()[0]
    return PendingOutcome(pending=pending, given_up=given_up)
