"""A section by its name, with no profile: found on the site's menus, its category links or
WordPress's REST categories (`newscrawler sections`, `crawl URL --section NAME`), on a real
WordPress (classic theme with the REST API, block theme without it) and a Hugo site."""

from __future__ import annotations

import json

import pytest
from services.hugo import hugo_site_at
from services.wordpress import posts

from newscrawler.extract.sections import SectionLink, SectionNotFound, choose, home_page_sections
from tests.helpers import newscrawler, rows

SECTION = "مجتمع"


def listed(url: str) -> dict[str, dict]:
    result = newscrawler("sections", url, "--json")
    assert result.returncode == 0, result.stderr
    return {s["name"]: s for s in map(json.loads, result.stdout.splitlines())}


def crawl_by_name(url: str, db, name: str = SECTION):
    return newscrawler("crawl", url, "--section", name, "--db", str(db), "--max-pages", "0",
                       "--timezone", "Africa/Casablanca")


def stored_urls(db) -> set[str]:
    return {url for (url,) in rows(db, "SELECT url FROM articles")}


@pytest.mark.parametrize("flavour", ["wordpress", "wordpress_block"])
def test_a_wordpress_section_is_found_by_its_name(flavour, request, tmp_path):
    site = request.getfixturevalue(flavour)
    found = listed(site.base_url + "/")
    assert found[SECTION]["url"] == site.category_urls[SECTION]
    # the classic site answers its REST API; the block one keeps it closed: its menu tells
    assert ("wp-rest" in found[SECTION]["how"]) == (flavour == "wordpress")
    assert set(found) == {"سياسة", "اقتصاد", "مجتمع", "رياضة"}
    db = tmp_path / "wp.db"
    result = crawl_by_name(site.base_url + "/", db)
    assert result.returncode == 0, result.stderr
    assert stored_urls(db) == {p["url"] for p in posts(site) if SECTION in p["categories"]}


def test_a_hugo_section_is_found_by_its_name(tmp_path):
    site = hugo_site_at(tmp_path / "hugo")
    try:
        found = listed(site.base_url + "/")
        assert found[SECTION]["url"] == site.category_url(SECTION)
        assert "menu" in found[SECTION]["how"]
        db = tmp_path / "hugo.db"
        result = crawl_by_name(site.base_url + "/", db)
        assert result.returncode == 0, result.stderr
        assert stored_urls(db) == {site.url(p.path) for p in site.posts if p.category == SECTION}
    finally:
        site.stop()


def test_an_unknown_section_is_a_clear_error_listing_the_candidates(wordpress, tmp_path):
    result = crawl_by_name(wordpress.base_url + "/", tmp_path / "x.db", name="ثقافة")
    assert result.returncode == 2
    assert "no section called 'ثقافة'" in result.stderr and "مجتمع" in result.stderr
    assert "Traceback" not in result.stderr


HOME = """<html><body><header><nav class="main-menu"><ul>
<li><a href="/">الرئيسية</a></li>
<li><a href="/category/societe/">مجتمع</a></li>
<li><a href="/category/sport/">الرياضة</a></li>
<li><a href="/page/2">المزيد</a></li></ul></nav></header>
<main><article><h2><a href="/2024/05/01/story-1/">خبر</a></h2>
<a href="/category/societe/" rel="category tag">مجتمع</a></article>
<aside><a href="/dossiers/societe-maroc/">مُجتمع</a></aside></main></body></html>"""


def test_home_page_sections_and_choice_by_name():
    found = home_page_sections(HOME.encode(), "https://site.example/")
    by_url = {s.url: s for s in found}
    assert by_url["https://site.example/category/societe/"].how == ["category-link", "menu"]
    assert "https://site.example/" not in by_url  # "الرئيسية" is navigation, not a section
    assert all("page/2" not in url for url in by_url)
    assert choose(found, "الرياضة").url == "https://site.example/category/sport/"
    with pytest.raises(SectionNotFound, match="الرياضة"):
        choose(found, "ثقافة")
    twins = [SectionLink("مجتمع", "https://a.example/category/x/", ["category-link"]),
             SectionLink("مُجتمع", "https://a.example/category/y/", ["category-link"])]
    with pytest.raises(SectionNotFound, match="more than one section"):
        choose(twins, "مجتمع")


def test_an_unreachable_site_is_one_line():
    from tests.servers import RouteServer

    with RouteServer({}) as gone:
        url = gone.url("/")
    result = newscrawler("sections", url)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"Error: cannot fetch {url}"]
