"""A WordPress block theme (Debian's twentytwentythree) with the REST API closed to anonymous
visitors and feeds switched off: the HTML listing alone must give every post of the section,
each with its title, author, time with offset, section and body right, and nothing else."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from services.wordpress import add_posts, posts

from tests.helpers import newscrawler, rows
from tests.helpers.archives import assert_reparse_changes_nothing, stored
from tests.helpers.http import fetch
from tests.helpers.wordpress import SECTION

CASABLANCA = ZoneInfo("Africa/Casablanca")


def crawl(site, db, *extra: str):
    result = newscrawler("crawl", site.category_urls[SECTION], "--db", str(db),
                         "--timezone", "Africa/Casablanca", "--max-pages", "0", *extra)
    assert result.returncode == 0, result.stderr
    return rows(db, "SELECT requests, articles_new, stats FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]


def test_the_block_theme_site_is_hardened(wordpress_block):

    assert fetch(wordpress_block.rest_url + "/posts")[0] == 401
    assert fetch(wordpress_block.feed_url)[0] == 404
    _, _, home = fetch(wordpress_block.base_url + "/")
    assert "wp-json" not in home and "application/rss+xml" not in home


def test_a_block_theme_crawl_matches_the_wordpress_database(wordpress_block, tmp_path):
    db = tmp_path / "block.db"
    _, _, stats = crawl(wordpress_block, db)
    assert not json.loads(stats).get("newscrawler/discovery/wp_api")
    truth = {p["url"]: p for p in posts(wordpress_block) if SECTION in p["categories"]}
    got = stored(db)
    assert set(got) == set(truth)  # every post of the section, nothing else
    for url, post in truth.items():
        article = got[url]
        assert article["title"] == post["title"]
        assert article["authors"] == [post["author"]]
        assert article["section"] == SECTION  # not the archive title "Category: مجتمع"
        published = datetime.fromisoformat(article["published"])
        gmt = datetime.fromisoformat(post["post_date_gmt"]).replace(tzinfo=UTC)
        assert published == gmt
        assert published.utcoffset() == gmt.astimezone(CASABLANCA).utcoffset()
        first_paragraph = post["content"].split("\n\n")[0]
        assert article["body"].startswith(first_paragraph)
    assert_reparse_changes_nothing(db)


def test_a_headline_only_post_is_archived_and_found_by_title(wordpress_block, tmp_path):
    db = tmp_path / "headline.db"
    crawl(wordpress_block, db)
    headline = next(p for p in posts(wordpress_block) if not p["content"])
    found = rows(db, "SELECT body, body_missing, section FROM articles WHERE url = ?",
                 (headline["url"],))
    assert found == [("", 1, SECTION)]
    complete = rows(db, "SELECT count(*) FROM articles WHERE body_missing = 0")[0][0]
    assert complete == len([p for p in posts(wordpress_block)
                            if SECTION in p["categories"] and p["content"]])
    result = newscrawler("search", "زلزال الحسيمة", "--db", str(db), "--json")
    assert result.returncode == 0, result.stderr
    assert headline["url"] in result.stdout
    out = tmp_path / "export.jsonl"
    result = newscrawler("export", "--db", str(db), "-o", str(out))
    assert result.returncode == 0, result.stderr
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    row = next(r for r in exported if r["url"] == headline["url"])
    assert row["title"] == headline["title"] and row["body_missing"] is True


def test_incremental_block_theme_runs_cost_what_is_new(wordpress_block, tmp_path):
    db = tmp_path / "inc.db"
    crawl(wordpress_block, db)
    requests, new, _ = crawl(wordpress_block, db)
    assert new == 0
    assert requests - 1 <= 2  # beyond robots.txt
    added = add_posts(wordpress_block, 2, category=SECTION)
    requests, new, _ = crawl(wordpress_block, db)
    assert new == 2
    assert {p["url"] for p in added} <= set(stored(db))
    assert {stored(db)[p["url"]]["section"] for p in added} == {SECTION}
