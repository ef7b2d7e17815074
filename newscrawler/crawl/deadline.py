"""A time limit on work done on the crawl's own thread (pages read inline), by ``SIGALRM``.

Extraction workers are given up on from outside (``crawl/extraction.py``), but a page read in the
crawl's own process (no workers, or the first pages of a run) has nobody to stop it but an alarm.
Python runs the alarm's handler between two bytecodes, so a loop in Python code or a regular
expression backtracking (``re`` checks for signals) is stopped at once, and a single long call
into C (libxml2's parse, linear in the page's size) when it returns.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class DeadlinePassed(BaseException):
    """Raised in the block when its time is up. A ``BaseException``, so that the ``except
    Exception`` that turns a page's errors into a counted skip does not catch it."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise ``DeadlinePassed`` in the block if it runs longer than ``seconds``. Nothing is
    limited off the main thread (only it receives signals), with ``seconds <= 0``, without
    ``setitimer``, or when another handler already owns ``SIGALRM``."""
    if (seconds <= 0 or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, signal.SIG_IGN, None)):
        yield
        return
    armed = True

    def on_alarm(signum, frame):
        if armed:  # not once the block is over, between its end and the disarming
            raise DeadlinePassed(seconds)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
