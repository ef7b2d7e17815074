"""`newscrawler reparse`: re-run the current extractor over the stored pages, offline."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from newscrawler.cli.archive import filter_options, make_filter
from newscrawler.cli.base import cli, db_option, open_db
from newscrawler.cli.crawl import check_timezone, load_site_profiles, sites_option

if TYPE_CHECKING:
    from newscrawler.archive.reparse import PageReader


def _short(value, width: int = 70) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def page_reader(profiles: dict, timezone: str | None, site_name: str | None) -> PageReader:
    """The crawl's reader for stored pages: ``read_fetched_page`` with the selectors of the
    site profile of the page's run (by name, else by the page's domain), in the time zone and
    with the site name that run used (``timezone``/``site_name`` given here win; a run that
    predates their recording falls back to the profile's)."""
    from newscrawler.archive.reparse import UnreadablePage
    from newscrawler.crawl.sites import profile_for_url
    from newscrawler.extract.fetched import ReadSettings, read_fetched_page

    known: dict[tuple, ReadSettings] = {}

    def read(page, run):
        profile = profiles.get(run.site) if run.site else None
        if profile is None:
            profile = profile_for_url(page.url, profiles)
        key = (profile.name if profile else None, run.timezone, run.site_name)
        settings = known.get(key)
        if settings is None:
            settings = known[key] = ReadSettings(
                selectors=dict(profile.selectors) if profile else {},
                tz=timezone or run.timezone or (profile.timezone if profile else None),
                site_name=site_name or run.site_name or (profile.site_name if profile else None),
            )
        result = read_fetched_page(page, settings)
        if result.article is None:
            raise UnreadablePage(result.error)
        return result.article

    return read


@cli.command()
@db_option()
@filter_options
@click.option("--dry-run", is_flag=True, help="Write nothing; show what would change, field by field.")
@click.option("--timezone", default=None, help="The site's time zone for dates without an offset (default: the one the crawl used).")
@click.option("--site-name", default=None, help="The outlet's name, so bylines naming it count as an organization (default: the crawl's).")
@sites_option
@click.option("--json", "as_json", is_flag=True, help="The report as JSON.")
def reparse(db_path, site, section, author, since, until, dry_run, timezone, site_name,
            sites_files, as_json):
    """Re-extract archived articles from their stored raw pages, with no network.

    Runs the current extractor over each article's latest stored response, as the crawl read
    it: with what the listing said of it, the site profile's selectors, and the time zone and
    site name of the crawl. Updates the articles that come out different (their earlier
    version is kept in revisions). Reports how many were examined, changed, unchanged and
    failed.

    \b
    Example:
      newscrawler reparse --dry-run --section مجتمع
      newscrawler reparse --site example.ma --timezone Africa/Casablanca
    """
    from newscrawler.archive.reparse import reparse as run_reparse

    filters = make_filter(site, section, author, since, until)
    read = page_reader(load_site_profiles(sites_files), check_timezone(timezone), site_name)
    with open_db(db_path) as archive:
        report = run_reparse(archive, read, filters=filters, dry_run=dry_run)
    if as_json:
        click.echo(json.dumps({
            "dry_run": dry_run, "examined": report.examined, "changed": report.changed,
            "unchanged": report.unchanged, "failed": report.failed,
            "differences": [{"url": url, "fields": {k: {"stored": a, "new": b} for k, (a, b) in diff.items()}}
                            for url, diff in report.differences],
            "failures": [{"url": url, "reason": why} for url, why in report.failures],
        }, ensure_ascii=False, indent=2))
        return
    if dry_run:
        for url, diff in report.differences:
            click.echo(url)
            for name, (before, after) in diff.items():
                click.echo(f"  {name}: {_short(before)}")
                click.echo(f"  {'':{len(name)}}→ {_short(after)}")
    for url, why in report.failures:
        click.echo(f"failed {url}: {why}", err=True)
    verb = "would change" if dry_run else "changed"
    click.echo(f"examined {report.examined}, {verb} {report.changed}, unchanged {report.unchanged}, "
               f"failed {report.failed}")
