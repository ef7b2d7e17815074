"""A hostile news site on 127.0.0.1 for the reliability tests.

``HostileSite`` serves good articles next to every trap a server can set (bombs, trickles,
loops, traps for the link follower, broken encodings and markup). Crawl it with
``tests.helpers.crawl``, which runs the real CLI in a subprocess and measures its peak memory.
"""

from tests.helpers.archives import rows
from tests.helpers.cli import CrawlRun, crawl
from tests.hostile.server import HostileSite, Trap, article_page, listing_page

__all__ = ["CrawlRun", "HostileSite", "Trap", "article_page", "crawl", "listing_page", "rows"]
