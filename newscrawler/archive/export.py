"""Export the archive as JSON Lines, streamed in constant memory.

One SQL cursor walks the articles (authors gathered by a subquery, not one query per row), so
memory does not grow with the archive. Lines are UTF-8 with Arabic unescaped; dates are the
stored ISO 8601 strings with their offsets.

Lines are built as UTF-8 bytes and never become Python strings: SQLite's ``json_object``
writes the short fields, and the body (most of every line) is read as bytes and escaped here
with three ``bytes.replace`` — SQLite 3.40 escapes JSON a character at a time, and decoding
and re-encoding 7 KB of Arabic per article cost as much again. Lines are written 1,000 at a
time. About twice the rate of whole lines from ``json_object`` as ``str``. (orjson does not help
here: it needs ``str``, and decoding 7 KB of Arabic UTF-8 costs 16 µs, escaping the bytes 10.)
A reader thread (SQLite steps without the GIL) was tried and left out: the thread needs the GIL
back after every row, and the lines are built in Python, so the two took turns instead of
overlapping (same rate warm, half the rate on an archive not in the page cache). Worker
processes do overlap: ``export_parallel``.
"""

from __future__ import annotations

import codecs
import gzip
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO

from newscrawler.archive.db import Archive
from newscrawler.archive.filters import ArticleFilter, register_functions


@dataclass(frozen=True)
class Field:
    """One exported field: how it is read, what type it is in every format, what it holds."""

    sql: str  # over ``articles AS a``
    kind: str  # text, integer, boolean, time (ISO 8601, its own offset), utc (ours, in UTC), strings, authors
    about: str  # one line for the dataset card


_AUTHORS_SQL = (
    "(SELECT json_group_array(json_object('name', name, 'kind', kind)) FROM ("
    "SELECT au.name, au.kind FROM article_authors aa JOIN authors au ON au.id = aa.author_id "
    "WHERE aa.article_id = a.id ORDER BY aa.position))"
)
# Every field an export can write, in the default order: a new field is one line here. Its kind
# decides its type in each format (``export_parquet``, ``export_formats`` for CSV, ``dataset_card``).
FIELD_TABLE: dict[str, Field] = {
    "id": Field("a.id", "integer", "Row id in the archive (not stable across archives)."),
    "url": Field("a.url", "text", "URL the article is stored under: its canonical URL when that is a real one, else fetched_url."),
    "fetched_url": Field("a.fetched_url", "text", "URL the page was fetched from."),
    "site": Field("a.site", "text", "Host name of the site."),
    "section": Field("a.section", "text", "Section (category) of the site."),
    "title": Field("a.title", "text", "Headline."),
    "authors": Field(_AUTHORS_SQL, "authors", "Authors in byline order: name, kind (person or organization)."),
    "authors_raw": Field("a.authors_raw", "strings", "Bylines as the page printed them."),
    "published": Field("a.published", "time", "When the article was published, as the page dates it."),
    "published_raw": Field("a.published_raw", "text", "Publication date as the page printed it."),
    "published_source": Field("a.published_source", "text", "Where the published date was found: json-ld, meta, time, url, text, script, selector or listing."),
    "published_precision": Field("a.published_precision", "text", "How much of the moment the page stated: minute, hour, day, month or year."),
    "modified": Field("a.modified", "time", "When the article was last updated, as the page dates it."),
    "modified_raw": Field("a.modified_raw", "text", "Update date as the page printed it."),
    "body": Field("a.body", "text", "Article text, paragraphs separated by a blank line."),
    "body_missing": Field("a.body_missing", "boolean", "True for an article the page gives no text for (a headline-only post): body is empty."),
    "summary": Field("a.summary", "text", "Summary or lead the page gives."),
    "tags": Field("a.tags", "strings", "Tags (keywords) of the article."),
    "image": Field("a.image", "text", "URL of the main image."),
    "language": Field("a.language", "text", "Language code: the declared one, overruled when the text plainly is or is not Arabic."),
    "first_seen": Field("a.first_seen", "utc", "When the archive first stored the article (UTC)."),
    "crawled_at": Field("a.crawled_at", "utc", "When the article was last crawled (UTC)."),
    "story": Field("a.story", "integer", "Story id shared by the copies of one text (archive/stories.py)."),
    "copies": Field("(SELECT s.copies FROM stories s WHERE s.id = a.story)", "integer", "Number of articles in this story, this one included (1: no other copy)."),
}
_SQL = {name: field.sql for name, field in FIELD_TABLE.items()}
_JSON_FIELDS = frozenset(n for n, f in FIELD_TABLE.items() if f.kind in ("strings", "authors"))
_BOOL_FIELDS = frozenset(n for n, f in FIELD_TABLE.items() if f.kind == "boolean")
FIELDS: tuple[str, ...] = tuple(f for f in _SQL if f != "id")

