"""What the crawl's extraction workers and a parallel export share: how many worker processes
to start, the pipes they talk over, and the libraries they (and the CLI) go without."""

from __future__ import annotations

import os
import sys

MAX_AUTO_WORKERS = 4
PIPE_BYTES = 1 << 20
_F_SETPIPE_SZ = 1031  # fcntl.F_SETPIPE_SZ, named there from Python 3.10 on Linux


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity), not all the machine has."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def worker_option(value: str | int | None, *, name: str, zero: str) -> int | None:
    """A number of worker processes as given: None for ``auto`` (or nothing), else a number
    ``>= 0``. ``name`` and ``zero`` (what 0 means) go into the ``ValueError`` of a bad value."""
    if value in (None, "", "auto"):
        return None
    try:
        count = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number or 'auto', not {value!r}") from None
    if count < 0:
        raise ValueError(f"{name} must be 0 ({zero}) or more")
    return count


def auto_workers() -> int:
    """``auto``: one per usable CPU, at most ``MAX_AUTO_WORKERS``; none on a single CPU, where
    a worker only adds copying."""
    cpus = usable_cpus()
    return 0 if cpus < 2 else min(cpus, MAX_AUTO_WORKERS)


def widen_pipe(fd: int) -> None:
    """Linux: let a pipe hold ``PIPE_BYTES`` (a whole page or frame in one write, not 64 KB at a
    time); elsewhere, or above ``/proc/sys/fs/pipe-max-size``, keep the default."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", _F_SETPIPE_SZ), PIPE_BYTES)
    except (ImportError, OSError):
        pass


def block_imports(*modules: str) -> None:
    """Make ``import`` of these modules fail (``ImportError``) in this process, unless they are
    imported already: for a worker whose libraries import heavy optional ones they only use
    when present (itemadapter imports Scrapy, sqlite-utils pandas and numpy), which the work
    of the worker never needs and which would cost it most of its start."""
    for name in modules:
        sys.modules.setdefault(name, None)


def import_without(module: str, *hidden: str) -> None:
    """Import ``module`` as if ``hidden`` were not installed, then let them be imported again.
    For the CLI: sqlite-utils imports pandas and numpy whenever they are installed (0.5 s of
    every command that opens an archive) to map their types, which our rows never hold; a
    pipeline or plugin of the user's that imports pandas later still gets it."""
    if module in sys.modules:
        return
    hide = [name for name in hidden if name not in sys.modules]
    for name in hide:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        __import__(module)
    finally:
        for name in hide:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
