"""Older name of the CLI runners, which now live in ``tests.helpers``: import them from there."""

from tests.helpers.archives import last_run_stats, rows
from tests.helpers.cli import FIGURES, CrawlRun, clean_env, crawl, record, run_cli
from tests.helpers.peak import PeakWatcher

newscrawler_env = clean_env

__all__ = ["FIGURES", "CrawlRun", "PeakWatcher", "crawl", "last_run_stats", "newscrawler_env",
           "record", "rows", "run_cli"]
