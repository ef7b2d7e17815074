"""Processes opening one archive at the same moment, as cron's :00 starts crawls of several
sites, or the first runs after an upgrade that adds a migration: every one must succeed, and
every migration must be applied once. Real processes, released together by a barrier file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from newscrawler.archive.migrations import MIGRATIONS, SCHEMA_VERSION

PROCESSES = 8
ROUNDS = 3
OPENER = """
import os, sys, time
from newscrawler.archive import open_archive
path, barrier = sys.argv[1], sys.argv[2]
print("ready", flush=True)
while not os.path.exists(barrier):
    time.sleep(0.001)
try:
    with open_archive(path) as archive:
        print(archive.conn.execute("PRAGMA user_version").fetchone()[0])
except Exception as e:
    print(f"{type(e).__name__}: {e}")
    sys.exit(1)
"""


def open_together(path: Path, barrier: Path) -> list[tuple[int, str]]:
    """PROCESSES processes open ``path`` at once: (exit code, what each printed)."""
    procs = [subprocess.Popen([sys.executable, "-c", OPENER, str(path), str(barrier)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for _ in range(PROCESSES)]
    for proc in procs:  # every one imported and waiting
        assert proc.stdout.readline().strip() == "ready"
    barrier.touch()
    outcomes = []
    for proc in procs:
        out, _ = proc.communicate(timeout=120)
        outcomes.append((proc.returncode, out.strip()))
    return outcomes


def check_migrated(path: Path, articles: int) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        names = [r[0] for r in conn.execute("SELECT name FROM _migrations ORDER BY rowid")]
        assert names == [name for name, _ in MIGRATIONS]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == articles
    finally:
        conn.close()


def old_archive(path: Path) -> None:
    """An archive at schema version 1, in WAL mode as the first versions made it."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.executescript(MIGRATIONS[0][1])
    conn.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    conn.execute("INSERT INTO _migrations VALUES ('001_initial', '2026-01-01')")
    conn.executemany("INSERT INTO articles (url, title, body, tags) VALUES (?, ?, ?, '[]')",
                     [(f"http://x/{i}", f"عنوان {i}", "نص الخبر") for i in range(5)])
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()


def test_processes_opening_a_new_archive_together_all_succeed(tmp_path):
    for round_ in range(ROUNDS):
        path = tmp_path / f"new-{round_}.db"
        outcomes = open_together(path, tmp_path / f"go-new-{round_}")
        assert outcomes == [(0, str(SCHEMA_VERSION))] * PROCESSES, outcomes
        check_migrated(path, 0)


def test_processes_opening_an_old_archive_together_all_succeed(tmp_path):
    for round_ in range(ROUNDS):
        path = tmp_path / f"old-{round_}.db"
        old_archive(path)
        outcomes = open_together(path, tmp_path / f"go-old-{round_}")
        assert outcomes == [(0, str(SCHEMA_VERSION))] * PROCESSES, outcomes
        check_migrated(path, 5)
