"""What tests share: running the real CLI, building and reading archives, the demo crawl.

Test modules import helpers from here (or fixtures through ``tests/conftest.py``), never from
another test module. The HTTP servers stay in ``tests/servers.py`` and ``tests/hostile/``, the
real services in ``tests/services/``.
"""

from tests.helpers.archives import last_run_stats, make_article, rows
from tests.helpers.cli import CrawlRun, clean_env, crawl, newscrawler, record, run_cli

__all__ = ["CrawlRun", "clean_env", "crawl", "last_run_stats", "make_article", "newscrawler",
           "record", "rows", "run_cli"]
