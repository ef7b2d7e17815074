"""Faults: a crawl killed at random moments, readers beside a writer, two crawls at once, a
full disk. The archive must stay sound (``PRAGMA integrity_check``), hold no duplicate and no
half-written article, and the next run must complete what the killed ones left.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.helpers import clean_env, crawl, last_run_stats, record, rows, run_cli
from tests.helpers.slow_site import N_ARTICLES, check_archive, slow_site

ROOT = Path(__file__).resolve().parents[1]
KILLS = 22


def last_run_id(db: Path) -> int:
    try:
        return rows(db, "SELECT coalesce(max(id), 0) FROM crawl_runs")[0][0]
    except Exception:  # not created yet
        return 0


def stored_this_run(db: Path, before: int) -> int:
    """Articles written by a run started after run ``before``: until the new run has recorded
    itself, none (counting the previous run's would kill every run at start-up)."""
    try:
        return rows(db, "SELECT count(*) FROM articles WHERE run_id > ?", (before,))[0][0]
    except Exception:  # not created yet, or busy: not there yet
        return 0


def test_sigkill_at_random_moments_never_corrupts_and_the_next_run_completes(tmp_path):
    """A third of the kills land by time (start-up, opening the archive, first requests), the
    rest once the run has written k articles (k random), a little after: mid-crawl, mid-batch."""
    db = tmp_path / "news.db"
    rng = random.Random(9)
    kills, counts, moments, partial = 0, [], [], []
    # Pages answer after 0.05 s: a run lasts long enough for the kills meant for mid-crawl to
    # land there on a fast machine too (at 0.02 s, 5 of 14 runs were done before their kill).
    with slow_site(delay=0.05) as site:
        url = site.url("/section/")
        # --full, so that every run has work to be killed in (an incremental one would soon
        # find everything archived and finish before the kill)
        args = [sys.executable, "-m", "newscrawler", "crawl", url, "--db", str(db), "--full",
                "--max-pages", "0", "-s", "NEWSCRAWLER_BATCH_SIZE=4",
                "-s", "NEWSCRAWLER_FLUSH_SECONDS=0.3"]
        attempts = 0
        while kills < KILLS and attempts < 2 * KILLS:
            attempts += 1
            before = last_run_id(db)
            proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    env=clean_env())
            start = time.monotonic()
            if attempts % 3 == 1:
                deadline, target = start + rng.uniform(0.2, 3.0), None
            else:
                deadline, target = start + 60, rng.randint(1, N_ARTICLES - 8)
            while proc.poll() is None and time.monotonic() < deadline:
                if target is not None and stored_this_run(db, before) >= target:
                    time.sleep(rng.uniform(0, 0.3))
                    break
                time.sleep(0.02)
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
                kills += 1
                moments.append(f"{time.monotonic() - start:.1f}s" if target is None else f">={target}")
            proc.wait()
            if target is not None:
                partial.append(stored_this_run(db, before))
            if db.exists():
                counts.append(check_archive(db))
        assert kills >= 20, f"only {kills} kills landed in {attempts} runs"
        # the kills meant for mid-crawl landed there: the run had stored some articles, not all
        mid_crawl = sum(0 < n < N_ARTICLES for n in partial)
        assert mid_crawl >= len(partial) // 2, f"articles stored by each run killed mid-crawl: {partial}"
        # a plain incremental run: after a killed run it walks every listing page (archived
        # articles still skipped), so it reaches what the killed runs left on later pages
        final = crawl(url, "--db", str(db), "--max-pages", "0", timeout=120)
    assert final.returncode == 0, final.stderr[-2000:]
    assert check_archive(db) == N_ARTICLES, {k: v for k, v in last_run_stats(db).items()
                                             if k.startswith("newscrawler/")}
    statuses = dict(rows(db, "SELECT status, count(*) FROM crawl_runs GROUP BY status"))
    assert statuses.get("finished", 0) >= 1
    record("sigkill", kills=kills, runs=attempts, moments=moments, stored_after_kills=counts,
           stored_by_killed_runs=partial, final=N_ARTICLES)


