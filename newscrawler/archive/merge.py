"""Rows that one article identity makes duplicates, merged into one (``article_key``).

Archives written before articles had a key (``articles.key``) hold one article twice when it was
seen under two URL forms: http and https, with and without ``www.``, another port, raw Arabic
and percent-encoded, its AMP variant. Merging keeps the newest row, every other version as a
revision, every revision, and every URL in ``article_urls``.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from newscrawler.normalize.urls import article_key

_REVISION_COLUMNS = "title, body, authors_raw, published, modified, section, content_hash, crawled_at"


def fill_keys(conn: sqlite3.Connection, chunk: int = 10_000) -> None:
    """Compute ``articles.key`` for the rows that lack it and record their URLs in
    ``article_urls``, a chunk of rows at a time (a million-row archive is not held in memory)."""
    last = 0
    while True:
        rows = conn.execute(
            "SELECT id, url, fetched_url, first_seen FROM articles WHERE id > ? AND key IS NULL "
            "ORDER BY id LIMIT ?", [last, chunk]
        ).fetchall()
        if not rows:
            return
        conn.executemany("UPDATE articles SET key = ? WHERE id = ?",
                         [(article_key(url), article_id) for article_id, url, _, _ in rows])
        for article_id, url, fetched_url, first_seen in rows:
            remember_urls(conn, article_id, [url, fetched_url], first_seen)
        last = rows[-1][0]


def merge_duplicates(conn: sqlite3.Connection) -> int:
    """Merge the rows that share a key; return how many rows were merged away."""
    groups = conn.execute(
        "SELECT key, json_group_array(id) FROM articles WHERE key IS NOT NULL "
        "GROUP BY key HAVING count(*) > 1"
    ).fetchall()
    merged = 0
    for _key, ids in groups:
        merged += _merge_group(conn, [int(i) for i in ids.strip("[]").split(",")])
    return merged


def _merge_group(conn: sqlite3.Connection, ids: list[int]) -> int:
    marks = ", ".join("?" for _ in ids)
    rows = conn.execute(
        f"SELECT id, url, fetched_url, content_hash, crawled_at, first_seen FROM articles "
        f"WHERE id IN ({marks}) ORDER BY coalesce(crawled_at, ''), id", ids
    ).fetchall()
    keeper_id, keeper_url, _, keeper_hash, keeper_crawled, _ = rows[-1]
    now = datetime.now(UTC).isoformat(timespec="seconds")
    hashes = {keeper_hash}
    for old_id, _url, _fetched, old_hash, _crawled, _first in rows[:-1]:
        if old_hash not in hashes:  # another version of the article: kept as a revision
            hashes.add(old_hash)
            conn.execute(
                f"INSERT INTO revisions (article_id, {_REVISION_COLUMNS}, replaced_at) "
                f"SELECT ?, {_REVISION_COLUMNS}, ? FROM articles WHERE id = ?",
                [keeper_id, keeper_crawled or now, old_id],
            )
        conn.execute("UPDATE revisions SET article_id = ? WHERE article_id = ?", [keeper_id, old_id])
        conn.execute("UPDATE article_urls SET article_id = ? WHERE article_id = ?", [keeper_id, old_id])
        conn.execute("DELETE FROM articles_fts WHERE rowid = ?", [old_id])
        conn.execute("DELETE FROM article_authors WHERE article_id = ?", [old_id])
        conn.execute("DELETE FROM article_tags WHERE article_id = ?", [old_id])
        conn.execute("DELETE FROM articles WHERE id = ?", [old_id])
    first_seen = min((r[5] for r in rows if r[5]), default=None)
    # Shown under https when one of its forms was (a site that moved keeps its new address).
    https = [r[1] for r in reversed(rows) if r[1].startswith("https://")]
    url = keeper_url if keeper_url.startswith("https://") or not https else https[0]
    conn.execute("UPDATE articles SET first_seen = coalesce(?, first_seen), url = ? WHERE id = ?",
                 [first_seen, url, keeper_id])
    urls = [u for r in rows for u in (r[1], r[2]) if u]
    remember_urls(conn, keeper_id, urls, first_seen or now)
    return len(rows) - 1


def remember_urls(conn: sqlite3.Connection, article_id: int, urls: list[str], seen: str) -> None:
    """Record the URLs an article was seen under, with their keys (a URL already recorded
    stays with its article)."""
    conn.executemany(
        "INSERT OR IGNORE INTO article_urls (url, key, article_id, first_seen) VALUES (?, ?, ?, ?)",
        [(u, article_key(u), article_id, seen) for u in dict.fromkeys(urls) if u],
    )
