"""A large export read and formatted by several processes, written in order by this one.

Formatting a line is Python work and holds the GIL, so threads would take turns (tried; see
``export``); processes do not. The archive's id range is cut into windows of ``window`` ids;
worker ``k`` of ``n`` formats windows ``k, k + n, k + 2n…`` on its own read-only connection
(SQLite in WAL mode lets readers run side by side) and writes each as one frame to its stdout.
This process reads the frames round-robin, so lines come out in id order, exactly as a
single-process export writes them. With gzip every window becomes one gzip member, compressed
in the worker (as pigz does); a file of members is one valid ``.gz`` that gzip, Python, pandas
and the datasets library read whole.

An ``--author`` filter is answered from an index; for it the workers get the matching ids
(``matching_ids``) in runs of ``window`` instead of id ranges (see there).

Memory stays bounded because a worker blocks once its pipe is full. A worker ends when its pipe
closes, so a killed export leaves no orphan; Ctrl-C is this process's to handle. A worker runs
``main()`` and reads the JSON of its share from its stdin.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import signal
import struct
import subprocess
import sys
import tempfile
from array import array
from collections.abc import Iterator, Sequence
from typing import IO

from newscrawler.archive.db import Archive
from newscrawler.archive.export import FIELDS, ExportError, iter_line_chunks
from newscrawler.archive.filters import ArticleFilter, register_functions
from newscrawler.workers import auto_workers, widen_pipe, worker_option

FRAME = struct.Struct("<QI")  # payload bytes, lines
WINDOW = 1000
"""Ids per window: a frame is about 7 MB of Arabic articles, a gzip member about 2 MB."""
MIN_PARALLEL = 20_000
"""Below this many ids, ``auto`` exports in one process: starting a worker costs about as much as
formatting a few thousand lines."""
# sqlite-utils imports pandas and numpy when they are installed: 0.7 s of a worker's start, for
# type conversions an export never makes. The worker's process is its own, so it goes without.
_WORKER = ("from newscrawler.workers import block_imports; block_imports('pandas', 'numpy'); "
           "from newscrawler.archive.export_parallel import main; main()")


def may_use_workers(value: str | int | None) -> bool:
    """Whether ``--jobs`` could start workers for a large enough export."""
    return export_jobs(value, MIN_PARALLEL) > 0


def export_jobs(value: str | int | None, span: int) -> int:
    """Worker processes for an export over ``span`` ids: a number (0 = in this process), or
    ``auto`` (None): one per CPU, up to 4, when there are at least 2 CPUs and ``MIN_PARALLEL``
    ids."""
    try:
        jobs = worker_option(value, name="--jobs", zero="in this process")
    except ValueError as e:
        raise ExportError(str(e)) from None
    if jobs is None:
        return auto_workers() if span >= MIN_PARALLEL else 0
    return jobs


def id_span(archive: Archive) -> tuple[int, int]:
    """The lowest and highest article id (``(1, 0)`` for an empty archive)."""
    low, high = archive.conn.execute("SELECT min(id), max(id) FROM articles").fetchone()
    return (low, high) if low is not None else (1, 0)


def matching_ids(archive: Archive, filters: ArticleFilter) -> array:
    """The ids of the articles ``filters`` match, in order (8 bytes each).

    For a filter SQLite answers from an index (an author: ``a.id IN (subquery)``) this reads only
    the matches; a window's query would build the whole subquery again, for every window."""
    where, params = filters.sql()
    register_functions(archive.conn)
    ids = array("q")
    cursor = archive.conn.execute(f"SELECT a.id FROM articles a WHERE {where} ORDER BY a.id", params)
    while rows := cursor.fetchmany(10_000):
        ids.extend(row[0] for row in rows)
    return ids


