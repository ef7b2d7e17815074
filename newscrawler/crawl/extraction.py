"""Reading article pages off the crawl's thread, in a pool of worker processes.

Scrapy runs every callback and pipeline on one thread, and reading a news page (parse, find
the article, normalize its dates and bylines) costs several times what fetching it does. So
the spider only hands the raw page on, and ``ExtractPipeline`` has it read by
``read_fetched_page`` in ``NEWSCRAWLER_EXTRACT_WORKERS`` processes while Scrapy keeps fetching.

The workers (``extraction_worker.py``) are plain child processes that Twisted's reactor talks to
over pipes: pages are written and Articles read by the reactor itself, with no thread in the
crawl process competing with it for the GIL. They are started with SIGINT blocked, so Ctrl-C at
a terminal (which signals the whole process group) reaches only the crawl, which stops cleanly
and then closes their input; and a worker ends when its input ends, which is also what a crawl
killed with SIGKILL leaves it: no orphan.
"""

from __future__ import annotations

import functools
import itertools
import logging
import os
import pickle
import signal
import sys
import time

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import defer, protocol, reactor, task
from twisted.internet.error import ProcessExitedAlready
from twisted.internet.main import CONNECTION_DONE, CONNECTION_LOST
from twisted.python.failure import Failure

from newscrawler.crawl.extraction_worker import FRAME, PageRead
from newscrawler.extract.fetched import ReadSettings
from newscrawler.items import FetchedPage
from newscrawler.workers import auto_workers, widen_pipe, worker_option

logger = logging.getLogger(__name__)

READ_SIZE = 1 << 20  # bytes read from a worker at once: its pipe holds as much (widen_pipe)


class WorkerDied(RuntimeError):
    """The worker reading a page ended before answering (a crash, the OOM killer)."""


class PoolUnavailable(RuntimeError):
    """Workers cannot run here: they cannot be started, or die before their first answer."""


class PageTimedOut(RuntimeError):
    """A page took longer than ``NEWSCRAWLER_EXTRACT_TIMEOUT`` to read; its worker was stopped."""


def worker_count(value: str | int | None) -> int:
    """``NEWSCRAWLER_EXTRACT_WORKERS``: a number, or ``auto`` (None): one per CPU this process
    may use, at most 4, and none (inline) on a single CPU, where a pool only adds copying."""
    count = worker_option(value, name="NEWSCRAWLER_EXTRACT_WORKERS", zero="inline")
    return auto_workers() if count is None else count


class _SigintBlocked:
    """SIGINT blocked on this thread: processes started meanwhile inherit the mask (through
    fork and exec); a Ctrl-C that arrives meanwhile is delivered when it ends."""

    def __enter__(self) -> None:
        self._before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})

    def __exit__(self, *exc: object) -> None:
        signal.pthread_sigmask(signal.SIG_SETMASK, self._before)


class _Worker(protocol.ProcessProtocol):
    """One worker process: frames out on its stdin, answers parsed from its stdout."""

    def __init__(self, pool: ExtractionPool):
        self.pool = pool
        self.jobs: dict[int, defer.Deferred] = {}  # in the order sent, which the worker keeps
        self.buffer = bytearray()
        self.answered = 0
        self.busy_since: float | None = None  # when the worker began its current page
        self.timed_out = False
        self.ended: defer.Deferred[None] = defer.Deferred()

    def send(self, job: int, data: bytes) -> defer.Deferred:
        answer: defer.Deferred[PageRead] = defer.Deferred()
        if not self.jobs:
            self.busy_since = time.monotonic()
        self.jobs[job] = answer
        self._write(FRAME.pack(job, len(data)) + data)
        return answer

    def _write(self, data: bytes) -> None:
        """Write a frame now when nothing waits before it, and leave only what the pipe could
        not take to Twisted: its ``write`` waits for the next turn of the loop, registering the
        pipe with the selector and unregistering it again, for every page."""
        writer = self.transport.pipes.get(0)
        idle = (writer is not None and writer.connected and not writer.disconnecting
                and not getattr(writer, "_tempDataLen", 1))  # fmt: skip
        if idle and writer.offset >= len(writer.dataBuffer):
            try:
                written = os.write(writer.fd, data)
            except OSError:
                written = 0  # full (EAGAIN), or broken: Twisted's write reports that
            data = data[written:]
        if data:
            self.transport.write(data)

    def outReceived(self, data: bytes) -> None:
        self.buffer += data
        while len(self.buffer) >= FRAME.size:
            job, size = FRAME.unpack_from(self.buffer)
            if len(self.buffer) < FRAME.size + size:
                return
            result = pickle.loads(self.buffer[FRAME.size : FRAME.size + size])
            del self.buffer[: FRAME.size + size]
            self.answered += 1
            answer = self.jobs.pop(job, None)
            self.busy_since = time.monotonic() if self.jobs else None
            if answer is not None:
                answer.callback(result)

    def stop_overdue(self, timeout: float) -> None:
        """The current page took too long: give it up (it is not read again) and kill the
        worker; the pages queued behind it go to another (``processEnded``)."""
        if self.jobs:
            job = next(iter(self.jobs))
            self.jobs.pop(job).errback(PageTimedOut(f"reading it took longer than {timeout:g} s"))
        self.timed_out = True
        self.busy_since = None
        _kill(self)

    def processEnded(self, reason: Failure) -> None:
        jobs, self.jobs = self.jobs, {}
        self.pool.ended(self, reason, pending=len(jobs))
        for answer in jobs.values():
            answer.errback(WorkerDied(f"the extraction worker ended: {reason.value}"))
        self.ended.callback(None)


