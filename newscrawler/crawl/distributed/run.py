"""A distributed run's shared state: its configuration, the workers' heartbeats and stats, and
the writer's test of when the run is done."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

from newscrawler.crawl.distributed.connection import ACTIVE_RUNS, CrawlKeys

LOCAL_SETTINGS = ("NEWSCRAWLER_DB", "NEWSCRAWLER_PROGRESS", "NEWSCRAWLER_PROGRESS_INTERVAL",
                  "NEWSCRAWLER_EXTRACT_WORKERS", "LOG_LEVEL", "LOG_FILE", "LOG_ENABLED",
                  "NEWSCRAWLER_REDIS_URL")
"""Settings of the writer's command line that are its own, not the run's."""


def run_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """The writer's overrides that every worker crawls with (time zone, site name, -s …)."""
    return {k: v for k, v in settings.items() if k not in LOCAL_SETTINGS}


def publish_run(server, keys: CrawlKeys, config: dict[str, Any]) -> dict[str, Any]:
    """Make the run visible to workers; an unfinished run of the same crawl keeps its token
    (a restarted writer resumes it)."""
    old = read_config(server, keys)
    config = dict(config, token=old["token"] if old else uuid.uuid4().hex, state="active")
    server.set(keys.config, json.dumps(config, ensure_ascii=False))
    server.sadd(ACTIVE_RUNS, keys.crawl)
    return config


def read_config(server, keys: CrawlKeys) -> dict[str, Any] | None:
    raw = server.get(keys.config)
    return json.loads(raw) if raw else None


def set_state(server, keys: CrawlKeys, state: str) -> None:
    config = read_config(server, keys)
    if config is not None:
        config["state"] = state
        server.set(keys.config, json.dumps(config, ensure_ascii=False))
    if state != "active":
        server.srem(ACTIVE_RUNS, keys.crawl)


def clear_run(server, keys: CrawlKeys) -> None:
    """Delete what a run left in Redis (its frontier, dupefilter, leases, stream…)."""
    workers = [w.decode() for w in server.hkeys(keys.workers)]
    server.delete(*keys.run_keys(), *(keys.leases(w) for w in workers),
                  *(keys.alive(w) for w in workers))
    server.srem(ACTIVE_RUNS, keys.crawl)


def heartbeat(server, keys: CrawlKeys, worker: str, *, timeout: float, stats: dict,
              final: bool = False) -> None:
    """A worker is alive while its ``alive`` key lives (``timeout`` seconds); its stats so far
    go with every beat, so those of a killed worker are counted up to its last beat."""
    snapshot = json.dumps({"final": final, "at": time.time(), "stats": stats},
                          default=str, ensure_ascii=False)
    pipe = server.pipeline(transaction=True)
    pipe.set(keys.alive(worker), "1", px=int(timeout * 1000))
    pipe.hset(keys.workers, worker, snapshot)
    pipe.execute()


def worker_snapshots(server, keys: CrawlKeys) -> dict[str, dict]:
    return {w.decode(): json.loads(v) for w, v in server.hgetall(keys.workers).items()}


def dead_workers(server, keys: CrawlKeys) -> list[str]:
    workers = [w.decode() for w in server.hkeys(keys.workers)]
    if not workers:
        return []
    pipe = server.pipeline(transaction=False)
    for worker in workers:
        pipe.exists(keys.alive(worker))
    return [w for w, alive in zip(workers, pipe.execute(), strict=True) if not alive]


def frontier_empty(server, keys: CrawlKeys) -> bool:
    """No request queued and none leased to any worker, read in one transaction: a worker
    releases a lease only after the outputs of its request (new requests, rows) are in Redis,
    so an empty frontier followed by an empty stream read means the crawl is over."""
    workers = [w.decode() for w in server.hkeys(keys.workers)]
    pipe = server.pipeline(transaction=True)
    pipe.zcard(keys.requests)
    for worker in workers:
        pipe.hlen(keys.leases(worker))
    return not any(pipe.execute())


MERGED_PREFIXES = ("downloader/", "newscrawler/", "robotstxt/", "retry/", "httperror/",
                   "response_received_count", "item_scraped_count", "item_dropped_count")
WRITER_ONLY = ("newscrawler/articles/", "newscrawler/run_id",
               "newscrawler/distributed/")


def merge_worker_stats(snapshots: list[dict]) -> dict[str, Any]:
    """The workers' crawl stats as one run's: counts summed, lists joined, and robots.txt
    counted once per site, as one process fetches it (every worker reads it)."""
    merged: dict[str, Any] = {}
    for stats in snapshots:
        for key, value in stats.items():
            if not key.startswith(MERGED_PREFIXES) or key.startswith(WRITER_ONLY):
                continue
            if isinstance(value, bool):
                merged[key] = merged.get(key) or value
            elif isinstance(value, int | float):
                merged[key] = merged.get(key, 0) + value
            elif isinstance(value, list):
                merged[key] = merged.get(key, []) + value
            elif isinstance(value, dict):
                merged[key] = {**merged.get(key, {}), **value}
    for stats in snapshots:
        for key, value in stats.items():
            prefix = "newscrawler/distributed/robots_again"
            if key == prefix:
                for name in ("downloader/request_count", "downloader/response_count",
                             "robotstxt/request_count", "robotstxt/response_count"):
                    if name in merged:
                        merged[name] -= value
            elif key.startswith(prefix + "/"):
                status = key.rsplit("/", 1)[1]
                for name in (f"downloader/response_status_count/{status}",
                             f"robotstxt/response_status_count/{status}"):
                    if name in merged:
                        merged[name] -= value
    return merged
