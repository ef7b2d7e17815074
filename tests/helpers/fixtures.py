"""Fixtures that several test modules use; ``tests/conftest.py`` makes them available."""

from __future__ import annotations

import pytest

from newscrawler.demo import SECTIONS, serve_demo
from tests.helpers.cli import newscrawler


@pytest.fixture(scope="module")
def demo_server():
    with serve_demo() as server:
        yield server


@pytest.fixture(scope="module")
def crawled(demo_server, tmp_path_factory):
    """The demo site's sections crawled once into a fresh archive."""
    db = tmp_path_factory.mktemp("crawl") / "news.db"
    urls = [demo_server.url(p) for p in SECTIONS.values()]
    result = newscrawler("crawl", *urls, "--db", str(db), "--max-pages", "0",
                         "--timezone", "Africa/Casablanca")
    assert result.returncode == 0, result.stderr
    return db, urls, result


@pytest.fixture(scope="module")
def crawled_db(tmp_path_factory):
    """The demo site crawled into a fresh archive, its server stopped since: what reads this
    archive cannot lean on the network."""
    db = tmp_path_factory.mktemp("reparse") / "news.db"
    with serve_demo() as server:
        urls = [server.url(p) for p in SECTIONS.values()]
        result = newscrawler("crawl", *urls, "--db", str(db), "--max-pages", "0",
                             "--timezone", "Africa/Casablanca")
    assert result.returncode == 0, result.stderr
    return db
