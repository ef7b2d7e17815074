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


def busiest_sections(conn: sqlite3.Connection, top: int) -> list[tuple[str, str]]:
    """The ``top`` (site, section) pairs with the most articles (read from their index)."""
    return [(site, section) for site, section, _ in conn.execute(
        "SELECT coalesce(site, '?'), coalesce(section, '(none)'), count(*) FROM articles "
        "GROUP BY site, section ORDER BY 3 DESC, 1, 2 LIMIT ?", [top]
    )]


def days_by(conn: sqlite3.Connection, sections: list[tuple[str, str]] = ()) -> tuple[dict, dict]:
    """Dated articles per day for each site and for each of ``sections`` (keyed ``site /
    section``), the busiest first, in one pass over the table: counting the rows here is faster
    than SQLite's GROUP BY on a computed day, and holds one counter per site and day."""
    wanted = set(sections)
    per_site: Counter = Counter()
    per_section: Counter = Counter()
    for site, section, day in conn.execute(
        f"SELECT coalesce(site, '?'), coalesce(section, '(none)'), {_DAY} FROM articles "
        "WHERE published IS NOT NULL"
    ):
        if day[4:5] != "-" or day[7:8] != "-" or len(day) != 10:
            continue  # not an ISO date: nothing this archive wrote, but charts must not fail
        per_site[site, day] += 1
        if (site, section) in wanted:
            per_section[f"{site} / {section}", day] += 1
    return _nest(per_site), _nest(per_section)


def day_counts(by_site: dict[str, dict[str, int]]) -> dict[str, int]:
    """Articles per day over all sites, in order of days."""
    total: Counter = Counter()
    for days in by_site.values():
        total.update(days)
    return dict(sorted(total.items()))


def _nest(counts: Counter) -> dict[str, dict[str, int]]:
    nested: dict[str, dict[str, int]] = {}
    for (key, day), n in counts.items():
        nested.setdefault(key, {})[day] = n
    ranked = sorted(nested.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    return {key: dict(sorted(days.items())) for key, days in ranked}


def last_day(conn: sqlite3.Connection) -> str | None:
    """The archive's last publication day, not after tomorrow (UTC): a date in the future is a
    misread date, not coverage. An indexed lookup."""
    return conn.execute(
        "SELECT substr(max(published), 1, 10) FROM articles "
        "WHERE published IS NOT NULL AND published < date('now', '+2 days')"
    ).fetchone()[0]


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
    """The authors (or organizations) with the most articles: their sites and first and last
    dates are looked up for those ``top`` only."""
    rows = conn.execute(
        "SELECT au.id, au.name, x.n FROM (SELECT author_id, count(*) AS n FROM article_authors "
        "GROUP BY author_id) x JOIN authors au ON au.id = x.author_id WHERE au.kind = ? "
        "ORDER BY x.n DESC, au.name LIMIT ?", [kind, top]
    ).fetchall()
    authors = []
    for author, name, n in rows:
        sites, first, last = conn.execute(
            "SELECT count(DISTINCT site), min(published), max(published) FROM articles "
            "WHERE id IN (SELECT article_id FROM article_authors WHERE author_id = ?)", [author]
        ).fetchone()
        authors.append({"name": name, "articles": n, "sites": sites, "first": first, "last": last})
    return authors


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
    by_site, by_section = days_by(conn, busiest_sections(conn, sections))
    end = last_day(conn)
    gaps = site_gaps(by_site, end)
    articles, undated = conn.execute(
        "SELECT count(*), (SELECT count(*) FROM articles WHERE published IS NULL) FROM articles"
    ).fetchone()
    crawled = conn.execute("SELECT min(started_at), max(coalesce(finished_at, started_at)) "
                           "FROM crawl_runs WHERE status != 'reparse'").fetchone()
    if crawled[0] is None:  # written without crawl runs (from Python): ask the articles
        crawled = conn.execute("SELECT min(first_seen), max(crawled_at) FROM articles").fetchone()
    first = min((min(days) for days in by_site.values()), default=None)
    report = {
        "articles": articles, "undated": undated,
        "sites": conn.execute("SELECT count(DISTINCT site) FROM articles").fetchone()[0],
        "sections": conn.execute(
            "SELECT count(*) FROM (SELECT DISTINCT site, section FROM articles)").fetchone()[0],
        "first_day": first, "last_day": end, "first_seen": crawled[0], "last_crawled": crawled[1],
        "by_site": by_site, "by_section": by_section,
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
