"""Scrapy's downloader, holding each site to ``CONCURRENT_REQUESTS_PER_DOMAIN`` again.

Scrapy 2.19 under the asyncio reactor starts each download as a task and counts it against its
slot only once the task runs; one pass over a slot's queue therefore starts every queued
request at once (seen here: 8 requests at once at a site with a limit of 2, whenever no
download delay spaces them out: ``AUTOTHROTTLE_ENABLED=false`` and ``DOWNLOAD_DELAY=0``).
Counting the request when it is handed to the task keeps the limit.
"""

from __future__ import annotations

from typing import Any

from scrapy.core.downloader import Downloader


class PoliteDownloader(Downloader):
    def _wait_for_download(self, slot: Any, request: Any, queue_dfd: Any):
        # Not a coroutine function: this line runs now, in the loop that checks
        # ``slot.free_transfer_slots()``; Scrapy's ``_download`` adds it again (a set) and
        # removes it when the download ends.
        slot.transferring.add(request)
        return super()._wait_for_download(slot, request, queue_dfd)
