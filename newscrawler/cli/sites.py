"""`newscrawler sites`: the site profiles newscrawler knows."""

from __future__ import annotations

import json
from dataclasses import asdict

import click

from newscrawler.cli.base import cli
from newscrawler.cli.crawl import load_site_profiles, sites_option


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
