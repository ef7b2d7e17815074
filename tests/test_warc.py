"""WARC export: warcio reads back every stored response with identical bytes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from warcio.archiveiterator import ArchiveIterator

from newscrawler.archive.rows import unpack_body
from tests.helpers import newscrawler


def test_every_stored_page_comes_back_identical(crawled_db, tmp_path):  # noqa: F811
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
        for record in ArchiveIterator(fh):
            kinds.append(record.rec_type)
            if record.rec_type == "response":
                url = record.rec_headers.get_header("WARC-Target-URI")
                assert record.rec_headers.get_header("WARC-Date").endswith("Z")
                seen[url] = (int(record.http_headers.get_statuscode()),
                             record.content_stream().read())
    assert kinds[0] == "warcinfo"
    assert seen == stored


def test_the_warc_says_one_version_and_passes_warcios_own_checker(crawled_db, tmp_path):  # noqa: F811
    out = tmp_path / "pages.warc.gz"
    assert newscrawler("export", "--db", str(crawled_db), "--warc", str(out)).returncode == 0
    versions, info = set(), b""
    with out.open("rb") as fh:
        for record in ArchiveIterator(fh, check_digests=True):
            versions.add(record.rec_headers.protocol)
            block = record.content_stream().read()
            if record.rec_type == "warcinfo":
                info = block
            assert record.digest_checker.passed is not False, record.digest_checker.problems
    assert versions == {"WARC/1.1"}
    assert b"format: WARC File Format 1.1" in info
    # `warcio check`: every record parses and its digests match
    check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", "-v", str(out)],
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout[-2000:] + check.stderr[-2000:]
    assert "digest pass" in check.stdout and "problem" not in check.stdout.lower()
