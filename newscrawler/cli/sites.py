"""`newscrawler sites`: the site profiles newscrawler knows."""

from __future__ import annotations

import json
from dataclasses import asdict

import click

from newscrawler.cli.base import CrawlFailed, cli
from newscrawler.cli.crawl import check_url, load_site_profiles, sites_option


@cli.command()
@sites_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per profile.")
def sites(sites_files, as_json):
    """List the site profiles: shipped ones, then yours (--sites, NEWSCRAWLER_SITES).

    \b
    Example:
      newscrawler sites
      newscrawler sites --sites my-sites.toml --json
      newscrawler crawl --site alouma24 --section مجتمع
    """
    profiles = load_site_profiles(sites_files)
    if as_json:
        for profile in profiles.values():
            click.echo(json.dumps(asdict(profile), ensure_ascii=False))
        return
    for profile in profiles.values():
        click.echo(f"{profile.name}  {profile.site_name}  ({', '.join(profile.domains)}; "
                   f"{profile.timezone}, {profile.locale})")
        for name, url in profile.sections.items():
            click.echo(f"    {name}: {url}")
        if profile.selectors:
            click.echo(f"    selectors: {', '.join(profile.selectors)}")
        click.echo(f"    from {profile.source}")


@cli.command()
@click.argument("url")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per section.")
def sections(url, as_json):
    """List the sections a site shows, with their URLs and how each was found.

    Read from the home page's menus and category links, and from WordPress's REST
    categories when the site answers them; no profile needed. Any name listed can be
    crawled with `newscrawler crawl URL --section NAME`.

    \b
    Example:
      newscrawler sections https://alouma24.ma
      newscrawler crawl https://alouma24.ma --section مجتمع
    """
    found = find_site_sections(check_url(url))
    if as_json:
        for section in found:
            click.echo(json.dumps(asdict(section), ensure_ascii=False))
        return
    if not found:
        raise CrawlFailed(f"no sections found on {url} (no menu or category links)")
    for section in found:
        click.echo(f"{section.name}\t{section.url}\t{', '.join(section.how)}")


def find_site_sections(url: str):
    """The site's sections, or the one-line error for an unreachable site."""
    from newscrawler.crawl.section_finder import SiteUnreachable, find_sections

    try:
        return find_sections(url)
    except SiteUnreachable as exc:
        raise CrawlFailed(str(exc)) from None


def section_urls(url: str, names: tuple[str, ...]) -> list[str]:
    """The listing URL of each section named, found on the site of ``url``."""
    from newscrawler.extract.sections import SectionNotFound, choose

    found = find_site_sections(url)
    try:
        return [choose(found, name).url for name in names]
    except SectionNotFound as exc:
        raise click.BadParameter(str(exc), param_hint="--section") from None