def parallel_chunks(archive: Archive, jobs: int, *, fields: Sequence[str] = FIELDS,
                    filters: ArticleFilter | None = None, gzip_level: int | None = None,
                    window: int = WINDOW, ids: Sequence[int] | None = None,
                    ) -> Iterator[tuple[int, bytes]]:
    """``(lines, data)`` per window, in id order, made by ``jobs`` worker processes; ``data`` is
    the window's lines, newline-terminated, or one gzip member of them with ``gzip_level``.

    Windows are ranges of ``window`` ids, each filtered by its worker; or, given the matching
    ``ids`` (``matching_ids``), runs of ``window`` of them, which the workers read by id."""
    if ids is None:
        low, high = id_span(archive)
        windows: list = [(start, min(start + window - 1, high)) for start in range(low, high + 1, window)]
    else:
        windows = [list(ids[i : i + window]) for i in range(0, len(ids), window)]
        filters = None  # the ids match it already
    if not windows:
        return
    jobs = max(1, min(jobs, len(windows)))
    spec = {"db": str(archive.path), "fields": list(fields), "gzip": gzip_level,
            "filters": dataclasses.asdict(filters) if filters else None, "by_id": ids is not None}
    workers: list[tuple[subprocess.Popen, IO[bytes]]] = []
    try:
        for k in range(jobs):
            errors = tempfile.TemporaryFile()  # noqa: SIM115 - read if the worker fails
            proc = subprocess.Popen([sys.executable, "-c", _WORKER], stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, stderr=errors)
            workers.append((proc, errors))
            widen_pipe(proc.stdout.fileno())
            # The worker reads all of its share before it writes a frame: no deadlock.
            proc.stdin.write(json.dumps({**spec, "windows": windows[k::jobs]}).encode())
            proc.stdin.close()
        for w in range(len(windows)):
            proc, errors = workers[w % jobs]
            header = proc.stdout.read(FRAME.size)
            size, lines = FRAME.unpack(header) if len(header) == FRAME.size else (0, -1)
            data = proc.stdout.read(size) if size else b""
            if lines < 0 or len(data) != size:
                raise ExportError(_failure(proc, errors))
            if lines:
                yield lines, data
        for proc, errors in workers:
            if proc.wait() != 0:
                raise ExportError(_failure(proc, errors))
    except BrokenPipeError:  # a worker that died before it read its share
        raise ExportError(_failure(*workers[-1])) from None
    finally:
        for proc, errors in workers:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            proc.stdout.close()
            errors.close()


def _failure(proc: subprocess.Popen, errors: IO[bytes]) -> str:
    try:
        code = proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        code = proc.wait()
    errors.seek(0)
    lines = errors.read().decode("utf-8", "replace").strip().splitlines()
    reason = lines[-1] if lines else (f"killed by signal {-code}" if code < 0 else f"exit {code}")
    return f"an export worker stopped: {reason}"


def _worker(spec: dict, out: IO[bytes]) -> None:
    from newscrawler.archive import open_archive

    filters = ArticleFilter(**spec["filters"]) if spec["filters"] else None
    level, by_id = spec["gzip"], spec["by_id"]
    with open_archive(spec["db"], create=False, readonly=True) as archive:
        for window in spec["windows"]:  # [first id, last id], or the ids themselves
            share = {"only": window} if by_id else {"ids": (window[0], window[1])}
            lines: list[bytes] = []
            for chunk in iter_line_chunks(archive, fields=spec["fields"], filters=filters, **share):
                lines += chunk
            data = b"\n".join(lines) + b"\n" if lines else b""
            if data and level is not None:
                data = gzip.compress(data, compresslevel=level, mtime=0)
            out.write(FRAME.pack(len(data), len(lines)))
            out.write(data)
        out.flush()


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the exporting process's to handle
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print() must not corrupt the frames
    try:
        _worker(json.loads(sys.stdin.buffer.read()), out)
    except BrokenPipeError:
        pass  # the export was stopped or is gone
    except Exception as e:  # noqa: BLE001 - reported by the exporting process, one line
        print(f"{type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
    try:
        out.close()
    except BrokenPipeError:
        pass


if __name__ == "__main__":
    main()
