"""WARC export: warcio reads back every stored response with identical bytes."""

from __future__ import annotations

import sqlite3

import pytest

from newscrawler.archive.rows import unpack_body
from tests.test_crawl_e2e import newscrawler
from tests.test_reparse import crawled_db  # noqa: F401  (fixture: the demo site crawled)


def test_every_stored_page_comes_back_identical(crawled_db, tmp_path):  # noqa: F811
    warcio = pytest.importorskip("warcio.archiveiterator")
    out = tmp_path / "pages.warc.gz"
    result = newscrawler("export", "--db", str(crawled_db), "--warc", str(out))
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(crawled_db)
    stored = {url: (status, unpack_body(body)) for url, status, body in conn.execute(
        "SELECT coalesce(final_url, url), status, body FROM pages")}
    conn.close()
    assert stored
    seen, kinds = {}, []
    with out.open("rb") as fh:
        for record in warcio.ArchiveIterator(fh):
            kinds.append(record.rec_type)
            if record.rec_type == "response":
                url = record.rec_headers.get_header("WARC-Target-URI")
                assert record.rec_headers.get_header("WARC-Date").endswith("Z")
                seen[url] = (int(record.http_headers.get_statuscode()),
                             record.content_stream().read())
    assert kinds[0] == "warcinfo"
    assert seen == stored