GZIP_LEVEL = 1
"""gzip level of a ``.jsonl.gz`` export. On the benchmark's articles level 6 compresses at
1,800 articles/s of CPU (5.1x smaller), level 1 at 8,600/s (3.3x smaller): gzip, not SQLite,
bounds a compressed export, and level 6 would make it five times slower for a third less disk."""


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
    decode = [(i, f in _JSON_FIELDS, f in _BOOL_FIELDS) for i, f in enumerate(fields)]
    for row in cursor:
        yield {
            fields[i]: (json.loads(row[i]) if row[i] else []) if is_json
            else bool(row[i]) if is_bool else row[i]
            for i, is_json, is_bool in decode
        }


def _json_sql(field: str) -> str:
    if field == "authors":  # built by json_group_array: always valid
        return f"json({_SQL[field]})"
    if field in _BOOL_FIELDS:
        return f"json(CASE WHEN {_SQL[field]} THEN 'true' ELSE 'false' END)"
    if field in _JSON_FIELDS:
        sql = _SQL[field]
        return f"CASE WHEN json_valid({sql}) THEN json({sql}) ELSE json_array() END"
    return _SQL[field]


_SPLICED = frozenset({"body"})  # escaped in Python (see the module docstring)
_CONTROLS = bytes(range(0x20))


def _json_string(text: bytes) -> bytes:
    """A JSON string of UTF-8 ``text``, non-ASCII kept as is."""
    escaped = text.replace(b"\\", b"\\\\").replace(b'"', b'\\"').replace(b"\n", b"\\n")
    if len(escaped.translate(None, _CONTROLS)) != len(escaped):  # a tab, a CR…: rare
        return json.dumps(text.decode("utf-8"), ensure_ascii=False).encode("utf-8")
    return b'"' + escaped + b'"'


# Authors of a chunk's articles, read once for the whole chunk: a correlated subquery per line
# costs 16 µs an article at a million articles, this about 4 (ids passed as one JSON array, so
# any chunk size fits in one parameter).
_CHUNK_AUTHORS = (
    "SELECT article_id, CAST(json_group_array(json_object('name', name, 'kind', kind)) AS BLOB) "
    "FROM (SELECT aa.article_id, au.name, au.kind FROM article_authors aa "
    "JOIN authors au ON au.id = aa.author_id "
    "WHERE aa.article_id IN (SELECT value FROM json_each(?)) ORDER BY aa.article_id, aa.position) "
    "GROUP BY article_id"
)
_AUTHORS_KEY = b'"authors":'


def iter_line_chunks(archive: Archive, *, fields: Sequence[str] = FIELDS,
                     filters: ArticleFilter | None = None, size: int = 1000,
                     ids: tuple[int, int] | None = None,
                     only: Sequence[int] | None = None) -> Iterator[list[bytes]]:
    """Every matching article as one line of JSON in UTF-8 (no newline), ``size`` at a time;
    only those with ``ids[0] <= id <= ids[1]``, or whose id is in ``only``, when given (a
    parallel export's share)."""
    where, params = (filters or ArticleFilter()).sql()
    if ids is not None:
        where, params = f"a.id BETWEEN ? AND ? AND {where}", [*ids, *params]
    if only is not None:
        where = f"a.id IN (SELECT value FROM json_each(?)) AND {where}"
        params = [json.dumps(list(only)), *params]
    columns, plan = [], []  # plan: (column index, field name or None for a json_object run)
    run: list[str] = []
    for f in [*fields, None]:
        if f is not None and f not in _SPLICED and f != "authors":
            run.append(f"'{f}', {_json_sql(f)}")
            continue
        if run:
            columns.append(f"CAST(json_object({', '.join(run)}) AS BLOB)")
            plan.append((len(columns) - 1, None))
            run = []
        if f == "authors":
            columns.append("a.id")  # the key to the chunk's authors
            plan.append((len(columns) - 1, _AUTHORS_KEY))
        elif f is not None:
            columns.append(f"CAST({_SQL[f]} AS BLOB)")
            plan.append((len(columns) - 1, b'"' + f.encode() + b'":'))
    conn = archive.conn
    register_functions(conn)
    cursor = conn.execute(f"SELECT {', '.join(columns)} FROM articles a WHERE {where} ORDER BY a.id",
                          params)
    if plan == [(0, None)]:  # no spliced field: SQLite built the whole line
        while rows := cursor.fetchmany(size):
            yield [row[0] for row in rows]
        return
    author_column = next((i for i, key in plan if key is _AUTHORS_KEY), None)
    while rows := cursor.fetchmany(size):
        authors: dict[int, bytes] = {}
        if author_column is not None:
            ids = json.dumps([row[author_column] for row in rows])
            authors = dict(conn.execute(_CHUNK_AUTHORS, [ids]).fetchall())
        lines = []
        for row in rows:
            parts = []
            for i, key in plan:
                value = row[i]
                if key is None:
                    if len(value) > 2:  # not {}
                        parts.append(value[1:-1])
                elif key is _AUTHORS_KEY:
                    parts.append(key + authors.get(value, b"[]"))
                else:
                    parts.append(key + (b"null" if value is None else _json_string(value)))
            lines.append(b"{" + b",".join(parts) + b"}")
        yield lines


