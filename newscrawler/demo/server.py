"""Serve the demo site on a loopback port, in a background thread, for crawls and tests.

Port 0 asks the OS for a free port, so parallel test runs and a user's own servers never clash.
The pages carry absolute links, so they are built after the port is known.
"""

from __future__ import annotations

import argparse
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Protocol, Self

from newscrawler.demo.site import DemoSite


def _percent_encode_bytes(line: bytes) -> bytes:
    """Percent-encode raw UTF-8 in a request line, as browsers do before sending.

    ``http.server`` reads the line as Latin-1 and splits it on Unicode whitespace, so the byte
    0x85 inside an unencoded Arabic path would otherwise cut it in two (400 Bad Request).
    """
    return re.sub(rb"[\x80-\xff]", lambda m: b"%%%02X" % m.group(0)[0], line)


class Site(Protocol):
    """What a server serves: ``DemoSite``, the mirror's ``MirrorSite``."""

    def page(self, path: str) -> tuple[int, str, bytes]: ...


class _Handler(BaseHTTPRequestHandler):
    server_version = "nginx"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    site: Site  # set on the subclass made for each server

    def parse_request(self) -> bool:
        self.raw_requestline = _percent_encode_bytes(self.raw_requestline)
        return super().parse_request()

    def _answer(self, with_body: bool) -> None:
        status, content_type, body = self.site.page(self.path)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._answer(with_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(with_body=False)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet: a crawl makes hundreds of requests and the crawler logs them already."""


class SiteServer:
    """A site (anything with ``page(path)``) served on a loopback port in a daemon thread;
    stop it with :meth:`stop` or by leaving the ``with`` block. Subclasses say which site."""

    thread_name = "newscrawler-site"

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._httpd = ThreadingHTTPServer((host, port), _Handler)
        self._httpd.daemon_threads = True
        bound_host, bound_port = self._httpd.server_address[:2]
        self.host = str(bound_host)
        self.port = int(bound_port)
        self.base_url = f"http://{self.host}:{self.port}"
        self.site = self.make_site(self.base_url)
        handler = f"{type(self).__name__}Handler"
        self._httpd.RequestHandlerClass = type(handler, (_Handler,), {"site": self.site})
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name=self.thread_name, daemon=True
        )
        self._thread.start()

    def make_site(self, base_url: str) -> Site:
        """The site to serve; its pages carry absolute links, so it is made once the port is known."""
        raise NotImplementedError

    def url(self, path: str = "/") -> str:
        """Absolute URL of a site path, e.g. ``server.url("/archives/1001")``."""
        return self.base_url + path

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class DemoServer(SiteServer):
    """A running demo site; stop it with :meth:`stop` or by leaving the ``with`` block."""

    thread_name = "newscrawler-demo"

    def make_site(self, base_url: str) -> DemoSite:
        return DemoSite(base_url)


def serve_demo(host: str = "127.0.0.1", port: int = 0) -> DemoServer:
    """Start the demo site in a daemon thread; port 0 picks a free one (see ``.base_url``)."""
    return DemoServer(host, port)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the newscrawler demo news site.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args(argv)
    server = serve_demo(args.host, args.port)
    print(f"Demo site at {server.base_url}/  (Ctrl-C to stop)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
