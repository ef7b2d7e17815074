"""The WordPress REST API: where a WordPress announces it, the URLs of its posts and
categories listings, and what its JSON answers hold.

A section of 1,000 articles is 10 requests of 100 posts here instead of 100 listing pages.
Pure functions; anything but the JSON expected gives an empty result, never an exception.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

from newscrawler.crawl.discovery.common import absolute_url, html_head_links, html_to_text

MAX_JSON_BYTES = 20 * 1024 * 1024
MAX_WP_ITEMS = 1_000
WP_API_REL = "https://api.w.org/"
WP_POST_FIELDS = "id,link,date_gmt,modified_gmt,title"

_WP_CATEGORY_LINK = re.compile(
    rb"""<link[^>]+href=["']([^"']+/wp/v2/categories/(\d+))["']""", re.I
)


@dataclass(frozen=True)
class WpPost:
    """A post from ``/wp/v2/posts``; ``date_gmt``/``modified_gmt`` are raw UTC without offset."""

    id: int
    link: str
    date_gmt: str | None = None
    modified_gmt: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class WpCategory:
    """A category from ``/wp/v2/categories``; ``slug`` as WordPress stores it (percent-encoded
    for Arabic)."""

    id: int
    name: str
    slug: str
    link: str | None = None




def wp_api_root(html: str | bytes | None, url: str) -> str | None:
    """The REST API root a WordPress page announces (``<link rel="https://api.w.org/">``):
    ``https://site/wp-json/``, or ``https://site/?rest_route=/`` without pretty permalinks."""
    _, links = html_head_links(html)
    for link in links:
        if (link.get("rel") or "").strip() == WP_API_REL:
            root = link.get("href")
            if root and root.strip():
                try:
                    absolute = urljoin(url, root.strip())
                except ValueError:
                    return None
                if urlsplit(absolute).scheme in ("http", "https"):
                    return absolute
    return None


def wp_category_id(html: bytes) -> int | None:
    """The category a WordPress archive page is about (WordPress ≥ 5.5 links its REST form)."""
    m = _WP_CATEGORY_LINK.search(html[:200_000])
    return int(m.group(2)) if m else None


def _wp_endpoint(base_url: str, route: str, params: list[tuple[str, str]]) -> str:
    """``route`` under an API root, in either of the two forms WordPress serves."""
    parts = urlsplit(base_url.strip())
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(k == "rest_route" for k, _ in query):
        query = [(k, v) for k, v in query if k != "rest_route"]
        query = [("rest_route", route), *query, *params]
        return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", _encode(query), ""))
    path = parts.path
    if "/wp-json" not in path:
        path = path.rstrip("/") + "/wp-json"
    path = path[: path.index("/wp-json") + len("/wp-json")]
    return urlunsplit((parts.scheme, parts.netloc, path + route, _encode(query + params), ""))


def _encode(query: list[tuple[str, str]]) -> str:
    return urlencode(query, safe=",:/")


def wp_rest_posts_url(
    base_url: str,
    *,
    category_id: int | None = None,
    page: int = 1,
    per_page: int = 100,
    after: datetime | str | None = None,
) -> str:
    """The posts listing, newest first, asking only for the fields discovery needs.

    ``base_url`` is the API root from ``wp_api_root`` or simply the site's address.
    ``per_page`` is clamped to WordPress's 1..100; an aware ``after`` is sent in UTC.
    """
    params = [
        ("_fields", WP_POST_FIELDS),
        ("orderby", "date"),
        ("order", "desc"),
        ("per_page", str(max(1, min(100, int(per_page))))),
        ("page", str(max(1, int(page)))),
    ]
    if category_id is not None:
        params.append(("categories", str(int(category_id))))
    if after is not None:
        if isinstance(after, datetime):
            if after.tzinfo is not None:
                after = after.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            else:
                after = after.strftime("%Y-%m-%dT%H:%M:%S")
        params.append(("after", str(after)))
    return _wp_endpoint(base_url, "/wp/v2/posts", params)


