"""The ceiling of the crawl benchmark: bare Scrapy following the same links, yielding nothing.

Run by ``benchmarks/crawl.py`` in a subprocess (``-P``: this folder holds scripts that
shadow libraries): ``python -P benchmarks/_bare.py STATS_JSON SETTINGS_JSON URL...``. On listing pages it follows the
teaser headline links (the article links newscrawler takes) and the pagination links; article
pages are downloaded and dropped. Scrapy's stats are written to STATS_JSON at the end.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, urls: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = urls

    async def start(self):
        for url in self.urls:
            yield scrapy.Request(url, callback=self.parse_listing)

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        for href in response.css("h2.post-title a::attr(href)").getall():
            yield scrapy.Request(response.urljoin(href), callback=self.parse_article)
        for href in response.css(".pages-numbers a::attr(href)").getall():
            yield scrapy.Request(response.urljoin(href), callback=self.parse_listing)

    def parse_article(self, response: Response) -> None:
        return None


def main() -> None:
    stats_path, settings_json, *urls = sys.argv[1:]
    process = CrawlerProcess(json.loads(settings_json))
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, urls=urls)
    process.start()
    stats = {k: (v.isoformat() if hasattr(v, "isoformat") else v)
             for k, v in crawler.stats.get_stats().items()}  # fmt: skip
    with open(stats_path, "w", encoding="utf-8") as f:
        json.dump(stats, f)


if __name__ == "__main__":
    main()
