"""`newscrawler demo`: serve the bundled site, crawl it, show what the archive holds."""

from __future__ import annotations

from pathlib import Path

import click

from newscrawler.cli.base import cli, db_option, open_db
from newscrawler.cli.crawl import crawl_settings, do_crawl, summary_lines


@cli.command()
@db_option("output/demo.db")
@click.option("--export", "export_path", type=click.Path(dir_okay=False), default="output/demo.jsonl",
              show_default=True, help="Where to write the JSON Lines export of the demo archive.")
def demo(db_path, export_path):
    """Serve the bundled Arabic demo site on 127.0.0.1 and a second site that republishes
    some of its articles on 127.0.0.2, crawl both, and summarize (with the copies found).

    \b
    Example:
      newscrawler demo
      newscrawler demo --db /tmp/demo.db
    """
    from newscrawler.archive.export import export_jsonl
    from newscrawler.archive.search import search as run_search
    from newscrawler.archive.stats import archive_stats
    from newscrawler.archive.stories import list_stories
    from newscrawler.demo import SECTIONS, serve_demo
    from newscrawler.demo.mirror import LISTING_PATH, serve_mirror

    with serve_demo() as server, serve_mirror() as mirror:
        urls = [server.url(path) for path in SECTIONS.values()]
        click.echo(f"Demo site: {server.base_url} ({len(urls)} sections)", err=True)
        urls.append(mirror.url(LISTING_PATH))
        click.echo(f"Second site, republishing some of its articles: {mirror.base_url}", err=True)
        overrides = crawl_settings(db_path, verbose=0, quiet=False, log_file=None,
                                   timezone="Africa/Casablanca", site_name=None, extra={})
        outcome = do_crawl(urls, overrides, max_pages=0)
    for line in summary_lines(outcome, db_path)[:-1]:  # the archive path comes last, below
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
        told = list(list_stories(archive.conn, min_sites=2))
        if told:
            click.echo(f"\nStories published on both sites: {len(told)} (newscrawler stories "
                       f"--db {db_path})")
            for story in told[:3]:
                click.echo(f"  {story.copies} copies  {story.articles[0].title}")
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


