"""Re-extraction: run the current extractor over the stored raw pages, without the network.

When the extractor improves, the archive catches up from the pages it already holds. Each
article is re-extracted from its latest stored page (the charset from the stored Content-Type,
relative dates read against the page's fetch time) and written through the same
``ArchiveWriter`` path as a crawl, so a changed article keeps its earlier version in
``revisions``. A dry run writes nothing and reports the field-level differences. A reparse
of the whole archive that changed an article recomputes every story (``stories.rebuild``): a
changed body can split one; a filtered one places its changed articles again, as a crawl does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from newscrawler.archive.db import Archive
from newscrawler.archive.filters import ArticleFilter, register_functions
from newscrawler.archive.rows import unpack_body
from newscrawler.archive.store import ArchiveWriter, article_row, finish_run, start_run
from newscrawler.extract import extract_raw, normalize_article
from newscrawler.items import Article

# The stored fields a re-extraction can change (bookkeeping columns left out).
COMPARED = ("site", "section", "title", "authors", "authors_raw", "published",
            "published_raw", "modified", "modified_raw", "body", "summary", "tags", "image",
            "language")


@dataclass
class ReparseReport:
    examined: int = 0  # articles with a stored page (older ones have none)
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    # (article url, {field: (stored, new)}) for every changed article
    differences: list[tuple[str, dict[str, tuple]]] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)


def page_charset(headers: dict) -> str | None:
    """The charset the stored Content-Type declares, if any."""
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


def _article_ids(archive: Archive, filters: ArticleFilter) -> list[int]:
    where, params = filters.sql()
    register_functions(archive.conn)
    return [r[0] for r in archive.conn.execute(
        f"SELECT a.id FROM articles a WHERE {where} ORDER BY a.id", params)]


def _latest_page(archive: Archive, article_id: int) -> tuple | None:
    """(key url, fetched url, section, headers, body, fetched_at) of the article's latest page."""
    return archive.conn.execute(
        """
        SELECT a.url, a.fetched_url, a.section, p.headers, p.body, p.fetched_at
        FROM articles a JOIN pages p ON p.url = a.fetched_url
        WHERE a.id = ? ORDER BY p.fetched_at DESC, p.id DESC LIMIT 1
        """,
        [article_id],
    ).fetchone()


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


def reextract(url: str, headers: dict, body: bytes, fetched_at: str, *, section: str | None,
              tz: str | None, site_name: str | None) -> Article:
    """The Article the current extractor makes of one stored page, as the crawl would."""
    article = extract_raw(body, url, encoding=page_charset(headers))
    article.url = url
    article.section = article.section or section
    article.crawled_at = fetched_at
    return normalize_article(article, tz=tz, site_name=site_name,
                             now=datetime.fromisoformat(fetched_at))


def reparse(archive: Archive, *, filters: ArticleFilter | None = None, dry_run: bool = False,
            tz: str | None = None, site_name: str | None = None) -> ReparseReport:
    """Re-extract the matching articles from their stored pages; write the changed ones unless
    ``dry_run``. A reparse that writes is recorded as a run with status ``reparse``."""
    report = ReparseReport()
    run_id = None if dry_run else start_run(archive, [], site="(reparse)")
    writer = ArchiveWriter(archive, run_id=run_id, batch_size=200)
    for article_id in _article_ids(archive, filters or ArticleFilter()):
        stored = _latest_page(archive, article_id)
        if stored is None:  # archived before pages were kept: nothing to re-extract from
            continue
        key, url, section, headers, body, fetched_at = stored
        report.examined += 1
        try:
            article = reextract(url, json.loads(headers or "{}"), unpack_body(body),
                                fetched_at, section=section, tz=tz, site_name=site_name)
        except Exception as e:  # one bad page is reported, never fatal
            report.failed += 1
            report.failures.append((url, f"{type(e).__name__}: {e}"))
            continue
        article.canonical_url = key  # the article keeps its identity: updated, never duplicated
        if not (article.title or "").strip() or not (article.body or "").strip():
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
