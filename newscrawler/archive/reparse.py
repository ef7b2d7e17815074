"""Re-extraction: run the current extractor over the stored raw pages, without the network.

When the extractor improves, the archive catches up from the pages it already holds. Each
article's latest stored page is rebuilt as the ``FetchedPage`` the crawl had (headers, body,
fetch time, the listing's hints) and handed, with what its run read it with (site, time zone,
site name), to ``read``: the caller's reader, which is the crawl's own
(``extract.fetched.read_fetched_page`` with the site profile's selectors; the CLI builds it,
as the archive knows nothing of extraction or profiles). A changed article is written through
the same ``ArchiveWriter`` path as a crawl, so it keeps its earlier version in ``revisions``.
A dry run writes nothing and reports the field-level differences.
A reparse of the whole archive that changed an article recomputes every story
(``stories.rebuild``): a changed body can split one; a filtered one places its changed articles
again, as a crawl does.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from newscrawler.archive.db import Archive
from newscrawler.archive.filters import ArticleFilter, register_functions
from newscrawler.archive.rows import hints_from_json, unpack_body
from newscrawler.archive.store import ArchiveWriter, article_row, finish_run, start_run
from newscrawler.items import Article, ArticleHints, FetchedPage

# The stored fields a re-extraction can change (bookkeeping columns left out).
COMPARED = ("site", "section", "title", "authors", "authors_raw", "published",
            "published_raw", "modified", "modified_raw", "body", "summary", "tags", "image",
            "language", "published_source", "published_precision", "body_missing")


@dataclass
class ReparseReport:
    examined: int = 0  # articles with a stored page (older ones have none)
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    # (article url, {field: (stored, new)}) for every changed article
    differences: list[tuple[str, dict[str, tuple]]] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class StoredRun:
    """What the run that stored a page read it with: its site (profile name or host), time
    zone and printed site name (None when the run predates their recording)."""

    site: str | None = None
    timezone: str | None = None
    site_name: str | None = None


class UnreadablePage(Exception):
    """What a reader raises for a page it cannot read; its message says why."""


# Reads one stored page as the crawl would: the Article, or raises saying why it cannot.
PageReader = Callable[[FetchedPage, StoredRun], Article]


def _article_ids(archive: Archive, filters: ArticleFilter) -> list[int]:
    where, params = filters.sql()
    register_functions(archive.conn)
    return [r[0] for r in archive.conn.execute(
        f"SELECT a.id FROM articles a WHERE {where} ORDER BY a.id", params)]


def _latest_page(archive: Archive, article_id: int) -> tuple[str, FetchedPage, StoredRun] | None:
    """The article's key URL, its latest stored page and what that page's run read it with."""
    row = archive.conn.execute(
        """
        SELECT a.url, a.section, a.published_raw, p.url, p.final_url, p.status, p.headers,
               p.body, p.fetched_at, p.hints, r.site, r.timezone, r.site_name
        FROM articles a JOIN pages p ON p.url = a.fetched_url
        LEFT JOIN crawl_runs r ON r.id = p.run_id
        WHERE a.id = ? ORDER BY p.fetched_at DESC, p.id DESC LIMIT 1
        """,
        [article_id],
    ).fetchone()
    if row is None:
        return None
    (key, section, published_raw, url, final_url, status, headers, body, fetched_at, hints,
     site, timezone, site_name) = row
    page = FetchedPage(url=url, final_url=final_url, status=status,
                       headers=json.loads(headers or "{}"), body=unpack_body(body),
                       fetched_at=fetched_at, hints=hints_from_json(hints))
    if page.hints is None:  # stored before hints were: what the article kept stands in
        page.hints = ArticleHints(section=section, published=published_raw)
    return key, page, StoredRun(site, timezone, site_name)


def _stored_state(archive: Archive, article_id: int) -> dict:
    row = archive.conn.execute(
        f"SELECT {', '.join(c for c in COMPARED if c != 'authors')} FROM articles WHERE id = ?",
        [article_id],
    ).fetchone()
    state = dict(zip([c for c in COMPARED if c != "authors"], row, strict=True))
    state["authors"] = [
        name for (name,) in archive.conn.execute(
            "SELECT au.name FROM article_authors aa JOIN authors au ON au.id = aa.author_id "
            "WHERE aa.article_id = ? ORDER BY aa.position", [article_id])
    ]
    for key in ("authors_raw", "tags"):
        state[key] = json.loads(state[key] or "[]")
    return state


def _new_state(article: Article) -> dict:
    row = article_row(article, None)
    state = {c: row[c] for c in COMPARED if c not in ("authors",)}
    state["authors"] = [a.name for a in article.authors]
    for key in ("authors_raw", "tags"):
        state[key] = json.loads(state[key] or "[]")
    return state


def reparse(archive: Archive, read: PageReader, *, filters: ArticleFilter | None = None,
            dry_run: bool = False) -> ReparseReport:
    """Re-extract the matching articles from their stored pages with ``read``; write the
    changed ones unless ``dry_run``. A reparse that writes is recorded as a run with status
    ``reparse``."""
    report = ReparseReport()
    run_id = None if dry_run else start_run(archive, [], site="(reparse)")
    writer = ArchiveWriter(archive, run_id=run_id, batch_size=200)
    for article_id in _article_ids(archive, filters or ArticleFilter()):
        stored = _latest_page(archive, article_id)
        if stored is None:  # archived before pages were kept: nothing to re-extract from
            continue
        key, page, run = stored
        url = page.url
        report.examined += 1
        try:
            article = read(page, run)
        except Exception as e:  # one bad page is reported, never fatal
            report.failed += 1
            why = str(e) if isinstance(e, UnreadablePage) else f"{type(e).__name__}: {e}"
            report.failures.append((url, why))
            continue
        article.canonical_url = key  # the article keeps its identity: updated, never duplicated
        if not (article.title or "").strip() or not ((article.body or "").strip()
                                                     or article.body_missing):
            report.failed += 1
            report.failures.append((url, "the extractor now finds no title or no body"))
            continue
        before, after = _stored_state(archive, article_id), _new_state(article)
        diff = {k: (before[k], after[k]) for k in COMPARED if before[k] != after[k]}
        if not diff:
            report.unchanged += 1
            continue
        report.changed += 1
        report.differences.append((url, diff))
        if not dry_run:
            writer.add(article)
    if not dry_run:
        writer.flush()
        if report.changed and not filters:  # a changed body may have split a story: all
            # recomputed (a filtered reparse re-placed its changed articles only, as a crawl)
            from newscrawler.archive.stories import rebuild_archive

            rebuild_archive(archive)
        finish_run(archive, run_id, status="reparse",
                   fields={"articles_updated": writer.counts.updated,
                           "articles_unchanged": report.unchanged, "errors": report.failed,
                           "message": f"re-extracted {report.examined} stored pages: "
                                      f"{report.changed} changed, {report.failed} failed"},
                   stats={"examined": report.examined, "changed": report.changed,
                          "failed": report.failed})
    return report
