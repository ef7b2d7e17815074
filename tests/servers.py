"""Small HTTP servers on 127.0.0.1 for tests: fixed routes, each answer chosen by the test."""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

# (status, content type, body[, extra headers]) or a function of the request returning one.
Route = tuple | Callable[[BaseHTTPRequestHandler], tuple]


class RouteServer:
    """Serves ``routes`` (path -> (status, content type, body)); 404 for anything else."""

    def __init__(self, routes: dict[str, Route]):
        self.routes = routes
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                server.requests.append(self.path)
                path = unquote(urlsplit(self.path).path)
                route = server.routes.get(self.path) or server.routes.get(path)
                if route is None:
                    route = (404, "text/html; charset=utf-8", b"<h1>not found</h1>")
                elif callable(route):
                    route = route(self)
                status, ctype, body, *extra = route
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                for name, value in (extra[0] if extra else {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return self.base_url + path

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> RouteServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
