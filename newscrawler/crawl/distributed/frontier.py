"""The shared frontier: scrapy-redis's scheduler, priority queue and dupefilter, configured
only through Scrapy settings (``frontier_settings``).

scrapy-redis pops a request destructively: a worker killed with requests in flight would lose
them. Here a pop moves the request, in the same Lua call, into a lease hash of the worker that
took it; the worker releases a lease once its request has left Scrapy's engine (its response
scraped, its items sent, its new requests queued), and the writer puts the leases of a worker
whose heartbeat stopped back on the queue (``requeue_leases``). The dupefilter keys requests
exactly as a single-process crawl does (``request_key``).
"""

from __future__ import annotations

from scrapy.http import Request
from scrapy.utils.request import fingerprint
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from newscrawler.crawl.distributed.connection import CrawlKeys

LEASE_META = "newscrawler_lease"
"""The request's lease id in ``request.meta`` (set when a worker pops it)."""


def request_key(request: Request) -> str:
    """The one place a request's identity is computed for the shared dupefilter: Scrapy's own
    fingerprint (method, canonicalized URL, body), which the single-process crawl's dupefilter
    uses too; the spider has already cleaned article URLs (``extract.links.clean_url``)."""
    return fingerprint(request).hex()


def frontier_settings(redis_url: str, keys: CrawlKeys) -> dict:
    """The Scrapy settings that put a crawl's scheduler, queue and dupefilter in Redis."""
    return {
        "REDIS_URL": redis_url,
        "SCHEDULER": "newscrawler.crawl.distributed.frontier.WorkerScheduler",
        "SCHEDULER_QUEUE_CLASS": "newscrawler.crawl.distributed.frontier.LeasedQueue",
        "SCHEDULER_QUEUE_KEY": keys.requests,
        "SCHEDULER_DUPEFILTER_KEY": keys.dupefilter,
        "DUPEFILTER_CLASS": "newscrawler.crawl.distributed.frontier.DupeFilter",
        "SCHEDULER_PERSIST": True,  # the writer deletes a run's keys when the run ends
    }


class DupeFilter(RFPDupeFilter):
    """scrapy-redis's dupefilter with the single-process crawl's request identity."""

    def request_fingerprint(self, request: Request) -> str:
        return request_key(request)

    def close(self, reason: str = "") -> None:
        """Kept: the frontier outlives any one process (the writer clears it at the end)."""


_POP = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #r == 0 then return false end
redis.call('ZREM', KEYS[1], r[1])
local id = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[2], id, r[2] .. ' ' .. r[1])
return {id, r[1]}
"""

_REQUEUE = """
local all = redis.call('HGETALL', KEYS[2])
for i = 1, #all, 2 do
  local v = all[i + 1]
  local sp = string.find(v, ' ', 1, true)
  redis.call('ZADD', KEYS[1], string.sub(v, 1, sp - 1), string.sub(v, sp + 1))
end
redis.call('DEL', KEYS[2])
return #all / 2
"""


_PUSH_NEW = """
if redis.call('SADD', KEYS[2], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
return 1
"""


class LeasedQueue(PriorityQueue):
    """scrapy-redis's priority queue whose pop leases the request to the popping worker."""

    worker_id: str | None = None  # set by the worker scheduler; None: plain pops (the writer)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pop = self.server.register_script(_POP)
        self._push_new = self.server.register_script(_PUSH_NEW)

    def push_new(self, request: Request, fingerprint: str, dupefilter_key: str) -> bool:
        """Queue ``request`` unless the dupefilter has seen it: one round trip, not two."""
        data = self._encode_request(request)
        return bool(self._push_new(keys=[self.key, dupefilter_key],
                                   args=[fingerprint, -request.priority, data]))

    def pop(self, timeout: int = 0) -> Request | None:
        if self.worker_id is None:
            return super().pop(timeout)
        keys = CrawlKeys(self.spider.settings.get("NEWSCRAWLER_REDIS_CRAWL"))
        popped = self._pop(keys=[self.key, keys.leases(self.worker_id), keys.lease_seq])
        if not popped:
            return None
        lease, data = popped
        request = self._decode_request(data)
        request.meta[LEASE_META] = int(lease)
        return request


def requeue_leases(server, keys: CrawlKeys, worker: str) -> int:
    """Put every request leased to ``worker`` back on the queue (it died); how many."""
    return int(server.eval(_REQUEUE, 2, keys.requests, keys.leases(worker)))


def release_leases(server, keys: CrawlKeys, worker: str, live: set[int]) -> int:
    """Release the leases of ``worker`` whose requests are no longer in its engine."""
    held = [int(k) for k in server.hkeys(keys.leases(worker))]
    done = [k for k in held if k not in live]
    if done:
        server.hdel(keys.leases(worker), *done)
    return len(done)


class _OneTripEnqueue(Scheduler):
    def enqueue_request(self, request: Request) -> bool:
        """scrapy-redis's enqueue (dupefilter, then queue) in one Lua call."""
        if request.dont_filter:
            return super().enqueue_request(request)
        if not self.queue.push_new(request, self.df.request_fingerprint(request), self.df.key):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True


class WorkerScheduler(_OneTripEnqueue):
    """scrapy-redis's scheduler; requests a worker pops are leased to it."""

    def open(self, spider) -> None:
        super().open(spider)
        self.queue.worker_id = spider.settings.get("NEWSCRAWLER_REDIS_WORKER_ID")


class WriterScheduler(_OneTripEnqueue):
    """The writer's scheduler: it seeds the shared queue and never takes from it (the writer
    downloads nothing)."""

    def next_request(self) -> Request | None:
        return None

    def has_pending_requests(self) -> bool:
        return False
