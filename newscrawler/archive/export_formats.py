"""CSV and Parquet exports, and the format a file name asks for.

Both read what the JSON Lines export reads (``export.FIELD_TABLE``, the same filters and
``--fields``), a chunk of rows at a time, so memory does not grow with the archive. Each field's
kind gives its type:

- CSV is text: a header line, then one article per record (RFC 4180 quoting, bodies keep their
  newlines inside quotes); lists (``authors``, ``authors_raw``, ``tags``) are JSON text, dates the
  ISO 8601 strings of the JSON Lines export, a missing value an empty cell.
- Parquet is typed: ``authors`` is ``list<struct<name, kind>>``, ``authors_raw`` and ``tags``
  ``list<string>``, ``id`` ``int64``. A Parquet timestamp has one time zone for the whole
  column, but ``published`` and ``modified`` carry each page's own offset (+01:00 and +00:00 in
  one Moroccan archive, by the season). So each is a ``timestamp[us, tz=UTC]`` column (the same
  instant) followed by ``<name>_offset``, the page's offset in minutes east of UTC (``int16``):
  local time is ``published + published_offset`` minutes. ``first_seen`` and ``crawled_at``
  are newscrawler's own times, always UTC. A stored date that is not ISO 8601 (newscrawler
  writes none) is null; the page's string is in ``*_raw``.

Parquet needs pyarrow, an optional dependency (``pip install 'newscrawler[parquet]'``). It is
written a row group at a time (``ROW_GROUP`` articles), compressed with zstd.
"""

from __future__ import annotations

import csv
import gzip as gzip_module
import io
import json
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import PurePath
from typing import IO, Any

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
ROW_GROUP = 5_000
"""Articles per Parquet row group: about 35 MB of Arabic text before compression, the bulk of
the export's memory (see docs/benchmarks.md)."""
PARQUET_COMPRESSION = "zstd"
INSTALL_PYARROW = "pip install 'newscrawler[parquet]'"


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
                      filters: ArticleFilter | None = None,
                      size: int = 1000) -> Iterator[list[tuple]]:
    """Every matching article as a tuple of ``fields``, ``size`` at a time, in archive order:
    values as stored, lists as JSON text (``[]`` when missing or invalid)."""
    where, params = (filters or ArticleFilter()).sql()
    columns = ["a.id" if f == "authors" else _json_sql(f) for f in fields]
    conn = archive.conn
    register_functions(conn)
    cursor = conn.execute(f"SELECT {', '.join(columns)} FROM articles a WHERE {where} ORDER BY a.id",
                          params)
    at = fields.index("authors") if "authors" in fields else None
    while rows := cursor.fetchmany(size):
        if at is not None:  # read once for the chunk, as the JSON Lines export does
            ids = json.dumps([row[at] for row in rows])
            found = {k: v.decode("utf-8") for k, v in conn.execute(_CHUNK_AUTHORS, [ids])}
            rows = [(*row[:at], found.get(row[at], "[]"), *row[at + 1:]) for row in rows]
        yield rows


def export_csv(archive: Archive, out: IO[bytes], *, fields: Sequence[str] = FIELDS,
               filters: ArticleFilter | None = None, gzip: bool = False,
               progress: Callable[[int], None] | None = None) -> int:
    """Write a header and one CSV record per article (UTF-8) to the binary file ``out``, gzip
    compressed with ``gzip``; return the count."""
    raw = gzip_module.GzipFile(fileobj=out, mode="wb", compresslevel=GZIP_LEVEL, mtime=0) if gzip else out
    text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(fields)
    count = 0
    try:
        for rows in iter_value_chunks(archive, fields=fields, filters=filters):
            writer.writerows(rows)
            count += len(rows)
            if progress is not None:
                progress(count)
        text.flush()
    finally:
        text.detach()  # ``out`` stays open: it is the caller's
        if gzip:
            raw.close()
    return count


def require_pyarrow() -> None:
    """Fail with the line that says how to install pyarrow when it is missing."""
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise ExportError(f"a Parquet export needs pyarrow, which is not installed: "
                          f"{INSTALL_PYARROW}") from None


def parquet_columns(fields: Sequence[str]) -> list[tuple[str, str, Any]]:
    """``(column, field, arrow type)`` for each column of a Parquet export of ``fields``: a
    ``time`` field is two columns, its UTC instant and its offset."""
    import pyarrow as pa

    author = pa.struct([("name", pa.string()), ("kind", pa.string())])
    types = {"text": pa.string(), "integer": pa.int64(), "strings": pa.list_(pa.string()),
             "authors": pa.list_(author), "time": pa.timestamp("us", tz="UTC"),
             "utc": pa.timestamp("us", tz="UTC")}
    columns = []
    for f in fields:
        kind = FIELD_TABLE[f].kind
        columns.append((f, f, types[kind]))
        if kind == "time":
            columns.append((f"{f}_offset", f, pa.int16()))
    return columns


def export_parquet(archive: Archive, out: IO[bytes] | str, *, fields: Sequence[str] = FIELDS,
                   filters: ArticleFilter | None = None, row_group: int = ROW_GROUP,
                   progress: Callable[[int], None] | None = None) -> int:
    """Write the articles as Parquet to ``out`` (a binary file or a path), ``row_group``
    articles at a time; return the count."""
    require_pyarrow()
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = parquet_columns(fields)
    schema = pa.schema([(name, kind) for name, _, kind in columns])
    count = 0
    with pq.ParquetWriter(out, schema, compression=PARQUET_COMPRESSION) as writer:
        pending: list[tuple] = []
        for rows in iter_value_chunks(archive, fields=fields, filters=filters):
            pending += rows
            if len(pending) >= row_group:
                writer.write_table(_table(pending, fields, columns, schema), row_group_size=row_group)
                count += len(pending)
                pending = []
                if progress is not None:
                    progress(count)
        if pending or not count:  # an empty export is a file with the schema and no rows
            writer.write_table(_table(pending, fields, columns, schema), row_group_size=row_group)
            count += len(pending)
            if progress is not None:
                progress(count)
    return count


def _table(rows: list[tuple], fields: Sequence[str], columns: list, schema: Any) -> Any:
    import pyarrow as pa

    values = list(zip(*rows, strict=True)) if rows else [()] * len(fields)
    by_field = dict(zip(fields, values, strict=True))
    arrays, moments = [], {}
    for name, field, arrow_type in columns:
        kind = FIELD_TABLE[field].kind
        data = by_field[field]
        if kind in ("strings", "authors"):
            data = [json.loads(v) for v in data]
        elif kind in ("time", "utc"):
            if field not in moments:  # parsed once for the instant and the offset
                moments[field] = [_parse(v) for v in data]
            data = _instants(moments[field]) if name == field else _offsets(moments[field])
        arrays.append(pa.array(data, type=arrow_type))
    return pa.Table.from_arrays(arrays, schema=schema)


def _parse(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _instants(moments: Sequence[datetime | None]) -> list[datetime | None]:
    """Aware datetimes (a stored date without an offset is taken as UTC)."""
    return [m.replace(tzinfo=UTC) if m is not None and m.tzinfo is None else m for m in moments]


def _offsets(moments: Sequence[datetime | None]) -> list[int | None]:
    """Each date's offset in minutes east of UTC; null when it has none."""
    out = []
    for moment in moments:
        offset = moment.utcoffset() if moment is not None else None
        out.append(None if offset is None else int(offset.total_seconds() // 60))
    return out
