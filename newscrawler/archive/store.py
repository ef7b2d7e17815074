"""Batched, idempotent writes of articles into the archive.

Articles are buffered and written many to a transaction (one transaction per item costs more
than the whole extraction). A row is keyed by the article's URL, so a re-crawl updates in place
and never duplicates; an article whose content did not change is counted and left alone.
A batch is all or nothing: a crash loses at most the unflushed buffer, never half an article.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime

from newscrawler.archive.db import Archive, ArchiveError, describe_sqlite_error
from newscrawler.archive.fts import write_index
from newscrawler.archive.index import ArchiveIndex
from newscrawler.archive.merge import remember_urls
from newscrawler.archive.rows import (
    PAGE_COMPRESSION,
    PreparedArticle,
    article_row,
    compress_body,
    content_hash,
    hints_json,
    pack_page,
)
from newscrawler.archive.runs import (
    checkpoint_run,
    finish_run,
    mark_run_failed,
    record_skipped_run,
    start_run,
)
from newscrawler.archive.stories import place as place_in_story
from newscrawler.items import Article, FetchedPage
from newscrawler.normalize.urls import article_key

__all__ = [  # row builders, runs and the index have modules of their own; importable here
    "PAGE_COMPRESSION", "ArchiveIndex", "ArchiveWriter", "PreparedArticle", "article_row",
    "checkpoint_run", "content_hash", "finish_run", "mark_run_failed", "pack_page",
    "record_skipped_run", "start_run",
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
