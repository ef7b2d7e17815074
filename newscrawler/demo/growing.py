"""A small news section that grows and changes between crawls, served on 127.0.0.1.

The bundled demo site is fixed; incremental crawls need a site that publishes: this one has
articles 1..n, newest first on listing pages of ``PAGE_SIZE``, and answers conditional requests
(ETag / If-None-Match) the way a good server does. Used by the incremental tests and by
``benchmarks/incremental_crawl.py``.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

PAGE_SIZE = 5
SECTION = "/archives/category/society"


class GrowingSite:
    """Articles 1..n; ``add(k)`` publishes k more, ``edit(i, text)`` changes one."""

    def __init__(self, n: int, *, delay: float = 0.0, host: str = "127.0.0.1"):
        self.n = n
        self.delay = delay
        self.edits: dict[int, str] = {}
        self.requests: list[str] = []
        self.epoch = datetime.now(UTC).replace(microsecond=0) - timedelta(days=3)
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                site.requests.append(self.path)
                status, headers, body = site.answer(self.path, self.headers.get("If-None-Match"))
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the crawler went away (killed on purpose, in the tests)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://{host}:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def section_url(self) -> str:
        return self.base_url + SECTION

    def add(self, k: int) -> None:
        self.n += k

    def edit(self, number: int, text: str) -> None:
        self.edits[number] = text

    def published(self, number: int) -> datetime:
        return self.epoch + timedelta(minutes=number)

    def page_requests(self) -> list[str]:
        """Requests so far, robots.txt aside."""
        return [p for p in self.requests if p != "/robots.txt"]

    def answer(self, raw_path: str, if_none_match: str | None) -> tuple[int, dict, bytes]:
        html = {"Content-Type": "text/html; charset=utf-8"}
        path = urlsplit(raw_path).path
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"
        if self.delay:
            time.sleep(self.delay)
        if path.rstrip("/") == SECTION:
            return 200, html, self.listing_html(1)
        if path.startswith(SECTION + "/page/") and path.rstrip("/").rsplit("/", 1)[-1].isdigit():
            return 200, html, self.listing_html(int(path.rstrip("/").rsplit("/", 1)[-1]))
        tail = path.rsplit("/", 1)[-1]
        if path.startswith("/archives/") and tail.isdigit() and 1 <= int(tail) <= self.n:
            number = int(tail)
            etag = f'"v{number}-{len(self.edits.get(number, ""))}"'
            validators = {"ETag": etag,
                          "Last-Modified": format_datetime(self.published(number), usegmt=True)}
            if if_none_match == etag:
                return 304, validators, b""
            return 200, {**html, **validators}, self.article_html(number)
        return 404, html, b"<html><body><h1>404</h1></body></html>"

    def article_html(self, number: int) -> bytes:
        extra = self.edits.get(number, "")
        body = "".join(
            f"<p>فقرة رقم {i} من الخبر رقم {number}، وفيها تفاصيل كافية عن الحدث. {extra}</p>"
            for i in range(4)
        )
        return (
            f"<html lang='ar'><head><title>الخبر رقم {number} - الموقع</title>"
            f"<meta property='article:published_time' content='{self.published(number).isoformat()}'>"
            f"</head><body><header><a href='/'>الموقع</a></header><article><h1>الخبر رقم {number}</h1>"
            f"<div class='entry-content'>{body}</div></article></body></html>"
        ).encode()

    def listing_html(self, page: int) -> bytes:
        numbers = list(range(self.n, 0, -1))[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        items = "".join(
            f"<article><h2><a href='/archives/{k}'>الخبر رقم {k}</a></h2></article>" for k in numbers
        )
        pages = (self.n + PAGE_SIZE - 1) // PAGE_SIZE
        nav = "".join(f"<a href='{SECTION}/page/{p}'>{p}</a>" for p in range(1, pages + 1))
        nxt = f"<a href='{SECTION}/page/{page + 1}'>التالي</a>" if page < pages else ""
        return (f"<html><body><main>{items}</main><div class='pagination'>{nav}{nxt}</div>"
                f"</body></html>").encode()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> GrowingSite:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
