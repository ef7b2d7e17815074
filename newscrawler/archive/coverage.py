"""The numbers behind ``newscrawler report`` and the charts of ``stats``: articles per day per
site and section, authors, crawl runs, stories, and the days on which a site that publishes
most days published nothing — usually a crawl that failed without anyone noticing.

Everything here is SQL into plain dicts and lists (JSON-ready); drawing them is
``newscrawler.report``'s job. A day is the first ten characters of ``published``: the site's own
calendar day, since dates are stored with the offset the site printed.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date, timedelta

from newscrawler.archive.db import Archive

MIN_SHARE = 0.5
"""A site is checked for gaps when it published on at least this share of the days of its span."""
MIN_DAYS = 14
"""…and its span (first to last dated article) is at least this many days long."""

_DAY = "substr(published, 1, 10)"
_DATED = "published IS NOT NULL AND published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'"


def find_gaps(days: dict[str, int], *, end: str | None = None, min_share: float = MIN_SHARE,
              min_days: int = MIN_DAYS) -> dict:
    """The runs of days without an article in a site that publishes most days.

    ``days`` maps ISO days to article counts. A site is judged only over its own span (first to
    last dated article) and only if that span is ``min_days`` long and it published on at least
    ``min_share`` of those days; ``end`` (the archive's last day) extends the search past the
    site's last article, so a site whose crawl stopped shows a gap up to the end. Weekdays on
    which the site usually does not publish (less than ``min_share`` of them) are never a gap
    on their own, but do not break one either: a missing week is one gap of seven days.
    """
    active = {d for d, n in days.items() if n > 0}
    result = {"checked": False, "active_days": len(active), "span_days": 0, "share": 0.0,
              "off_weekdays": [], "gaps": []}
    if not active:
        return result
    first, last = date.fromisoformat(min(active)), date.fromisoformat(max(active))
    span = (last - first).days + 1
    result.update(span_days=span, share=round(len(active) / span, 3))
    if span < min_days or len(active) / span < min_share:
        return result
    seen, published = Counter(), Counter()
    for i in range(span):
        day = first + timedelta(days=i)
        seen[day.weekday()] += 1
        published[day.weekday()] += day.isoformat() in active
    off = {wd for wd in seen if published[wd] / seen[wd] < min_share}
    stop = max(last, date.fromisoformat(end)) if end else last
    gaps, start, until = [], None, None
    for i in range((stop - first).days + 1):
        day = first + timedelta(days=i)
        if day.isoformat() in active:
            if start is not None:
                gaps.append(_gap(start, until))
                start = None
        elif day.weekday() not in off:
            start = start or day
            until = day
    if start is not None:
        gaps.append(_gap(start, until))
    result.update(checked=True, off_weekdays=sorted(off), gaps=gaps)
    return result


def _gap(start: date, until: date) -> dict:
    return {"start": start.isoformat(), "end": until.isoformat(), "days": (until - start).days + 1}


def day_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Dated articles per day, the whole archive."""
    return dict(conn.execute(
        f"SELECT {_DAY}, count(*) FROM articles WHERE {_DATED} GROUP BY 1 ORDER BY 1"
    ).fetchall())


def days_by_site(conn: sqlite3.Connection) -> dict[str, dict[str, int]]:
    """Dated articles per day for each site, the busiest site first."""
    rows = conn.execute(
        f"SELECT coalesce(site, '?'), {_DAY}, count(*) FROM articles WHERE {_DATED} GROUP BY 1, 2"
    ).fetchall()
    return _nest(rows)


def days_by_section(conn: sqlite3.Connection, *, top: int = 30) -> dict[str, dict[str, int]]:
    """Dated articles per day for the ``top`` busiest sections, keyed ``site / section``."""
    rows = conn.execute(
        f"SELECT coalesce(site, '?') || ' / ' || coalesce(section, '(none)'), {_DAY}, count(*) "
        f"FROM articles WHERE {_DATED} GROUP BY site, section, 2"
    ).fetchall()
    return dict(list(_nest(rows).items())[:top])


def _nest(rows: list[tuple]) -> dict[str, dict[str, int]]:
    nested: dict[str, dict[str, int]] = {}
    for key, day, n in rows:
        nested.setdefault(key, {})[day] = n
    ranked = sorted(nested.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    return {key: dict(sorted(days.items())) for key, days in ranked}


def last_day(conn: sqlite3.Connection) -> str | None:
    """The archive's last publication day, not after its last crawl (a date in the future is a
    misread date, not coverage)."""
    crawled = conn.execute("SELECT substr(max(crawled_at), 1, 10) FROM articles").fetchone()[0]
    sql = f"SELECT max({_DAY}) FROM articles WHERE {_DATED}"
    params: list = []
    if crawled:
        sql += f" AND {_DAY} <= ?"
        params.append(crawled)
    return conn.execute(sql, params).fetchone()[0]


def site_gaps(by_site: dict[str, dict[str, int]], end: str | None) -> dict[str, dict]:
    """``find_gaps`` for every site, up to the archive's last day."""
    return {site: find_gaps(days, end=end) for site, days in by_site.items()}


def has_stories(conn: sqlite3.Connection) -> bool:
    """Whether this archive groups articles into stories (``articles.story`` and ``stories``)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    columns = {r[1] for r in conn.execute("PRAGMA table_info(articles)")}
    return "stories" in tables and "story" in columns


def top_stories(conn: sqlite3.Connection, *, top: int = 20, copies: int = 50) -> list[dict]:
    """The stories with the most articles, each with its original and its copies."""
    rows = conn.execute(
        "SELECT story, count(*), count(DISTINCT site) FROM articles WHERE story IS NOT NULL "
        "GROUP BY story HAVING count(*) > 1 ORDER BY 2 DESC, 3 DESC, story LIMIT ?", [top]
    ).fetchall()
    stories = []
    for story, articles, sites in rows:
        original = conn.execute(
            "SELECT a.id, a.title, a.site, a.url, coalesce(s.first_published, a.published) "
            "FROM stories s LEFT JOIN articles a ON a.id = s.original WHERE s.id = ?", [story]
        ).fetchone() or (None, None, None, None, None)
        members = conn.execute(
            "SELECT id, site, url, published, title FROM articles WHERE story = ? "
            "ORDER BY published IS NULL, published, first_seen, id LIMIT ?", [story, copies]
        ).fetchall()
        stories.append({
            "story": story, "articles": articles, "sites": sites, "title": original[1],
            "site": original[2], "url": original[3], "first_published": original[4],
            "copies": [{"site": s, "url": u, "published": p, "title": t,
                        "original": i == original[0]} for i, s, u, p, t in members],
        })
    return stories


def story_totals(conn: sqlite3.Connection) -> dict:
    stories, copied = conn.execute(
        "SELECT count(*), sum(n > 1) FROM (SELECT count(*) AS n FROM articles "
        "WHERE story IS NOT NULL GROUP BY story)"
    ).fetchone()
    return {"stories": stories or 0, "with_copies": copied or 0}


def top_authors(conn: sqlite3.Connection, *, kind: str = "person", top: int = 20) -> list[dict]:
    rows = conn.execute(
        "SELECT au.name, count(*), count(DISTINCT a.site), min(a.published), max(a.published) "
        "FROM article_authors aa JOIN authors au ON au.id = aa.author_id "
        "JOIN articles a ON a.id = aa.article_id WHERE au.kind = ? "
        "GROUP BY au.id ORDER BY 2 DESC, 1 LIMIT ?", [kind, top]
    ).fetchall()
    return [{"name": n, "articles": c, "sites": s, "first": f, "last": la}
            for n, c, s, f, la in rows]


RUN_COLUMNS = ("id", "site", "started_at", "finished_at", "status", "requests", "articles_new",
               "articles_updated", "articles_unchanged", "articles_dropped", "errors", "message")


def crawl_runs(conn: sqlite3.Connection, *, last: int = 200) -> dict:
    """The last ``last`` runs (oldest first) and how all runs ended."""
    rows = conn.execute(
        f"SELECT {', '.join(RUN_COLUMNS)} FROM crawl_runs ORDER BY id DESC LIMIT ?", [last]
    ).fetchall()
    outcomes = dict(conn.execute(
        "SELECT status, count(*) FROM crawl_runs GROUP BY 1 ORDER BY 2 DESC, 1"
    ).fetchall())
    return {"runs": [dict(zip(RUN_COLUMNS, row, strict=True)) for row in reversed(rows)],
            "outcomes": outcomes}


def coverage_report(archive: Archive, *, sections: int = 30, authors: int = 20,
                    runs: int = 200, stories: int = 20) -> dict:
    """Everything ``newscrawler report`` draws, as plain data."""
    conn = archive.conn
    by_site = days_by_site(conn)
    end = last_day(conn)
    gaps = site_gaps(by_site, end)
    totals = conn.execute(
        f"SELECT count(*), sum(NOT ({_DATED})), count(DISTINCT site), "
        "min(first_seen), max(crawled_at) FROM articles"
    ).fetchone()
    first = conn.execute(f"SELECT min({_DAY}) FROM articles WHERE {_DATED}").fetchone()[0]
    report = {
        "articles": totals[0], "undated": totals[1] or 0, "sites": totals[2],
        "sections": conn.execute(
            "SELECT count(*) FROM (SELECT DISTINCT site, section FROM articles)").fetchone()[0],
        "first_day": first, "last_day": end, "first_seen": totals[3], "last_crawled": totals[4],
        "by_site": by_site, "by_section": days_by_section(conn, top=sections),
        "gaps": gaps,
        "authors": top_authors(conn, top=authors),
        "organizations": top_authors(conn, kind="organization", top=authors),
        "author_count": conn.execute(
            "SELECT count(*) FROM authors WHERE kind = 'person'").fetchone()[0],
        "runs": crawl_runs(conn, last=runs),
        "stories": None,
    }
    if has_stories(conn):
        report["stories"] = {**story_totals(conn), "top": top_stories(conn, top=stories)}
    return report
