"""Opening an archive: one place that turns SQLite's failures into clear, named errors."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import sqlite_utils

from newscrawler.archive.migrations import SCHEMA_VERSION, migrate, schema_version

BUSY_TIMEOUT_MS = 10_000


class ArchiveError(Exception):
    """A problem with the archive file that the user can act on (path, permissions, version)."""


class Archive:
    """An open archive: a ``sqlite_utils.Database`` in WAL mode at the current schema."""

    def __init__(self, db: sqlite_utils.Database, path: Path):
        self.db = db
        self.path = path

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def count(self, table: str = "articles") -> int:
        return self.conn.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]


def describe_sqlite_error(error: sqlite3.Error, path: Path | str) -> str:
    """A one-line message for the SQLite failures users meet."""
    text = str(error)
    if "locked" in text or "busy" in text:
        return f"the archive {path} is locked by another process; try again when it has finished"
    if "unable to open" in text or "readonly" in text or "read-only" in text:
        return f"cannot write the archive {path}: {text}"
    if "not a database" in text or "malformed" in text:
        return f"{path} is not a newscrawler archive (SQLite says: {text})"
    if "full" in text:
        return f"the disk holding {path} is full; the archive is unchanged since its last write"
    return f"archive {path}: {text}"


def open_archive(path: str | Path, *, create: bool = True, readonly: bool = False) -> Archive:
    """Open (and create or upgrade) the archive at ``path``.

    Raises ``ArchiveError`` with a one-line reason for a missing or unwritable path, a file
    that is not an archive, or an archive written by a newer newscrawler.
    """
    path = Path(path)
    if not path.exists():
        if not create or readonly:
            raise ArchiveError(f"no archive at {path} (run `newscrawler crawl` first)")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise ArchiveError(f"cannot create the folder for the archive {path}: {e.strerror}") from e
    elif path.is_dir():
        raise ArchiveError(f"{path} is a folder; --db takes the path of a .db file")
    try:
        if readonly:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        else:
            conn = sqlite3.connect(str(path))
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db = sqlite_utils.Database(conn)
        version = schema_version(db)
        if version > SCHEMA_VERSION:
            raise ArchiveError(
                f"{path} was written by a newer newscrawler (schema {version}; this version "
                f"knows up to {SCHEMA_VERSION}); upgrade newscrawler to use it"
            )
        if not readonly:
            _prepare_for_writing(db)
        elif version < SCHEMA_VERSION:
            raise ArchiveError(f"{path} needs an upgrade: run a crawl (or any write) first")
    except sqlite3.Error as e:
        raise ArchiveError(describe_sqlite_error(e, path)) from e
    return Archive(db, path)


def _prepare_for_writing(db: sqlite_utils.Database) -> None:
    """WAL mode and the migrations. SQLite answers some lock waits at once, without its busy
    handler: switching a new file to WAL while another process does, or opening a WAL file
    another process is recovering. Processes opening one archive at once (cron starting
    several crawls) retry those within the busy timeout instead of failing."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("PRAGMA foreign_keys = ON")
            migrate(db)  # one transaction: rolled back whole when it fails
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) and "busy" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
