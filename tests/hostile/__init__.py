"""A hostile news site on 127.0.0.1 for the reliability tests, and a way to crawl it.

``HostileSite`` serves good articles next to every trap a server can set (bombs, trickles,
loops, traps for the link follower, broken encodings and markup); ``crawl`` runs the real CLI in
a subprocess and measures its peak memory (``os.wait4`` gives that child's own ``ru_maxrss``).
"""

from tests.hostile.run import CrawlRun, crawl, rows
from tests.hostile.server import HostileSite, Trap, article_page, listing_page

__all__ = ["CrawlRun", "HostileSite", "Trap", "article_page", "crawl", "listing_page", "rows"]