def test_search_and_export_while_a_crawl_writes(tmp_path):
    db = tmp_path / "news.db"
    with slow_site(delay=0.15) as site:
        # a first small crawl so the archive exists and has something to find
        first = crawl(site.url("/section/"), "--db", str(db), "--max-pages", "1")
        assert first.returncode == 0, first.stderr[-2000:]
        writer = subprocess.Popen(
            [sys.executable, "-m", "newscrawler", "crawl", site.url("/section/"), "--db", str(db),
             "--full", "--max-pages", "0", "-s", "NEWSCRAWLER_BATCH_SIZE=2",
             "-s", "NEWSCRAWLER_FLUSH_SECONDS=0.2"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=clean_env())
        readers = 0
        try:
            while writer.poll() is None and readers < 6:
                found = run_cli("search", "المدينة", "--db", str(db), "--json", timeout=60)
                assert found.returncode == 0, found.stderr
                assert json.loads(found.stdout)
                out = tmp_path / f"export-{readers}.jsonl"
                exported = run_cli("export", "--db", str(db), "-o", str(out), timeout=60)
                assert exported.returncode == 0, exported.stderr
                lines = out.read_text(encoding="utf-8").splitlines()
                assert all(json.loads(line)["title"] for line in lines)
                readers += 1
        finally:
            _, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err.decode()[-2000:]
    assert readers >= 2
    assert check_archive(db) == N_ARTICLES


def crawl_holding_the_lock(url: str, db: Path) -> subprocess.Popen:
    """``newscrawler crawl`` of the slow site, started, once it holds the lock (its run is
    recorded)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "newscrawler", "crawl", url, "--db", str(db), "--max-pages", "0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=clean_env())
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and last_run_id(db) == 0:
        time.sleep(0.1)
    return proc


def test_a_second_crawl_on_the_same_archive_exits_at_once(tmp_path):
    db = tmp_path / "news.db"
    with slow_site(delay=0.2) as site:
        url = site.url("/section/")
        with site.held("/section/page/4/"):  # the first run lasts until the second is done
            first = crawl_holding_the_lock(url, db)
            second = crawl(url, "--db", str(db), "--max-pages", "0", timeout=60)
        _, err = first.communicate(timeout=120)
    assert first.returncode == 0, err.decode()[-2000:]
    assert second.returncode == 4, second.stderr  # EXIT_LOCKED
    assert "Traceback" not in second.stderr and second.stderr.strip()
    assert second.seconds < 20
    assert check_archive(db) == N_ARTICLES


def scrapy_crawl(url: str, db: Path) -> subprocess.CompletedProcess:
    """``scrapy crawl section`` from the project directory, as the README shows it."""
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "section", "-a", f"url={url}",
         "-s", f"NEWSCRAWLER_DB={db}", "-s", "NEWSCRAWLER_MAX_PAGES=0"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env=clean_env())


def test_scrapy_crawl_takes_the_same_lock_and_archives_the_same_way(tmp_path):
    """``scrapy crawl`` beside a running ``newscrawler crawl`` of the same site closes before
    its first request, in one line, and leaves the running one's record alone; on its own it
    crawls into the archive like the CLI and leaves no lock file."""
    db = tmp_path / "news.db"
    with slow_site(delay=0.2) as site:
        url = site.url("/section/")
        with site.held("/section/page/4/"):  # the first run lasts until the second is done
            first = crawl_holding_the_lock(url, db)
            deadline = time.monotonic() + 30  # its run is recorded before it asks for robots.txt
            while "/robots.txt" not in site.requests and time.monotonic() < deadline:
                time.sleep(0.05)
            robots_before = site.requests.count("/robots.txt")  # every crawl asks for it first
            second = scrapy_crawl(url, db)
            robots_by_second = site.requests.count("/robots.txt") - robots_before
        _, err = first.communicate(timeout=120)
        assert first.returncode == 0, err.decode()[-2000:]
        assert "another crawl of 127.0.0.1" in second.stderr and "is running (pid" in second.stderr
        assert "Spider closed (locked)" in second.stderr
        assert "Traceback" not in second.stderr
        assert robots_by_second == 0  # it asked for nothing
        assert rows(db, "SELECT status FROM crawl_runs") == [("finished",)]
        assert check_archive(db) == N_ARTICLES
        # on its own: a run of its own, recorded as the CLI's are
        alone = scrapy_crawl(url, db)
        assert site.requests.count("/robots.txt") == robots_before + 1
    assert "Spider closed (finished)" in alone.stderr, alone.stderr[-2000:]
    assert rows(db, "SELECT status FROM crawl_runs") == [("finished",), ("finished",)]
    assert check_archive(db) == N_ARTICLES
    assert not list(tmp_path.glob("*.lock"))


def test_scrapy_crawl_into_a_file_that_is_no_archive_says_so_in_one_line(tmp_path):
    db = tmp_path / "notes.db"
    db.write_bytes(b"these are my notes, not an archive\n" * 100)
    before = db.read_bytes()
    with slow_site(delay=0) as site:
        result = scrapy_crawl(site.url("/section/"), db)
        assert site.requests == []
    assert f"{db} is not a newscrawler archive" in result.stderr
    assert "Spider closed (archive_error)" in result.stderr
    assert "Traceback" not in result.stderr
    assert db.read_bytes() == before
    assert not list(tmp_path.glob("*.lock"))


FULL_DISK = """
import sqlite3, sys
_connect = sqlite3.connect
def connect(*args, **kwargs):
    conn = _connect(*args, **kwargs)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {max(pages, 1) + 3}")  # the disk is full
    return conn
sqlite3.connect = connect
from newscrawler.cli import main
sys.argv[0] = "newscrawler"
main()
"""


def test_a_full_disk_is_a_clear_error_and_the_archive_stays_readable(tmp_path):
    """``PRAGMA max_page_count`` (a few pages over the archive's size, on every connection the
    crawl opens) stands in for a full disk."""
    db = tmp_path / "news.db"
    with slow_site(delay=0) as site:
        first = crawl(site.url("/section/"), "--db", str(db), "--max-pages", "1")
        assert first.returncode == 0, first.stderr[-2000:]
        before = check_archive(db)
        full = subprocess.run(
            [sys.executable, "-c", FULL_DISK, "crawl", site.url("/section/"), "--db", str(db),
             "--full", "--max-pages", "0"],
            capture_output=True, text=True, timeout=120, env=clean_env(), cwd=ROOT)
    assert full.returncode == 3, full.stderr[-2000:]  # an archive problem
    assert "is full" in full.stderr and "Traceback" not in full.stderr
    assert check_archive(db) == before
    assert run_cli("search", "المدينة", "--db", str(db)).returncode == 0