def _read_pipe(reader) -> object:
    """``ProcessReader.doRead`` reading up to ``READ_SIZE`` bytes: Twisted's reads 8 KB, which
    takes three turns of the reactor's loop for one page's answer."""
    try:
        data = os.read(reader.fd, READ_SIZE)
    except (BlockingIOError, InterruptedError):
        return None
    except OSError:
        return CONNECTION_LOST
    if not data:
        return CONNECTION_DONE
    reader.dataReceived(data)
    return None


def _kill(worker: _Worker) -> None:
    try:
        worker.transport.signalProcess("KILL")
    except ProcessExitedAlready:
        pass


class ExtractionPool:
    """Worker processes for ``read_fetched_page``, started on demand up to ``workers``; each
    page goes to the one with the fewest pages waiting.

    A worker that dies is replaced, and the pages it held are read once more by another; a
    page on which two workers die is given up (the caller counts it). Workers that keep dying
    before their first answer (a broken installation) make the pool unavailable: the caller
    then reads pages itself.
    """

    FAILED_STARTS = 3
    CLOSE_GRACE = 10.0  # seconds a worker has to end once its input is closed
    START_GRACE = 30.0  # more seconds for a worker's first page: it imports the extraction first
    COMMAND = (sys.executable, "-m", "newscrawler.crawl.extraction_worker")

    def __init__(self, workers: int, timeout: float | None = None):
        self.workers = workers
        self.timeout = timeout or None  # seconds a page may take (NEWSCRAWLER_EXTRACT_TIMEOUT)
        self._watch: task.LoopingCall | None = None
        self._running: list[_Worker] = []
        self._jobs = itertools.count()
        self._closing = False
        self._failed_starts = 0
        self.unavailable: str | None = None

    def _spawn(self) -> _Worker:
        worker = _Worker(self)
        if self.timeout and self._watch is None:
            self._watch = task.LoopingCall(self._stop_overdue)
            self._watch.start(min(1.0, self.timeout / 4), now=False)
        with _SigintBlocked():  # inherited through fork and exec: Ctrl-C is the crawl's
            reactor.spawnProcess(worker, self.COMMAND[0], list(self.COMMAND), env=dict(os.environ),
                                 childFDs={0: "w", 1: "r", 2: 2})  # fmt: skip
        for pipe in worker.transport.pipes.values():
            widen_pipe(pipe.fileno())
        reader = worker.transport.pipes[1]
        reader.doRead = functools.partial(_read_pipe, reader)
        self._running.append(worker)
        return worker

    def _least_busy(self) -> _Worker:
        idle = min(self._running, key=lambda w: len(w.jobs), default=None)
        if idle is None or (idle.jobs and len(self._running) < self.workers):
            return self._spawn()
        return idle

    async def read(self, page: FetchedPage, settings: ReadSettings) -> PageRead:
        data = pickle.dumps((page, settings), pickle.HIGHEST_PROTOCOL)
        for attempt in (1, 2):
            if self.unavailable:
                raise PoolUnavailable(self.unavailable)
            try:
                return await maybe_deferred_to_future(self._least_busy().send(next(self._jobs), data))
            except WorkerDied:
                if attempt == 2 and not self.unavailable:
                    raise
        raise PoolUnavailable(self.unavailable or "unreachable")

    def _stop_overdue(self) -> None:
        now = time.monotonic()
        for worker in list(self._running):
            limit = self.timeout + (0 if worker.answered else self.START_GRACE)
            if worker.busy_since is not None and now - worker.busy_since > limit:
                self._running.remove(worker)  # no page is sent to it while it is dying
                worker.stop_overdue(self.timeout)

    def ended(self, worker: _Worker, reason: Failure, pending: int) -> None:
        if worker in self._running:
            self._running.remove(worker)
        if self._closing:
            return
        if worker.timed_out:  # stopped on purpose, for one page: not a broken installation
            logger.error("an extraction worker was stopped: a page took longer than %g s to "
                         "read; %d pages it held go to another", self.timeout, pending)
            return
        self._failed_starts = 0 if worker.answered else self._failed_starts + 1
        if self._failed_starts >= self.FAILED_STARTS:
            self.unavailable = f"{self._failed_starts} workers in a row ended before their first page ({reason.value})"
        logger.error("an extraction worker died (%s); %d pages it held go to another",
                     reason.value, pending)

    async def close(self) -> None:
        """Close the workers' input and wait for them to end."""
        self._closing = True
        if self._watch is not None and self._watch.running:
            self._watch.stop()
        running = list(self._running)
        for worker in running:
            worker.transport.closeStdin()
        # Idle workers end at once; one that does not (stopped, stuck) is killed.
        kills = [reactor.callLater(self.CLOSE_GRACE, _kill, worker) for worker in running]
        for worker in running:
            await maybe_deferred_to_future(worker.ended)
        for call in kills:
            if call.active():
                call.cancel()
