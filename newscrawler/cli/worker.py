"""`newscrawler worker`: serve distributed crawls from a Redis frontier."""

from __future__ import annotations

import click

from newscrawler.cli.base import EXIT_INTERRUPTED, CrawlFailed, cli, interactive
from newscrawler.cli.crawl import _check_redis, parse_setting


@cli.command()
@click.option("--redis", "redis_url", required=True, metavar="redis://HOST:PORT/N", callback=_check_redis,
              help="The Redis the writer (`newscrawler crawl … --redis`) seeded.")
@click.option("--once", is_flag=True, help="Exit after serving one run (by default: serve runs until stopped).")
@click.option("-s", "--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="A setting of this worker's own, e.g. NEWSCRAWLER_EXTRACT_WORKERS=2.")
@click.option("--log-file", type=click.Path(dir_okay=False), default=None, help="Write the worker's log here (INFO level).")
@click.option("-v", "--verbose", count=True, help="Log to stderr (-v info, -vv debug).")
def worker(redis_url, once, settings, log_file, verbose):
    """Take requests from a distributed crawl's shared frontier, fetch and extract them (with
    this machine's own extraction processes) and send the finished rows to the writer.

    Start any number of workers, on any machines that reach Redis and the sites; each serves
    the runs a writer publishes, one after another, until stopped (SIGTERM or Ctrl-C: the
    requests it holds go back to the others). Per-site politeness (CONCURRENT_REQUESTS_PER_DOMAIN,
    DOWNLOAD_DELAY) holds across all workers. A worker killed outright loses nothing: its
    requests go to the others once its heartbeat stops (NEWSCRAWLER_REDIS_WORKER_TIMEOUT).

    \b
    Example:
      newscrawler worker --redis redis://10.0.0.5:6379/0
      newscrawler crawl --site alouma24 --db news.db --redis redis://10.0.0.5:6379/0
    """
    from newscrawler.crawl.distributed.connection import RedisUnavailable
    from newscrawler.crawl.distributed.worker import serve

    level = {0: "ERROR", 1: "INFO"}.get(verbose, "DEBUG")
    local: dict = {"LOG_LEVEL": level, **parse_setting(settings)}
    if log_file:
        local.update(LOG_FILE=log_file, LOG_LEVEL="INFO" if verbose == 0 else level)
    if interactive() and not verbose:
        click.echo(f"worker: waiting for crawls in {redis_url} (Ctrl-C to stop)", err=True)
    try:
        served, lost = serve(redis_url, local, once=once)
    except RedisUnavailable as e:
        raise CrawlFailed(str(e)) from None
    if lost:
        click.echo(f"interrupted: {lost}; the runs served: {served}", err=True)
        raise click.exceptions.Exit(EXIT_INTERRUPTED)
