"""Export the archive as JSON Lines, streamed row by row in constant memory.

One SQL cursor walks the articles (authors gathered by a subquery, not one query per row), so
memory does not grow with the archive. Lines are UTF-8 with Arabic unescaped; dates are the
stored ISO 8601 strings with their offsets.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import IO

from newscrawler.archive.db import Archive
from newscrawler.archive.filters import ArticleFilter, register_functions

# Field -> SQL over ``articles AS a``; JSON-valued fields are decoded before writing.
_SQL = {
    "id": "a.id",
    "url": "a.url",
    "fetched_url": "a.fetched_url",
    "site": "a.site",
    "section": "a.section",
    "title": "a.title",
    "authors": (
        "(SELECT json_group_array(json_object('name', name, 'kind', kind)) FROM ("
        "SELECT au.name, au.kind FROM article_authors aa JOIN authors au ON au.id = aa.author_id "
        "WHERE aa.article_id = a.id ORDER BY aa.position))"
    ),
    "authors_raw": "a.authors_raw",
    "published": "a.published",
    "published_raw": "a.published_raw",
    "modified": "a.modified",
    "modified_raw": "a.modified_raw",
    "body": "a.body",
    "summary": "a.summary",
    "tags": "a.tags",
    "image": "a.image",
    "language": "a.language",
    "first_seen": "a.first_seen",
    "crawled_at": "a.crawled_at",
}
_JSON_FIELDS = frozenset({"authors", "authors_raw", "tags"})
FIELDS: tuple[str, ...] = tuple(f for f in _SQL if f != "id")

GZIP_LEVEL = 1
"""gzip level of a ``.jsonl.gz`` export: Arabic JSON Lines compress about as well at 1 as at 6
(the text is what it is; level 6 mostly searches longer for matches) at several times the speed."""


class ExportError(ValueError):
    """An export that cannot be made as asked, with a message for the user."""


def parse_fields(text: str | None) -> tuple[str, ...]:
    """``"title,url"`` -> ``("title", "url")``, every name checked; all fields when empty."""
    if not text or not text.strip():
        return FIELDS
    names = tuple(dict.fromkeys(n.strip() for n in text.split(",") if n.strip()))
    unknown = [n for n in names if n not in _SQL]
    if unknown:
        raise ExportError(
            f"unknown field{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
            f"choose from: {', '.join(_SQL)}"
        )
    return names


def iter_articles(archive: Archive, *, fields: Sequence[str] = FIELDS,
                  filters: ArticleFilter | None = None) -> Iterator[dict]:
    """Every matching article as a dict of ``fields``, in archive order."""
    where, params = (filters or ArticleFilter()).sql()
    columns = ", ".join(_SQL[f] for f in fields)
    conn = archive.conn
    register_functions(conn)
    cursor = conn.execute(f"SELECT {columns} FROM articles a WHERE {where} ORDER BY a.id", params)
    decode = [(i, f in _JSON_FIELDS) for i, f in enumerate(fields)]
    for row in cursor:
        yield {
            fields[i]: (json.loads(row[i]) if row[i] else []) if is_json else row[i]
            for i, is_json in decode
        }


def _json_sql(field: str) -> str:
    if field in _JSON_FIELDS:
        sql = _SQL[field]
        return f"CASE WHEN json_valid({sql}) THEN json({sql}) ELSE json_array() END"
    return _SQL[field]


def iter_lines(archive: Archive, *, fields: Sequence[str] = FIELDS,
               filters: ArticleFilter | None = None) -> Iterator[str]:
    """Every matching article as one line of JSON, built by SQLite's ``json_object`` (UTF-8
    kept as is): no Python decode/encode per row, so export runs at the speed of a scan."""
    where, params = (filters or ArticleFilter()).sql()
    pairs = ", ".join(f"'{f}', {_json_sql(f)}" for f in fields)
    conn = archive.conn
    register_functions(conn)
    cursor = conn.execute(f"SELECT json_object({pairs}) FROM articles a WHERE {where} ORDER BY a.id",
                          params)
    for (line,) in cursor:
        yield line


def export_jsonl(archive: Archive, out: IO[str], *, fields: Sequence[str] = FIELDS,
                 filters: ArticleFilter | None = None) -> int:
    """Write one JSON object per line (UTF-8, Arabic unescaped); return the count."""
    count = 0
    write = out.write
    for line in iter_lines(archive, fields=fields, filters=filters):
        write(line)
        write("\n")
        count += 1
    return count
