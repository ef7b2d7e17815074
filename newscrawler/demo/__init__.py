"""The bundled demo site: a small Arabic news site with a known answer, served on loopback.

``newscrawler demo`` and the test suite crawl it; :func:`articles` says what they should find.
"""

from newscrawler.demo.server import DemoServer, serve_demo
from newscrawler.demo.site import SECTIONS, DemoSite, TruthArticle, articles, build_site

__all__ = [
    "SECTIONS",
    "DemoServer",
    "DemoSite",
    "TruthArticle",
    "articles",
    "build_site",
    "serve_demo",
]
