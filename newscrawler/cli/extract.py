"""`newscrawler extract`: one saved page to its Article as JSON."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import click

from newscrawler.cli.base import cli
from newscrawler.cli.crawl import check_timezone, check_url


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


