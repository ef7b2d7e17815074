"""What one identity per article costs: ``article_key`` per link, and the crawl's "already
archived?" by key (``article_urls``) beside the lookup it replaced (the URL as written, in
``articles.url`` or ``articles.fetched_url``).

    .venv/bin/python benchmarks/identity.py                  # 50,000 articles
    .venv/bin/python benchmarks/identity.py -n 200000 --lookups 50000

Links are asked in the forms listings print (raw Arabic, another scheme, ``www.``, tracking
parameters), half of them archived. The old lookup misses every form but the stored one: that is
the bug; the timing shows what the right answer costs.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from newscrawler.archive import open_archive
from newscrawler.archive.store import ArchiveIndex, ArchiveWriter
from newscrawler.items import Article
from newscrawler.normalize.urls import article_key

SLUG = "وزير-الري-يشهد-توقيع-عقد"


def article(n: int) -> Article:
    return Article(url=f"https://www.example.ma/story/2024/5/1/{SLUG}/{n}", site="example.ma",
                   title=f"خبر رقم {n}", body=f"نص الخبر رقم {n}.")


def link_forms(n: int) -> list[str]:
    return [
        f"https://www.example.ma/story/2024/5/1/{SLUG}/{n}",
        f"http://example.ma/story/2024/5/1/{SLUG}/{n}/?utm_source=fb",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=50_000, help="articles in the archive")
    parser.add_argument("--lookups", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, open_archive(Path(folder) / "a.db") as archive:
        writer = ArchiveWriter(archive, batch_size=2000)
        started = time.perf_counter()
        for n in range(args.n):
            writer.add(article(n))
        writer.flush()
        print(f"wrote {args.n} articles in {time.perf_counter() - started:.1f} s")
        rng = random.Random(1)
        links = [rng.choice(link_forms(rng.randrange(2 * args.n))) for _ in range(args.lookups)]

        index, conn = ArchiveIndex(archive), archive.conn
        timings: dict[str, list[float]] = {"key": [], "by_key": [], "by_url": []}
        for _ in range(3):  # interleaved, the median kept: the machine may be busy
            article_key.cache_clear()
            started = time.perf_counter()
            keys = [article_key(link) for link in links]
            timings["key"].append(time.perf_counter() - started)
            started = time.perf_counter()
            found_new = sum(index.is_archived_key(k) for k in keys)
            timings["by_key"].append(time.perf_counter() - started)
            started = time.perf_counter()
            found_old = sum(
                conn.execute("SELECT 1 FROM articles WHERE url = ? UNION ALL "
                             "SELECT 1 FROM articles WHERE fetched_url = ? LIMIT 1", [u, u]).fetchone()
                is not None for u in links)
            timings["by_url"].append(time.perf_counter() - started)
    us = {name: statistics.median(t) / len(links) * 1e6 for name, t in timings.items()}
    print(f"article_key:                {us['key']:.1f} µs a link")
    print(f"archived? by key (query):   {us['by_key']:.1f} µs a link, found {found_new} of {len(links)}")
    print(f"archived? by URL (before):  {us['by_url']:.1f} µs a link, found {found_old} of {len(links)}")
    print(f"ratio key + query / URL query: {(us['key'] + us['by_key']) / us['by_url']:.2f}")


if __name__ == "__main__":
    main()
