"""Reading article pages off the crawl's thread, in a pool of worker processes.

Scrapy runs every callback and pipeline on one thread, and reading a news page (parse, find
the article, normalize its dates and bylines) costs several times what fetching it does. So
the spider only hands the raw page on, and ``ExtractPipeline`` has it read by
``read_fetched_page`` in ``NEWSCRAWLER_EXTRACT_WORKERS`` processes while Scrapy keeps fetching.

Workers are forked from a fork server that has imported the extractor once (cheap to start,
and never a fork of the threaded crawl process). They are born with SIGINT blocked, so Ctrl-C
at a terminal (which signals the whole process group) reaches only the crawl, which stops
cleanly and closes the pool; and each ends itself when the crawl is gone (a crawl killed
with SIGKILL cannot close its pool).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import defer, reactor

from newscrawler.extract.fetched import ReadResult, ReadSettings, read_fetched_page
from newscrawler.items import FetchedPage

logger = logging.getLogger(__name__)

MAX_AUTO_WORKERS = 4


def worker_count(value: str | int | None) -> int:
    """``NEWSCRAWLER_EXTRACT_WORKERS``: a number, or ``auto`` (None): one per CPU this process
    may use, at most 4, and none (inline) on a single CPU, where a pool only adds copying."""
    if value in (None, "", "auto"):
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        return 0 if cpus < 2 else min(cpus, MAX_AUTO_WORKERS)
    try:
        count = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"NEWSCRAWLER_EXTRACT_WORKERS must be a number or 'auto', not {value!r}") from None
    if count < 0:
        raise ValueError("NEWSCRAWLER_EXTRACT_WORKERS must be 0 (inline) or more")
    return count


def _worker_started(crawl_pid: int) -> None:
    threading.Thread(target=_exit_with_crawl, args=(crawl_pid,), daemon=True,
                     name="newscrawler-orphan-watch").start()


def _exit_with_crawl(crawl_pid: int, interval: float = 0.5) -> None:
    """Watch the crawl process itself: a worker's parent is the fork server, which the
    workers themselves keep alive (each holds the server's liveness pipe), and its task queue
    never closes (each worker holds both ends)."""
    while _running(crawl_pid):
        time.sleep(interval)
    os._exit(1)


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"  # a zombie is gone too
    except FileNotFoundError:
        return False
    except OSError:  # no /proc here: ask the kernel whether the pid exists
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


class _SigintBlocked:
    """SIGINT blocked on this thread: processes started meanwhile inherit the mask (through
    fork and exec); a Ctrl-C that arrives meanwhile is delivered when it ends."""

    def __enter__(self) -> None:
        self._before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})

    def __exit__(self, *exc: object) -> None:
        signal.pthread_sigmask(signal.SIG_SETMASK, self._before)


class ExtractionPool:
    """A process pool for ``read_fetched_page`` whose results arrive on the reactor thread.

    A worker that dies (a crash in a C library on some page, the OOM killer) breaks the whole
    pool: it is replaced, and the pages that were in it are read once more in the new pool.
    """

    def __init__(self, workers: int):
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["newscrawler.extract.fetched"])
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context,
                                             initializer=_worker_started, initargs=(os.getpid(),))
        return self._pool

    async def read(self, page: FetchedPage, settings: ReadSettings) -> ReadResult:
        for attempt in (1, 2):
            executor = self._executor()
            try:
                return await self._submit(executor, page, settings)
            except BrokenProcessPool:
                if self._pool is executor:
                    logger.error("an extraction worker died; starting a new pool")
                    executor.shutdown(wait=False)
                    self._pool = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    @staticmethod
    async def _submit(executor: ProcessPoolExecutor, page: FetchedPage, settings: ReadSettings) -> ReadResult:
        done: defer.Deferred[ReadResult] = defer.Deferred()

        def settle(future: Future) -> None:  # on the pool's thread: hand over to the reactor
            if future.cancelled():
                error: BaseException | None = BrokenProcessPool("the pool was shut down")
            else:
                error = future.exception()
            if error is not None:
                reactor.callFromThread(done.errback, error)
            else:
                reactor.callFromThread(done.callback, future.result())

        with _SigintBlocked():  # submit starts the workers (and the fork server) on demand
            future = executor.submit(read_fetched_page, page, settings)
        future.add_done_callback(settle)
        return await maybe_deferred_to_future(done)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
