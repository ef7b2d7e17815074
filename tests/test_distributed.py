"""The distributed crawl (issue 17): a writer and worker processes around a real redis-server.

Everything is real: ``redis-server`` on a free port (tests/services/redis.py), the CLI in
subprocesses (``newscrawler crawl … --redis`` and ``newscrawler worker``), HTTP servers on
127.0.0.1, SQLite archives compared row by row with a single-process crawl of the same site.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newscrawler.demo import SECTIONS, serve_demo
from tests.helpers.cli import clean_env, newscrawler
from tests.hostile.server import PARAGRAPH, article_page, listing_page, send
from tests.services.redis import redis_server, start_redis  # noqa: F401  (fixture)

ARTICLES_PER_LISTING = 10


class TimedSite:
    """A news site whose every answer waits ``latency`` seconds, with a log of when each
    request arrived and left (for the politeness checks) and ``articles`` article pages."""

    def __init__(self, articles: int = 40, latency: float = 0.0, host: str = "127.0.0.1"):
        self.latency = latency
        self.failing: set[int] = set()  # article numbers that answer 500
        self.log: list[tuple[float, float, str]] = []  # (arrived, answered, path)
        self.lock = threading.Lock()
        self.articles = articles
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                arrived = time.monotonic()
                time.sleep(site.latency)
                status, body = site.answer(self.path)
                with site.lock:  # logged before the answer leaves: nothing can come after it sooner
                    site.log.append((arrived, time.monotonic(), self.path))
                send(self, status, body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://{host}:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def answer(self, path: str) -> tuple[int, str]:
        if path.startswith("/section"):
            number = int(path.strip("/").rsplit("/", 1)[1]) if "/page/" in path else 1
            first = (number - 1) * ARTICLES_PER_LISTING  # newest first, as news sites list
            ids = [self.articles - 1 - i for i in range(first, min(first + ARTICLES_PER_LISTING, self.articles))]
            more = first + ARTICLES_PER_LISTING < self.articles
            links = [f"/archives/{1000 + i}" for i in ids]
            return 200, listing_page(links, next_url=f"/section/page/{number + 1}/" if more else None)
        if path.startswith("/archives/"):
            n = path.rsplit("/", 1)[1]
            if int(n) - 1000 in self.failing:
                return 500, "<h1>server error</h1>"
            return 200, article_page(f"خبر رقم {n} عن المدينة", body=f"{PARAGRAPH * 4} رقم {n}")
        return 404, "<h1>not found</h1>"

    @property
    def start_url(self) -> str:
        return self.base_url + "/section"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def redis_url(redis_server):  # noqa: F811
    redis_server.flush()
    return redis_server.url


def env() -> dict:
    return clean_env()


def start_worker(url: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "newscrawler", "worker", "--redis", url, *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env())


def start_writer(url: str, db: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "newscrawler", "crawl", *args, "--db", str(db), "--redis", url],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env())


def finish(process: subprocess.Popen, timeout: float = 120) -> tuple[int, str]:
    try:
        _, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
        pytest.fail(f"{process.args[3]} did not end: {err[-2000:]}")
    return process.returncode, err


def stop_all(processes: list[subprocess.Popen]) -> None:
    for p in processes:
        if p.poll() is None:
            p.terminate()
    for p in processes:
        try:
            p.wait(20)
        except subprocess.TimeoutExpired:
            p.kill()


def query(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def articles(db: Path) -> list[tuple]:
    return query(db, "SELECT url, content_hash FROM articles ORDER BY url")


RUN_TOTALS = ("requests, responses, listing_pages, articles_new, articles_updated, "
              "articles_unchanged, articles_dropped, errors, responses_by_status, status")


def distributed_crawl(url: str, db: Path, crawl_args: list[str], workers: int = 1,
                      worker_args: tuple[str, ...] = ()) -> tuple[int, str, list[str]]:
    started = [start_worker(url, "--once", *worker_args) for _ in range(workers)]
    try:
        code, err = finish(start_writer(url, db, *crawl_args))
        worker_errors = [finish(w, 60)[1] for w in started]
    finally:
        stop_all(started)
    return code, err, worker_errors


# -- the same archive -----------------------------------------------------------------------------
def test_writer_and_three_workers_make_the_archive_one_process_makes(redis_url, tmp_path):
    with serve_demo() as demo:
        urls = [demo.url(p) for p in SECTIONS.values()]
        args = [*urls, "--max-pages", "0", "--timezone", "Africa/Casablanca"]
        single = newscrawler("crawl", *args, "--db", str(tmp_path / "one.db"))
        assert single.returncode == 0, single.stderr
        code, err, worker_errors = distributed_crawl(redis_url, tmp_path / "many.db", args, workers=3)
    assert code == 0, err
    assert not [e for e in worker_errors if "ERROR" in e or "Traceback" in e], worker_errors
    one, many = tmp_path / "one.db", tmp_path / "many.db"
    assert len(articles(one)) > 20
    assert articles(many) == articles(one)  # the same articles, the same content hashes
    assert query(many, f"SELECT {RUN_TOTALS} FROM crawl_runs") == \
        query(one, f"SELECT {RUN_TOTALS} FROM crawl_runs")
    assert query(many, "SELECT count(*), count(DISTINCT url) FROM pages") == \
        query(one, "SELECT count(*), count(DISTINCT url) FROM pages")
    # the run left nothing behind in Redis for the next one
    import redis

    assert redis.Redis.from_url(redis_url).keys("newscrawler:{*") == []


def test_incremental_run_skips_what_the_archive_holds(redis_url, tmp_path):
    """Workers cannot see the SQLite file: the archived set in Redis answers them."""
    site = TimedSite(articles=25)
    db = tmp_path / "news.db"
    try:
        first = newscrawler("crawl", site.start_url, "--db", str(db), "--max-pages", "2")
        assert first.returncode == 0, first.stderr
        site.articles = 30  # five new ones on top of the first listing page
        assert len(articles(db)) == 20
        before = len(site.log)
        code, err, _ = distributed_crawl(redis_url, db, [site.start_url, "--max-pages", "0"])
        fetched = [p for _, _, p in site.log[before:] if p.startswith("/archives/")]
    finally:
        site.stop()
    assert code == 0, err
    assert len(articles(db)) == 25
    assert sorted(fetched) == [f"/archives/{1000 + i}" for i in range(25, 30)]  # only the new
    assert query(db, "SELECT articles_new FROM crawl_runs ORDER BY id DESC LIMIT 1") == [(5,)]


def test_articles_that_fail_in_the_workers_are_kept_pending_for_the_next_run(redis_url, tmp_path):
    """The failures happen in the workers; the writer records them as one process would, and
    the next run asks for them again."""
    site = TimedSite(articles=20)
    site.failing = {3, 12, 17}
    db = tmp_path / "news.db"
    args = [site.start_url, "--max-pages", "0"]
    try:
        code, err, _ = distributed_crawl(redis_url, db, args, workers=2)
        assert code == 0, err
        assert len(articles(db)) == 17
        assert query(db, "SELECT url, reason, tries FROM pending_links ORDER BY url") == [
            (f"{site.base_url}/archives/{1000 + n}", "HTTP 500", 1) for n in (3, 12, 17)]
        site.failing = set()  # the server is well again; nothing new was published
        code, err, _ = distributed_crawl(redis_url, db, args, workers=2)
    finally:
        site.stop()
    assert code == 0, err
    assert len(articles(db)) == 20
    assert query(db, "SELECT count(*) FROM pending_links") == [(0,)]
    assert query(db, "SELECT articles_new FROM crawl_runs ORDER BY id") == [(17,), (3,)]


# -- faults ---------------------------------------------------------------------------------------
def wait_for(predicate, timeout: float = 60, what: str = "the condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def article_requests(site: TimedSite) -> int:
    return sum(1 for _, _, p in list(site.log) if p.startswith("/archives/"))


def test_a_killed_worker_s_requests_are_retried_by_the_others(redis_url, tmp_path):
    site = TimedSite(articles=60, latency=0.15)
    db = tmp_path / "news.db"
    fast_timeout = ("-s", "NEWSCRAWLER_REDIS_WORKER_TIMEOUT=2")
    victim = start_worker(redis_url, "--once")
    survivor = None
    try:
        writer = start_writer(redis_url, db, site.start_url, "--max-pages", "0", *fast_timeout)
        wait_for(lambda: article_requests(site) >= 10, what="articles being fetched")
        victim.send_signal(signal.SIGKILL)  # mid-crawl, with requests in flight
        survivor = start_worker(redis_url, "--once")  # only the other one is left to fetch them
        code, err = finish(writer)
        finish(survivor, 60)
    finally:
        stop_all([p for p in (victim, survivor) if p])
        site.stop()
    assert code == 0, err
    stored = query(db, "SELECT url FROM articles")
    assert len(stored) == 60 == len(set(stored))  # nothing lost, nothing stored twice
    assert query(db, "SELECT count(*) FROM pages") == [(60,)]
    stats = query(db, "SELECT stats FROM crawl_runs")[0][0]
    assert '"newscrawler/distributed/workers_lost": 1' in stats
    assert '"newscrawler/distributed/requeued": ' in stats  # its leases went back


def test_a_killed_writer_restarted_picks_up_the_unacknowledged_rows(redis_url, tmp_path):
    site = TimedSite(articles=60, latency=0.1)
    db = tmp_path / "news.db"
    crawl = [site.start_url, "--max-pages", "0", "-s", "NEWSCRAWLER_FLUSH_SECONDS=30"]
    worker = start_worker(redis_url)
    try:
        writer = start_writer(redis_url, db, *crawl)
        wait_for(lambda: article_requests(site) >= 20, what="articles being fetched")
        writer.send_signal(signal.SIGKILL)  # its buffer (up to 30 s of rows) was never committed
        writer.wait(10)
        kept = len(query(db, "SELECT url FROM articles"))
        assert kept < 20  # rows were in flight, unacknowledged, when it died
        code, err = finish(start_writer(redis_url, db, *crawl))
    finally:
        stop_all([worker])
        site.stop()
    assert code == 0, err
    stored = query(db, "SELECT url FROM articles")
    assert len(stored) == 60 == len(set(stored))
    assert query(db, "SELECT status FROM crawl_runs ORDER BY id") == [("killed",), ("finished",)]
    assert article_requests(site) == 60  # the rows came from Redis, not from fetching again


def test_redis_down_at_start_is_one_line_and_an_exit_code(tmp_path):
    from tests.services.redis import free_port

    url = f"redis://127.0.0.1:{free_port()}/0"
    writer = newscrawler("crawl", "http://127.0.0.1:9/section", "--db", str(tmp_path / "n.db"),
                         "--redis", url)
    worker = newscrawler("worker", "--redis", url)
    for result in (writer, worker):
        assert result.returncode == 1
        assert result.stderr.strip().splitlines() == [f"Error: cannot reach Redis at {url}: connection refused"]
    bad = newscrawler("worker", "--redis", "http://127.0.0.1:6379")
    assert bad.returncode == 2 and "not a Redis URL" in bad.stderr and "Traceback" not in bad.stderr


def test_redis_lost_mid_crawl_stops_the_run_as_interrupted(tmp_path):
    own = start_redis()  # this one gets killed
    site = TimedSite(articles=80, latency=0.1)
    db = tmp_path / "news.db"
    worker = start_worker(own.url)
    try:
        writer = start_writer(own.url, db, site.start_url, "--max-pages", "0",
                              "-s", "NEWSCRAWLER_FLUSH_SECONDS=0.5")
        wait_for(lambda: article_requests(site) >= 20, what="articles being fetched")
        wait_for(lambda: db.exists() and query(db, "SELECT count(*) FROM articles")[0][0] > 0,
                 what="a first batch committed")
        own.kill()
        code, err = finish(writer, 60)
        worker_code, worker_err = finish(worker, 60)
    finally:
        stop_all([worker])
        own.stop()
        site.stop()
    assert code == 5, err
    assert "lost the connection to Redis" in err and "Traceback" not in err
    assert query(db, "SELECT status FROM crawl_runs") == [("interrupted",)]
    message = query(db, "SELECT message FROM crawl_runs")[0][0]
    assert message.startswith("lost the connection to Redis")
    assert 0 < len(query(db, "SELECT url FROM articles")) < 80  # what was committed is kept
    assert worker_code == 5 and "lost the connection to Redis" in worker_err


# -- politeness -----------------------------------------------------------------------------------
def test_politeness_holds_across_workers(redis_url, tmp_path):
    """Three workers, one site allowing one request at a time and 0.3 s between two starts:
    the server's own log shows never two at once, never more than 11 starts in any 3 s (3 / 0.3
    and one for the window's edge), and no two starts closer than 0.3 s give or take 0.1 s of
    scheduling on a busy shared machine (three workers each keeping the delay on their own
    would start requests within milliseconds of each other)."""
    site = TimedSite(articles=20, latency=0.05)
    polite = ["-s", "DOWNLOAD_DELAY=0.3", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
              "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RANDOMIZE_DOWNLOAD_DELAY=False"]
    try:
        code, err, worker_errors = distributed_crawl(
            redis_url, tmp_path / "news.db",
            [site.start_url, "--max-pages", "0", *polite, "-s", "NEWSCRAWLER_REDIS_WORKER_TIMEOUT=1.5"],
            workers=3)  # slots renewed every 0.5 s: a crawl of several seconds renews them often
        log = sorted(site.log)
    finally:
        site.stop()
    assert code == 0, err
    assert not [e for e in worker_errors if "ERROR" in e or "Traceback" in e], worker_errors
    assert len(articles(tmp_path / "news.db")) == 20
    starts = [arrived for arrived, _, _ in log]
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    overlaps = [(a, b) for a, b in zip(log, log[1:], strict=False) if b[0] < a[1]]
    assert overlaps == []
    assert max(sum(1 for s in starts if t <= s < t + 3.0) for t in starts) <= 11  # 3 / 0.3 + 1
    assert min(gaps) >= 0.2, sorted(gaps)[:5]


# -- docs/scale.md --------------------------------------------------------------------------------
def test_the_systemd_units_are_valid():
    """The units docs/scale.md gives for N machines parse, and the commands they start are
    valid newscrawler command lines (parsed by the CLI itself, not run)."""
    import configparser
    import re
    import shlex

    from newscrawler.cli import cli
    from tests.conftest import ROOT

    text = (ROOT / "docs" / "scale.md").read_text(encoding="utf-8")
    units = dict(re.findall(r"```ini\n# file: (\S+)\n(.*?)```", text, re.S))
    assert set(units) == {"newscrawler-worker.service", "newscrawler-crawl.service",
                          "newscrawler-crawl.timer"}
    commands = []
    for name, body in units.items():
        unit = configparser.ConfigParser(strict=True, interpolation=None)
        unit.optionxform = str  # systemd keys are case-sensitive
        unit.read_string(body)
        kind = name.rsplit(".", 1)[1]
        assert unit.has_section("Unit") and unit.has_section(kind.capitalize()), name
        if kind == "service":
            argv = shlex.split(unit["Service"]["ExecStart"])
            assert argv[0].endswith("/bin/newscrawler")
            commands.append(argv[1:])
        else:
            assert unit["Timer"]["OnCalendar"]
    assert sorted(c[0] for c in commands) == ["crawl", "worker"]
    for argv in commands:
        assert "--redis" in argv
        group_ctx = cli.make_context("newscrawler", list(argv))
        command = cli.get_command(group_ctx, argv[0])
        command.make_context(argv[0], list(argv[1:]))  # raises on an unknown option or bad value


def test_a_slow_answer_keeps_its_politeness_slot(redis_url, tmp_path):
    """A slot lives as long as its worker's heartbeat and is renewed while its request is in
    flight: answers slower than NEWSCRAWLER_REDIS_WORKER_TIMEOUT still never overlap."""
    site = TimedSite(articles=4, latency=1.6)
    try:
        code, err, worker_errors = distributed_crawl(
            redis_url, tmp_path / "news.db",
            [site.start_url, "--max-pages", "0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
             "-s", "NEWSCRAWLER_REDIS_WORKER_TIMEOUT=1"], workers=2,
            worker_args=("-s", "CONCURRENT_REQUESTS=1"))  # each worker holds one: both wait
        log = sorted(site.log)
    finally:
        site.stop()
    assert code == 0, err
    assert not [e for e in worker_errors if "ERROR" in e or "Traceback" in e], worker_errors
    assert len(articles(tmp_path / "news.db")) == 4
    assert [(a, b) for a, b in zip(log, log[1:], strict=False) if b[0] < a[1]] == []


def test_backfill_and_all_sites_are_refused_with_redis(tmp_path):
    """Both are one-process modes: a usage error, before anything is contacted."""
    db = str(tmp_path / "news.db")
    backfill = newscrawler("crawl", "http://127.0.0.1:9/section", "--db", db, "--backfill",
                           "--redis", "redis://127.0.0.1:9/0")
    assert backfill.returncode == 2 and "--backfill runs in one process" in backfill.stderr
    every = newscrawler("crawl", "--all-sites", "--db", db, "--redis", "redis://127.0.0.1:9/0")
    assert every.returncode == 2 and "--redis" in every.stderr
