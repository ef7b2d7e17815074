"""Archives for tests: articles built through the real API, rows read back with plain SQL."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

from newscrawler.archive import open_archive
from newscrawler.archive.store import ArchiveWriter, finish_run, start_run
from newscrawler.items import Article, Author

FRIDAY = 4


def make_article(n: int, **changes) -> Article:
    """Article number ``n``: a plausible Arabic news item on 127.0.0.1, any field changed."""
    fields = dict(
        url=f"http://127.0.0.1:9/archives/{n}",
        site="127.0.0.1",
        section="مجتمع",
        title=f"افتتاح مركز جديد لمحاربة الأمية رقم {n}",
        body=f"أعلنت السلطات المحلية عن افتتاح مركز جديد.\n\nوقال المسؤول إن المركز {n} سيستقبل المتعلمين.",
        published="2022-08-17T10:30:00+01:00",
        authors=[Author(name="مصطفى قسيوي", raw="بقلم: مصطفى قسيوي")],
    )
    fields.update(changes)
    return Article(**fields)


def rows(db: Path, sql: str, params=()) -> list[tuple]:
    """The rows of one query, on a connection of its own (closed before returning)."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def last_run_stats(db: Path) -> dict:
    """Scrapy's stats of the last crawl run, as the archive recorded them."""
    (value,), = rows(db, "SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1")
    return json.loads(value or "{}")


def stored(db) -> dict[str, dict]:
    """url -> the stored article (title, published, tags, body, authors in order, section)."""
    result = {}
    for url, title, published, tags, body, article_id, section in rows(
        db, "SELECT url, title, published, tags, body, id, section FROM articles"
    ):
        authors = [r[0] for r in rows(db, "SELECT au.name FROM article_authors aa JOIN authors au "
                                          "ON au.id = aa.author_id WHERE aa.article_id = ? "
                                          "ORDER BY aa.position", (article_id,))]
        result[url] = {"title": title, "published": published, "tags": json.loads(tags),
                       "body": body, "authors": authors, "section": section}
    return result


def every_day(first: str, last: str, skip=lambda day: False) -> dict[str, int]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    days = {}
    for i in range((end - start).days + 1):
        day = start + timedelta(days=i)
        if not skip(day):
            days[day.isoformat()] = 1 + i % 3
    return days


# --- gap detection -------------------------------------------------------------------------


def build_archive(path, *, stories: bool = True) -> None:
    """Two sites: daily.ma publishes every day but Fridays and is missing 2024-02-12 … 02-20;
    weekly.ma publishes on Mondays. Three runs (finished, failed, interrupted). With
    ``stories``, stories of copies set by hand (the archive's own are replaced)."""
    n = 0
    with open_archive(path) as archive:
        run = start_run(archive, ["http://daily.ma/"], site="daily.ma")
        writer = ArchiveWriter(archive, run_id=run)
        hole = lambda d: d.weekday() == FRIDAY or date(2024, 2, 12) <= d <= date(2024, 2, 20)  # noqa: E731
        for day in every_day("2024-01-01", "2024-03-31", hole):
            n += 1
            writer.add(make_article(
                n, url=f"http://daily.ma/{n}", site="daily.ma",
                section=("سياسة", "رياضة", "اقتصاد")[n % 3], published=f"{day}T09:00:00+01:00",
                authors=[Author(name=("سناء بنعلي", "يوسف العلمي")[n % 2], raw="")],
            ))
        for day in every_day("2024-01-01", "2024-03-31", lambda d: d.weekday() != 0):
            n += 1
            writer.add(make_article(n, url=f"http://weekly.ma/{n}", site="weekly.ma",
                                    section="مجتمع", published=f"{day}T18:00:00+00:00"))
        writer.add(make_article(n + 1, url="http://weekly.ma/undated", site="weekly.ma",
                                published=None))
        writer.flush()
        finish_run(archive, run, status="finished", fields={"articles_new": n}, stats={})
        for status in ("failed", "interrupted"):
            other = start_run(archive, ["http://weekly.ma/"], site="weekly.ma")
            finish_run(archive, other, status=status, fields={"errors": 2}, stats={})
    if stories:
        conn = sqlite3.connect(path)
        # The stories are set by hand, as the test's truth, over what the archive found.
        conn.executescript("DELETE FROM stories; UPDATE articles SET story = id;")
        # weekly.ma republishes daily.ma's article of the same Monday: one story of two sites
        pairs = conn.execute(
            "SELECT d.id, w.id FROM articles d JOIN articles w ON substr(d.published, 1, 10) = "
            "substr(w.published, 1, 10) WHERE d.site = 'daily.ma' AND w.site = 'weekly.ma'"
        ).fetchall()
        for original, copy in pairs:
            conn.execute("UPDATE articles SET story = ? WHERE id = ?", [original, copy])
        conn.execute("UPDATE articles SET story = 3 WHERE url = 'http://weekly.ma/undated'")
        conn.execute(
            "INSERT INTO stories (id, original, copies, sites, first_published) SELECT story, "
            "min(id), count(*), count(DISTINCT site), min(published) FROM articles GROUP BY story"
        )
        conn.commit()
        conn.close()


def assert_reparse_changes_nothing(db) -> None:
    """Right after a crawl, a re-extraction of the stored pages, offline, changes nothing."""
    from tests.helpers.cli import newscrawler

    result = newscrawler("reparse", "--dry-run", "--json", "--db", str(db))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["examined"] == rows(db, "SELECT count(*) FROM articles")[0][0] > 0
    assert (report["changed"], report["failed"]) == (0, 0), {k: v for k, v in report.items() if k != "differences"} | {"differences": report["differences"][:3]}
