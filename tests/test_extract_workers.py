"""Article pages read in worker processes (``NEWSCRAWLER_EXTRACT_WORKERS``): the same archive as
reading them inline, a worker killed mid-crawl loses no page, a hung one is stopped after
``NEWSCRAWLER_EXTRACT_TIMEOUT``, and neither a killed crawl nor Ctrl-C leaves a worker behind or
prints a traceback.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newscrawler.crawl.extraction import worker_count
from newscrawler.demo import SECTIONS, articles, serve_demo
from tests.helpers import clean_env, crawl, last_run_stats, rows
from tests.helpers.slow_site import N_ARTICLES, check_archive, slow_site
from tests.hostile import HostileSite, article_page, listing_page
from tests.hostile.server import PARAGRAPH, page

COLUMNS = "url, title, body, published, section, language, summary, image, content_hash, tags"


def archived(db: Path) -> tuple[list[tuple], list[tuple]]:
    """The articles' fields, and who wrote them."""
    articles = rows(db, f"SELECT {COLUMNS} FROM articles ORDER BY url")
    authors = rows(db, "SELECT a.url, au.name, au.kind FROM article_authors aa "
                       "JOIN articles a ON a.id = aa.article_id JOIN authors au ON au.id = aa.author_id "
                       "ORDER BY a.url, aa.position")
    return articles, authors


def children(pid: int) -> list[int]:
    return [int(c) for f in Path(f"/proc/{pid}/task").glob("*/children") for c in f.read_text().split()]


def workers_of(pid: int) -> list[int]:
    """The crawl's extraction workers: its children running the worker module."""
    found = []
    for child in children(pid):
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"newscrawler.crawl.extraction_worker" in cmdline:
            found.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for(condition, timeout: float = 60.0, step: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return condition()


def start_crawl(url: str, db: Path, *extra: str, **popen) -> subprocess.Popen:
    args = [sys.executable, "-m", "newscrawler", "crawl", url, "--db", str(db), "--max-pages", "0",
            "-s", "NEWSCRAWLER_EXTRACT_WORKERS=2", *extra]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=clean_env(), **popen)


def test_worker_count_setting():
    assert worker_count(0) == 0
    assert worker_count("3") == 3
    assert 0 <= worker_count("auto") <= 4
    assert worker_count(None) == worker_count("auto")
    with pytest.raises(ValueError, match="NEWSCRAWLER_EXTRACT_WORKERS"):
        worker_count("many")
    with pytest.raises(ValueError, match="0 \\(inline\\) or more"):
        worker_count(-1)


def test_workers_and_inline_reading_give_the_same_archive(tmp_path):
    """The demo site (bylines, dates, sections, tags, images) read both ways."""
    with serve_demo() as server:
        urls = [server.url(p) for p in SECTIONS.values()]
        for workers in (0, 2):
            db = tmp_path / f"w{workers}.db"
            run = crawl(*urls, "--db", str(db), "--max-pages", "0",
                        "-s", f"NEWSCRAWLER_EXTRACT_WORKERS={workers}")
            assert run.returncode == 0, run.stderr[-2000:]
            assert last_run_stats(db)["newscrawler/extract_workers"] == workers
            assert "Traceback" not in run.stderr
    (inline, inline_authors), pooled = archived(tmp_path / "w0.db"), archived(tmp_path / "w2.db")
    assert len(inline) == len(articles())
    assert all(row[3] for row in inline) and inline_authors  # dated, and bylines read
    assert pooled == (inline, inline_authors)


def test_a_killed_worker_is_replaced_and_no_page_is_lost(tmp_path):
    db = tmp_path / "news.db"
    with slow_site(delay=0.03) as site:
        proc = start_crawl(site.url("/section/"), db)
        try:
            workers = wait_for(lambda: workers_of(proc.pid))
            assert workers, "no extraction worker started"
            os.kill(workers[0], signal.SIGKILL)
            try:
                out, err = proc.communicate(timeout=120)
            except subprocess.TimeoutExpired:
                proc.kill()
                out, err = proc.communicate()
                pytest.fail("the crawl hung after its worker was killed:\n"
                            + err.decode("utf-8", "replace")[-3000:])
        finally:
            if proc.poll() is None:
                proc.kill()
    err = err.decode("utf-8", "replace")
    assert proc.returncode == 0, err[-2000:]
    assert "an extraction worker died" in err
    assert "Traceback" not in err
    assert check_archive(db) == N_ARTICLES