def iter_lines(archive: Archive, *, fields: Sequence[str] = FIELDS,
               filters: ArticleFilter | None = None) -> Iterator[str]:
    """Every matching article as one line of JSON (no newline)."""
    for chunk in iter_line_chunks(archive, fields=fields, filters=filters):
        for line in chunk:
            yield line.decode("utf-8")


def _utf8_buffer(out: IO[str]) -> IO[bytes] | None:
    """The binary file under a UTF-8 text file, to write bytes to directly; else None."""
    buffer, encoding = getattr(out, "buffer", None), getattr(out, "encoding", None)
    if buffer is None or not encoding or codecs.lookup(encoding).name != "utf-8":
        return None
    return buffer


def export_jsonl(archive: Archive, out: IO[str], *, fields: Sequence[str] = FIELDS,
                 filters: ArticleFilter | None = None, jobs: int | str | None = "auto",
                 progress: Callable[[int], None] | None = None) -> int:
    """Write one JSON object per line (UTF-8, Arabic unescaped); return the count.

    ``jobs`` worker processes read and format the lines of a large archive
    (``export_parallel``): ``auto`` uses one per CPU from ``MIN_PARALLEL`` articles on, 0 none.
    The lines and their order are the same either way. ``progress`` is called with the count
    written so far after every chunk of lines."""
    count = 0
    buffer = _utf8_buffer(out)
    if buffer is not None:
        out.flush()  # what was written as text goes first
    for lines, data in _chunks(archive, fields, filters, jobs, None):
        if buffer is not None:
            buffer.write(data)
        else:
            out.write(data.decode("utf-8"))
        count += lines
        if progress is not None:
            progress(count)
    if buffer is not None:
        buffer.flush()
    return count


def export_jsonl_gzip(archive: Archive, out: IO[bytes], *, fields: Sequence[str] = FIELDS,
                      filters: ArticleFilter | None = None, jobs: int | str | None = "auto",
                      level: int = GZIP_LEVEL, progress: Callable[[int], None] | None = None) -> int:
    """``export_jsonl`` gzip-compressed into the binary file ``out``; return the count.

    Every chunk of lines is one gzip member, compressed where it was formatted (in the workers
    when there are some, as pigz does): the file is one valid ``.gz`` to every gzip reader, and
    compression, which bounds a compressed export, runs on every CPU."""
    count = 0
    for lines, data in _chunks(archive, fields, filters, jobs, level):
        out.write(data)
        count += lines
        if progress is not None:
            progress(count)
    return count


def _chunks(archive: Archive, fields: Sequence[str], filters: ArticleFilter | None,
            jobs: int | str | None, gzip_level: int | None) -> Iterator[tuple[int, bytes]]:
    """``(lines, data)``: newline-terminated lines, or a gzip member of them, in id order."""
    from newscrawler.archive.export_parallel import (
        export_jobs,
        id_span,
        matching_ids,
        may_use_workers,
        parallel_chunks,
    )

    ids = None
    if filters is not None and filters.author and may_use_workers(jobs):
        ids = matching_ids(archive, filters)  # found by index: read only these (see there)
        span = len(ids)
    else:
        low, high = id_span(archive)
        span = high - low + 1
    workers = export_jobs(jobs, span)
    if workers:
        yield from parallel_chunks(archive, workers, fields=fields, filters=filters,
                                   gzip_level=gzip_level, ids=ids)
        return
    for chunk in iter_line_chunks(archive, fields=fields, filters=filters):
        data = b"\n".join(chunk) + b"\n"
        if gzip_level is not None:
            data = gzip.compress(data, compresslevel=gzip_level, mtime=0)
        yield len(chunk), data
