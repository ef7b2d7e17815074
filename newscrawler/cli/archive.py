"""Commands that read the archive: search, export (JSON Lines, CSV, Parquet or WARC), stats."""

from __future__ import annotations

import gzip
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import click

from newscrawler.cli.base import cli, db_option, interactive, open_db


def _check_day(ctx, param, value):
    if value is None:
        return None
    from newscrawler.archive.filters import FilterError, parse_day

    try:
        return parse_day(value, option=f"--{param.name}")
    except FilterError as e:
        raise click.BadParameter(str(e).split(": ", 1)[1]) from None


def filter_options(command: Callable) -> Callable:
    """--site, --section, --author, --since, --until: the filters every archive command shares."""
    options = [
        click.option("--site", default=None, help="Only this site (host name as stored)."),
        click.option("--section", default=None, help="Only this section (spelling variants match)."),
        click.option("--author", default=None, help="Only articles by this author (spelling variants match)."),
        click.option("--since", default=None, callback=_check_day, metavar="DATE",
                     help="Published on or after this ISO date (2024-05-01)."),
        click.option("--until", default=None, callback=_check_day, metavar="DATE",
                     help="Published on or before this ISO date (the whole day)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def make_filter(site, section, author, since, until, one_per_story=False):
    from newscrawler.archive.filters import ArticleFilter

    return ArticleFilter(site=site, section=section, author=author, since=since, until=until,
                         one_per_story=one_per_story)


one_per_story_option = click.option(
    "--one-per-story", is_flag=True,
    help="One article per story: the original (first published) of copies across sites.")


@contextmanager
def atomic_output(path: str, mode: str = "wt"):
    """A file written under a temporary name and renamed when complete (gzip for ``.gz``)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; the result is an ordinary file
    try:
        if "b" in mode:
            fh = open(tmp, mode)  # noqa: SIM115
        elif target.suffix == ".gz":
            from newscrawler.archive.export import GZIP_LEVEL

            fh = gzip.open(tmp, mode, encoding="utf-8", compresslevel=GZIP_LEVEL)
        else:
            fh = open(tmp, mode, encoding="utf-8")  # noqa: SIM115
        with fh:
            yield fh
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@cli.command()
@click.argument("query")
@db_option()
@filter_options
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="The hits as one JSON array.")
@click.option("--jsonl", "as_jsonl", is_flag=True, help="One JSON object per hit and line.")
@one_per_story_option
def search(query, db_path, site, section, author, since, until, limit, as_json, as_jsonl,
           one_per_story):
    """Full-text search of titles and bodies, Arabic-aware.

    Diacritics and the spellings of alef, ya and ta marbuta don't matter, and a word finds its
    forms with the article and attached particles (الاتجار finds والاتجار, للاتجار, بالاتجار).
    Every word must match; "a phrase" matches exactly; word* matches as a prefix; OR between
    two words accepts either; -word excludes. Results are ranked (bm25), best first.

    \b
    Example:
      newscrawler search "التعليم" --limit 5
      newscrawler search '"الاتجار بالبشر" -المغرب' --since 2024-01-01 --jsonl
      newscrawler search "مدين*" --section مجتمع --json
      newscrawler search "التعليم" --one-per-story
    """
    from newscrawler.archive.search import SearchError
    from newscrawler.archive.search import search as run_search

    filters = make_filter(site, section, author, since, until, one_per_story)
    with open_db(db_path) as archive:
        try:
            hits = run_search(archive, query, limit=limit, filters=filters)
        except SearchError as e:
            raise click.UsageError(str(e)) from None
    if as_json:
        click.echo(json.dumps([h.__dict__ for h in hits], ensure_ascii=False, indent=2))
        return
    if as_jsonl:
        for hit in hits:
            click.echo(json.dumps(hit.__dict__, ensure_ascii=False))
        return
    if not hits:
        click.echo(f"no articles match {query!r}", err=True)
        return
    for rank, hit in enumerate(hits, 1):
        byline = "، ".join(hit.authors)
        click.echo(f"{rank:>3}. {(hit.published or '')[:10]:10}  {hit.title}")
        click.echo(f"     {'':10}  {hit.site or ''} · {hit.section or ''}"
                   + (f" · {byline}" if byline else ""))
        click.echo(f"     {'':10}  {hit.snippet}")
        click.echo(f"     {'':10}  {hit.url}\n")


@cli.command()
@db_option()
@filter_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              show_default=True,
              help="File to write: .jsonl, .csv, .parquet (.jsonl.gz, .csv.gz for gzip); - for stdout.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"], case_sensitive=False),
              default=None, help="Format (default: from the file name, else jsonl).")
@click.option("--fields", default=None, metavar="A,B,…",
              help="Only these fields, in this order (default: all).")
@click.option("--dataset-card", is_flag=True,
              help="Also write README.md beside the file: a dataset card (fields, sites, dates, "
                   "counts) that the Hugging Face datasets library reads.")
@click.option("--warc", "warc_path", type=click.Path(dir_okay=False), default=None,
              help="Write the stored raw responses as WARC records to this file (.warc.gz) instead.")
@click.option("--jobs", default="auto", show_default=True, metavar="N|auto",
              help="Processes that read and format JSON Lines side by side (auto: one per CPU, up "
                   "to 4, from 20,000 articles on; 0: all in this process). Same lines, same order.")
@one_per_story_option
def export(db_path, site, section, author, since, until, output, fmt, fields, dataset_card,
           warc_path, jobs, one_per_story):
    """Export articles as JSON Lines (UTF-8, Arabic unescaped, one article per line), CSV or
    Parquet, or the stored raw responses as a WARC file.

    The format follows from the file name (.jsonl, .csv, .parquet; .gz compresses JSON Lines
    and CSV) or --format. Parquet is typed: authors a list of {name, kind}, tags a list of
    strings, dates UTC timestamps with each page's offset beside them (published_offset, in
    minutes); it needs pyarrow (pip install 'newscrawler[parquet]'). In CSV, lists are JSON
    text. Dates in JSON Lines and CSV are ISO 8601 with their offsets. A file is written under
    a temporary name and renamed when complete: an interrupted export never leaves a
    half-written file. The filters apply to the articles; --warc writes every stored page.

    \b
    Example:
      newscrawler export -o output/articles.jsonl.gz --section مجتمع --since 2024-01-01
      newscrawler export -o output/dataset/articles.parquet --dataset-card
      newscrawler export --format csv --fields url,title,published > titles.csv
      newscrawler export --warc output/pages.warc.gz
      newscrawler export --one-per-story -o output/originals.jsonl
    """
    from newscrawler.archive.export import (
        ExportError,
        export_jsonl,
        export_jsonl_gzip,
        parse_fields,
    )
    from newscrawler.archive.export_formats import export_csv, export_format
    from newscrawler.archive.export_parallel import export_jobs
    from newscrawler.archive.export_parquet import export_parquet, require_pyarrow

    if warc_path and (fmt or dataset_card):
        raise click.UsageError("--format and --dataset-card are for articles, not --warc")
    if warc_path:
        from newscrawler.archive.warc import write_warc

        with open_db(db_path) as archive, atomic_output(warc_path, "wb") as fh:
            count = write_warc(archive, fh, gzip=warc_path.endswith(".gz"))
        if interactive():
            click.echo(f"wrote {count} responses to {warc_path}", err=True)
        return
    try:
        fmt, compressed = export_format(output, fmt.lower() if fmt else None)
    except ExportError as e:
        raise click.UsageError(str(e)) from None
    if dataset_card and output == "-":
        raise click.UsageError("--dataset-card writes README.md beside the export: give -o FILE")
    try:
        names = parse_fields(fields)
    except ExportError as e:
        raise click.BadParameter(str(e), param_hint="--fields") from None
    try:
        export_jobs(jobs, 0)
    except ExportError as e:
        raise click.BadParameter(str(e), param_hint="--jobs") from None
    filters = make_filter(site, section, author, since, until, one_per_story)
    try:  # before anything is written
        if fmt == "parquet":
            require_pyarrow()
        if dataset_card:
            from newscrawler.archive.dataset_card import check_card

            check_card(output)
    except ExportError as e:
        raise click.ClickException(str(e)) from None
    options = {"fields": names, "filters": filters}
    progress = ExportProgress() if interactive() and output != "-" else None
    with open_db(db_path) as archive:
        try:
            if output == "-":
                if fmt == "csv":
                    sys.stdout.flush()
                    export_csv(archive, sys.stdout.buffer, **options, gzip=compressed)
                else:
                    export_jsonl(archive, sys.stdout, **options, jobs=jobs)
                return
            if fmt == "parquet":
                with atomic_output(output, "wb") as fh:
                    count = export_parquet(archive, fh, **options, progress=progress)
            elif fmt == "csv":
                with atomic_output(output, "wb") as fh:
                    count = export_csv(archive, fh, **options, gzip=compressed, progress=progress)
            elif compressed:
                with atomic_output(output, "wb") as fh:
                    count = export_jsonl_gzip(archive, fh, **options, jobs=jobs, progress=progress)
            else:
                with atomic_output(output) as fh:
                    count = export_jsonl(archive, fh, **options, jobs=jobs, progress=progress)
            card = _write_card(archive, output, fmt, names, count, filters) if dataset_card else None
        except ExportError as e:
            raise click.ClickException(str(e)) from None
        finally:
            if progress is not None:
                progress.clear()
    if interactive():
        took = f" in {progress.elapsed():.1f} s" if progress is not None else ""
        click.echo(f"exported {count:,} articles to {output}{took}"
                   + (f"; dataset card {card}" if card else ""), err=True)


def _write_card(archive, output: str, fmt: str, fields, count: int, filters) -> Path:
    from newscrawler.archive.dataset_card import card_for

    path, text = card_for(archive, output, fmt=fmt, fields=fields, count=count, filters=filters)
    with atomic_output(str(path)) as fh:
        fh.write(text)
    return path


class ExportProgress:
    """One rewritten stderr line while a file is written: articles so far and their rate."""

    INTERVAL = 0.5

    def __init__(self) -> None:
        self.start = time.monotonic()
        self._last = self.start - self.INTERVAL  # the first chunk shows
        self._shown = False

    def __call__(self, count: int) -> None:
        now = time.monotonic()
        if now - self._last < self.INTERVAL:
            return
        self._last = now
        rate = count / max(now - self.start, 1e-9)
        click.echo(f"\rexporting: {count:,} articles, {rate:,.0f}/s ", err=True, nl=False)
        self._shown = True

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def clear(self) -> None:
        if self._shown:
            click.echo("\r\033[K", err=True, nl=False)
            self._shown = False


@cli.command()
@db_option()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def stats(db_path, as_json):
    """What the archive holds: articles per site and section, bar charts of articles per
    month and per day, coverage gaps, top authors, recent runs.

    The charts fit the terminal's width (80 columns when not writing to a terminal); a long
    archive is charted per quarter or per year instead of per month.

    \b
    Example:
      newscrawler stats --db output/demo.db
      newscrawler stats --json | jq .by_month
      newscrawler stats --json | jq .gaps
    """
    from newscrawler.archive.stats import archive_stats
    from newscrawler.report.bars import terminal_width

    with open_db(db_path) as archive:
        data = archive_stats(archive)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    cov = data["coverage"]
    click.echo(f"{data['articles']} articles, {data['authors']} authors, "
               f"{data['organizations']} organizations, {data['pages']} stored pages, "
               f"{data['revisions']} earlier versions")
    click.echo(f"published {cov['first_published'] or '?'} … {cov['last_published'] or '?'} "
               f"({cov['months']} months; {cov['undated']} undated)")
    click.echo(f"crawled {cov['first_seen'] or '?'} … {cov['last_crawled'] or '?'}")
    click.echo("\nby site:")
    for site, n in data["by_site"]:
        click.echo(f"  {n:6}  {site}")
    click.echo("\nby section:")
    for site, section, n in data["by_section"]:
        click.echo(f"  {n:6}  {site} / {section}")
    for line in date_charts(data["by_day"], cov["undated"], cov["last_day"], terminal_width()):
        click.echo(line)
    if data["gaps"]:
        click.echo("\ncoverage gaps (days without an article on a site that publishes most days):")
        for site, gaps in data["gaps"].items():
            shown = gaps[-GAPS_SHOWN:]
            more = f" (and {len(gaps) - len(shown)} earlier)" if len(gaps) > len(shown) else ""
            click.echo(f"  {site}: " + ", ".join(
                g["start"] if g["days"] == 1 else f"{g['start']} … {g['end']} ({g['days']} days)"
                for g in shown) + more)
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


CHART_ROWS = 24
RECENT_DAYS = 31
RECENT_WEEKS = 26
GAPS_SHOWN = 5


def date_charts(days: dict[str, int], undated: int, end: str | None, width: int) -> list[str]:
    """The month chart (per quarter or year when months would not fit in ``CHART_ROWS`` lines)
    and the chart of the archive's last ``RECENT_DAYS`` days (``RECENT_WEEKS`` weeks when most
    of those days are empty)."""
    from datetime import date, timedelta

    from newscrawler.report.bars import chart, fit, series

    if not days:
        return [f"\nno dated articles ({undated} undated)"]
    grain, rows = fit(days, CHART_ROWS, ("month", "quarter", "year"))
    note = f" ({undated:,} undated not shown)" if undated else ""
    lines = [f"\nby {grain}{note}:", *chart(rows, width)]
    end = end or max(days)
    grain, back = "day", RECENT_DAYS - 1
    start = max(min(days), (date.fromisoformat(end) - timedelta(days=back)).isoformat())
    recent = series(days, grain, start, end)
    if sum(1 for _, n in recent if n) * 2 < len(recent):  # mostly empty days: weeks say more
        grain, back = "week", RECENT_WEEKS * 7 - 1
        start = max(min(days), (date.fromisoformat(end) - timedelta(days=back)).isoformat())
        recent = series(days, grain, start, end)
    lines += [f"\nby {grain}, {start} … {end}:", *chart(recent, width)]
    return lines
