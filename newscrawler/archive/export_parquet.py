"""Parquet export: typed columns, written a row group at a time so memory stays flat.

Types follow each field's kind (``export.FIELD_TABLE``): text is ``string``, ``id`` ``int64``,
``authors`` ``list<struct<name, kind>>``, ``authors_raw`` and ``tags`` ``list<string>``. A
Parquet timestamp has one time zone for a whole column, but ``published`` and ``modified`` carry
each page's own offset (+01:00 and, during Ramadan, +00:00 in one Moroccan archive). So each is
a ``timestamp[us, tz=UTC]`` column (the same instant as the ISO string) followed by
``<name>_offset``, the page's offset in minutes east of UTC (``int16``): local time is
``published + published_offset`` minutes, and the ISO string of the JSON Lines export is the two
together. ``first_seen`` and ``crawled_at`` are newscrawler's own times, always UTC. A stored
date that is not ISO 8601 (newscrawler writes none) is null; the page's string is in ``*_raw``.

Rows are read as UTF-8 bytes (``iter_value_chunks(utf8=True)``) and become Arrow arrays a chunk
at a time: a text column is its bytes joined, with their offsets (copying ``str`` into Arrow cost
four times as much); the JSON lists of a chunk are parsed by Arrow's JSON reader against the
schema; dates by ``datetime.fromisoformat``. ``ROW_GROUP`` articles make a row group, which a
thread compresses and writes (pyarrow releases the GIL) while the next is read; the next waits
for it, so at most two are held. pyarrow is an optional dependency
(``pip install 'newscrawler[parquet]'``).
"""

from __future__ import annotations

import io
from array import array
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from itertools import accumulate
from typing import IO, Any

from newscrawler.archive.db import Archive
from newscrawler.archive.export import FIELD_TABLE, FIELDS, ExportError
from newscrawler.archive.export_formats import iter_value_chunks
from newscrawler.archive.filters import ArticleFilter

ROW_GROUP = 5_000
"""Articles per row group: about 35 MB of Arabic text before compression, the bulk of the
export's memory (see docs/benchmarks.md)."""
COMPRESSION = "zstd"
"""zstd (level 1, pyarrow's default) over snappy: 1.6x smaller for 1.4x the CPU, and read by
pandas, polars, DuckDB and the datasets library alike."""
INSTALL_PYARROW = "pip install 'newscrawler[parquet]'"
_LISTS = ("strings", "authors")
_MAX_BYTES = 2**31 - 1  # a string array's offsets are 32-bit


def require_pyarrow() -> None:
    """Fail with the line that says how to install pyarrow when it is missing."""
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise ExportError(f"a Parquet export needs pyarrow, which is not installed: "
                          f"{INSTALL_PYARROW}") from None


def parquet_schema(fields: Sequence[str]) -> Any:
    """The Arrow schema of a Parquet export of ``fields``: a ``time`` field is two columns, its
    UTC instant and its offset."""
    import pyarrow as pa

    author = pa.struct([("name", pa.string()), ("kind", pa.string())])
    types = {"text": pa.string(), "integer": pa.int64(), "boolean": pa.bool_(),
             "strings": pa.list_(pa.string()),
             "authors": pa.list_(author), "time": pa.timestamp("us", tz="UTC"),
             "utc": pa.timestamp("us", tz="UTC")}
    columns = []
    for f in fields:
        kind = FIELD_TABLE[f].kind
        columns.append(pa.field(f, types[kind]))
        if kind == "time":
            columns.append(pa.field(f"{f}_offset", pa.int16()))
    return pa.schema(columns)


