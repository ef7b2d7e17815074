"""The alarm that limits a page read in the crawl's own process."""

from __future__ import annotations

import re
import signal
import threading
import time

import pytest

from newscrawler.crawl.deadline import DeadlinePassed, deadline


def test_a_python_loop_and_a_backtracking_regex_are_stopped():
    started = time.monotonic()
    with pytest.raises(DeadlinePassed), deadline(0.2):
        while True:
            pass
    with pytest.raises(DeadlinePassed), deadline(0.2):
        re.match(r"(a+)+$", "a" * 40 + "b")  # would run for hours
    assert time.monotonic() - started < 30
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL  # put back


def test_it_is_not_an_exception_that_a_page_reader_catches():
    with pytest.raises(DeadlinePassed), deadline(0.1):
        try:
            time.sleep(5)
        except Exception:  # what read_fetched_page does with a page's errors
            pytest.fail("caught as a page error")


def test_a_block_that_ends_in_time_leaves_no_alarm_behind():
    with deadline(0.2):
        pass
    time.sleep(0.4)  # an alarm left armed would end the process here (SIGALRM's default)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_no_limit_off_the_main_thread_or_when_sigalrm_is_taken():
    finished = []

    def work():
        with deadline(0.05):
            time.sleep(0.2)
        finished.append(True)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert finished == [True]

    rang = []
    previous = signal.signal(signal.SIGALRM, lambda *a: rang.append(True))
    try:
        with deadline(0.05):
            time.sleep(0.2)  # someone else's handler: theirs, not ours
        assert signal.getsignal(signal.SIGALRM) is not signal.SIG_DFL
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert rang == []
