"""Per-site politeness across every worker: N workers must not hit a site N times harder.

Before a request goes to the network, ``PolitenessMiddleware`` takes a slot for its host in
Redis (one Lua call, Redis's clock): at most ``CONCURRENT_REQUESTS_PER_DOMAIN`` requests in
flight per host across all workers, and ``DOWNLOAD_DELAY`` seconds between two starts. A slot
is given back when the response (or the error) comes back, and expires on its own after
``DOWNLOAD_TIMEOUT`` + 10 s, which is what a killed worker's slots do. A worker keeps no delay
of its own (its ``DOWNLOAD_DELAY`` goes to the gate as ``NEWSCRAWLER_REDIS_SITE_DELAY``) and no
AutoThrottle: a request held back locally after its grant would let another worker's start
closer than the delay.
"""

from __future__ import annotations

import itertools
import logging
from urllib.parse import urlsplit

from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response

from newscrawler.crawl.distributed.connection import CrawlKeys, polite_keys
from newscrawler.crawl.middlewares import sleep

logger = logging.getLogger(__name__)

SLOT_META = "newscrawler_polite_slot"

_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return -1 end
local nxt = tonumber(redis.call('GET', KEYS[2]) or '0')
if now < nxt then return nxt - now end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
redis.call('SET', KEYS[2], now + tonumber(ARGV[3]), 'PX', tonumber(ARGV[3]) + 1000)
return 0
"""

FULL_WAIT = 0.02  # seconds before asking again when the site's slots are all taken


def slot_host(url: str) -> str:
    """A site for politeness is a host and port, as Scrapy's downloader slots are."""
    parts = urlsplit(url)
    return f"{(parts.hostname or '').lower()}:{parts.port or ''}"


class PolitenessMiddleware:
    """Takes a per-site slot in Redis before each download; gives it back after."""

    def __init__(self, crawler):
        from newscrawler.crawl.distributed.connection import connect

        settings = crawler.settings
        url = settings.get("REDIS_URL")
        if not url:
            raise NotConfigured
        self.server = connect(url)
        self.stats = crawler.stats
        self.settings = settings
        self.concurrency = max(1, settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"))
        delay = settings.getfloat("NEWSCRAWLER_REDIS_SITE_DELAY", settings.getfloat("DOWNLOAD_DELAY"))
        self.delay_ms = int(delay * 1000)
        self.hold_ms = int((settings.getfloat("DOWNLOAD_TIMEOUT") + 10) * 1000)
        self.prefix = settings.get("NEWSCRAWLER_REDIS_WORKER_ID") or "writer"
        self._tokens = itertools.count()
        self._take = self.server.register_script(_TAKE)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        inflight, nxt = polite_keys(slot_host(request.url))
        token = f"{self.prefix}:{next(self._tokens)}"
        waited = False
        while True:
            wait = int(self._take(keys=[inflight, nxt],
                                  args=[token, self.concurrency, self.delay_ms, self.hold_ms]))
            if wait == 0:
                break
            waited = True
            await sleep(FULL_WAIT if wait < 0 else wait / 1000)
        if waited:
            self.stats.inc_value("newscrawler/distributed/politeness_waits")
        request.meta[SLOT_META] = (inflight, token)

    def _release(self, request: Request) -> None:
        slot = request.meta.pop(SLOT_META, None)
        if slot is not None:
            self.server.zrem(slot[0], slot[1])

    def process_response(self, request: Request, response: Response) -> Response:
        self._release(request)
        if request.meta.get("dont_obey_robotstxt") and urlsplit(request.url).path == "/robots.txt":
            self._count_robots(request, response)
        return response

    def _count_robots(self, request: Request, response: Response) -> None:
        """Every worker reads each site's robots.txt; the run counts the requests a single
        process would make, so the fetches after a site's first are counted apart."""
        crawl = self.settings.get("NEWSCRAWLER_REDIS_CRAWL")
        if crawl and not self.server.sadd(CrawlKeys(crawl).robots, slot_host(request.url)):
            self.stats.inc_value("newscrawler/distributed/robots_again")
            self.stats.inc_value(f"newscrawler/distributed/robots_again/{response.status}")

    def process_exception(self, request: Request, exception: Exception) -> None:
        self._release(request)
