"""The ``newscrawler`` command: parses options, calls the layers below, explains failures.

Exit codes: 0 success; 1 the crawl could not do its job (start URL unreachable, not HTML, no
article links); 2 a usage error; 3 an archive problem (unwritable path, locked, newer schema).
"""

from __future__ import annotations

import gzip
import json
import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import click

DEFAULT_DB = "output/news.db"
EXIT_CRAWL_FAILED = 1
EXIT_ARCHIVE = 3


class CrawlFailed(click.ClickException):
    exit_code = EXIT_CRAWL_FAILED


class ArchiveProblem(click.ClickException):
    exit_code = EXIT_ARCHIVE


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


def parse_setting(values: tuple[str, ...]) -> dict[str, str]:
    settings = {}
    for value in values:
        name, sep, setting = value.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{value!r} is not NAME=VALUE", param_hint="-s")
        settings[name.strip()] = setting
    return settings


def check_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise click.BadParameter(f"{url!r} is not an http(s) URL", param_hint="URL")
    return url.strip()


def check_timezone(name: str | None) -> str | None:
    if not name:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise click.BadParameter(f"unknown time zone {name!r} (e.g. Africa/Casablanca)", param_hint="--timezone") from None
    return name


def crawl_settings(db_path: str, *, verbose: int, quiet: bool, log_file: str | None,
                   timezone: str | None, site_name: str | None, extra: dict[str, str]) -> dict:
    level = {0: "ERROR", 1: "INFO"}.get(verbose, "DEBUG")
    overrides: dict = {
        "NEWSCRAWLER_DB": db_path,
        "LOG_LEVEL": level,
        "NEWSCRAWLER_PROGRESS": interactive() and not quiet and not verbose,
    }
    if log_file:
        overrides.update(LOG_FILE=log_file, LOG_LEVEL="INFO" if verbose == 0 else level)
    if timezone:
        overrides["NEWSCRAWLER_TIMEZONE"] = timezone
    if site_name:
        overrides["NEWSCRAWLER_SITE_NAME"] = site_name
    overrides.update(extra)
    return overrides


def do_crawl(urls: list[str], overrides: dict, max_pages: int | None):
    """Check the archive, crawl, and turn a crawl that could not start into a clear error."""
    from newscrawler.crawl.runner import project_settings, run_crawl

    open_db(overrides["NEWSCRAWLER_DB"], create=True).close()
    outcome = run_crawl(urls, project_settings(overrides), max_pages=max_pages)
    failures = outcome.start_failures
    if failures and len(failures) == len(urls):
        lines = [f"cannot crawl {url}: {why}" for url, why in failures.items()]
        raise CrawlFailed("\n".join(lines))
    if outcome.stored == 0 and outcome.stat("newscrawler/article_links") == 0:
        empty = [u for u in urls if u not in failures]
        raise CrawlFailed(
            "no article links found on " + ", ".join(empty)
            + " (is it a section or listing page of a news site?)"
        )
    return outcome


def summary_lines(outcome, db_path: str) -> list[str]:
    s = outcome.stat
    lines = [
        f"Stored {outcome.stored} articles (new {s('newscrawler/articles/new')}, "
        f"updated {s('newscrawler/articles/updated')}, unchanged {s('newscrawler/articles/unchanged')})"
        f" from {s('newscrawler/listing_pages')} listing pages and {s('newscrawler/article_pages')} article pages.",
    ]
    problems = []
    if s("newscrawler/dropped"):
        problems.append(f"dropped {s('newscrawler/dropped')} (no title or body)")
    if s("newscrawler/errors"):
        problems.append(f"{s('newscrawler/errors')} failed requests")
    skipped = sum(v for k, v in outcome.stats.items() if k.startswith("newscrawler/skipped/"))
    if skipped:
        problems.append(f"skipped {skipped} pages")
    for url, why in outcome.start_failures.items():
        problems.append(f"{url}: {why}")
    if problems:
        lines.append("Problems: " + "; ".join(problems) + ".")
    lines.append(f"Archive: {db_path}")
    return lines


