"""A site that is not WordPress: an Arabic news site built by Hugo (Debian's package), its
category pages paginated, served by a real web server; crawled with no profile, then
incrementally as new posts appear."""

from __future__ import annotations

from datetime import datetime

import pytest
from services.hugo import hugo_site_at

from tests.helpers import newscrawler, rows
from tests.helpers.archives import assert_reparse_changes_nothing, stored

SECTION = "مجتمع"


@pytest.fixture
def hugo(tmp_path):
    site = hugo_site_at(tmp_path / "hugo")
    yield site
    site.stop()


def crawl(site, db):
    result = newscrawler("crawl", site.category_url(SECTION), "--db", str(db), "--max-pages", "0")
    assert result.returncode == 0, result.stderr
    return rows(db, "SELECT requests, articles_new FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]


def test_a_hugo_site_is_crawled_with_no_profile(hugo, tmp_path):
    db = tmp_path / "hugo.db"
    crawl(hugo, db)
    truth = {hugo.url(p.path): p for p in hugo.posts if p.category == SECTION}
    got = stored(db)
    assert set(got) == set(truth)  # every post of the section over its 3 listing pages, no other
    for url, post in truth.items():
        article = got[url]
        assert article["title"] == post.title
        assert article["authors"] == [post.author]
        assert article["section"] == SECTION
        assert datetime.fromisoformat(article["published"]) == post.published
        assert article["published"].endswith("+01:00")
        assert article["body"] == "\n\n".join(post.paragraphs)
    assert_reparse_changes_nothing(db)


def test_a_hugo_site_is_crawled_incrementally(hugo, tmp_path):
    db = tmp_path / "inc.db"
    crawl(hugo, db)
    requests, new = crawl(hugo, db)
    assert new == 0 and requests - 1 <= 2  # beyond robots.txt
    added = hugo.add_posts(2, SECTION)
    requests, new = crawl(hugo, db)
    assert new == 2 and requests - 1 <= 2 + 2
    assert {hugo.url(p.path) for p in added} <= set(stored(db))