def wp_rest_categories_url(base_url: str, *, slug: str) -> str:
    """The lookup of a category by slug (raw Arabic is fine: WordPress sanitizes it)."""
    params = [("slug", unquote(slug)), ("_fields", "id,name,slug,link")]
    return _wp_endpoint(base_url, "/wp/v2/categories", params)


def wp_category_slug(section_url: str) -> str | None:
    """The category slug a WordPress section URL names (``/category/a/b/`` -> ``b``,
    ``/archives/category/مجتمع`` -> ``مجتمع``), decoded, or None."""
    try:
        segments = [unquote(s) for s in urlsplit(section_url).path.split("/") if s]
    except (ValueError, AttributeError):
        return None
    if "category" not in segments:
        return None
    tail = segments[segments.index("category") + 1 :]
    while tail and (tail[-1] == "feed" or tail[-1].isdigit() or tail[-1] == "page"):
        tail.pop()
    return tail[-1] if tail else None


def _json(body: bytes | str | None) -> Any:
    if not body or len(body) > MAX_JSON_BYTES:
        return None
    try:
        return json.loads(body)
    except (ValueError, TypeError, RecursionError):
        return None


def _rendered(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("rendered")
    return html_to_text(value) if isinstance(value, str) else None


def _str_or_none(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _objects_with_ids(body: bytes | str | None, limit: int) -> list[tuple[int, dict]]:
    """The objects of a JSON list answer that carry an integer ``id``, with it; anything but a
    JSON list gives ``[]``."""
    data = _json(body)
    if not isinstance(data, list):
        return []
    found: list[tuple[int, dict]] = []
    for item in data[:limit]:
        if isinstance(item, dict):
            item_id = item.get("id")
            if isinstance(item_id, int) and not isinstance(item_id, bool):
                found.append((item_id, item))
    return found


def parse_wp_posts(body: bytes | str | None, *, max_entries: int = MAX_WP_ITEMS) -> list[WpPost]:
    """Posts from a ``/wp/v2/posts`` response; items without an id or http(s) link are left
    out, and anything but a JSON list gives ``[]``."""
    posts: list[WpPost] = []
    for post_id, item in _objects_with_ids(body, max_entries):
        link = absolute_url(item.get("link"), "")
        if link is None:
            continue
        posts.append(
            WpPost(
                id=post_id,
                link=link,
                date_gmt=_str_or_none(item.get("date_gmt")),
                modified_gmt=_str_or_none(item.get("modified_gmt")),
                title=_rendered(item.get("title")),
            )
        )
    return posts


def parse_wp_categories(body: bytes | str | None) -> list[WpCategory]:
    """Categories from a ``/wp/v2/categories`` response (names unescaped: WordPress sends
    ``&amp;``)."""
    categories: list[WpCategory] = []
    for cat_id, item in _objects_with_ids(body, MAX_WP_ITEMS):
        slug = _str_or_none(item.get("slug"))
        if slug is None:
            continue
        name = html_to_text(item.get("name") if isinstance(item.get("name"), str) else None)
        categories.append(
            WpCategory(
                id=cat_id, name=name or slug, slug=slug, link=absolute_url(item.get("link"), "")
            )
        )
    return categories


def _header_values(headers: Any, name: str) -> Iterable[Any]:
    """Values of one header from a dict, a Scrapy ``Headers`` or a list of pairs, any case."""
    if headers is None:
        return []
    items = (
        headers.items() if isinstance(headers, Mapping) or hasattr(headers, "items") else headers
    )
    values: list[Any] = []
    try:
        for key, value in items:
            if isinstance(key, bytes):
                key = key.decode("latin-1")
            if isinstance(key, str) and key.lower() == name.lower():
                values.extend(value if isinstance(value, list | tuple) else [value])
    except (TypeError, ValueError):
        return []
    return values


def wp_total_pages(headers: Any) -> int | None:
    """The page count WordPress sends in ``X-WP-TotalPages``, or None if absent or junk."""
    for value in _header_values(headers, "X-WP-TotalPages"):
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        if isinstance(value, int) and not isinstance(value, bool):
            return value if value >= 0 else None
        if isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
            return int(value.strip())
    return None

