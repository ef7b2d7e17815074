"""The per-site crawl lock: one holder at a time, and no lock file left once it is let go."""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import time
from pathlib import Path

import pytest

from newscrawler.crawl.lock import CrawlLock, CrawlLocked


def _try(db: str, site: str, answer) -> None:
    try:
        with CrawlLock(db, site):
            answer.put("taken")
    except CrawlLocked as e:
        answer.put(str(e))


def taken_by_another_process(db, site: str) -> str:
    answer = multiprocessing.Queue()
    other = multiprocessing.Process(target=_try, args=(str(db), site, answer))
    other.start()
    other.join(30)
    return answer.get(timeout=5)


def test_one_holder_at_a_time_and_no_file_left(tmp_path):
    db = tmp_path / "news.db"
    with CrawlLock(db, "127.0.0.1:8000") as lock:
        assert lock.path.exists()
        said = taken_by_another_process(db, "127.0.0.1:8000")
        assert re.fullmatch(r"another crawl of 127\.0\.0\.1:8000 into this archive is running "
                            rf"\(pid {os.getpid()}, started .*\); this run exits without crawling", said)
        assert taken_by_another_process(db, "other.example") == "taken"  # another site, another lock
        # in this process the lock is held once more (the CLI's, taken again by the pipeline),
        # and letting go of that does not let go of the first
        with CrawlLock(db, "127.0.0.1:8000"):
            pass
        assert lock.path.exists()
        assert taken_by_another_process(db, "127.0.0.1:8000") != "taken"
    assert list(tmp_path.iterdir()) == []
    assert taken_by_another_process(db, "127.0.0.1:8000") == "taken"


def _hold_until_killed(db: str, ready) -> None:
    CrawlLock(db, "example.ma").acquire()
    ready.set()
    time.sleep(60)


def test_a_killed_holders_file_is_taken_then_removed(tmp_path):
    db = tmp_path / "news.db"
    ready = multiprocessing.Event()
    holder = multiprocessing.Process(target=_hold_until_killed, args=(str(db), ready))
    holder.start()
    assert ready.wait(30)
    with pytest.raises(CrawlLocked):
        CrawlLock(db, "example.ma").acquire()
    os.kill(holder.pid, signal.SIGKILL)
    holder.join()
    lock = CrawlLock(db, "example.ma")
    assert lock.path.exists()  # what the killed run left
    with lock:
        pass
    assert not lock.path.exists()


def _contend(db: str, counter: str, seconds: float, acquired) -> None:
    """Take and let go of the lock as fast as possible; inside it, read-sleep-write a counter
    (two holders at once would lose increments)."""
    end = time.monotonic() + seconds
    mine = 0
    while time.monotonic() < end:
        try:
            lock = CrawlLock(db, "example.ma")
            lock.acquire()
        except CrawlLocked:
            continue
        try:
            value = int(Path(counter).read_text() or 0)
            time.sleep(0.0002)
            Path(counter).write_text(str(value + 1))
            mine += 1
        finally:
            lock.release()
    with acquired.get_lock():
        acquired.value += mine


def test_deleting_the_file_on_release_never_lets_two_runs_hold_the_lock(tmp_path):
    """A run that opened the file just before the holder deleted it must not lock the deleted
    file while a third run holds a new one."""
    db, counter = tmp_path / "news.db", tmp_path / "counter"
    counter.write_text("0")
    acquired = multiprocessing.Value("i", 0)
    workers = [multiprocessing.Process(target=_contend, args=(str(db), str(counter), 2.0, acquired))
               for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert acquired.value > 100
    assert int(counter.read_text()) == acquired.value
