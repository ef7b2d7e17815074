"""Peak memory of a process and its workers, polled from /proc (tests and benchmarks)."""

from __future__ import annotations

import os
import threading
from pathlib import Path


class PeakWatcher:
    """Peak memory of the crawl: its own peak RSS (``VmHWM``, reset at exec), or the memory of
    the crawl and its extraction workers together (summed PSS) when that is more, polled from
    /proc.

    ``ru_maxrss`` of a child counts the RSS of the parent it was forked from (Linux keeps the
    high-water mark across exec), so a big pytest process would make every crawl look big; and
    it leaves out the workers' memory.
    """

    def __init__(self, pid: int, interval: float = 0.05, pss_interval: float | None = None):
        """Poll every ``interval`` s; the summed PSS only every ``pss_interval`` s (default: each
        poll). Reading ``smaps_rollup`` walks a process's page tables (~5 ms for 200 MB), which
        slows what is measured: a benchmark polls it less often."""
        self.pid = pid
        self.mb = 0.0
        self.own_cpu = 0.0  # CPU seconds of the crawl's own process, as last seen
        self._pss_every = max(1, round((pss_interval or interval) / interval))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, args=(interval,), daemon=True)
        self._thread.start()

    @staticmethod
    def _status_kb(pid: int, field: str) -> int:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
        return 0

    @staticmethod
    def _pss_kb(pid: int) -> int:
        """Proportional set size: a page shared by n processes (libraries mapped by the crawl
        and its workers) counts 1/n in each, so the sum over processes counts it once."""
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return PeakWatcher._status_kb(pid, "VmRSS:")

    def _tree_kb(self) -> int:
        """Memory of the crawl and all its descendants (its extraction workers)."""
        total, todo = 0, [self.pid]
        while todo:
            pid = todo.pop()
            try:
                total += self._pss_kb(pid)
                for children in Path(f"/proc/{pid}/task").glob("*/children"):
                    todo += [int(c) for c in children.read_text().split()]
            except (OSError, ValueError):
                pass
        return total

    def _poll(self, interval: float) -> None:
        ticks = os.sysconf("SC_CLK_TCK")
        polls = 0
        while not self._stop.is_set():
            try:
                kb = self._status_kb(self.pid, "VmHWM:")
                if polls % self._pss_every == 0:
                    kb = max(kb, self._tree_kb())
                polls += 1
                self.mb = max(self.mb, kb / 1024)
                fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
                self.own_cpu = (int(fields[11]) + int(fields[12])) / ticks  # without children
            except (OSError, ValueError, IndexError):
                pass
            self._stop.wait(interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
