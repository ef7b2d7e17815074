"""Hostile input that is not a web page: XML bombs in sitemaps and feeds, and search or filter
values built to break SQL or FTS5."""

from __future__ import annotations

import json
import resource
import time
import zlib

import pytest

from newscrawler.crawl.discovery import parse_feed, parse_sitemap
from tests.helpers import crawl
from tests.hostile import HostileSite, article_page, listing_page
from tests.hostile.server import page

LAUGHS = "".join(
    f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
)
DOCTYPE = f'<!DOCTYPE lolz [<!ENTITY lol0 "lol">{LAUGHS}]>'
XXE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
SITEMAP = ('<?xml version="1.0"?>{doctype}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           "<url><loc>http://127.0.0.1/archives/1&{entity};</loc></url>"
           "<url><loc>http://127.0.0.1/archives/2</loc></url></urlset>")
RSS = ('<?xml version="1.0"?>{doctype}<rss version="2.0"><channel><title>&{entity};</title>'
       "<item><title>&{entity};</title><link>http://127.0.0.1/archives/3</link>"
       "<description>&{entity};</description></item></channel></rss>")


def bounded(fn, *args):
    """Run fn, asserting it neither takes long nor grows this process by hundreds of MB."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.monotonic()
    result = fn(*args)
    assert time.monotonic() - start < 5
    assert (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024 < 200
    return result


@pytest.mark.parametrize("doctype,entity", [(DOCTYPE, "lol9"), (XXE, "xxe")], ids=["billion-laughs", "xxe"])
def test_xml_bombs_in_sitemaps_are_not_expanded(doctype, entity):
    result = bounded(parse_sitemap, SITEMAP.format(doctype=doctype, entity=entity).encode(),
                     "http://127.0.0.1/sitemap.xml")
    text = json.dumps([e.__dict__ if hasattr(e, "__dict__") else str(e) for e in result.entries], default=str)
    assert "lollol" not in text and "root:" not in text
    assert len(text) < 10_000


@pytest.mark.parametrize("doctype,entity", [(DOCTYPE, "lol9"), (XXE, "xxe")], ids=["billion-laughs", "xxe"])
def test_xml_bombs_in_feeds_are_not_expanded(doctype, entity):
    result = bounded(parse_feed, RSS.format(doctype=doctype, entity=entity).encode(),
                     "http://127.0.0.1/feed/")
    text = json.dumps([str(e) for e in result.entries]) + str(result.title)
    assert "lollol" not in text and "root:" not in text
    assert len(text) < 10_000


def test_gzip_bomb_sitemap_is_capped():
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip, built without 300 MB in memory
    spaces = b" " * (1 << 20)
    body = b"".join([packer.compress(b"<urlset>"), *(packer.compress(spaces) for _ in range(300)),
                     packer.compress(b"</urlset>"), packer.flush()])
    result = bounded(parse_sitemap, body, "http://127.0.0.1/sitemap.xml.gz")
    assert result.entries == []


def test_billion_laughs_sitemap_through_the_crawl(tmp_path):
    """The crawl CLI in sitemap mode meets a billion-laughs sitemap: it ends, small, and keeps
    nothing it should not."""
    good = "المجلس البلدي يصادق على ميزانية السنة المقبلة"
    bomb = SITEMAP.format(doctype=DOCTYPE, entity="lol9").replace("127.0.0.1", "127.0.0.1:{port}")
    with HostileSite({"/": page(listing_page(["/archives/101"])),
                      "/archives/101": page(article_page(good))}) as site:
        xml = bomb.replace("{port}", str(site.main.port)).encode()
        site.routes.update({"/sitemap.xml": page(xml, "application/xml"),
                            "/wp-sitemap.xml": page(xml, "application/xml"),
                            "/robots.txt": page(f"Sitemap: {site.url('/sitemap.xml')}\n", "text/plain")})
        run = crawl(site.url("/"), "--db", str(tmp_path / "news.db"), "-s", "NEWSCRAWLER_DISCOVERY=sitemap",
                    timeout=120)
    assert not run.timed_out
    assert "Traceback" not in run.stderr
    assert run.returncode in (0, 1), run.stderr[-2000:]  # done, or "found nothing": never a crash
    assert run.peak_mb < 400


NASTY = ['"', "'", '"; DROP TABLE articles; --', "' OR 1=1 --", "NEAR(a b)", "a AND OR NOT b",
         "title:x", "^x", "*", "-", '"unterminated', "(((", "x) OR (y", "{col}: x", "\\", "%_%",
         "مدينة\" OR \"1", "NOT", "\x00", "a" * 5000]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    db = tmp_path_factory.mktemp("q") / "news.db"
    with HostileSite({"/": page(listing_page(["/archives/101"])),
                      "/archives/101": page(article_page("المجلس البلدي يصادق على ميزانية المدينة"))}) as site:
        run = crawl(site.url("/"), "--db", str(db))
    assert run.returncode == 0, run.stderr
    return db


@pytest.mark.parametrize("value", NASTY)
def test_search_and_filters_never_reach_sqlite_as_syntax(archive, value):
    """In-process (CliRunner) to keep it fast; the same click commands as the installed CLI."""
    from click.testing import CliRunner

    from newscrawler.cli import cli

    runner = CliRunner()
    for args in (["search", value], ["search", "المدينة", "--section", value],
                 ["search", "المدينة", "--author", value], ["search", "المدينة", "--site", value],
                 ["search", value, "--json"],
                 ["export", "--section", value, "-o", str(archive.with_suffix(".jsonl"))]):
        result = runner.invoke(cli, [*args, "--db", str(archive)])
        assert result.exit_code in (0, 2), result.output  # results, or a usage message
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert "sqlite" not in result.output.lower() and "syntax error" not in result.output.lower()
    found = runner.invoke(cli, ["search", "المدينة", "--db", str(archive), "--json"])
    assert found.exit_code == 0 and json.loads(found.output)  # nothing was dropped
