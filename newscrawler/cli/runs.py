"""`newscrawler runs`: what each crawl did, for people and for monitoring."""

from __future__ import annotations

import json

import click

from newscrawler.cli.base import cli, db_option, open_db

_COLUMNS = ("id", "site", "started_at", "finished_at", "status", "requests", "responses",
            "responses_by_status", "listing_pages", "articles_new", "articles_updated",
            "articles_unchanged", "articles_dropped", "errors", "links_pending", "links_given_up",
            "pid", "message", "start_urls")


@cli.command()
@db_option()
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--site", default=None, help="Only runs of this site (profile name or host).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per run.")
def runs(db_path, limit, site, as_json):
    """The archive's crawl runs, newest first: status, requests, articles, errors.

    A run whose process was killed shows as "killed" once the next run of its site starts.
    With crawl --all-sites, a site that could not be crawled shows as "failed" with the reason,
    one whose lock another run held as "skipped".

    \b
    Example:
      newscrawler runs --db output/news.db --limit 5
      newscrawler runs --json | jq 'select(.status != "finished")'
    """
    sql = f"SELECT {', '.join(_COLUMNS)}, stats FROM crawl_runs"
    params: list = []
    if site:
        sql += " WHERE site = ?"
        params.append(site)
    sql += " ORDER BY id DESC LIMIT ?"
    params.append(limit)
    with open_db(db_path) as archive:
        rows = [dict(zip(_COLUMNS, row[:-1], strict=True)) | {"skipped_robots_txt": robots_skipped(row[-1])}
                for row in archive.conn.execute(sql, params)]
    for row in rows:
        for key in ("responses_by_status", "start_urls"):
            row[key] = json.loads(row[key]) if row[key] else None
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    if not rows:
        click.echo("no crawl runs yet", err=True)
        return
    for r in rows:
        duration = ""
        if r["finished_at"]:
            from datetime import datetime

            seconds = (datetime.fromisoformat(r["finished_at"]) - datetime.fromisoformat(r["started_at"])).total_seconds()
            duration = f" ({seconds:.0f} s)"
        statuses = " ".join(f"{k}:{v}" for k, v in (r["responses_by_status"] or {}).items())
        click.echo(
            f"#{r['id']:<4} {r['started_at']}{duration}  {r['status']:<11} {r['site'] or ''}\n"
            f"       requests {r['requests'] or 0} ({statuses or 'no responses'}), "
            f"listings {r['listing_pages'] or 0}; articles new {r['articles_new'] or 0}, "
            f"updated {r['articles_updated'] or 0}, unchanged {r['articles_unchanged'] or 0}, "
            f"dropped {r['articles_dropped'] or 0}; errors {r['errors'] or 0}"
            + (f"; robots.txt disallowed {r['skipped_robots_txt']}" if r["skipped_robots_txt"] else "")
            + (f"; links pending {r['links_pending']}" if r["links_pending"] else "")
            + (f", given up {r['links_given_up']}" if r["links_given_up"] else "")
            + (f"\n       {r['message']}" if r["message"] else "")
        )


def robots_skipped(stats: str | None) -> int:
    """Pages not fetched because robots.txt disallows them, from the run's stored stats."""
    try:
        value = json.loads(stats or "{}").get("newscrawler/skipped/robots_txt", 0)
    except (ValueError, AttributeError):
        return 0
    return value if isinstance(value, int) else 0
