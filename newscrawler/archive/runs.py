"""The ``crawl_runs`` rows: a run recorded as started, checkpointed as it goes, finished.

Apart from the article writes (``archive/store.py``): the run's row changes with what a run
reports (its stats, its status words), an article's rows with what an article is.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime

from newscrawler.archive.db import Archive


def start_run(archive: Archive, start_urls: list[str], *, site: str | None = None,
              timezone: str | None = None, site_name: str | None = None) -> int:
    """Record a run as started, with the time zone and site name it reads pages with (a
    re-extraction reads them the same way). Runs of the same site left ``running`` by a killed
    process are marked ``killed`` first: the caller holds the site's lock, so none of them is
    alive."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with archive.conn:
        archive.conn.execute(
            "UPDATE crawl_runs SET status = 'killed', message = 'the process ended without "
            "finishing (killed or crashed); its stored articles are kept' "
            "WHERE status = 'running' AND site IS ?",
            [site],
        )
        cursor = archive.conn.execute(
            "INSERT INTO crawl_runs (started_at, status, start_urls, site, pid, timezone, "
            "site_name) VALUES (?, 'running', ?, ?, ?, ?, ?)",
            [now, json.dumps(start_urls, ensure_ascii=False), site, os.getpid(), timezone,
             site_name],
        )
    return cursor.lastrowid


def finish_run(archive: Archive, run_id: int, *, status: str, fields: dict, stats: dict) -> None:
    allowed = {"requests", "responses", "listing_pages", "articles_new", "articles_updated",
               "articles_unchanged", "articles_dropped", "errors", "responses_by_status",
               "message", "links_pending", "links_given_up"}
    values = {k: v for k, v in fields.items() if k in allowed}
    values.update(
        finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
        status=status,
        stats=json.dumps(stats, ensure_ascii=False, default=str, sort_keys=True),
    )
    assignments = ", ".join(f"{k} = ?" for k in values)
    with archive.conn:
        archive.conn.execute(
            f"UPDATE crawl_runs SET {assignments} WHERE id = ?", [*values.values(), run_id]
        )


def record_skipped_run(archive: Archive, start_urls: list[str], *, site: str, message: str) -> int:
    """Record a run that did not start because another run of ``site`` holds its lock, so that
    ``newscrawler runs`` shows it. The holder's own ``running`` row is left alone: it is alive."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with archive.conn:
        cursor = archive.conn.execute(
            "INSERT INTO crawl_runs (started_at, finished_at, status, start_urls, site, pid, message) "
            "VALUES (?, ?, 'skipped', ?, ?, ?, ?)",
            [now, now, json.dumps(start_urls, ensure_ascii=False), site, os.getpid(), message],
        )
    return cursor.lastrowid


def mark_run_failed(archive: Archive, run_id: int, message: str) -> None:
    """A run that ended normally but could not do its job (start URLs unreachable, no article
    links): ``failed``, with the reason, instead of ``finished``."""
    with archive.conn:
        archive.conn.execute(
            "UPDATE crawl_runs SET status = 'failed', message = ? WHERE id = ? AND status = 'finished'",
            [message, run_id],
        )


def checkpoint_run(archive: Archive, run_id: int, stats: dict) -> None:
    """Keep part of a running run's stats (a backfill's progress) in its row as it goes, so
    that a run killed outright (SIGKILL, power loss) still tells the next one where it got."""
    with archive.conn:
        archive.conn.execute(
            "UPDATE crawl_runs SET stats = ? WHERE id = ? AND status = 'running'",
            [json.dumps(stats, ensure_ascii=False, default=str, sort_keys=True), run_id],
        )
