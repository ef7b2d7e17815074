"""Commands that read the archive: search, export, stats."""

from __future__ import annotations

import gzip
import json
import os
import sys
import tempfile
from pathlib import Path

import click

from newscrawler.cli.base import cli, db_option, interactive, open_db


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


