"""A small news site that can grow, change and slow down between crawls: the test double of a
real section for incremental crawls (the real WordPress peer covers the same ground slower)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from tests.servers import RouteServer

PAGE_SIZE = 5
SECTION = "/archives/category/society"


class GrowingSite:
    """Articles 1..n, newest first on listing pages of ``PAGE_SIZE``; ETag/304 support."""

    def __init__(self, n: int, *, delay: float = 0.0):
        self.n = n
        self.delay = delay
        self.edits: dict[int, str] = {}
        self.epoch = datetime.now(UTC).replace(microsecond=0) - timedelta(days=3)
        self.server = RouteServer({})
        self.server.routes = _Routes(self)

    @property
    def base_url(self) -> str:
        return self.server.base_url

    @property
    def section_url(self) -> str:
        return self.server.url(SECTION)

    def add(self, k: int) -> None:
        self.n += k

    def edit(self, number: int, text: str) -> None:
        self.edits[number] = text

    def published(self, number: int) -> datetime:
        return self.epoch + timedelta(minutes=number)

    def article_html(self, number: int) -> bytes:
        extra = self.edits.get(number, "")
        body = "".join(f"<p>فقرة رقم {i} من الخبر رقم {number}، وفيها تفاصيل كافية عن الحدث. {extra}</p>" for i in range(4))
        return (
            f"<html lang='ar'><head><title>الخبر رقم {number} - الموقع</title>"
            f"<meta property='article:published_time' content='{self.published(number).isoformat()}'></head>"
            f"<body><header><a href='/'>الموقع</a></header><article><h1>الخبر رقم {number}</h1>"
            f"<div class='entry-content'>{body}</div></article></body></html>"
        ).encode()

    def listing_html(self, page: int) -> bytes:
        numbers = list(range(self.n, 0, -1))[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        items = "".join(f"<article><h2><a href='/archives/{k}'>الخبر رقم {k}</a></h2></article>" for k in numbers)
        pages = (self.n + PAGE_SIZE - 1) // PAGE_SIZE
        nav = "".join(f"<a href='{SECTION}/page/{p}'>{p}</a>" for p in range(1, pages + 1))
        nxt = f"<a href='{SECTION}/page/{page + 1}'>التالي</a>" if page < pages else ""
        return f"<html><body><main>{items}</main><div class='pagination'>{nav}{nxt}</div></body></html>".encode()

    def __enter__(self) -> GrowingSite:
        return self

    def __exit__(self, *exc) -> None:
        self.server.stop()


class _Routes(dict):
    """Computes every answer when asked, so the site can change between requests."""

    def __init__(self, site: GrowingSite):
        super().__init__()
        self.site = site

    def get(self, path, default=None):
        site = self.site
        if "?" in path or path.startswith("/robots.txt"):
            return (200, "text/plain", b"User-agent: *\nAllow: /\n") if path == "/robots.txt" else None
        if site.delay:
            time.sleep(site.delay)
        if path in (SECTION, SECTION + "/"):
            return (200, "text/html; charset=utf-8", site.listing_html(1))
        if path.startswith(SECTION + "/page/"):
            page = int(path.rsplit("/", 1)[-1] or 1)
            return (200, "text/html; charset=utf-8", site.listing_html(page))
        if path.startswith("/archives/") and path.rsplit("/", 1)[-1].isdigit():
            number = int(path.rsplit("/", 1)[-1])
            if 1 <= number <= site.n:
                return lambda handler: _conditional(handler, site, number)
        return None


def _conditional(handler, site: GrowingSite, number: int):
    etag = f'"v{number}-{len(site.edits.get(number, ""))}"'
    if handler.headers.get("If-None-Match") == etag:
        return (304, "text/html; charset=utf-8", b"", {"ETag": etag})
    last_modified = format_datetime(site.published(number), usegmt=True)
    return (200, "text/html; charset=utf-8", site.article_html(number),
            {"ETag": etag, "Last-Modified": last_modified})