def test_a_killed_crawl_leaves_no_worker_behind(tmp_path):
    db = tmp_path / "news.db"
    with slow_site(delay=0.03) as site:
        proc = start_crawl(site.url("/section/"), db)
        workers = wait_for(lambda: workers_of(proc.pid))
        assert workers, "no extraction worker started"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        left = lambda: [p for p in workers if alive(p)]  # noqa: E731
        assert wait_for(lambda: not left(), timeout=15), f"orphaned processes: {left()}"
    check_archive(db)


def test_ctrl_c_stops_the_crawl_and_its_workers_quietly(tmp_path):
    """Ctrl-C at a terminal signals the whole process group: workers and crawl alike."""
    db = tmp_path / "news.db"
    with slow_site(delay=0.3) as site:  # slow enough that the crawl is still running
        proc = start_crawl(site.url("/section/"), db, "-s", "NEWSCRAWLER_BATCH_SIZE=5",
                           start_new_session=True)
        try:
            workers = wait_for(lambda: workers_of(proc.pid))
            assert workers, "no extraction worker started"
            assert wait_for(lambda: db.exists() and rows(db, "SELECT count(*) FROM articles")[0][0] > 0)
            os.killpg(proc.pid, signal.SIGINT)
            out, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
    err = err.decode("utf-8", "replace")
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err[-3000:]
    assert "interrupted:" in err
    assert proc.returncode != 0
    assert not any(alive(w) for w in workers)
    assert rows(db, "SELECT status FROM crawl_runs") == [("interrupted",)]
    stored = check_archive(db)
    assert 0 < stored <= N_ARTICLES


class _NoPool:
    """What a machine that cannot start more processes does."""

    async def read(self, page, settings):
        raise OSError("fork: Resource temporarily unavailable")

    async def close(self):
        pass


def test_without_a_working_pool_pages_are_read_inline(caplog):
    from types import SimpleNamespace

    from scrapy.settings import Settings
    from scrapy.statscollectors import MemoryStatsCollector

    from newscrawler import settings as defaults
    from newscrawler.crawl.pipelines import ExtractPipeline
    from newscrawler.items import ArticleHints, FetchedPage
    from tests.hostile.server import article_page

    settings = Settings()
    settings.setmodule(defaults)
    settings.set("NEWSCRAWLER_EXTRACT_WORKERS", 2)
    crawler = SimpleNamespace(settings=settings, spider=None, stats=None)
    crawler.stats = MemoryStatsCollector(crawler)
    pipeline = ExtractPipeline(crawler)
    pipeline.open_spider()
    pipeline.read_inline = pipeline.INLINE_FIRST  # past the inline start: the pool's turn
    pipeline.pool = _NoPool()
    page = FetchedPage(url="http://127.0.0.1:9/archives/1", status=200,
                       headers={"Content-Type": "text/html; charset=utf-8"},
                       body=article_page("عنوان الخبر").encode(), fetched_at="2026-11-28T12:00:00+00:00",
                       hints=ArticleHints(section="مجتمع"))
    item = asyncio.run(pipeline.process_item(page))
    assert item.article is not None and item.article.title == "عنوان الخبر"
    assert pipeline.pool is None
    assert crawler.stats.get_value("newscrawler/extract_workers") == 0
    assert crawler.stats.get_value("newscrawler/skipped/parse_error") is None
    assert "extraction workers unavailable (OSError" in caplog.text


POOL_SCRIPT = r"""
import asyncio, sys
from twisted.internet import asyncioreactor
loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
asyncioreactor.install(loop)
from twisted.internet import defer, reactor
from newscrawler.crawl.extraction import ExtractionPool, PoolUnavailable, WorkerDied
from newscrawler.extract.fetched import ReadSettings
from newscrawler.items import FetchedPage

async def main():
    pool = ExtractionPool(2)
    pool.COMMAND = (sys.executable, "-c", "import sys; sys.exit(3)")  # dies before answering
    page = FetchedPage(url="http://127.0.0.1:9/a", status=200, headers={}, body=b"<p>x</p>",
                       fetched_at="2026-11-28T12:00:00+00:00")
    outcomes = []
    for _ in range(3):
        try:
            await pool.read(page, ReadSettings(selectors={}))
            outcomes.append("read")
        except (WorkerDied, PoolUnavailable) as e:
            outcomes.append(type(e).__name__)
    await pool.close()
    print(outcomes, pool.unavailable)

def run():  # as Scrapy runs pipelines under the asyncio reactor: an asyncio task
    d = defer.Deferred.fromFuture(asyncio.ensure_future(main()))
    d.addErrback(lambda f: print("ERROR", f.getTraceback()))
    d.addBoth(lambda _: reactor.stop())
reactor.callWhenRunning(run)
reactor.run()
"""


