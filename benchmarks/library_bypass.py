"""What the two places that step around a library's own machinery save, side by side.

    NEWSCRAWLER_CORPUS=/work/shared/corpus .venv/bin/python benchmarks/library_bypass.py

1. itemloaders: ``ArticleLoader`` calls each field's declared processors directly
   (``extract/page.py``); a subclass of it takes ItemLoader's own ``add_value`` /
   ``get_output_value`` / ``load_item`` path. Both extract the same corpus pages; the Articles
   must be equal, and the time per page is compared.
2. sqlite-utils: ``ArchiveWriter`` writes an article's row with one prepared ``INSERT``
   (``archive/store.py``); sqlite-utils' ``table.upsert(row, pk="url")`` writes the same rows.
   Both write the same new articles in batches of 50, one transaction per batch.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlite_utils  # noqa: E402

from newscrawler.archive import open_archive  # noqa: E402
from newscrawler.archive.store import _COLUMNS, _INSERT_ARTICLE  # noqa: E402
from newscrawler.extract import extract_article  # noqa: E402
from newscrawler.extract import page as page_module  # noqa: E402

CORPUS = Path(os.environ.get("NEWSCRAWLER_CORPUS", ROOT.parent / "shared" / "corpus"))


class StockLoader(page_module.ArticleLoader):
    """The same processors through ItemLoader's own machinery (the shortcuts check the type)."""


def corpus_pages(limit: int) -> list[tuple[bytes, str]]:
    pages = []
    for line in (CORPUS / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        truth = json.loads(line)
        path = CORPUS / "pages" / f"{truth['id']}.html.gz"
        if path.exists():
            pages.append((gzip.decompress(path.read_bytes()), truth["url"]))
        if len(pages) == limit:
            break
    return pages


def time_extraction(pages, loader_class, repeats: int) -> tuple[float, list]:
    page_module.ArticleLoader, original = loader_class, page_module.ArticleLoader
    try:
        runs, articles = [], []
        for _ in range(repeats):
            start = time.process_time()
            articles = [extract_article(html, url) for html, url in pages]
            runs.append((time.process_time() - start) / len(pages) * 1000)
        return statistics.median(runs), articles
    finally:
        page_module.ArticleLoader = original


def article_rows(n: int) -> list[dict]:
    body = "نص الخبر كما نشره الموقع. " * 120
    return [{c: None for c in _COLUMNS} | {
        "url": f"https://example.ma/archives/{i}", "site": "example.ma", "section": "مجتمع",
        "title": f"عنوان الخبر رقم {i}", "body": body, "authors_raw": "[]", "tags": "[]",
        "content_hash": f"{i:040x}", "crawled_at": "2026-12-06T12:00:00+00:00",
        "first_seen": "2026-12-06T12:00:00+00:00"} for i in range(n)]


def time_inserts(rows: list[dict], how: str) -> float:
    with tempfile.TemporaryDirectory() as folder:
        archive = open_archive(Path(folder) / "bench.db")
        conn, db = archive.conn, sqlite_utils.Database(archive.conn)
        start = time.process_time()
        for i in range(0, len(rows), 50):
            with conn:
                for row in rows[i:i + 50]:
                    if how == "ours":
                        conn.execute("SELECT id, content_hash FROM articles WHERE url = ?", [row["url"]])
                        conn.execute(_INSERT_ARTICLE, [row[c] for c in _COLUMNS] + [row["first_seen"]])
                    else:
                        db["articles"].upsert(row, pk="url")
        seconds = time.process_time() - start
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == len(rows)
        archive.close()
    return seconds / len(rows) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    pages = corpus_pages(args.pages)
    time_extraction(pages, page_module.ArticleLoader, 1)  # warm the extractor's caches
    ours_runs, stock_runs = [], []
    for _ in range(args.repeats):  # taking turns, so that a busy moment hits both alike
        ours, mine = time_extraction(pages, page_module.ArticleLoader, 1)
        stock, theirs = time_extraction(pages, StockLoader, 1)
        ours_runs.append(ours)
        stock_runs.append(stock)
    ours, stock = statistics.median(ours_runs), statistics.median(stock_runs)
    assert [a.__dict__ for a in mine] == [a.__dict__ | {"crawled_at": b.crawled_at} for a, b in
                                          zip(theirs, mine, strict=True)], "different Articles"
    print(f"itemloaders: {len(pages)} corpus pages, extract_article CPU ms/page (median of "
          f"{args.repeats}): ArticleLoader's shortcuts {ours:.2f}, ItemLoader's machinery "
          f"{stock:.2f} ({stock - ours:+.2f} ms, {stock / ours:.2f}x)")
    rows = article_rows(args.rows)
    mine_ms = statistics.median(time_inserts(rows, "ours") for _ in range(args.repeats))
    theirs_ms = statistics.median(time_inserts(rows, "sqlite-utils") for _ in range(args.repeats))
    print(f"sqlite-utils: {len(rows)} article rows, batches of 50, CPU ms/row (median of "
          f"{args.repeats}): prepared INSERT {mine_ms:.3f}, table.upsert {theirs_ms:.3f} "
          f"({theirs_ms / mine_ms:.1f}x)")


if __name__ == "__main__":
    main()
