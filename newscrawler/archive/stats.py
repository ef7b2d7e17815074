"""Summaries of what an archive holds, for ``newscrawler stats`` and the crawl summary."""

from __future__ import annotations

from newscrawler.archive.db import Archive


def archive_stats(archive: Archive) -> dict:
    conn = archive.conn
    one = lambda sql: conn.execute(sql).fetchone()  # noqa: E731
    first, last = one("SELECT min(published), max(published) FROM articles")
    return {
        "articles": one("SELECT count(*) FROM articles")[0],
        "authors": one("SELECT count(*) FROM authors WHERE kind = 'person'")[0],
        "organizations": one("SELECT count(*) FROM authors WHERE kind = 'organization'")[0],
        "first_published": first,
        "last_published": last,
        "by_site": conn.execute(
            "SELECT coalesce(site, '?'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC"
        ).fetchall(),
        "by_section": conn.execute(
            "SELECT coalesce(site, '?'), coalesce(section, '(none)'), count(*) FROM articles "
            "GROUP BY 1, 2 ORDER BY 3 DESC"
        ).fetchall(),
        "top_authors": conn.execute(
            "SELECT au.name, count(*) FROM article_authors aa JOIN authors au ON au.id = aa.author_id "
            "WHERE au.kind = 'person' GROUP BY au.id ORDER BY 2 DESC, 1 LIMIT 10"
        ).fetchall(),
        "runs": conn.execute(
            "SELECT id, started_at, finished_at, status, articles_new, articles_updated, "
            "articles_unchanged, articles_dropped, errors FROM crawl_runs ORDER BY id DESC LIMIT 5"
        ).fetchall(),
    }
