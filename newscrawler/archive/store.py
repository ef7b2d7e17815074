"""Batched, idempotent writes of articles into the archive.

Articles are buffered and written many to a transaction (one transaction per item costs more
than the whole extraction). A row is keyed by the article's URL, so a re-crawl updates in place
and never duplicates; an article whose content did not change is counted and left alone.
A batch is all or nothing: a crash loses at most the unflushed buffer, never half an article.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from newscrawler.archive.db import Archive, ArchiveError, describe_sqlite_error
from newscrawler.archive.fts import write_index
from newscrawler.archive.merge import remember_urls
from newscrawler.archive.rows import (
    PAGE_COMPRESSION,
    PreparedArticle,
    article_row,
    compress_body,
    content_hash,
    hints_from_json,
    hints_json,
    pack_page,
)
from newscrawler.archive.stories import place as place_in_story
from newscrawler.items import Article, FetchedPage
from newscrawler.normalize.urls import article_key

__all__ = [  # the row builders moved to ``rows``; importable from here as before
    "PAGE_COMPRESSION", "ArchiveWriter", "PreparedArticle", "article_row",
    "content_hash", "pack_page",
]

_COLUMNS = (
    "url", "key", "fetched_url", "site", "section", "title", "authors_raw", "published",
    "published_raw", "modified", "modified_raw", "body", "body_missing", "summary", "tags", "image",
    "language", "content_hash", "crawled_at", "run_id", "published_source", "published_precision",
)


@dataclass
class WriteCounts:
    """What the writes did: new rows, changed rows, rows seen again unchanged."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    pages: int = 0

    def add(self, other: WriteCounts) -> None:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.pages += other.pages


