"""The real ``newscrawler`` CLI in a subprocess, with an environment free of our settings."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.peak import PeakWatcher

FIGURES = os.environ.get("NEWSCRAWLER_RELIABILITY_FIGURES")
"""When set, a JSON Lines file where the tests append the figures docs/reliability.md quotes."""


def clean_env() -> dict[str, str]:
    """This process's environment without any ``NEWSCRAWLER_*`` variable, so that a setting
    of the developer's shell (or of CI, like ``NEWSCRAWLER_REQUIRE_ALL``) cannot reach the
    command under test."""
    return {k: v for k, v in os.environ.items() if not k.startswith("NEWSCRAWLER_")}


def newscrawler(*args: str, cwd: Path | None = None, timeout: int = 180) -> subprocess.CompletedProcess:
    """``newscrawler ARGS`` as a user runs it: its exit code and text output."""
    return subprocess.run(
        [sys.executable, "-m", "newscrawler", *args],
        capture_output=True, text=True, timeout=timeout, cwd=cwd, env=clean_env(),
    )


@dataclass
class CrawlRun:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float
    timed_out: bool = False


def crawl(*args: str, timeout: float = 120) -> CrawlRun:
    """``newscrawler crawl ARGS`` in a subprocess: exit code, output, wall time, peak RSS."""
    return run_cli("crawl", *args, timeout=timeout)


def run_cli(*args: str, timeout: float = 120) -> CrawlRun:
    """``newscrawler ARGS``, measured (wall time, peak memory) and killed after ``timeout`` s."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "newscrawler", *args],
                                stdout=out, stderr=err, env=clean_env())
        timed_out = threading.Event()

        def kill():
            timed_out.set()
            os.kill(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        peak = PeakWatcher(proc.pid)
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
            peak.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        return CrawlRun(proc.returncode, out.read().decode("utf-8", "replace"),
                        err.read().decode("utf-8", "replace"), seconds,
                        peak.mb or usage.ru_maxrss / 1024, timed_out.is_set())


def record(name: str, **figures) -> None:
    """Append one test's figures to ``$NEWSCRAWLER_RELIABILITY_FIGURES`` (if set)."""
    if FIGURES:
        with open(FIGURES, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"test": name, **figures}, ensure_ascii=False) + "\n")
