"""`newscrawler crawl`: check the input, run the crawl, explain the outcome."""

from __future__ import annotations

from urllib.parse import urlsplit

import click

from newscrawler.cli.base import (
    EXIT_BUDGET,
    EXIT_INTERRUPTED,
    AlreadyRunning,
    ArchiveProblem,
    CrawlFailed,
    cli,
    db_option,
    interactive,
    open_db,
)


def parse_setting(values: tuple[str, ...]) -> dict[str, str]:
    settings = {}
    for value in values:
        name, sep, setting = value.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{value!r} is not NAME=VALUE", param_hint="-s")
        settings[name.strip()] = setting
    return settings


def check_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise click.BadParameter(f"{url!r} is not an http(s) URL", param_hint="URL")
    return url.strip()


def check_timezone(name: str | None) -> str | None:
    if not name:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise click.BadParameter(f"unknown time zone {name!r} (e.g. Africa/Casablanca)", param_hint="--timezone") from None
    return name


def crawl_settings(db_path: str, *, verbose: int, quiet: bool, log_file: str | None,
                   timezone: str | None, site_name: str | None, extra: dict[str, str]) -> dict:
    level = {0: "ERROR", 1: "INFO"}.get(verbose, "DEBUG")
    overrides: dict = {
        "NEWSCRAWLER_DB": db_path,
        "LOG_LEVEL": level,
        "NEWSCRAWLER_PROGRESS": interactive() and not quiet and not verbose,
    }
    if log_file:
        overrides.update(LOG_FILE=log_file, LOG_LEVEL="INFO" if verbose == 0 else level)
    if timezone:
        overrides["NEWSCRAWLER_TIMEZONE"] = timezone
    if site_name:
        overrides["NEWSCRAWLER_SITE_NAME"] = site_name
    overrides.update(extra)
    return overrides


def do_crawl(urls: list[str], overrides: dict, max_pages: int | None, site: str | None = None,
             spider_args: dict | None = None, quiet_log: bool = True,
             redis_url: str | None = None):
    """Check the archive, take the site's lock, crawl, and turn a crawl that could not start
    into a clear error. ``quiet_log`` (no -v): the crawl's log lines that this function or the
    summary restate stay off stderr. With ``redis_url``, this process is a distributed crawl's
    writer."""
    from newscrawler.crawl.lock import CrawlLock, CrawlLocked
    from newscrawler.crawl.multisite import site_verdict
    from newscrawler.crawl.runner import project_settings, record_failed_run, run_crawl
    from newscrawler.crawl.spiders.section import site_key

    db_path = overrides["NEWSCRAWLER_DB"]
    open_db(db_path, create=True).close()
    settings, spider_cls = project_settings(overrides), None
    if redis_url:
        settings, spider_cls = writer_setup(redis_url, overrides, site_key(urls, site))
    lock = CrawlLock(db_path, site_key(urls, site))
    try:
        lock.acquire()
    except CrawlLocked as e:
        raise AlreadyRunning(str(e)) from None
    try:
        outcome = run_crawl(urls, settings, max_pages=max_pages, site=site,
                            spider_args=spider_args, quiet_log=quiet_log,
                            **({"spider_cls": spider_cls} if spider_cls else {}))
    finally:
        lock.release()
    failures = outcome.start_failures
    status, message = site_verdict(outcome, urls)
    if status == "failed" and outcome.stats.get("newscrawler/run_id"):
        record_failed_run(db_path, outcome.stats["newscrawler/run_id"], message)
    if outcome.stats.get("newscrawler/archive_error"):
        raise ArchiveProblem(outcome.stats["newscrawler/archive_error"]
                             + f" (the crawl stopped; {outcome.stored} articles were stored)")
    if not outcome.stats.get("start_time"):
        raise CrawlFailed("the crawl could not start (run with -v to see why)")
    if failures and len(failures) == len(urls):
        lines = [f"cannot crawl {url}: {why}" for url, why in failures.items()]
        raise CrawlFailed("\n".join(lines))
    if outcome.finish_reason == "shutdown":
        lines = summary_lines(outcome, db_path)
        if outcome.stats.get("newscrawler/distributed/lost_redis"):
            lines.insert(0, outcome.stats["newscrawler/distributed/lost_redis"] + ".")
        raise click.exceptions.Exit(_interrupted(lines))
    if outcome.stored == 0 and outcome.stat("newscrawler/article_links") == 0:
        empty = [u for u in urls if u not in failures]
        raise CrawlFailed(
            "no article links found on " + ", ".join(empty)
            + " (is it a section or listing page of a news site?)"
        )
    return outcome


