"""The bundled demo site: a small Arabic news site with a known answer, served on loopback.

``newscrawler demo`` and the test suite crawl it; :func:`articles` says what they should find.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawler.demo.site import SECTIONS, DemoSite, TruthArticle, articles, build_site

if TYPE_CHECKING:
    from newscrawler.demo.server import DemoServer, serve_demo

__all__ = [
    "SECTIONS",
    "DemoServer",
    "DemoSite",
    "TruthArticle",
    "articles",
    "build_site",
    "serve_demo",
]


def __getattr__(name: str):
    # The server module is imported on first use, so that ``python -m newscrawler.demo.server``
    # does not find it already imported (runpy warns about that).
    if name in ("DemoServer", "serve_demo"):
        from newscrawler.demo import server

        return getattr(server, name)
    raise AttributeError(name)
