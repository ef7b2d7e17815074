"""What every command shares: the group, the --db option, errors with their exit codes.

Exit codes: 0 success; 1 the crawl could not do its job (start URL unreachable, not HTML, no
article links); 2 a usage error; 3 an archive problem (unwritable path, locked, newer schema);
4 another crawl of the same site into the same archive is running; 5 interrupted (SIGTERM or
Ctrl-C: what was stored is kept and the run is recorded as interrupted).
"""

from __future__ import annotations

import sys

import click

DEFAULT_DB = "output/news.db"
EXIT_CRAWL_FAILED = 1
EXIT_ARCHIVE = 3
EXIT_LOCKED = 4
EXIT_INTERRUPTED = 5
EXIT_BUDGET = 6  # a safety budget (pages per run or section) ended the crawl early


class CrawlFailed(click.ClickException):
    exit_code = EXIT_CRAWL_FAILED


class ArchiveProblem(click.ClickException):
    exit_code = EXIT_ARCHIVE


class AlreadyRunning(click.ClickException):
    exit_code = EXIT_LOCKED


def db_option(default: str = DEFAULT_DB):
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False),
        default=default,
        show_default=True,
        envvar="NEWSCRAWLER_DB",
        help="The SQLite archive.",
    )


def interactive() -> bool:
    return sys.stderr.isatty()


def open_db(path: str, *, create: bool = False):
    from newscrawler.archive import ArchiveError, open_archive

    try:
        return open_archive(path, create=create)
    except ArchiveError as e:
        raise ArchiveProblem(str(e)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newscrawler")
def cli() -> None:
    """Crawl Arabic news sites into a clean, searchable SQLite archive.

    \b
    Example:
      newscrawler demo
      newscrawler crawl "https://alouma24.ma/archives/category/مجتمع" --max-pages 3
      newscrawler search "التعليم" --limit 5
      newscrawler export -o output/articles.jsonl
    """


