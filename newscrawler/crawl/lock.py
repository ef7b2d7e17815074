"""One crawl at a time per archive and site, so overlapping cron runs never collide.

The lock is an ``flock`` on a small file beside the archive: the kernel releases it when the
holder exits, however it exits (SIGKILL included), so a dead run never blocks the next one. The
holder deletes the file when it lets go, so runs leave no lock files behind (a killed run's file
is taken, and then deleted, by the next run).
"""

from __future__ import annotations

import fcntl
import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path


class CrawlLocked(Exception):
    """Another crawl of the same site into the same archive is running."""


# Lock files this process holds. The CLI takes a site's lock before Scrapy starts, to exit at
# once when another run holds it; the archive pipeline takes it again, for crawls started with
# ``scrapy crawl``. The second taking is the first one's, and its release does nothing. Keyed
# to the pid: a forked child inherits this table, not the lock.
_HELD: dict[Path, int] = {}


class CrawlLock:
    def __init__(self, db_path: str | Path, site: str):
        db_path = Path(db_path)
        safe = re.sub(r"[^\w.-]+", "_", site, flags=re.ASCII).strip("_") or "site"
        self.path = db_path.with_name(f"{db_path.name}.{safe}.lock")
        self.site = site
        self._fd: int | None = None
        self._key = self.path.absolute()
        self._nested = False

    def acquire(self) -> None:
        """Take the lock or raise ``CrawlLocked`` at once, naming the holder. A lock this
        process already holds is held once more."""
        if _HELD.get(self._key) == os.getpid():
            self._nested = True
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _read_holder(fd)
                os.close(fd)
                who = f" (pid {holder.get('pid')}, started {holder.get('started')})" if holder else ""
                raise CrawlLocked(
                    f"another crawl of {self.site} into this archive is running{who}; "
                    f"this run exits without crawling"
                ) from None
            if _still_named(fd, self.path):
                break
            # The holder deleted the file between our open and our flock: what we locked has no
            # name any more, and another run may already hold a new file. Start again.
            os.close(fd)
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid(), "started": datetime.now(UTC).isoformat(timespec="seconds")}).encode())
        self._fd = fd
        _HELD[self._key] = os.getpid()

    def release(self) -> None:
        if self._nested:
            self._nested = False
            return
        if self._fd is not None:
            _HELD.pop(self._key, None)
            # deleted while still held, so no other run can have locked the file being deleted
            try:
                self.path.unlink()
            except OSError:
                pass  # already gone, or a read-only directory: a file left behind is harmless
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> CrawlLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _still_named(fd: int, path: Path) -> bool:
    """Whether the open file ``fd`` is still the one ``path`` names."""
    try:
        named = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


def _read_holder(fd: int) -> dict:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return json.loads(os.read(fd, 4096) or b"{}")
    except (OSError, ValueError):
        return {}
