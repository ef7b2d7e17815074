"""The WordPress test peer itself, checked over plain HTTP before any crawler relies on it.

Uses urllib only: if one of these fails, the peer is wrong, not newscrawler.
"""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from email.message import Message

from services.wordpress import WordPressSite, add_posts, ensure_wordpress, posts

from tests.helpers.http import fetch

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def fetch_ok(url: str) -> tuple[Message, str]:
    status, headers, body = fetch(url)
    assert status == 200, f"{url} answered {status} (Location: {headers.get('Location')})"
    return headers, body


def expected_datetime(row: dict) -> str:
    """The W3C datetime a theme should print: local time with the offset WordPress stored."""
    local = datetime.fromisoformat(row["post_date"])
    offset = local - datetime.fromisoformat(row["post_date_gmt"])
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{local.isoformat()}{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def in_category(truth: list[dict], name: str) -> list[dict]:
    return [row for row in truth if name in row["categories"]]


def test_seed_is_deterministic_and_complete(wordpress: WordPressSite) -> None:
    truth = posts(wordpress)
    seeded = [row for row in truth if row["post_date"].startswith("2023-")]
    assert len(seeded) == 30
    assert len({row["title"] for row in truth}) == len(truth)
    assert {row["author"] for row in seeded} == {
        "فاطمة الزهراء بنعلي",
        "يوسف العلوي",
        "محمد أمين الإدريسي",
    }
    assert {"سياسة", "اقتصاد", "مجتمع", "رياضة"} <= set(wordpress.category_urls)
    assert all(row["content"].count("\n\n") >= 2 for row in seeded)
    ramadan = [row for row in seeded if "2023-03-23" <= row["post_date"] < "2023-04-21"]
    assert ramadan and all(row["post_date"] == row["post_date_gmt"] for row in ramadan)


def test_second_ensure_is_idempotent(wordpress: WordPressSite) -> None:
    before = posts(wordpress)
    again = ensure_wordpress()
    assert again.category_urls == wordpress.category_urls
    assert posts(again) == before


def test_home_page_is_arabic(wordpress: WordPressSite) -> None:
    _, body = fetch_ok(wordpress.base_url + "/")
    assert re.search(r'<html[^>]*\blang="ar"', body)
    assert 'dir="rtl"' in body


def test_category_archive_lists_posts_and_pages(wordpress: WordPressSite) -> None:
    url = wordpress.category_urls["مجتمع"]
    assert url == f"{wordpress.base_url}/archives/category/%d9%85%d8%ac%d8%aa%d9%85%d8%b9"
    truth = in_category(posts(wordpress), "مجتمع")
    assert len(truth) > 5
    _, body = fetch_ok(url)
    listed = {row["url"] for row in truth if f'href="{row["url"]}"' in body}
    assert len(listed) == 5  # posts_per_page
    assert f'href="{url}/page/2"' in body
    _, page2 = fetch_ok(f"{url}/page/2")
    assert any(f'href="{row["url"]}"' in page2 for row in truth if row["url"] not in listed)
    status, headers, _ = fetch(url + "/")
    assert status == 301 and headers["Location"] == url


def test_post_page_shows_title_and_local_time(wordpress: WordPressSite) -> None:
    truth = posts(wordpress)
    ramadan = next(row for row in truth if row["post_date"].startswith("2023-04-0"))
    winter = next(row for row in truth if row["post_date"].startswith("2023-02-"))
    assert expected_datetime(ramadan).endswith("+00:00")
    assert expected_datetime(winter).endswith("+01:00")
    for row in (ramadan, winter):
        assert row["url"] == f"{wordpress.base_url}/archives/{row['id']}"
        _, body = fetch_ok(row["url"])
        assert row["title"] in body
        assert expected_datetime(row) in re.findall(r'<time[^>]*\bdatetime="([^"]+)"', body)
        assert row["author"] in body


def test_feed_is_rss_with_the_newest_posts(wordpress: WordPressSite) -> None:
    headers, body = fetch_ok(wordpress.feed_url)
    assert "rss+xml" in headers["Content-Type"]
    channel = ET.fromstring(body).find("channel")
    links = [item.findtext("link") for item in channel.iter("item")]
    truth = sorted(
        posts(wordpress), key=lambda row: (row["post_date_gmt"], row["id"]), reverse=True
    )
    assert links == [row["url"] for row in truth[: len(links)]]
    assert len(links) == 10


def test_sitemap_lists_every_post(wordpress: WordPressSite) -> None:
    headers, body = fetch_ok(wordpress.sitemap_url)
    assert "xml" in headers["Content-Type"]
    maps = [loc.text for loc in ET.fromstring(body).iter(SITEMAP_NS + "loc")]
    post_maps = [m for m in maps if "wp-sitemap-posts-post-" in m]
    assert post_maps and any("wp-sitemap-taxonomies-category-" in m for m in maps)
    urls: set[str] = set()
    for sitemap in post_maps:
        _, xml = fetch_ok(sitemap)
        urls |= {loc.text for loc in ET.fromstring(xml).iter(SITEMAP_NS + "loc")}
    assert urls == {row["url"] for row in posts(wordpress)}


def test_rest_api_pages_a_category(wordpress: WordPressSite) -> None:
    cat = wordpress.category_ids["مجتمع"]
    truth = in_category(posts(wordpress), "مجتمع")
    headers, body = fetch_ok(f"{wordpress.rest_url}/posts?categories={cat}&per_page=3")
    assert "application/json" in headers["Content-Type"]
    assert int(headers["X-WP-Total"]) == len(truth)
    assert int(headers["X-WP-TotalPages"]) == math.ceil(len(truth) / 3)
    items = json.loads(body)
    assert len(items) == 3
    assert {item["link"] for item in items} <= {row["url"] for row in truth}
    assert all(cat in item["categories"] for item in items)


def test_add_posts_publishes_newest(wordpress: WordPressSite) -> None:
    before = {row["id"] for row in posts(wordpress)}
    made = add_posts(wordpress, 2, category="مجتمع")
    assert len(made) == 2 and not {row["id"] for row in made} & before
    after = posts(wordpress)
    assert {row["id"] for row in after} == before | {row["id"] for row in made}
    assert all(row["categories"] == ["مجتمع"] for row in made)
    _, body = fetch_ok(wordpress.category_urls["مجتمع"])
    assert all(f'href="{row["url"]}"' in body for row in made)
