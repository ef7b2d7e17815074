"""The hostile HTTP server: a threaded server on 127.0.0.1 whose routes are Python functions.

Every route gets the request handler and writes what it likes, so a route can lie about its
length, trickle, never end, or answer with a bomb. A second server on 127.0.0.2 (a loopback
address that is another host for the crawler) records whether anything was sent off-site.
"""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HTML = "text/html; charset=utf-8"
Trap = Callable[[BaseHTTPRequestHandler], None]
PARAGRAPH = "يواصل المجلس البلدي دراسة مشروع تهيئة الساحات العمومية في الأحياء القديمة للمدينة. "


def article_page(title: str, *, body: str | None = None, head: str = "", before: str = "",
                 after: str = "", charset_meta: bool = True) -> str:
    """A news article in ordinary WordPress-like markup."""
    body = body or (PARAGRAPH * 6)
    meta = '<meta charset="utf-8">' if charset_meta else ""
    return (
        f"<!DOCTYPE html><html lang=ar dir=rtl><head>{meta}<title>{title} - جريدة المدينة</title>{head}</head>"
        f"<body>{before}<article><h1 class=entry-title>{title}</h1>"
        f"<div class=entry-content><p>{body}</p><p>{PARAGRAPH}</p></div></article>{after}</body></html>"
    )


def listing_page(links: list[str], *, next_url: str | None = None, extra: str = "") -> str:
    """A section page: one teaser per link, and a rel=next link if given."""
    teasers = "".join(
        f"<article class=post><h2 class=entry-title><a href='{href}'>خبر رقم {i} عن المدينة</a></h2></article>"
        for i, href in enumerate(links)
    )
    nxt = f"<a rel=next class=next href='{next_url}'>التالي</a>" if next_url else ""
    return (
        "<!DOCTYPE html><html lang=ar><head><meta charset=utf-8><title>مجتمع</title></head><body>"
        f"<h1 class=page-title>مجتمع</h1><main>{teasers}</main>{extra}"
        f"<div class=pagination>{nxt}</div></body></html>"
    )


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes | str, ctype: str = HTML,
         headers: dict[str, str] | None = None) -> None:
    data = body.encode("utf-8") if isinstance(body, str) else body
    handler.send_response(status)
    handler.send_header("Content-Type", ctype)
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.send_header("Content-Length", str(len(data)))
    try:
        handler.end_headers()
        handler.wfile.write(data)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the crawler went away (killed on purpose, in the fault tests)


def page(body: bytes | str, ctype: str = HTML, status: int = 200, **headers: str) -> Trap:
    """A fixed answer."""
    return lambda h: send(h, status, body, ctype, {k.replace("_", "-"): v for k, v in headers.items()})


def redirect(location: str | Callable[[], str], status: int = 302) -> Trap:
    def answer(h):
        send(h, status, b"", headers={"Location": location() if callable(location) else location})
    return answer


@cache
def bomb(method: str, size_mb: int = 512) -> bytes:
    """``size_mb`` MiB of zeros compressed with gzip or deflate (about a thousandth of that)."""
    wbits = 31 if method == "gzip" else 15
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    chunk = b"\0" * (1 << 20)
    out = [packer.compress(chunk) for _ in range(size_mb)]
    out.append(packer.flush())
    return b"".join(out)


def compressed_bomb(method: str, size_mb: int = 512) -> Trap:
    return page(bomb(method, size_mb), HTML, Content_Encoding=method)


def huge(size_mb: int, *, declare_length: bool) -> Trap:
    """A page of ``size_mb`` MiB, streamed; with or without Content-Length."""
    chunk = ("<p>" + PARAGRAPH * 60 + "</p>").encode()

    def answer(h):
        total = size_mb << 20
        h.send_response(200)
        h.send_header("Content-Type", HTML)
        if declare_length:
            h.send_header("Content-Length", str(total))
        h.end_headers()
        sent = 0
        try:
            while sent < total:
                piece = chunk[: total - sent]
                h.wfile.write(piece)
                sent += len(piece)
        except OSError:
            pass
    return answer


def trickle(seconds_max: float = 120) -> Trap:
    """Headers at once, then one byte a second "forever" (until the client hangs up)."""
    def answer(h):
        h.send_response(200)
        h.send_header("Content-Type", HTML)
        h.send_header("Content-Length", "1000000")
        h.end_headers()
        start = time.monotonic()
        try:
            while time.monotonic() - start < seconds_max:
                h.wfile.write(b"<")
                h.wfile.flush()
                time.sleep(1)
        except OSError:
            pass
    return answer


class _Server:
    def __init__(self, host: str, site: HostileSite):
        self.site = site
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                server.requests.append(self.path)
                path = urlsplit(self.path).path
                route = site.routes.get(self.path) or site.routes.get(path)
                if host != "127.0.0.1":
                    route = site.offsite_routes.get(path)
                if route is None:
                    send(self, 404, "<h1>not found</h1>")
                else:
                    route(self)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base_url = f"http://{host}:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class HostileSite:
    """Routes (path or path?query -> Trap) on 127.0.0.1; ``offsite_routes`` on 127.0.0.2."""

    def __init__(self, routes: dict[str, Trap] | None = None,
                 offsite_routes: dict[str, Trap] | None = None):
        self.routes: dict[str, Trap] = dict(routes or {})
        self.offsite_routes: dict[str, Trap] = dict(offsite_routes or {})
        self.main = _Server("127.0.0.1", self)
        self.offsite = _Server("127.0.0.2", self)
        self.base_url = self.main.base_url

    @property
    def requests(self) -> list[str]:
        return self.main.requests

    def url(self, path: str) -> str:
        return self.base_url + path

    @contextmanager
    def held(self, path: str) -> Iterator[None]:
        """``path`` answers only once the block is left (a crawl kept waiting on it)."""
        answer, release = self.routes[path], threading.Event()

        def later(h):
            release.wait(60)
            answer(h)

        self.routes[path] = later
        try:
            yield
        finally:
            release.set()

    def stop(self) -> None:
        self.main.stop()
        self.offsite.stop()

    def __enter__(self) -> HostileSite:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