@cli.command()
@click.argument("urls", nargs=-1, required=True, metavar="URL...")
@db_option()
@click.option("--max-pages", type=click.IntRange(min=0), default=None,
              help="Listing pages to follow per section (0 = all). Default: NEWSCRAWLER_MAX_PAGES (20).")
@click.option("--timezone", "timezone", default=None, help="The site's time zone for dates without an offset, e.g. Africa/Casablanca.")
@click.option("--site-name", default=None, help="The outlet's name, so bylines naming it count as an organization.")
@click.option("-s", "--set", "settings", multiple=True, metavar="NAME=VALUE", help="Any Scrapy or NEWSCRAWLER_* setting.")
@click.option("--log-file", type=click.Path(dir_okay=False), default=None, help="Write the crawl log here (INFO level).")
@click.option("-v", "--verbose", count=True, help="Log to stderr (-v info, -vv debug).")
@click.option("-q", "--quiet", is_flag=True, help="No progress line and no summary, only errors.")
def crawl(urls, db_path, max_pages, timezone, site_name, settings, log_file, verbose, quiet):
    """Crawl the articles of one or more section pages into the archive.

    Follows pagination and article links from each section URL (raw Arabic or
    percent-encoded), extracts every article and upserts it: crawling again updates, never
    duplicates. Quiet when not at a terminal unless something went wrong.

    \b
    Example:
      newscrawler crawl "https://alouma24.ma/archives/category/مجتمع" --max-pages 3 \\
          --timezone Africa/Casablanca --db output/alouma24.db
    """
    urls = [check_url(u) for u in urls]
    overrides = crawl_settings(
        db_path, verbose=verbose, quiet=quiet, log_file=log_file,
        timezone=check_timezone(timezone), site_name=site_name, extra=parse_setting(settings),
    )
    outcome = do_crawl(urls, overrides, max_pages)
    troubled = outcome.stat("newscrawler/errors") or outcome.start_failures
    if (interactive() or verbose or troubled) and not (quiet and not troubled):
        for line in summary_lines(outcome, db_path):
            click.echo(line, err=True)


@cli.command()
@click.argument("query")
@db_option()
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per hit.")
def search(query, db_path, limit, as_json):
    """Full-text search of titles and bodies, Arabic-aware.

    Diacritics and spelling variants of alef, ya and ta marbuta don't matter; every word must
    match; a word ending in * matches as a prefix.

    \b
    Example:
      newscrawler search "التعليم" --limit 5
      newscrawler search "مدين*" --json
    """
    from newscrawler.archive.search import SearchError
    from newscrawler.archive.search import search as run_search

    with open_db(db_path) as archive:
        try:
            hits = run_search(archive, query, limit=limit)
        except SearchError as e:
            raise click.UsageError(str(e)) from None
    if as_json:
        for hit in hits:
            click.echo(json.dumps(hit.__dict__, ensure_ascii=False))
        return
    if not hits:
        click.echo(f"no articles match {query!r}", err=True)
        return
    for hit in hits:
        click.echo(f"{(hit.published or '')[:10]:10}  {hit.title}")
        click.echo(f"{'':10}  {hit.section or ''} · {hit.url}")
        click.echo(f"{'':10}  {hit.snippet}\n")


@cli.command()
@db_option()
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              show_default=True, help="File to write (.jsonl, or .jsonl.gz for gzip); - for stdout.")
def export(db_path, output):
    """Export every article as JSON Lines (UTF-8, Arabic unescaped, one article per line).

    A file is written under a temporary name and renamed when complete: an interrupted export
    never leaves a half-written file.

    \b
    Example:
      newscrawler export -o output/articles.jsonl
      newscrawler export | jq .title
    """
    from newscrawler.archive.export import export_jsonl

    with open_db(db_path) as archive:
        if output == "-":
            count = export_jsonl(archive, sys.stdout)
        else:
            target = Path(output)
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            os.close(fd)
            try:
                opener = gzip.open if target.suffix == ".gz" else open
                with opener(tmp, "wt", encoding="utf-8") as fh:
                    count = export_jsonl(archive, fh)
                os.replace(tmp, target)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
            if interactive():
                click.echo(f"exported {count} articles to {target}", err=True)


