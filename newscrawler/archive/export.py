"""Export the archive as JSON Lines, streamed row by row in constant memory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO

from newscrawler.archive.db import Archive

_FIELDS = ("url", "fetched_url", "site", "section", "title", "published", "published_raw",
           "modified", "modified_raw", "body", "summary", "image", "language", "first_seen",
           "crawled_at")


def iter_articles(archive: Archive) -> Iterator[dict]:
    """Every article as a dict with its authors, in archive order."""
    conn = archive.conn
    columns = ", ".join(f"a.{f}" for f in _FIELDS)
    cursor = conn.execute(f"SELECT a.id, {columns}, a.tags, a.authors_raw FROM articles a ORDER BY a.id")
    for row in cursor:
        record = dict(zip(_FIELDS, row[1 : len(_FIELDS) + 1], strict=True))
        record["tags"] = json.loads(row[-2] or "[]")
        record["authors_raw"] = json.loads(row[-1] or "[]")
        record["authors"] = [
            {"name": name, "kind": kind}
            for name, kind in conn.execute(
                "SELECT au.name, au.kind FROM article_authors aa JOIN authors au "
                "ON au.id = aa.author_id WHERE aa.article_id = ? ORDER BY aa.position",
                [row[0]],
            )
        ]
        yield record


def export_jsonl(archive: Archive, out: IO[str]) -> int:
    """Write one JSON object per line (UTF-8, Arabic unescaped); return the count."""
    count = 0
    for record in iter_articles(archive):
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")
        count += 1
    return count
