"""newscrawler's Datasette plugin as Datasette loads it (its entry point), on a newscrawler archive
beside a plain database: in-process through ``datasette.app.Datasette``, and a plain
``datasette`` process searched from its own search box in Chromium (Selenium)."""

from __future__ import annotations

import asyncio
import sqlite3
from urllib.parse import quote

import pytest
from datasette.app import Datasette
from datasette.plugins import pm

from newscrawler.archive import open_archive
from newscrawler.archive.store import ArchiveWriter
from tests.helpers import make_article
from tests.helpers.browser import chromedriver, chromium, serving

WITH_DIACRITICS = "الحكومة تُطلق برنامجاً لمحاربة الأُمِّيَّة في القرى"
OTHER = "مباراة كرة القدم تنتهي بالتعادل"


@pytest.fixture(scope="module")
def databases(tmp_path_factory):
    """A newscrawler archive (news.db) and a plain database with its own FTS table (plain.db)."""
    folder = tmp_path_factory.mktemp("datasette")
    news, plain = folder / "news.db", folder / "plain.db"
    with open_archive(news) as archive:
        writer = ArchiveWriter(archive)
        writer.add(make_article(1, title=WITH_DIACRITICS))
        writer.add(make_article(2, title=OTHER, section="رياضة", body="انتهت المباراة بدون أهداف."))
        writer.flush()
    conn = sqlite3.connect(plain)
    conn.executescript("""
        CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT);
        CREATE VIRTUAL TABLE notes_fts USING fts5(title, content="notes");
        INSERT INTO notes VALUES (1, 'درس في محاربة الأمية');
        INSERT INTO notes_fts (rowid, title) VALUES (1, 'درس في محاربة الأمية');
    """)
    conn.commit()
    conn.close()
    return news, plain


def test_the_plugin_is_loaded_from_its_entry_point():
    assert "newscrawler" in {name for name, _ in pm.list_name_plugin()}


def get_json(datasette: Datasette, path: str):
    async def fetch():
        await datasette.invoke_startup()
        response = await datasette.client.get(path)
        assert response.status_code == 200, response.text
        return response.json()

    return asyncio.run(fetch())


def test_arabic_search_facets_and_snippets_on_the_archive(databases):
    datasette = Datasette([str(p) for p in databases])
    titles = [r["title"] for r in get_json(datasette, f"/news/articles.json?_search={quote('الامية')}&_shape=array")]
    assert titles == [WITH_DIACRITICS]
    browse = get_json(datasette, f"/news/articles_browse.json?_search={quote('الامية')}&_shape=objects")
    assert [r["title"] for r in browse["rows"]] == [WITH_DIACRITICS]
    assert set(browse["facet_results"]) == {"site", "section", "month", "authors"}
    assert [v["value"] for v in browse["facet_results"]["authors"]["results"]] == ["مصطفى قسيوي"]
    hits = get_json(datasette, f"/news/search.json?q={quote('والحكومات')}&_shape=array")
    assert [h["title"] for h in hits] == [WITH_DIACRITICS]
    assert "افتتاح مركز جديد" in hits[0]["snippet"]


def test_a_plain_database_beside_it_is_untouched(databases):
    datasette = Datasette([str(p) for p in databases])
    # Datasette's own escape_fts and search: the word as written matches (FTS5 itself drops the
    # hamza), a form with an attached particle does not
    escaped = quote("select escape_fts('a b') as e")
    assert get_json(datasette, f"/plain.json?sql={escaped}&_shape=array") == [{"e": '"a" "b"'}]
    assert len(get_json(datasette, f"/plain/notes.json?_search={quote('الأمية')}&_shape=array")) == 1
    assert get_json(datasette, f"/plain/notes.json?_search={quote('والأمية')}&_shape=array") == []
    assert datasette.table_metadata("plain", "notes") == {}
    assert datasette.table_metadata("news", "articles")["fts_table"] == "articles_fts"
    assert "search" not in (datasette.metadata("queries", database="plain") or {})


# -- a real browser on a plain `datasette` ---------------------------------------------------
@pytest.fixture(scope="module")
def plain_datasette(databases):
    """``datasette news.db plain.db``, started as a user would, without newscrawler's CLI."""
    with serving("datasette", "serve", *map(str, databases)) as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium()
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=chromedriver()))
    try:
        yield driver
    finally:
        driver.quit()


def search_in_the_box(browser, url: str, query: str) -> list[str]:
    """Open ``url``, type ``query`` into Datasette's search box, submit; the rows' titles."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(url)
    box = browser.find_element(By.CSS_SELECTOR, 'input[name="_search"]')
    box.clear()
    box.send_keys(query)
    box.submit()
    WebDriverWait(browser, 30).until(expected_conditions.url_contains("_search="))
    return [cell.text for cell in browser.find_elements(By.CSS_SELECTOR, "table.rows-and-columns td.col-title")]


@pytest.mark.parametrize("table", ["articles", "articles_browse"])
def test_datasettes_own_search_box_finds_the_article_with_diacritics(plain_datasette, browser, table):
    titles = search_in_the_box(browser, f"{plain_datasette}/news/{table}", "الامية")
    assert titles == [WITH_DIACRITICS]
    assert search_in_the_box(browser, f"{plain_datasette}/news/{table}", "بالمباراة") == [OTHER]


def test_the_plain_database_keeps_datasettes_search_in_the_browser(plain_datasette, browser):
    assert search_in_the_box(browser, f"{plain_datasette}/plain/notes", "الأمية") == ["درس في محاربة الأمية"]
    assert search_in_the_box(browser, f"{plain_datasette}/plain/notes", "والأمية") == []