class ArchiveWriter:
    """Buffers articles and writes them in batches; ``flush()`` at the end, always."""

    _ID_CACHE_MAX = 100_000  # ids of tags and authors remembered (a few bytes each)

    def __init__(self, archive: Archive, *, run_id: int | None = None, batch_size: int = 50):
        self.archive = archive
        self.run_id = run_id
        self.batch_size = max(1, batch_size)
        self.buffer: list[Article] = []
        self.pages: list[FetchedPage] = []
        self.counts = WriteCounts()
        # Rows that never change or go once committed (tags, authors and sections are never
        # deleted): their ids are looked up once per writer, not once per article. Only what a
        # committed batch wrote or read is remembered, so a rolled-back batch leaves no stale id.
        self._tag_ids: dict[str, int] = {}
        self._author_ids: dict[tuple[str, str], int] = {}
        self._sections: set[tuple[str, str]] = set()

    def add(self, article: Article) -> WriteCounts | None:
        """Buffer one article; returns the counts of a flush if this one filled the batch."""
        self.buffer.append(article)
        if len(self.buffer) >= self.batch_size:
            return self.flush()
        return None

    def add_page(self, page: FetchedPage) -> None:
        """Buffer one raw response; it is written with the next batch of articles."""
        self.pages.append(page)

    def flush(self) -> WriteCounts:
        """Write the buffers in one transaction; on failure nothing of them is written."""
        batch, self.buffer = self.buffer, []
        pages, self.pages = self.pages, []
        return self.write(batch, pages)

    def write(self, batch: list[Article | PreparedArticle], pages: list[FetchedPage]) -> WriteCounts:
        """Write articles and raw pages in one transaction (the crawl calls this from its
        archive thread: hashing, compression and SQLite release the GIL). An article may come
        prepared and a page packed already (``page.packed``), by an extraction worker."""
        counts = WriteCounts()
        if not batch and not pages:
            return counts
        # Everything that needs no database is done before the transaction: no lock held.
        packed = [page.packed or pack_page(page) for page in pages]
        prepared = [a if isinstance(a, PreparedArticle) else PreparedArticle(a) for a in batch]
        for item in prepared:
            item.row["run_id"] = self.run_id
        batch_ids = _BatchIds()
        conn = self.archive.conn
        try:
            with conn:
                for page, (sha1, compressed) in zip(pages, packed, strict=True):
                    write_page(conn, page, self.run_id, sha1=sha1, compressed=compressed)
                    counts.pages += 1
                links: dict[int, PreparedArticle] = {}
                for item in prepared:
                    article_id = self._write(conn, item, counts)
                    if article_id is not None:
                        links[article_id] = item  # an article twice in a batch: its last links
                self._write_links(conn, links, batch_ids)
        except sqlite3.Error as e:
            raise ArchiveError(describe_sqlite_error(e, self.archive.path)) from e
        self._remember(batch_ids)
        self.counts.add(counts)
        return counts

    def _write(self, conn: sqlite3.Connection, item: PreparedArticle, counts: WriteCounts) -> int | None:
        """Write one article's row and index; return its id when its links must be (re)written."""
        row = item.row
        existing = self._existing(conn, item)
        if existing:
            self._move(conn, existing, row)
        if existing and existing[1] == row["content_hash"]:
            conn.execute(
                "UPDATE articles SET crawled_at = ?, run_id = ? WHERE id = ?",
                [row["crawled_at"], row["run_id"], existing[0]],
            )
            remember_urls(conn, existing[0], item.urls(), row["crawled_at"])
            counts.unchanged += 1
            return None
        if existing:
            article_id = existing[0]
            # A row stored before the hash covered summary, image, language and tags, with the
            # same text: brought up to date in place, not a new version of the article.
            same_text = existing[1] == item.first_hash
            if not same_text:
                keep_revision(conn, article_id)
            conn.execute(_UPDATE_ARTICLE, [row[c] for c in _COLUMNS] + [article_id])
            conn.execute("DELETE FROM article_authors WHERE article_id = ?", [article_id])
            conn.execute("DELETE FROM article_tags WHERE article_id = ?", [article_id])
            if same_text:
                counts.unchanged += 1
                return article_id  # its links are rewritten; title and body are indexed already
            counts.updated += 1
        else:
            values = [row[c] for c in _COLUMNS] + [row["crawled_at"]]
            article_id = conn.execute(_INSERT_ARTICLE, values).lastrowid
            counts.new += 1
        remember_urls(conn, article_id, item.urls(), row["crawled_at"])
        write_index(conn, article_id, item.index)
        place_in_story(conn, article_id, row["body"], item.signature, new=not existing,
                       published=row["published"])
        return article_id

    @staticmethod
    def _existing(conn: sqlite3.Connection, item: PreparedArticle) -> tuple | None:
        """The stored article this one is: the row with its key, else the row one of its other
        URLs (the page it was fetched from, the link that redirected to it) was seen under."""
        row = item.row
        found = conn.execute(
            "SELECT id, content_hash, url, key FROM articles WHERE key = ?", [row["key"]]
        ).fetchone()
        if found:
            return found
        keys = list({article_key(u) for u in item.urls()[1:]} - {row["key"]})
        if not keys:
            return None
        return conn.execute(
            f"SELECT a.id, a.content_hash, a.url, a.key FROM article_urls u "
            f"JOIN articles a ON a.id = u.article_id WHERE u.key IN ({', '.join('?' for _ in keys)}) "
            f"LIMIT 1", keys,
        ).fetchone()

    @staticmethod
    def _move(conn: sqlite3.Connection, existing: tuple, row: dict) -> None:
        """An article seen under another URL form keeps its row; it is shown under the newest
        URL (a canonical that changed, a site that moved to https), never moved back to http."""
        old_url, old_key = existing[2], existing[3]
        url = row["url"]
        if url.startswith("http://") and old_url.startswith("https://") and old_key == row["key"]:
            row["url"] = url = old_url
        if url != old_url or old_key != row["key"]:
            conn.execute("UPDATE articles SET url = ?, key = ? WHERE id = ?", [url, row["key"], existing[0]])

    def _write_links(self, conn: sqlite3.Connection, links: dict[int, PreparedArticle],
                     batch_ids: _BatchIds) -> None:
        """Authors, tags and sections of the batch's new and changed articles, many rows to a
        statement."""
        author_rows, tag_rows = [], []
        for article_id, item in links.items():
            for position, (kind, key, name, raw) in enumerate(item.authors):
                if key:
                    author_id = self._author_id(conn, kind, key, name, batch_ids)
                    author_rows.append((article_id, author_id, position, raw))
            tag_rows.extend((article_id, self._tag_id(conn, tag, batch_ids)) for tag in item.tags)
            section = item.section
            if section and section not in self._sections and section not in batch_ids.sections:
                conn.execute("INSERT OR IGNORE INTO sections (site, name) VALUES (?, ?)", section)
                batch_ids.sections.add(section)
        conn.executemany(
            "INSERT OR IGNORE INTO article_authors (article_id, author_id, position, raw) "
            "VALUES (?, ?, ?, ?)", author_rows)
        conn.executemany(
            "INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?, ?)", tag_rows)

    def _author_id(self, conn: sqlite3.Connection, kind: str, key: str, name: str,
                   batch_ids: _BatchIds) -> int:
        author_id = self._author_ids.get((kind, key)) or batch_ids.authors.get((kind, key))
        if author_id is None:
            conn.execute("INSERT OR IGNORE INTO authors (key, kind, name) VALUES (?, ?, ?)",
                         [key, kind, name])
            author_id = conn.execute(
                "SELECT id FROM authors WHERE kind = ? AND key = ?", [kind, key]
            ).fetchone()[0]
            batch_ids.authors[(kind, key)] = author_id
        return author_id

    def _tag_id(self, conn: sqlite3.Connection, tag: str, batch_ids: _BatchIds) -> int:
        tag_id = self._tag_ids.get(tag) or batch_ids.tags.get(tag)
        if tag_id is None:
            conn.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", [tag])
            tag_id = conn.execute("SELECT id FROM tags WHERE name = ?", [tag]).fetchone()[0]
            batch_ids.tags[tag] = tag_id
        return tag_id

    def _remember(self, batch_ids: _BatchIds) -> None:
        """Keep the ids a committed batch used (bounded: forgotten all at once when full)."""
        for cache, new in ((self._tag_ids, batch_ids.tags), (self._author_ids, batch_ids.authors)):
            if len(cache) + len(new) > self._ID_CACHE_MAX:
                cache.clear()
            cache.update(new)
        if len(self._sections) + len(batch_ids.sections) > self._ID_CACHE_MAX:
            self._sections.clear()
        self._sections.update(batch_ids.sections)


