"""Summaries of what an archive holds, for ``newscrawler stats`` and the crawl summary."""

from __future__ import annotations

from newscrawler.archive.coverage import day_counts, days_by, last_day, site_gaps
from newscrawler.archive.db import Archive


def archive_stats(archive: Archive, *, top: int = 10, runs: int = 5) -> dict:
    """Counts per site, section, month and day, top authors, date coverage, the coverage gaps
    of each site (``coverage.find_gaps``) and the last runs."""
    conn = archive.conn
    by_site, _ = days_by(conn)
    end = last_day(conn)
    gaps = site_gaps(by_site, end)
    by_day = day_counts(by_site)
    by_month: dict[str, int] = {}
    for day, n in by_day.items():
        by_month[day[:7]] = by_month.get(day[:7], 0) + n
    one = lambda sql: conn.execute(sql).fetchone()  # noqa: E731
    first, last, undated = one(
        "SELECT min(published), max(published), sum(published IS NULL) FROM articles"
    )
    first_seen, last_seen = one("SELECT min(first_seen), max(crawled_at) FROM articles")
    return {
        "articles": one("SELECT count(*) FROM articles")[0],
        "authors": one("SELECT count(*) FROM authors WHERE kind = 'person'")[0],
        "organizations": one("SELECT count(*) FROM authors WHERE kind = 'organization'")[0],
        "pages": one("SELECT count(*) FROM pages")[0],
        "revisions": one("SELECT count(*) FROM revisions")[0],
        "first_published": first,
        "last_published": last,
        "coverage": {
            "first_published": first,
            "last_published": last,
            "undated": undated or 0,
            "months": len(by_month),
            "first_seen": first_seen,
            "last_crawled": last_seen,
            "last_day": end,  # the last publication day, not in the future
        },
        "by_site": conn.execute(
            "SELECT coalesce(site, '?'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC"
        ).fetchall(),
        "by_section": conn.execute(
            "SELECT coalesce(site, '?'), coalesce(section, '(none)'), count(*) FROM articles "
            "GROUP BY 1, 2 ORDER BY 3 DESC"
        ).fetchall(),
        "by_month": [["(undated)", undated]] * bool(undated) + [list(m) for m in by_month.items()],
        "by_day": by_day,
        "gaps": {site: check["gaps"] for site, check in gaps.items() if check["gaps"]},
        "top_authors": conn.execute(
            "SELECT au.name, count(*) FROM article_authors aa JOIN authors au ON au.id = aa.author_id "
            "WHERE au.kind = 'person' GROUP BY au.id ORDER BY 2 DESC, 1 LIMIT ?", [top]
        ).fetchall(),
        "runs": conn.execute(
            "SELECT id, started_at, finished_at, status, articles_new, articles_updated, "
            "articles_unchanged, articles_dropped, errors FROM crawl_runs ORDER BY id DESC LIMIT ?",
            [runs],
        ).fetchall(),
    }