def writer_setup(redis_url: str, overrides: dict, crawl: str):
    """The writer's settings and spider; Redis that cannot be reached is a one-line error."""
    from newscrawler.crawl.distributed.connection import RedisUnavailable, connect
    from newscrawler.crawl.distributed.settings import writer_settings
    from newscrawler.crawl.distributed.spider import WriterSpider

    try:
        connect(redis_url).close()
    except RedisUnavailable as e:
        raise CrawlFailed(str(e)) from None
    return writer_settings(overrides, redis_url, crawl), WriterSpider


def redis_option(func):
    return click.option(
        "--redis", "redis_url", default=None, metavar="redis://HOST:PORT/N", callback=_check_redis,
        help="Distributed crawl: seed it in this Redis and write what `newscrawler worker`s "
             "send back (docs/scale.md).",
    )(func)


def _check_redis(ctx, param, value):
    if value is None:
        return None
    from newscrawler.crawl.distributed.connection import check_redis_url

    try:
        return check_redis_url(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


def _interrupted(lines: list[str]) -> int:
    click.echo("interrupted: " + " ".join(lines), err=True)
    return EXIT_INTERRUPTED


BUDGET_STOPS = "newscrawler/budget_stops"  # crawl.middlewares.BUDGET_STOPS (Scrapy stays unimported)


class _Stats:
    """A finished run's stats dict seen through Scrapy's ``get_value``."""

    def __init__(self, stats: dict):
        self.stats = stats

    def get_value(self, key: str, default=None):
        return self.stats.get(key, default)


def summary_lines(outcome, db_path: str) -> list[str]:
    s = outcome.stat
    lines = [
        f"Stored {outcome.stored} articles (new {s('newscrawler/articles/new')}, "
        f"updated {s('newscrawler/articles/updated')}, unchanged {s('newscrawler/articles/unchanged')})"
        f" from {s('newscrawler/listing_pages')} listing pages and {s('newscrawler/article_pages')} article pages.",
    ]
    problems = []
    if s("newscrawler/dropped"):
        problems.append(f"dropped {s('newscrawler/dropped')} (no title or body)")
    if s("newscrawler/errors"):
        problems.append(f"{s('newscrawler/errors')} failed requests")
    if s("spider_exceptions/count"):
        problems.append(f"{s('spider_exceptions/count')} pages hit an error in newscrawler itself "
                        f"(a bug: run with -v or --log-file to see it)")
    failed_listings = len(outcome.stats.get("newscrawler/failed_listings") or ())
    if failed_listings:
        problems.append(f"{failed_listings} listing page{'s' if failed_listings > 1 else ''} "
                        f"failed, to be asked for again by the next run")
    robots = s("newscrawler/skipped/robots_txt")
    pending, given_up = s("newscrawler/pending/left"), s("newscrawler/pending/given_up")
    if pending:
        problems.append(f"{pending} article link{'s' if pending > 1 else ''} not archived yet "
                        f"(failed), to be asked for again by the next runs")
    if given_up:
        problems.append(f"gave up {given_up} article link{'s' if given_up > 1 else ''} that kept "
                        f"failing (see the archive's pending_links)")
    skipped = sum(v for k, v in outcome.stats.items() if k.startswith("newscrawler/skipped/")) - robots
    if skipped:
        problems.append(f"skipped {skipped} pages")
    if robots:
        problems.append(f"{robots} page{'s' if robots > 1 else ''} not fetched: robots.txt "
                        f"disallows {'them' if robots > 1 else 'it'}")
    for url, why in outcome.start_failures.items():
        problems.append(f"{url}: {why}")
    if problems:
        lines.append("Problems: " + "; ".join(problems) + ".")
    for why in outcome.stats.get(BUDGET_STOPS) or []:
        left = s("newscrawler/limits/pages_per_run") + s("newscrawler/limits/pages_per_section")
        lines.append(f"Stopped early: {why}; {left} requests not made. Raise it with -s NAME=N "
                     f"(0: no limit), or run again with --backfill to continue where it stopped.")
    backfill = outcome.stats.get("newscrawler/backfill")
    if backfill:
        from newscrawler.crawl.backfill import progress_text

        state = "finished" if all(v.get("done") for v in backfill.values()) else "not finished"
        lines.append(f"Backfill {state}:{progress_text(_Stats(outcome.stats))[len(' · backfill:'):]}.")
    lines.append(f"Archive: {db_path}")
    return lines


def run_options(overrides: dict, *, full: bool, via: str | None, refresh_days) -> None:
    """The options that say how a run walks (one site or all of them), as settings; then the
    contact checked, before anything is crawled."""
    if full:
        overrides["NEWSCRAWLER_INCREMENTAL"] = False
    if via:
        overrides["NEWSCRAWLER_DISCOVERY"] = via
    if refresh_days is not None:
        overrides["NEWSCRAWLER_REFRESH_DAYS"] = refresh_days
    check_contact_setting(overrides)


def _crawl_all_sites(profiles: dict, sites_files: tuple[str, ...], extra: dict, db_path: str, *,
                     given: dict, max_pages, via, full, refresh_days, log_file, verbose, quiet) -> None:
    """``crawl --all-sites``: the options that apply to every site, then cli/allsites.py."""
    from newscrawler.cli.allsites import crawl_all_sites

    per_site = [("URL" if k == "URL" else "--" + k.replace("_", "-")) for k, v in given.items() if v]
    if per_site:
        raise click.UsageError("--all-sites takes each site's sections and settings from its "
                               f"profile; drop {', '.join(per_site)}")
    overrides = crawl_settings(db_path, verbose=verbose, quiet=quiet, log_file=log_file,
                               timezone=None, site_name=None, extra=extra)
    run_options(overrides, full=full, via=via, refresh_days=refresh_days)
    crawl_all_sites(profiles, sites_files, overrides, extra, via=via, max_pages=max_pages,
                    verbose=verbose, quiet=quiet)


def check_contact_setting(overrides: dict) -> None:
    """A contact that is neither an email nor a URL is a usage error, before any request."""
    from newscrawler.crawl.contact import configured_contact
    from newscrawler.crawl.runner import project_settings

    try:
        configured_contact(project_settings(overrides))
    except ValueError as e:
        raise click.UsageError(str(e)) from None


def sites_option(func):
    return click.option(
        "--sites", "sites_files", multiple=True, type=click.Path(exists=True),
        help="A site-profile TOML file or folder (repeatable), besides the shipped ones and the NEWSCRAWLER_SITES setting.",
    )(func)


def load_site_profiles(files: tuple[str, ...], settings: dict | None = None) -> dict:
    """Shipped profiles, those the NEWSCRAWLER_SITES setting names, and ``files``; a bad file
    is a usage error naming the file and the problem."""
    from newscrawler.crawl.runner import project_settings
    from newscrawler.crawl.sites import ProfileError, load_profiles

    configured = project_settings(settings).getlist("NEWSCRAWLER_SITES")
    try:
        return load_profiles([*configured, *files])
    except ProfileError as e:
        raise click.UsageError(f"site profile: {e}") from None


def profile_run(profile, sections: tuple[str, ...]) -> list[str]:
    """The section URLs of a profile to crawl: the named ones, or all."""
    if not sections:
        return list(profile.sections.values())
    unknown = [s for s in sections if s not in profile.sections]
    if unknown:
        raise click.BadParameter(
            f"{profile.name} has no section {', '.join(map(repr, unknown))}; "
            f"it has: {', '.join(profile.sections)}", param_hint="--section")
    return [profile.sections[s] for s in sections]


@cli.command()
@click.argument("urls", nargs=-1, metavar="[URL]...")
@click.option("--site", "site_name_opt", default=None, help="Crawl a known site by its profile name (see `newscrawler sites`).")
@click.option("--section", "sections", multiple=True, help="Only this section (repeatable): with --site, or with the site's URL (found on its menus, category links or WordPress categories; see `newscrawler sections`).")
@click.option("--all-sites", is_flag=True,
              help="Crawl every site profile (with --sites: those the files define) in one process; one line per failing site, exit 7 if some failed.")
@sites_option
@db_option()
@click.option("--max-pages", type=click.IntRange(min=0), default=None,
              help="Listing pages to follow per section (0 = all). Default: NEWSCRAWLER_MAX_PAGES (20).")
@click.option("--timezone", "timezone", default=None, help="The site's time zone for dates without an offset, e.g. Africa/Casablanca.")
@click.option("--site-name", default=None, help="The outlet's name, so bylines naming it count as an organization.")
@click.option("-s", "--set", "settings", multiple=True, metavar="NAME=VALUE", help="Any Scrapy or NEWSCRAWLER_* setting.")
@click.option("--via", type=click.Choice(["auto", "listing", "feed", "wp-api", "sitemap"]), default=None,
              help="How to find articles: listing pages, the feed, the WordPress REST API, the site's sitemaps; auto (default) picks the cheapest the site offers.")
@click.option("--backfill", is_flag=True, help="Walk the section's whole history politely, resuming where the last backfill stopped.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="With --backfill: stop once articles published before this date (2015-01-01) are reached.")
@click.option("--full", is_flag=True, help="Walk every listing page and fetch every article again, archived or not.")
@click.option("--refresh-days", type=click.FloatRange(min=0), default=None,
              help="Re-check articles published in the last N days (conditional requests); changed ones get a new revision.")
@click.option("--log-file", type=click.Path(dir_okay=False), default=None, help="Write the crawl log here (INFO level).")
@click.option("-v", "--verbose", count=True, help="Log to stderr (-v info, -vv debug).")
@click.option("-q", "--quiet", is_flag=True, help="No progress line and no summary, only errors.")
@redis_option
def crawl(urls, site_name_opt, sections, all_sites, sites_files, db_path, max_pages, timezone,
          site_name, settings, via, backfill, since, full, refresh_days, log_file, verbose, quiet,
          redis_url):
    """Crawl the articles of one or more section pages into the archive.

    Follows pagination and article links from each section URL (raw Arabic or
    percent-encoded), extracts every article and upserts it: crawling again updates, never
    duplicates. Incremental by default: archived articles are not fetched again and
    pagination stops at the first listing page with nothing new (--full walks everything).
    Quiet when not at a terminal unless something went wrong. One crawl per site and archive
    at a time: an overlapping run exits at once with code 4. A safety budget that ends a
    crawl early is named in the summary and exits with code 6; --backfill continues from there.

    A URL needs no profile; a known site can be named instead (--site), which brings its
    sections, time zone, printed name and any selector overrides. --all-sites crawls every
    profile (with --sites: those the files define) in one process, each site with its own
    politeness, lock and run; a failing site does not stop the others (exit 7, and
    `newscrawler runs` says which).

    With --redis this process is the writer of a distributed crawl: it seeds the crawl in
    Redis, writes the rows that `newscrawler worker` processes (on any machines) send back,
    and returns when the frontier is empty and every worker is idle.

    \b
    Example:
      newscrawler crawl "https://alouma24.ma/archives/category/مجتمع" --max-pages 3 \\
          --timezone Africa/Casablanca --db output/alouma24.db
      newscrawler crawl --site alouma24 --section مجتمع
      newscrawler crawl https://alouma24.ma --section مجتمع
      newscrawler crawl "https://alouma24.ma/archives/category/مجتمع" --backfill --since 2015-01-01
      newscrawler crawl --all-sites --sites my-sites.toml --db output/news.db
      newscrawler crawl --site alouma24 --db news.db --redis redis://10.0.0.5:6379/0
    """
    if redis_url and backfill:
        raise click.UsageError("--backfill runs in one process; drop --redis (or --backfill)")
    profile = None
    spider_args: dict = {}
    extra = parse_setting(settings)
    profiles = load_site_profiles(sites_files, extra)
    if all_sites:
        return _crawl_all_sites(
            profiles, sites_files, extra, db_path, given=dict(URL=urls, site=site_name_opt, section=sections,
                                                             timezone=timezone, site_name=site_name,
                                                             backfill=backfill, since=since,
                                                             redis=redis_url),
            max_pages=max_pages, via=via, full=full, refresh_days=refresh_days, log_file=log_file,
            verbose=verbose, quiet=quiet)
    if site_name_opt:
        profile = profiles.get(site_name_opt)
        if profile is None:
            raise click.BadParameter(
                f"no site profile {site_name_opt!r}; known: {', '.join(sorted(profiles)) or 'none'}",
                param_hint="--site")
        urls = tuple(urls) + tuple(profile_run(profile, sections))
    elif sections:
        if len(urls) != 1:
            raise click.UsageError("--section NAME goes with --site, or with one site URL")
        from newscrawler.cli.sites import section_urls

        urls = section_urls(check_url(urls[0]), sections)
    if not urls:
        raise click.UsageError("give a section URL, or --site NAME (see `newscrawler sites`)")
    urls = [check_url(u) for u in urls]
    if profile is None:
        from newscrawler.crawl.sites import profile_for_url

        profile = profile_for_url(urls[0], profiles)
    if profile is not None:
        timezone = timezone or profile.timezone
        site_name = site_name or profile.site_name
        spider_args = {
            "selectors": profile.selectors,
            "sitemap_urls": [u for u in [profile.discovery.sitemap_url(urls[0])] if u],
            "use_feeds": profile.discovery.feeds,
        }
        if profile.discovery.wp_rest and not via:
            via = "wp-api"
    overrides = crawl_settings(
        db_path, verbose=verbose, quiet=quiet, log_file=log_file,
        timezone=check_timezone(timezone), site_name=site_name, extra=extra,
    )
    if profile is not None and profile.allow_redirect_hosts:
        overrides.setdefault("NEWSCRAWLER_REDIRECT_HOSTS", list(profile.allow_redirect_hosts))
    if since and not backfill:
        raise click.UsageError("--since goes with --backfill")
    if backfill:
        from newscrawler.crawl.backfill import SETTINGS

        for name, value in SETTINGS.items():  # polite unless the user set them (-s)
            overrides.setdefault(name, value)
        max_pages = 0 if max_pages is None else max_pages
        # The HTML listing, page by page, is what a backfill records and resumes (a feed or the
        # REST API has no page a later run could start from) unless --via says otherwise.
        via = via or "listing"
        spider_args.update(backfill=True, since=since.date().isoformat() if since else None)
    run_options(overrides, full=full, via=via, refresh_days=refresh_days)
    outcome = do_crawl(urls, overrides, max_pages, site=profile.name if profile else None,
                       spider_args=spider_args, quiet_log=not verbose,
                       redis_url=redis_url)
    if outcome.stats.get("newscrawler/contact_reminder") and not quiet:
        from newscrawler.crawl.contact import CONTACT_HINT

        click.echo(f"Note: {CONTACT_HINT}.", err=True)
    budget_stops = outcome.stats.get(BUDGET_STOPS) or []
    troubled = (outcome.stat("newscrawler/errors") or outcome.stat("spider_exceptions/count")
                or outcome.start_failures or budget_stops
                or (outcome.stat("newscrawler/skipped/robots_txt") and not outcome.stored))
    if (interactive() or verbose or troubled) and not (quiet and not troubled):
        for line in summary_lines(outcome, db_path):
            click.echo(line, err=True)
    if budget_stops:
        raise click.exceptions.Exit(EXIT_BUDGET)


