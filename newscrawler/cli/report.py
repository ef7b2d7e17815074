"""`newscrawler report`: the archive's coverage as one self-contained HTML page."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import click

from newscrawler.cli.archive import atomic_output
from newscrawler.cli.base import cli, db_option, interactive, open_db


@cli.command()
@db_option()
@click.option("-o", "--output", type=click.Path(dir_okay=False), default="output/report.html",
              show_default=True, help="The HTML file to write.")
@click.option("--sections", type=click.IntRange(min=0), default=30, show_default=True,
              help="Chart this many of the busiest sections.")
def report(db_path, output, sections):
    """Write the archive's coverage as one HTML file that opens without a network: articles
    per day per site and per section, coverage gaps (days on which a site that publishes most
    days has no article, usually a crawl that failed), authors, crawl runs and their outcomes,
    and, when the archive groups copies into stories, the stories with the most copies.

    The file is written under a temporary name and renamed when complete. At a terminal a
    summary line follows; from cron nothing is printed unless something goes wrong.

    \b
    Example:
      newscrawler report --db output/news.db -o output/report.html
      newscrawler report --db output/demo.db -o /tmp/demo.html && xdg-open /tmp/demo.html
    """
    from newscrawler.archive.coverage import coverage_report
    from newscrawler.report.html import render_report

    started = time.monotonic()
    if interactive():
        click.echo("reading the archive…", err=True, nl=False)
    try:
        with open_db(db_path) as archive:
            data = coverage_report(archive, sections=sections)
    finally:
        if interactive():
            click.echo("\r\033[K", err=True, nl=False)
    generated = datetime.now(UTC).isoformat(timespec="seconds")
    page = render_report(data, title=Path(db_path).name, generated=generated)
    try:
        with atomic_output(output) as fh:
            fh.write(page)
    except OSError as e:
        raise click.ClickException(f"cannot write {output}: {e.strerror or e}") from None
    if interactive():
        gaps = sum(len(check["gaps"]) for check in data["gaps"].values())
        click.echo(f"wrote {output}: {data['articles']:,} articles, {data['sites']} sites, "
                   f"{gaps} coverage gap{'s' * (gaps != 1)}, in {time.monotonic() - started:.1f} s",
                   err=True)
