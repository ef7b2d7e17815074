"""`newscrawler serve` in a subprocess, driven by headless Chromium: the table loads, a search
without diacritics finds the article written with them."""

from __future__ import annotations

import subprocess
from urllib.parse import quote

import pytest

from newscrawler.archive import open_archive
from newscrawler.archive.store import ArchiveWriter
from tests.helpers import make_article
from tests.helpers.browser import chromium, serving


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("serve") / "news.db"
    with open_archive(db) as archive:
        writer = ArchiveWriter(archive)
        writer.add(make_article(1, title="الحكومة تُطلق برنامجاً لمحاربة الأُمِّيَّة في القرى"))
        writer.add(make_article(2, title="مباراة كرة القدم تنتهي بالتعادل", section="رياضة",
                                body="انتهت المباراة بدون أهداف."))
        writer.flush()
    with serving("newscrawler", "serve", "--db", str(db)) as base:
        yield base, db.stem


def dump_dom(url: str, tmp_path) -> str:
    result = subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", url],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_the_articles_table_loads_with_facets(server, tmp_path):
    base, name = server
    dom = dump_dom(f"{base}/{name}/articles_browse", tmp_path)
    assert "مباراة كرة القدم تنتهي بالتعادل" in dom
    assert 'name="_search"' in dom  # the full-text search box is configured
    for facet in ("site", "section", "month", "authors"):
        assert f'data-column="{facet}"' in dom, facet


def test_a_search_without_diacritics_finds_the_article_with_them(server, tmp_path):
    base, name = server
    dom = dump_dom(f"{base}/{name}/articles_browse?_search={quote('الامية')}", tmp_path)
    assert "الحكومة تُطلق برنامجاً لمحاربة الأُمِّيَّة في القرى" in dom
    assert "مباراة كرة القدم" not in dom
    dom = dump_dom(f"{base}/{name}/search?q={quote('والحكومات')}", tmp_path)
    assert "الحكومة تُطلق برنامجاً" in dom and "مباراة" not in dom