def export_parquet(archive: Archive, out: IO[bytes] | str, *, fields: Sequence[str] = FIELDS,
                   filters: ArticleFilter | None = None, row_group: int = ROW_GROUP,
                   progress: Callable[[int], None] | None = None) -> int:
    """Write the articles as Parquet to ``out`` (a binary file or a path), ``row_group``
    articles to a row group; return the count."""
    require_pyarrow()
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema(fields)
    count, pending, held = 0, [], 0
    with pq.ParquetWriter(out, schema, compression=COMPRESSION) as writer, \
            ThreadPoolExecutor(1) as compressor:
        writing = None  # the row group being compressed and written (without the GIL)

        def write(batches: list) -> None:
            nonlocal writing
            table = pa.Table.from_batches(batches, schema)
            if writing is not None:
                writing.result()  # at most one row group waits: memory stays bounded
            writing = compressor.submit(writer.write_table, table, row_group_size=row_group)

        for rows in iter_value_chunks(archive, fields=fields, filters=filters, utf8=True,
                                      size=min(1000, row_group)):
            pending.append(record_batch(rows, fields, schema))
            held += len(rows)
            if held >= row_group:
                write(pending)
                count, pending, held = count + held, [], 0
                if progress is not None:
                    progress(count)
        if pending or not count:  # an empty export is a file with the schema and no rows
            write(pending)
            count += held
            if progress is not None:
                progress(count)
        if writing is not None:
            writing.result()
    return count


def record_batch(rows: list[tuple], fields: Sequence[str], schema: Any) -> Any:
    """One chunk of ``iter_value_chunks(utf8=True)`` rows as an Arrow record batch."""
    import pyarrow as pa

    values = dict(zip(fields, zip(*rows, strict=True), strict=True))
    lists = _lists([f for f in fields if FIELD_TABLE[f].kind in _LISTS], values, schema)
    arrays = []
    for f in fields:
        kind = FIELD_TABLE[f].kind
        if kind == "text":
            arrays.append(_text(values[f]))
        elif kind in _LISTS:
            arrays.append(lists[f])
        elif kind == "boolean":  # read as JSON text: true / false
            arrays.append(pa.array([None if v is None else v in (1, True, "true", b"true")
                                    for v in values[f]], pa.bool_()))
        elif kind in ("time", "utc"):
            moments = [_parse(v) for v in values[f]]
            arrays.append(pa.array(_instants(moments), schema.field(f).type))
            if kind == "time":
                arrays.append(pa.array(_offsets(moments), pa.int16()))
        else:
            arrays.append(pa.array(values[f], schema.field(f).type))
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def _text(values: Sequence[bytes | None]) -> Any:
    """A string array from UTF-8 ``values``: their bytes joined and the offsets between."""
    import pyarrow as pa

    data = b"".join(v for v in values if v)
    if len(data) > _MAX_BYTES:
        raise ExportError(f"{len(values)} articles with more than 2 GB of text in one field")
    offsets = array("i", [0])
    offsets.extend(accumulate(len(v) if v else 0 for v in values))
    present = [v is not None for v in values]
    nulls = len(values) - sum(present)
    validity = pa.array(present, pa.bool_()).buffers()[1] if nulls else None
    return pa.StringArray.from_buffers(len(values), pa.py_buffer(offsets), pa.py_buffer(data),
                                       validity, nulls)


def _lists(fields: list[str], values: dict, schema: Any) -> dict:
    """The JSON list columns of a chunk, parsed by Arrow's JSON reader against ``schema``
    (each row's lists become one JSON object; the SQL made every value valid JSON)."""
    if not fields:
        return {}
    import pyarrow as pa
    import pyarrow.json as paj

    keys = [b'{"' + fields[0].encode() + b'":'] + [b',"' + f.encode() + b'":' for f in fields[1:]]
    lines = [b"".join(k + v for k, v in zip(keys, row, strict=True)) + b"}"
             for row in zip(*(values[f] for f in fields), strict=True)]
    blob = b"\n".join(lines)
    wanted = pa.schema([schema.field(f) for f in fields])
    table = paj.read_json(io.BytesIO(blob),
                          read_options=paj.ReadOptions(use_threads=False, block_size=len(blob) + 1),
                          parse_options=paj.ParseOptions(explicit_schema=wanted))
    return {f: table.column(f).combine_chunks() for f in fields}


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
