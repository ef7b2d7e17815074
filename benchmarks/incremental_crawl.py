"""Incremental crawls cost what is new: requests made by a first crawl, a second with nothing
new, and a third after k new articles, on a local section of N articles.

    .venv/bin/python benchmarks/incremental_crawl.py --articles 500 --new 7

(Not named incremental.py: a script of that name would shadow the `incremental` package that
Twisted imports, for every script run from this folder.)

Targets: the second crawl makes at most 2 requests beyond robots.txt, the third at
most k + 2. Also shown: what `--full` would cost instead, and wall time per crawl.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newscrawler.demo.growing import PAGE_SIZE, GrowingSite


def crawl(site: GrowingSite, db: Path, *extra: str) -> tuple[int, float, int]:
    """(page requests, seconds, new articles) of one `newscrawler crawl` in a subprocess."""
    site.requests.clear()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSCRAWLER_")}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "newscrawler", "crawl", site.section_url, "--db", str(db),
         "--max-pages", "0", "-s", "AUTOTHROTTLE_ENABLED=False", *extra],
        check=True, env=env, stdout=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - started
    conn = sqlite3.connect(db)
    (new,) = conn.execute("SELECT articles_new FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
    conn.close()
    return len(site.page_requests()), seconds, new


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500, help="articles on the site (N)")
    parser.add_argument("--new", type=int, default=7, help="articles published before crawl 3 (k)")
    args = parser.parse_args()
    n, k = args.articles, args.new
    with tempfile.TemporaryDirectory() as tmp, GrowingSite(n) as site:
        db = Path(tmp) / "news.db"
        rows = [("1: first crawl", *crawl(site, db), f"{n} + {-(-n // PAGE_SIZE)} listing pages")]
        rows.append(("2: nothing new", *crawl(site, db), "≤ 2"))
        site.add(k)
        rows.append((f"3: after k={k} new", *crawl(site, db), f"≤ k + 2 = {k + 2}"))
        full_db = Path(tmp) / "full.db"
        full_db.write_bytes(db.read_bytes())
        rows.append(("(--full instead)", *crawl(site, full_db, "--full"), "everything"))
    print(f"Section of N={n} articles, {PAGE_SIZE} per listing page; requests exclude robots.txt.\n")
    print("| crawl | requests | new articles | seconds | target |")
    print("|---|---:|---:|---:|---|")
    for name, requests, seconds, new, target in rows:
        print(f"| {name} | {requests} | {new} | {seconds:.1f} | {target} |")
    ok = rows[1][1] <= 2 and rows[2][1] <= k + 2
    print(f"\ntargets {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
