"""An archive write-locked by another process past the busy timeout (a ``sqlite3`` shell inside
``BEGIN EXCLUSIVE``), at start and mid-crawl: one line and exit code 3, no traceback, nothing
lost, and the next run completes."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.helpers import clean_env, crawl, rows
from tests.helpers.slow_site import N_ARTICLES, check_archive, slow_site

EXIT_ARCHIVE = 3
HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("held", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
"""


@contextmanager
def write_lock(db: Path) -> Iterator[None]:
    """Another process holds the archive's write lock until the block is left."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        yield
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    assert holder.returncode == 0


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr[-3000:]
    return lines[0]


def test_an_archive_locked_at_start_is_one_line_and_exit_code_3(tmp_path):
    db = tmp_path / "news.db"
    with slow_site(delay=0) as site:
        url = site.url("/section/")
        first = crawl(url, "--db", str(db), "--max-pages", "1")
        assert first.returncode == 0, first.stderr[-2000:]
        before = check_archive(db)
        with write_lock(db):
            locked = crawl(url, "--db", str(db), "--max-pages", "0", "--full")
        assert locked.returncode == EXIT_ARCHIVE, locked.stderr[-3000:]
        assert "is locked by another process" in one_line(locked.stderr)
        assert check_archive(db) == before
        after = crawl(url, "--db", str(db), "--max-pages", "0", "--full")  # the same again
    assert after.returncode == 0, after.stderr[-2000:]
    assert check_archive(db) == N_ARTICLES


def test_an_archive_locked_mid_crawl_is_one_line_and_exit_code_3(tmp_path):
    db = tmp_path / "news.db"
    with slow_site(delay=0.1) as site:
        url = site.url("/section/")
        proc = subprocess.Popen(
            [sys.executable, "-m", "newscrawler", "crawl", url, "--db", str(db), "--max-pages",
             "0", "-s", "NEWSCRAWLER_BATCH_SIZE=2", "-s", "NEWSCRAWLER_FLUSH_SECONDS=0.2"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=clean_env())
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            if check_stored(db):  # the crawl has begun writing: lock it now
                break
            time.sleep(0.05)
        assert proc.poll() is None, proc.stderr.read()[-2000:]
        with write_lock(db):
            _, err = proc.communicate(timeout=120)  # gave up while the lock was held
        assert proc.returncode == EXIT_ARCHIVE, err[-3000:]
        line = one_line(err)
        assert "is locked by another process" in line and "articles were stored" in line
        stored = check_archive(db)
        assert 0 < stored < N_ARTICLES
        after = crawl(url, "--db", str(db), "--max-pages", "0")
    assert after.returncode == 0, after.stderr[-2000:]
    assert check_archive(db) == N_ARTICLES
    assert rows(db, "SELECT status FROM crawl_runs ORDER BY id")[-1] == ("finished",)


def check_stored(db: Path) -> int:
    try:
        return rows(db, "SELECT count(*) FROM articles")[0][0]
    except Exception:  # not created yet
        return 0