@cli.command()
@db_option()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def stats(db_path, as_json):
    """What the archive holds: articles per site and section, authors, dates, recent runs.

    \b
    Example:
      newscrawler stats --db output/demo.db
    """
    from newscrawler.archive.stats import archive_stats

    with open_db(db_path) as archive:
        data = archive_stats(archive)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"{data['articles']} articles, {data['authors']} authors, "
               f"{data['organizations']} organizations")
    click.echo(f"published {data['first_published'] or '?'} … {data['last_published'] or '?'}")
    click.echo("\nby section:")
    for site, section, n in data["by_section"]:
        click.echo(f"  {n:6}  {site} / {section}")
    if data["top_authors"]:
        click.echo("\ntop authors:")
        for name, n in data["top_authors"]:
            click.echo(f"  {n:6}  {name}")
    if data["runs"]:
        click.echo("\nlast runs:")
        for run in data["runs"]:
            rid, started, _, status, new, upd, same, dropped, errors = run
            click.echo(f"  #{rid} {started} {status}: new {new}, updated {upd}, unchanged {same}, "
                       f"dropped {dropped}, errors {errors}")


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--url", required=True, help="The URL the page was fetched from.")
@click.option("--timezone", default=None, help="The site's time zone for dates without an offset.")
def extract(file, url, timezone):
    """Print the Article extracted from one saved page, as JSON.

    FILE may be gzipped (.gz) or - for standard input.

    \b
    Example:
      newscrawler extract page.html --url https://example.ma/archives/123
    """
    from newscrawler.extract import extract_article

    if file == "-":
        data = sys.stdin.buffer.read()
    else:
        data = Path(file).read_bytes()
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except OSError as e:
            raise click.ClickException(f"{file}: damaged gzip file ({e})") from None
    article = extract_article(data, check_url(url), tz=check_timezone(timezone))
    click.echo(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))


@cli.command()
@db_option("output/demo.db")
@click.option("--export", "export_path", type=click.Path(dir_okay=False), default="output/demo.jsonl",
              show_default=True, help="Where to write the JSON Lines export of the demo archive.")
def demo(db_path, export_path):
    """Serve the bundled Arabic demo site on 127.0.0.1, crawl it, and summarize.

    \b
    Example:
      newscrawler demo
      newscrawler demo --db /tmp/demo.db
    """
    from newscrawler.archive.export import export_jsonl
    from newscrawler.archive.search import search as run_search
    from newscrawler.archive.stats import archive_stats
    from newscrawler.demo import SECTIONS, serve_demo

    with serve_demo() as server:
        urls = [server.url(path) for path in SECTIONS.values()]
        click.echo(f"Demo site: {server.base_url} ({len(urls)} sections)", err=True)
        overrides = crawl_settings(db_path, verbose=0, quiet=False, log_file=None,
                                   timezone="Africa/Casablanca", site_name=None, extra={})
        outcome = do_crawl(urls, overrides, max_pages=0)
    for line in summary_lines(outcome, db_path):
        click.echo(line)
    with open_db(db_path) as archive:
        data = archive_stats(archive)
        click.echo(f"\nThe archive holds {data['articles']} articles:")
        for _site, section, n in data["by_section"]:
            click.echo(f"  {n:4}  {section}")
        word = example_word(archive)
        if word:
            hits = run_search(archive, word, limit=3)
            click.echo(f"\nExample search: newscrawler search {word} --db {db_path}")
            for hit in hits:
                click.echo(f"  {(hit.published or '')[:10]}  {hit.title}")
        target = Path(export_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8") as fh:
            count = export_jsonl(archive, fh)
    click.echo(f"\nArchive: {db_path}\nExport:  {target} ({count} lines)")


def example_word(archive) -> str | None:
    """A word from a stored title that makes a good example search (long, so it is specific)."""
    row = archive.conn.execute("SELECT title FROM articles ORDER BY id LIMIT 1").fetchone()
    if not row or not row[0]:
        return None
    words = [w.strip("«»\"'،,.:؛") for w in row[0].split()]
    return max(words, key=len) if words else None


def main() -> None:
    cli(prog_name="newscrawler")


if __name__ == "__main__":
    main()
