"""`newscrawler crawl --all-sites`: every site profile (or those of --sites files) in one process.

The crawl itself is ``newscrawler.crawl.multisite``; this module picks the profiles, turns each
into the settings a crawl of it alone would have, prints one line per site and chooses the exit
code: 0 when every site did its job; when every site failed the same way, that way's code (1
could not crawl, 3 archive, 4 locked, 6 stopped by a safety budget); 5 interrupted; otherwise
7, some sites failed.
"""

from __future__ import annotations

import click

from newscrawler.cli.base import (
    EXIT_ARCHIVE,
    EXIT_BUDGET,
    EXIT_CRAWL_FAILED,
    EXIT_INTERRUPTED,
    EXIT_LOCKED,
    EXIT_SOME_SITES_FAILED,
    interactive,
    open_db,
)

SITE_CODES = {"failed": EXIT_CRAWL_FAILED, "archive_error": EXIT_ARCHIVE, "locked": EXIT_LOCKED,
              "budget": EXIT_BUDGET, "interrupted": EXIT_INTERRUPTED, "not_started": EXIT_INTERRUPTED}
LABELS = {"ok": "done", "failed": "FAILED", "locked": "LOCKED", "archive_error": "ARCHIVE",
          "budget": "BUDGET", "interrupted": "interrupted", "not_started": "not started"}


def exit_code(statuses: list[str]) -> int:
    """The run's exit code from its sites' statuses (see the module docstring)."""
    bad = [s for s in statuses if s != "ok"]
    if not bad:
        return 0
    if any(SITE_CODES[s] == EXIT_INTERRUPTED for s in bad):
        return EXIT_INTERRUPTED
    codes = {SITE_CODES[s] for s in bad}
    if len(bad) == len(statuses) and len(codes) == 1:
        return codes.pop()
    return EXIT_SOME_SITES_FAILED


def choose_profiles(profiles: dict, sites_files: tuple[str, ...]) -> list:
    """Every profile, or with ``--sites`` only those the given files define."""
    if not sites_files:
        return list(profiles.values())
    from newscrawler.crawl.sites import profile_files

    given = {str(path) for path in profile_files(sites_files)}
    return [p for p in profiles.values() if p.source in given]


def site_job(profile, extra: dict, *, via: str | None, max_pages: int | None):
    """What a crawl of this profile alone would get from ``crawl --site NAME``: its sections,
    time zone, printed name, redirect hosts, discovery and selectors. ``-s`` settings win."""
    from newscrawler.crawl.multisite import SiteJob

    urls = list(profile.sections.values())
    overrides: dict = {"NEWSCRAWLER_TIMEZONE": profile.timezone,
                       "NEWSCRAWLER_SITE_NAME": profile.site_name}
    if profile.allow_redirect_hosts:
        overrides["NEWSCRAWLER_REDIRECT_HOSTS"] = list(profile.allow_redirect_hosts)
    if profile.discovery.wp_rest and not via:
        overrides["NEWSCRAWLER_DISCOVERY"] = "wp-api"
    spider_args = {
        "selectors": profile.selectors,
        "sitemap_urls": [u for u in [profile.discovery.sitemap_url(urls[0])] if u],
        "use_feeds": profile.discovery.feeds,
    }
    overrides = {k: v for k, v in overrides.items() if k not in extra}
    return SiteJob(profile.name, urls, overrides, spider_args, max_pages)


def site_line(result, width: int = 0) -> str:
    """One line for a site: what it stored, or why it failed, and its run's id."""
    text = f"{result.site:<{width}}  {LABELS[result.status]:<11}"
    outcome = result.outcome
    if result.status in ("ok", "interrupted", "budget") and outcome is not None:
        s = outcome.stat
        text += (f" stored {outcome.stored} (new {s('newscrawler/articles/new')}, updated "
                 f"{s('newscrawler/articles/updated')}, unchanged {s('newscrawler/articles/unchanged')})"
                 f" from {s('newscrawler/listing_pages')} listing and "
                 f"{s('newscrawler/article_pages')} article pages; {s('newscrawler/errors')} errors")
        problems = [f"{url}: {why}" for url, why in outcome.start_failures.items()]
        if result.status == "budget":
            problems.append(result.message)
        if problems:
            text += "; " + "; ".join(problems)
    else:
        text += " " + result.message
    if result.run_id:
        text += f" (run {result.run_id})"
    return text


def totals_line(results: list, db_path: str) -> str:
    counts: dict[str, int] = {}
    for r in results:
        counts[LABELS[r.status]] = counts.get(LABELS[r.status], 0) + 1
    stored = sum(r.outcome.stored for r in results if r.outcome)
    parts = ", ".join(f"{n} {label}" for label, n in counts.items())
    return f"{len(results)} sites: {parts}. Stored {stored} articles. Archive: {db_path}"


def crawl_all_sites(profiles: dict, sites_files: tuple[str, ...], overrides: dict, extra: dict, *,
                    via: str | None, max_pages: int | None, verbose: int, quiet: bool) -> None:
    """Crawl the chosen profiles; print each site's line as it ends (at a terminal, or -v),
    only the failing ones otherwise; exit with the code the sites add up to."""
    from newscrawler.crawl.multisite import MultiSiteCrawl

    chosen = choose_profiles(profiles, sites_files)
    if not chosen:
        raise click.UsageError("--all-sites: no site profiles in " + ", ".join(sites_files))
    db_path = overrides["NEWSCRAWLER_DB"]
    open_db(db_path, create=True).close()
    jobs = [site_job(p, extra, via=via, max_pages=max_pages) for p in chosen]
    everything = (interactive() or verbose) and not quiet
    width = max(len(j.site) for j in jobs)

    def done(result) -> None:
        if everything or not result.ok:
            click.echo(site_line(result, width), err=True)

    results = MultiSiteCrawl(jobs, overrides, on_done=done, quiet_log=not verbose).run()
    for result in results:
        if result.status == "not_started":
            done(result)
    code = exit_code([r.status for r in results])
    if everything or code:
        click.echo(totals_line(results, db_path), err=True)
    if code:
        raise click.exceptions.Exit(code)