def test_workers_that_die_before_answering_make_the_pool_unavailable():
    out = subprocess.run([sys.executable, "-c", POOL_SCRIPT], capture_output=True, text=True,
                         timeout=60, env=clean_env())
    assert "ERROR" not in out.stdout, out.stdout + out.stderr
    # two workers die on the first page (given up), the third death makes the pool unavailable
    assert out.stdout.startswith("['WorkerDied', 'PoolUnavailable', 'PoolUnavailable']"), out.stdout + out.stderr
    assert "3 workers in a row ended before their first page" in out.stdout


def test_a_hung_worker_is_stopped_and_its_page_skipped(tmp_path):
    """A worker that stops answering (SIGSTOP: as if stuck on a page) is killed after
    ``NEWSCRAWLER_EXTRACT_TIMEOUT``; the page it held is skipped and counted, the pages queued
    behind it are read by another worker, and the crawl ends."""
    db = tmp_path / "news.db"
    with slow_site(delay=0.03) as site:
        proc = start_crawl(site.url("/section/"), db, "-s", "NEWSCRAWLER_EXTRACT_TIMEOUT=2")
        try:
            assert wait_for(lambda: len(workers_of(proc.pid)) == 2), "no extraction workers"
            stopped = workers_of(proc.pid)[0]
            os.kill(stopped, signal.SIGSTOP)
            try:
                out, err = proc.communicate(timeout=120)
            except subprocess.TimeoutExpired:
                proc.kill()
                out, err = proc.communicate()
                pytest.fail("the crawl hung on a stopped worker:\n" + err.decode("utf-8", "replace")[-3000:])
        finally:
            if proc.poll() is None:
                proc.kill()
    err = err.decode("utf-8", "replace")
    assert proc.returncode == 0, err[-2000:]
    assert not alive(stopped)
    stats = last_run_stats(db)
    # It is stopped early in the crawl, and an idle worker is the first to get the next page:
    # it always holds one when the timeout comes.
    assert stats.get("newscrawler/skipped/extract_timeout") == 1
    assert stats.get("newscrawler/skipped/parse_error") == 1
    assert "took longer than 2 s" in err and "an extraction worker was stopped" in err
    assert "Traceback" not in err
    assert check_archive(db) == N_ARTICLES - 1
    pages = rows(db, "SELECT count(*) FROM pages")[0][0]
    assert pages >= N_ARTICLES  # every article page archived raw, the skipped one too


@pytest.mark.parametrize("workers", ["0", "2"])
def test_a_page_read_in_the_crawls_own_process_is_given_up_after_the_timeout(tmp_path, workers):
    """Pages read inline (no workers, or the first pages of a run, before the workers start)
    are held to NEWSCRAWLER_EXTRACT_TIMEOUT too. A 7 MB article takes seconds to read, past a
    timeout of 0.5 s (a usual page: 10-20 ms): it is skipped and counted, its raw page archived,
    and the crawl reads the rest."""
    db = tmp_path / "news.db"
    paths = [f"/archives/{8000 + i}" for i in range(6)]
    routes = {p: page(article_page(f"خبر عادي رقم {p[-1]} عن المدينة")) for p in paths}
    huge = "/archives/8100"
    routes[huge] = page(article_page("خبر طويل جدا عن المدينة",
                                     body=(PARAGRAPH + "</p><p>") * 45000))
    routes["/section/"] = page(listing_page([*paths[:3], huge, *paths[3:]]))
    with HostileSite(routes) as site:
        result = crawl(site.url("/section/"), "--db", str(db), "--max-pages", "0",
                       "-s", f"NEWSCRAWLER_EXTRACT_WORKERS={workers}",
                       "-s", "NEWSCRAWLER_EXTRACT_TIMEOUT=0.5", "-s", "DOWNLOAD_MAXSIZE=16000000")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert f"gave up reading {site.url(huge)}: it took longer than 0.5 s" in result.stderr
    stats = last_run_stats(db)
    assert stats.get("newscrawler/skipped/extract_timeout") == 1
    assert sorted(u.rsplit("/", 1)[1] for (u,) in rows(db, "SELECT url FROM articles")) == \
        [p.rsplit("/", 1)[1] for p in paths]
    assert rows(db, "SELECT count(*) FROM pages WHERE url = ?", (site.url(huge),)) == [(1,)]
