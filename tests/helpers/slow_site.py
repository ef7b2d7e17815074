"""A slow site of known articles, and the check that an archive of it is sound and whole: for
the tests that kill, lock or interrupt a crawl in the middle."""

from __future__ import annotations

import time
from pathlib import Path

from tests.helpers.archives import rows
from tests.hostile.server import PARAGRAPH, HostileSite, article_page, listing_page, send

N_ARTICLES = 80


def truth() -> dict[str, tuple[str, str]]:
    """path -> (title, first words of the body), for every article of the slow site."""
    return {f"/archives/{5000 + i}": (f"خبر رقم {i} عن أشغال تهيئة المدينة القديمة",
                                      f"الفقرة الأولى من الخبر رقم {i}.")
            for i in range(N_ARTICLES)}


def slow_site(delay: float = 0.05) -> HostileSite:
    """A section of N_ARTICLES articles over four listing pages, each answer a little slow so
    that a crawl lasts a few seconds and a kill can land anywhere in it."""
    articles = truth()
    paths = list(articles)

    def article(path):
        title, first = articles[path]

        def answer(h):
            time.sleep(delay)
            # a new revision on every fetch, so that every run (--full) writes every article
            revision = f" النسخة {time.monotonic_ns()}. "
            send(h, 200, article_page(title, body=first + revision + PARAGRAPH * 8))
        return answer

    routes = {p: article(p) for p in paths}
    per_page = N_ARTICLES // 4
    for n in range(4):
        chunk = paths[n * per_page:(n + 1) * per_page]
        nxt = f"/section/page/{n + 2}/" if n < 3 else None
        path = "/section/" if n == 0 else f"/section/page/{n + 1}/"
        routes[path] = listing(listing_page(chunk, next_url=nxt), delay)
    return HostileSite(routes)


def listing(html: str, delay: float):
    def answer(h):
        time.sleep(delay)
        send(h, 200, html)
    return answer


def check_archive(db: Path) -> int:
    """Sound, no duplicate, no half-written article: each stored row is a whole article."""
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    if not rows(db, "SELECT name FROM sqlite_master WHERE name = 'articles'"):
        # killed before the migration that makes it committed: nothing stored, nothing lost;
        # the next run goes on with the schema (every command does, on opening the file)
        return 0
    assert rows(db, "SELECT count(*) - count(DISTINCT url) FROM articles") == [(0,)]
    articles = truth()
    stored = rows(db, "SELECT url, title, body FROM articles")
    for url, title, body in stored:
        path = "/" + url.split("/", 3)[3]
        expected_title, first = articles[path]
        assert title == expected_title
        assert body.startswith(first) and body.rstrip().endswith(PARAGRAPH.strip()[-20:])
    # the full-text index agrees with the table
    assert rows(db, "SELECT count(*) FROM articles_fts") == [(len(stored),)]
    return len(stored)
