"""The format a file name asks for; the rows of the CSV and Parquet exports; CSV.

Both read what the JSON Lines export reads (``export.FIELD_TABLE``, the same filters and
``--fields``), a chunk of rows at a time, so memory does not grow with the archive. Each field's
kind gives its type:

- CSV is text: a header line, then one article per record (RFC 4180 quoting, bodies keep their
  newlines inside quotes); lists (``authors``, ``authors_raw``, ``tags``) are JSON text, dates the
  ISO 8601 strings of the JSON Lines export, a missing value an empty cell.
- Parquet is typed (``export_parquet``).
"""

from __future__ import annotations

import gzip as gzip_module
import json
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import PurePath
from typing import IO

from newscrawler.archive.db import Archive
from newscrawler.archive.export import (
    _CHUNK_AUTHORS,
    FIELD_TABLE,
    FIELDS,
    GZIP_LEVEL,
    ExportError,
    _json_sql,
)
from newscrawler.archive.filters import ArticleFilter, register_functions

FORMATS = ("jsonl", "csv", "parquet")
_BY_SUFFIX = {".jsonl": "jsonl", ".csv": "csv", ".parquet": "parquet"}


def export_format(output: str, requested: str | None = None) -> tuple[str, bool]:
    """``(format, gzip)`` of an export to ``output`` (``-`` for stdout): the ``requested``
    format, else the one the name gives (``.parquet``, ``.csv[.gz]``, ``.jsonl[.gz]``), else
    JSON Lines. A name that says another format than the requested one is an error."""
    name = PurePath(output).name.lower() if output != "-" else ""
    compressed = name.endswith(".gz")
    named = _BY_SUFFIX.get(PurePath(name.removesuffix(".gz")).suffix)
    if requested is not None and named is not None and requested != named:
        raise ExportError(f"--format {requested} does not match the file name {output!r}, which "
                          f"says {named}: name it .{requested}, or leave out --format")
    chosen = requested or named or "jsonl"
    if chosen == "parquet":
        if output == "-":
            raise ExportError("a Parquet export needs a file: give -o NAME.parquet")
        if compressed:
            raise ExportError(f"{output!r}: Parquet compresses its columns itself; name it .parquet")
    return chosen, compressed


def iter_value_chunks(archive: Archive, *, fields: Sequence[str] = FIELDS,
                      filters: ArticleFilter | None = None, size: int = 1000,
                      utf8: bool = False) -> Iterator[list[tuple]]:
    """Every matching article as a tuple of ``fields``, ``size`` at a time, in archive order:
    values as stored, lists as JSON text (``[]`` when missing or invalid); with ``utf8``, text
    and lists as UTF-8 bytes (for Parquet: no decoding to ``str`` and encoding back)."""
    where, params = (filters or ArticleFilter()).sql()
    as_bytes = ("text", "strings") if utf8 else ()
    columns = ["a.id" if f == "authors" else
               f"CAST({_json_sql(f)} AS BLOB)" if FIELD_TABLE[f].kind in as_bytes else _json_sql(f)
               for f in fields]
    conn = archive.conn
    register_functions(conn)
    cursor = conn.execute(f"SELECT {', '.join(columns)} FROM articles a WHERE {where} ORDER BY a.id",
                          params)
    at = fields.index("authors") if "authors" in fields else None
    while rows := cursor.fetchmany(size):
        if at is not None:  # read once for the chunk, as the JSON Lines export does
            ids = json.dumps([row[at] for row in rows])
            found = {k: v if utf8 else v.decode("utf-8")
                     for k, v in conn.execute(_CHUNK_AUTHORS, [ids])}
            empty = b"[]" if utf8 else "[]"
            rows = [(*row[:at], found.get(row[at], empty), *row[at + 1:]) for row in rows]
        yield rows


def export_csv(archive: Archive, out: IO[bytes], *, fields: Sequence[str] = FIELDS,
               filters: ArticleFilter | None = None, gzip: bool = False,
               progress: Callable[[int], None] | None = None) -> int:
    """Write a header and one CSV record per article (UTF-8) to the binary file ``out``, gzip
    compressed with ``gzip``; return the count.

    Records are built as bytes, as the ``csv`` module quotes (a cell with a comma, a quote or a
    line break is quoted, its quotes doubled): the module's writer scans and encodes 7 KB of
    Arabic per article and cost four times as much."""
    sink = gzip_module.GzipFile(fileobj=out, mode="wb", compresslevel=GZIP_LEVEL, mtime=0) if gzip else out
    count = 0
    try:
        sink.write(_csv_record(fields, alone=len(fields) == 1))
        for rows in iter_value_chunks(archive, fields=fields, filters=filters, utf8=True):
            sink.write(b"".join(_csv_record(row, alone=len(fields) == 1) for row in rows))
            count += len(rows)
            if progress is not None:
                progress(count)
    finally:
        if gzip:
            sink.close()  # ``out`` stays open: it is the caller's
    return count


_QUOTED = re.compile(rb'[",\r\n]')


def _csv_record(values: Sequence, *, alone: bool = False) -> bytes:
    cells = []
    for value in values:
        if value is None:
            value = b""
        elif not isinstance(value, bytes):
            value = str(value).encode("utf-8")
        if _QUOTED.search(value):
            value = b'"' + value.replace(b'"', b'""') + b'"'
        cells.append(value)
    if alone and cells == [b""]:  # an empty line would be read as no record at all
        cells = [b'""']
    return b",".join(cells) + b"\n"
