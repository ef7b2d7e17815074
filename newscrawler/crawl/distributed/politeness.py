"""Per-site politeness across every worker: N workers must not hit a site N times harder.

Before a request goes to the network, ``PolitenessMiddleware`` takes a slot for its host in
Redis (one Lua call, Redis's clock): at most ``CONCURRENT_REQUESTS_PER_DOMAIN`` requests in
flight per host across all workers, and ``DOWNLOAD_DELAY`` seconds between two starts. A slot
is given back when the response (or the error) comes back; a worker renews the slots it holds
while it lives, so those of a killed worker expire after ``NEWSCRAWLER_REDIS_WORKER_TIMEOUT``. A worker keeps no delay
of its own (its ``DOWNLOAD_DELAY`` goes to the gate as ``NEWSCRAWLER_REDIS_SITE_DELAY``) and no
AutoThrottle: a request held back locally after its grant would let another worker's start
closer than the delay.
"""

from __future__ import annotations

import itertools
import logging
from urllib.parse import urlsplit

import redis
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response

from newscrawler.crawl.distributed.connection import CrawlKeys, polite_keys

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

_RENEW = """
local t = redis.call('TIME')
local expiry = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, 'XX', expiry, ARGV[i + 1])
  redis.call('PEXPIRE', key, tonumber(ARGV[1]))
end
return #KEYS
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
        # A slot lives as long as its worker's heartbeat: renewed while the worker lives, so a
        # killed worker's slots free as soon as the writer counts it dead.
        self.hold_ms = int(settings.getfloat("NEWSCRAWLER_REDIS_WORKER_TIMEOUT") * 1000)
        self.prefix = settings.get("NEWSCRAWLER_REDIS_WORKER_ID") or "writer"
        self._tokens = itertools.count()
        self._take = self.server.register_script(_TAKE)
        self._renew = self.server.register_script(_RENEW)
        self._slots: dict[str, str] = {}  # token -> its host's in-flight key, while held
        self._renewal = None
        self._waiters: dict[str, list] = {}  # requests of this worker waiting for a host's slot
        self._held: dict[str, int] = {}  # slots this worker holds, per host: no need to ask
        # Redis while they are all the site allows

    @classmethod
    def from_crawler(cls, crawler):
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_opened(self, spider) -> None:
        from twisted.internet import task

        self._renewal = task.LoopingCall(self._renew_slots)
        self._renewal.start(self.hold_ms / 3000, now=False)

    def spider_closed(self, spider) -> None:
        if self._renewal and self._renewal.running:
            self._renewal.stop()

    def _renew_slots(self) -> None:
        if not self._slots:
            return
        try:
            tokens = list(self._slots.items())
            self._renew(keys=[key for _, key in tokens], args=[self.hold_ms, *(t for t, _ in tokens)])
        except redis.RedisError as e:  # a lost Redis: the worker's own tick stops the crawl
            logger.warning("could not renew politeness slots: %s", e)

    async def process_request(self, request: Request) -> None:
        host = slot_host(request.url)
        inflight, nxt = polite_keys(host)
        token = f"{self.prefix}:{next(self._tokens)}"
        waited = False
        while self._held.get(host, 0) >= self.concurrency:  # all the site's slots are ours
            waited = True
            await self._wait(host, 1.0)
        while True:
            wait = int(self._take(keys=[inflight, nxt],
                                  args=[token, self.concurrency, self.delay_ms, self.hold_ms]))
            if wait == 0:
                break
            waited = True
            await self._wait(host, FULL_WAIT if wait < 0 else wait / 1000)
        if waited:
            self.stats.inc_value("newscrawler/distributed/politeness_waits")
        request.meta[SLOT_META] = (host, token)
        self._held[host] = self._held.get(host, 0) + 1
        self._slots[token] = inflight

    async def _wait(self, host: str, seconds: float) -> None:
        """Sleep ``seconds``, or less: until this worker gives back a slot of ``host`` (slots
        given back by other workers are seen at the next try)."""
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet import defer, reactor

        woken: defer.Deferred[None] = defer.Deferred()
        timer = reactor.callLater(seconds, lambda: woken.called or woken.callback(None))
        waiters = self._waiters.setdefault(host, [])
        waiters.append(woken)
        try:
            await maybe_deferred_to_future(woken)
        finally:
            if timer.active():
                timer.cancel()
            if woken in waiters:
                waiters.remove(woken)

    def _release(self, request: Request) -> None:
        slot = request.meta.pop(SLOT_META, None)
        if slot is None:
            return
        host, token = slot
        self._held[host] -= 1
        self._slots.pop(token, None)
        self.server.zrem(polite_keys(host)[0], token)
        for woken in self._waiters.pop(host, []):
            if not woken.called:
                woken.callback(None)

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
