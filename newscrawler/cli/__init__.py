"""The ``newscrawler`` command: parses options, calls the layers below, explains failures.

One module per group of commands; each registers itself on the ``cli`` group when imported.
Exit codes: 0 success; 1 the crawl could not do its job (start URL unreachable, not HTML, no
article links); 2 a usage error; 3 an archive problem (unwritable path, locked, newer schema);
4 another crawl of the same site into the same archive is running; 5 interrupted.
"""

from newscrawler.cli import (  # noqa: F401  (registers commands)
    archive,
    crawl,
    demo,
    extract,
    reparse,
    report,
    runs,
    serve,
    sites,
    stories,
    worker,
)
from newscrawler.cli.base import cli
from newscrawler.workers import import_without


def main() -> None:
    import_without("sqlite_utils", "pandas", "numpy")
    try:
        cli(prog_name="newscrawler")
    except KeyboardInterrupt:
        # A crawl handles Ctrl-C itself (it flushes and records the run); this is for the rest.
        raise SystemExit("interrupted") from None


__all__ = ["cli", "main"]
