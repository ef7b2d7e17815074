"""`newscrawler stories`: the articles published more than once (copies across sites or within
one), and `--rebuild` to recompute them all."""

from __future__ import annotations

import json
from dataclasses import asdict

import click

from newscrawler.cli.base import ArchiveProblem, cli, db_option, interactive, open_db


@cli.command()
@db_option()
@click.option("--min-sites", type=click.IntRange(min=1), default=1, show_default=True,
              help="Only stories published on at least this many sites.")
@click.option("--min-copies", type=click.IntRange(min=1), default=2, show_default=True,
              help="Only stories with at least this many articles (1 lists every article).")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="At most this many stories (newest first).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per story and line.")
@click.option("--rebuild", is_flag=True,
              help="Recompute every story from the article bodies first (after a change of "
                   "threshold, or to split stories that edits pulled apart).")
def stories(db_path, min_sites, min_copies, limit, as_json, rebuild):
    """Stories told more than once: articles whose bodies are the same text (a dispatch
    republished with an agency line added or cut, a paragraph dropped, another title), with
    the original (first published) and each copy's similarity to it.

    \b
    Example:
      newscrawler stories --db output/demo.db
      newscrawler stories --min-sites 2 --json | jq .copies
      newscrawler stories --rebuild
    """
    import sqlite3

    from newscrawler.archive.stories import list_stories, rebuild_archive

    with open_db(db_path) as archive:
        if rebuild:
            try:
                placed = rebuild_archive(archive, progress=_progress() if interactive() else None)
            except sqlite3.Error as e:
                from newscrawler.archive.db import describe_sqlite_error

                raise ArchiveProblem(describe_sqlite_error(e, archive.path)) from None
            if interactive():
                click.echo(f"\rrecomputed the stories of {placed:,} articles\033[K", err=True)
        found = 0
        for story in list_stories(archive.conn, min_copies=min_copies, min_sites=min_sites,
                                  limit=limit):
            found += 1
            if as_json:
                click.echo(json.dumps(asdict(story), ensure_ascii=False))
                continue
            click.echo(f"story {story.id}: {story.copies} copies on {story.sites} "
                       f"site{'s' if story.sites > 1 else ''}, first published "
                       f"{(story.first_published or '?')[:16]}")
            for copy in story.articles:
                mark = "original" if copy.id == story.original else f"{copy.similarity:.2f}"
                click.echo(f"  {mark:>8}  {(copy.published or '')[:16]:16}  {copy.site or ''}  "
                           f"{copy.url}")
    if not found and not as_json:
        click.echo("no stories with copies" + (f" on {min_sites} sites" if min_sites > 1 else ""),
                   err=True)


def _progress():
    def show(done: int, total: int) -> None:
        click.echo(f"\rrecomputing stories: {done:,} of {total:,} articles", err=True, nl=False)

    return show
