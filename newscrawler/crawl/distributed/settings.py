"""The Scrapy settings of each side of a distributed crawl (importing this module imports no
reactor: the CLI builds them before Scrapy starts one)."""

from __future__ import annotations

import os
import socket
import uuid
from typing import Any

from scrapy.settings import Settings

from newscrawler.crawl.distributed.connection import CrawlKeys
from newscrawler.crawl.distributed.frontier import frontier_settings
from newscrawler.crawl.distributed.run import run_settings

RUN_PRIORITY = 40  # "cmdline": the writer's overrides, which the run hands on to workers
OWN_PRIORITY = 45  # what makes this process the writer, never handed on


def writer_settings(overrides: dict[str, Any], redis_url: str, crawl: str) -> Settings:
    """The settings of the writer's crawl: the usual ones, with the frontier in Redis and the
    archive fed by the row stream."""
    from newscrawler.crawl.runner import project_settings

    settings = project_settings(overrides)
    own = frontier_settings(redis_url, CrawlKeys(crawl))
    own.update(
        SCHEDULER="newscrawler.crawl.distributed.frontier.WriterScheduler",
        ITEM_PIPELINES={"newscrawler.crawl.distributed.writer.StreamArchivePipeline": 900},
        NEWSCRAWLER_REDIS_URL=redis_url,
        NEWSCRAWLER_REDIS_CRAWL=crawl,
    )
    settings.setdict(own, priority=OWN_PRIORITY)
    return settings


def handed_on(settings: Settings) -> dict[str, Any]:
    """The settings given on the writer's command line, for the workers to crawl with."""
    given = {}
    for name in settings:
        if settings.getpriority(name) == RUN_PRIORITY:
            value = settings[name]
            given[name] = value.copy_to_dict() if hasattr(value, "copy_to_dict") else value
    return run_settings(given)


def worker_id() -> str:
    """A worker's name in Redis: its machine, its process, and a nonce (pids repeat)."""
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


def worker_settings(config: dict, redis_url: str, crawl: str, worker: str,
                    local: dict[str, Any]) -> Settings:
    """The run's settings (as the writer published them) with this worker's own (log level,
    extraction processes, ``-s``), rows sent to the stream instead of written."""
    from newscrawler.crawl.runner import project_settings

    settings = project_settings({**config.get("settings", {}), **local})
    pipelines = dict(settings.getdict("ITEM_PIPELINES"))
    pipelines.pop("newscrawler.crawl.pipelines.ArchivePipeline", None)
    pipelines["newscrawler.crawl.distributed.worker.StreamPipeline"] = 900
    middlewares = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
    middlewares["newscrawler.crawl.distributed.politeness.PolitenessMiddleware"] = 990
    extensions = dict(settings.getdict("EXTENSIONS"))
    extensions["newscrawler.crawl.distributed.worker.WorkerExtension"] = 600
    own = frontier_settings(redis_url, CrawlKeys(crawl))
    # The delay between two requests to a site is kept by the gate in Redis (politeness.py)
    # when a request leaves; a local delay or AutoThrottle on top would hold granted requests
    # back and let other workers' start closer together than DOWNLOAD_DELAY.
    own.update(NEWSCRAWLER_REDIS_SITE_DELAY=settings.getfloat("DOWNLOAD_DELAY"), DOWNLOAD_DELAY=0,
               AUTOTHROTTLE_ENABLED=False, ITEM_PIPELINES=pipelines, DOWNLOADER_MIDDLEWARES=middlewares,
               EXTENSIONS=extensions, NEWSCRAWLER_REDIS_URL=redis_url,
               NEWSCRAWLER_REDIS_CRAWL=crawl, NEWSCRAWLER_REDIS_WORKER_ID=worker)
    settings.setdict(own, priority=OWN_PRIORITY)
    return settings