# Prepared SQL rather than sqlite-utils' table.upsert: 0.022 against 0.20 ms CPU a row, 9x
# (benchmarks/library_bypass.py). sqlite-utils only wraps the connection (db.py).
_INSERT_ARTICLE = (
    f"INSERT INTO articles ({', '.join((*_COLUMNS, 'first_seen'))}) "
    f"VALUES ({', '.join('?' for _ in range(len(_COLUMNS) + 1))})"
)
_UPDATE_ARTICLE = f"UPDATE articles SET {', '.join(f'{c} = ?' for c in _COLUMNS)} WHERE id = ?"

@dataclass
class _BatchIds:
    """Ids looked up or created by the batch being written (remembered once it commits)."""

    tags: dict[str, int] = field(default_factory=dict)
    authors: dict[tuple[str, str], int] = field(default_factory=dict)
    sections: set[tuple[str, str]] = field(default_factory=set)


def keep_revision(conn: sqlite3.Connection, article_id: int) -> None:
    """Copy the current version of an article into ``revisions`` before it is replaced."""
    conn.execute(
        "INSERT INTO revisions (article_id, title, body, authors_raw, published, modified, "
        "section, content_hash, crawled_at, replaced_at) "
        "SELECT id, title, body, authors_raw, published, modified, section, content_hash, "
        "crawled_at, ? FROM articles WHERE id = ?",
        [datetime.now(UTC).isoformat(timespec="seconds"), article_id],
    )


def write_page(conn: sqlite3.Connection, page: FetchedPage, run_id: int | None, *,
               sha1: str | None = None, compressed: bytes | None = None) -> None:  # fmt: skip
    """Store one raw response, compressed, with the hints it was read with; an identical body
    already stored only gets a new ``fetched_at`` (and the latest hints)."""
    sha1 = sha1 or hashlib.sha1(page.body).hexdigest()
    headers = json.dumps(page.headers)
    hints = hints_json(page.hints)
    moved = conn.execute(
        "UPDATE pages SET fetched_at = ?, run_id = ?, status = ?, headers = ?, "
        "hints = coalesce(?, hints) WHERE url = ? AND sha1 = ?",
        [page.fetched_at, run_id, page.status, headers, hints, page.url, sha1],
    ).rowcount
    if moved:
        return
    conn.execute(
        "INSERT INTO pages (url, final_url, status, headers, body, body_size, sha1, fetched_at, "
        "first_fetched_at, run_id, hints) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [page.url, page.final_url, page.status, headers,
         compressed if compressed is not None else compress_body(page.body),
         len(page.body), sha1, page.fetched_at, page.fetched_at,
         run_id, hints],
    )


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


def checkpoint_run(archive: Archive, run_id: int, stats: dict) -> None:
    """Keep part of a running run's stats (a backfill's progress) in its row as it goes, so
    that a run killed outright (SIGKILL, power loss) still tells the next one where it got."""
    with archive.conn:
        archive.conn.execute(
            "UPDATE crawl_runs SET stats = ? WHERE id = ? AND status = 'running'",
            [json.dumps(stats, ensure_ascii=False, default=str, sort_keys=True), run_id],
        )


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
            "SELECT status FROM crawl_runs WHERE site IS ? AND status != 'running' "
            "AND status != 'reparse' ORDER BY id DESC LIMIT 1",
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
            "SELECT stats FROM crawl_runs WHERE site IS ? AND status != 'running' "
            "AND status != 'reparse' ORDER BY id DESC LIMIT 1",
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
