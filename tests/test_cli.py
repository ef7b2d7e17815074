"""The CLI in a subprocess on real archives: search, export, stats, extract, help and errors."""

from __future__ import annotations

import gzip
import json
import sqlite3

import pytest

from newscrawler.archive import open_archive
from newscrawler.archive.store import ArchiveWriter
from newscrawler.demo import DemoSite, articles
from tests.conftest import read_page
from tests.helpers import make_article, newscrawler


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "news.db"
    with open_archive(path) as archive:
        writer = ArchiveWriter(archive)
        writer.add(make_article(1, title="الحكومة تُطلق برنامجاً لمحاربة الأمّية"))
        writer.add(make_article(2, title="مباراة كرة القدم تنتهي بالتعادل", section="رياضة"))
        writer.add(make_article(3, title="ارتفاع أسعار المحروقات في الأسواق", section="اقتصاد"))
        writer.flush()
    return path


@pytest.mark.parametrize("command", ["crawl", "search", "export", "stats", "extract", "demo"])
def test_every_command_has_help_with_an_example(command):
    result = newscrawler(command, "--help")
    assert result.returncode == 0
    assert "Example" in result.stdout


def test_search_finds_an_arabic_word_without_its_diacritics(db):
    result = newscrawler("search", "الامية", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "الحكومة تُطلق برنامجاً لمحاربة الأمّية" in result.stdout
    assert "مباراة" not in result.stdout


def test_search_json_output(db):
    result = newscrawler("search", "المحروقات", "--db", str(db), "--jsonl")
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert json.loads(newscrawler("search", "المحروقات", "--db", str(db), "--json").stdout) == hits
    assert [h["title"] for h in hits] == ["ارتفاع أسعار المحروقات في الأسواق"]


def test_search_with_no_words_is_a_usage_error(db):
    result = newscrawler("search", "!!! ???", "--db", str(db))
    assert result.returncode == 2
    assert "at least one word" in result.stderr
    assert "Traceback" not in result.stderr


def test_search_on_a_missing_archive_says_so(tmp_path):
    result = newscrawler("search", "x", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 3
    assert "no archive at" in result.stderr


def test_export_writes_exactly_one_valid_line_per_article(db, tmp_path):
    out = tmp_path / "out" / "articles.jsonl"
    result = newscrawler("export", "--db", str(db), "-o", str(out))
    assert result.returncode == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    count = sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]
    assert len(lines) == count == 3
    records = [json.loads(line) for line in lines]
    assert records[0]["title"] == "الحكومة تُطلق برنامجاً لمحاربة الأمّية"
    assert "\\u06" not in out.read_text(encoding="utf-8")  # Arabic not escaped


def test_export_to_stdout_and_gzip(db, tmp_path):
    result = newscrawler("export", "--db", str(db))
    assert len(result.stdout.splitlines()) == 3
    gz = tmp_path / "a.jsonl.gz"
    newscrawler("export", "--db", str(db), "-o", str(gz))
    assert len(gzip.decompress(gz.read_bytes()).decode().splitlines()) == 3


def test_stats(db):
    result = newscrawler("stats", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "3 articles" in result.stdout and "رياضة" in result.stdout
    data = json.loads(newscrawler("stats", "--db", str(db), "--json").stdout)
    assert data["articles"] == 3


def test_extract_prints_the_article_of_a_demo_page(tmp_path):
    truth = articles()[0]
    site = DemoSite("http://127.0.0.1:8000")
    status, _, body = site.page(truth["path"])
    page = tmp_path / "page.html"
    page.write_bytes(body)
    result = newscrawler("extract", str(page), "--url", "http://127.0.0.1:8000" + truth["path"])
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    assert article["title"] == truth["title"]
    assert [a["name"] for a in article["authors"]] == truth["authors"]
    assert article["published"] == truth["published"]


def test_extract_reads_a_gzipped_corpus_page(corpus, tmp_path):
    row = next(r for r in corpus if r["benchmark"] == "arabic" and r.get("title"))
    page = tmp_path / "page.html.gz"
    page.write_bytes(gzip.compress(read_page(row)))
    result = newscrawler("extract", str(page), "--url", row["url"])
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == row["title"]


def test_extract_rejects_a_bad_url_cleanly(tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<html></html>")
    result = newscrawler("extract", str(page), "--url", "not a url")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_crawl_rejects_a_bad_timezone_and_a_bad_url(tmp_path):
    result = newscrawler("crawl", "http://127.0.0.1:9/", "--timezone", "Mars/Olympus", "--db", str(tmp_path / "x.db"))
    assert result.returncode == 2 and "unknown time zone" in result.stderr
    result = newscrawler("crawl", "ftp://example/", "--db", str(tmp_path / "x.db"))
    assert result.returncode == 2 and "not an http(s) URL" in result.stderr


def test_commands_that_open_an_archive_do_not_import_pandas(db):
    """sqlite-utils imports pandas and numpy whenever they are installed (half a second of
    every command); the CLI imports it with them hidden."""
    import importlib.util
    import subprocess
    import sys

    assert importlib.util.find_spec("pandas"), "pandas is installed with the test extras"
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "newscrawler", "runs",
                             "--db", str(db)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()
                if line.startswith("import time:")}
    assert "sqlite_utils.db" in imported
    assert "pandas" not in imported and "numpy" not in imported
