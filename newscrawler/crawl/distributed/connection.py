"""The Redis client of a distributed crawl, clear errors, and the names of its keys."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import redis

REDIS_ERRORS = (redis.ConnectionError, redis.TimeoutError, OSError)
"""What a lost or unreachable Redis raises."""

PREFIX = "newscrawler"


class RedisUnavailable(RuntimeError):
    """Redis cannot be reached (down, wrong address) or answered with an error."""


def check_redis_url(url: str) -> str:
    """``redis://HOST:PORT/N`` (or ``rediss://``, ``unix://``); anything else is a usage error."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("redis", "rediss", "unix") or not (parts.hostname or parts.path):
        raise ValueError(f"{url!r} is not a Redis URL (redis://HOST:PORT/N)")
    return url.strip()


def connect(url: str, *, timeout: float = 10.0) -> redis.Redis:
    """A client for ``url`` that has answered a PING: a Redis that is down is one clear error
    here, not a traceback later."""
    client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout,
                                  health_check_interval=30)
    try:
        client.ping()
    except REDIS_ERRORS as e:
        raise RedisUnavailable(f"cannot reach Redis at {url}: {describe(e)}") from None
    except redis.RedisError as e:
        raise RedisUnavailable(f"Redis at {url} refused us: {e}") from None
    return client


def describe(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    if "refused" in text.lower():
        return "connection refused"
    return text.splitlines()[0][:200]


@dataclass(frozen=True)
class CrawlKeys:
    """The Redis keys of one distributed crawl, named after what the run is "of" (its site
    key: a profile name or the hosts of its start URLs), so that a restarted writer finds its
    run again and writers of different sites can share one Redis."""

    crawl: str

    def __post_init__(self) -> None:  # scrapy-redis %-formats its key names
        object.__setattr__(self, "crawl", self.crawl.replace("%", "_"))

    def _key(self, name: str) -> str:
        return f"{PREFIX}:{{{self.crawl}}}:{name}"

    @property
    def config(self) -> str:
        return self._key("config")

    @property
    def requests(self) -> str:
        return self._key("requests")

    @property
    def dupefilter(self) -> str:
        return self._key("dupefilter")

    @property
    def lease_seq(self) -> str:
        return self._key("lease-seq")

    def leases(self, worker: str) -> str:
        return self._key(f"leases:{worker}")

    def alive(self, worker: str) -> str:
        return self._key(f"alive:{worker}")

    @property
    def workers(self) -> str:
        return self._key("workers")

    @property
    def rows(self) -> str:
        return self._key("rows")

    @property
    def archived(self) -> str:
        return self._key("archived")

    @property
    def stale(self) -> str:
        return self._key("stale")

    @property
    def robots(self) -> str:
        return self._key("robots")

    def run_keys(self) -> list[str]:
        """What a run leaves in Redis besides the per-worker keys (deleted when it ends)."""
        return [self.config, self.requests, self.dupefilter, self.lease_seq, self.workers,
                self.rows, self.archived, self.stale, self.robots]


ACTIVE_RUNS = f"{PREFIX}:runs"
"""The set of crawls with an active run: where idle workers look for work."""


def polite_keys(host: str) -> tuple[str, str]:
    """A site's politeness keys, shared by every crawl on this Redis: the requests in flight
    (a sorted set of tokens by expiry) and when the next request may start."""
    return f"{PREFIX}:polite:{host}:inflight", f"{PREFIX}:polite:{host}:next"
