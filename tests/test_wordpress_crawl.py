"""Crawling a real WordPress (Debian's packages, on 127.0.0.1) and comparing with its database:
category archives, feeds, the REST API and sitemaps; incremental runs as new posts appear."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from services.wordpress import add_posts, posts

from tests.helpers import newscrawler, rows
from tests.helpers.archives import assert_reparse_changes_nothing, stored
from tests.helpers.wordpress import SECTION

CASABLANCA = ZoneInfo("Africa/Casablanca")


def section_truth(site) -> dict[str, dict]:
    return {p["url"]: p for p in posts(site) if SECTION in p["categories"]}


def crawl(site, db, *extra: str):
    result = newscrawler("crawl", site.category_urls[SECTION], "--db", str(db),
                         "--timezone", "Africa/Casablanca", "--max-pages", "0", *extra)
    assert result.returncode == 0, result.stderr
    return rows(db, "SELECT requests, articles_new, stats FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]


def test_a_category_crawl_matches_the_wordpress_database(wordpress, tmp_path):
    db = tmp_path / "wp.db"
    _, _, stats = crawl(wordpress, db)
    assert json.loads(stats).get("newscrawler/discovery/wp_api") == 1  # auto chose the REST API
    truth = section_truth(wordpress)
    got = stored(db)
    assert set(got) == set(truth)
    for url, post in truth.items():
        article = got[url]
        assert article["title"] == post["title"]
        assert article["authors"] == [post["author"]]
        assert set(article["tags"]) == set(post["tags"])
        assert article["section"] == SECTION
        published = datetime.fromisoformat(article["published"])
        gmt = datetime.fromisoformat(post["post_date_gmt"]).replace(tzinfo=UTC)
        assert published == gmt
        # printed in Casablanca's offset of that day (+01:00, +00:00 during Ramadan)
        assert published.utcoffset() == gmt.astimezone(CASABLANCA).utcoffset()
        first_paragraph = post["content"].split("\n\n")[0]
        assert article["body"].startswith(first_paragraph)
    assert_reparse_changes_nothing(db)


@pytest.mark.parametrize("via", ["listing", "feed", "wp-api"])
def test_every_way_finds_the_same_articles(wordpress, tmp_path, via):
    db = tmp_path / f"{via}.db"
    crawl(wordpress, db, "--via", via)
    assert set(stored(db)) == set(section_truth(wordpress))
    assert_reparse_changes_nothing(db)


def test_the_sitemap_gives_every_post_of_the_site(wordpress, tmp_path):
    db = tmp_path / "sitemap.db"
    crawl(wordpress, db, "--via", "sitemap")
    assert set(stored(db)) == {p["url"] for p in posts(wordpress)}
    assert_reparse_changes_nothing(db)


def test_incremental_runs_cost_what_is_new(wordpress, tmp_path):
    db = tmp_path / "inc.db"
    crawl(wordpress, db)
    requests, new, _ = crawl(wordpress, db)
    assert new == 0
    assert requests - 1 <= 2  # beyond robots.txt
    k = 2
    added = add_posts(wordpress, k, category=SECTION)
    requests, new, _ = crawl(wordpress, db)
    assert new == k
    assert requests - 1 <= k + 2
    assert {p["url"] for p in added} <= set(stored(db))
