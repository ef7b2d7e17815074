"""Sitemaps, and the robots.txt lines that name them.

A sitemap index (child sitemaps) or urlset (pages, with the Google News fields Scrapy's own
parser drops), plain or gzipped, read as a stream through ``safexml`` so that memory stays small
whatever the size. Like every discovery parser, it accepts anything and never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from newscrawler.crawl.discovery.common import absolute_url, html_to_text
from newscrawler.crawl.discovery.safexml import (
    GZIP_MAGIC,
    MAX_XML_BYTES,
    children,
    findtext,
    first_text,
    gunzip,
    local_name,
    secure_iterparse,
    xml_bytes,
)

MAX_SITEMAP_ENTRIES = 50_000  # the sitemap protocol's own limit per file

_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.I)


@dataclass(frozen=True)
class SitemapRef:
    """A child sitemap named by a sitemap index."""

    loc: str
    lastmod: str | None = None


@dataclass(frozen=True)
class SitemapEntry:
    """One ``<url>`` of a urlset, with the Google News fields Scrapy's parser drops."""

    loc: str
    lastmod: str | None = None
    news_publication_date: str | None = None
    news_title: str | None = None
    news_publication_name: str | None = None
    news_language: str | None = None


@dataclass
class Sitemap:
    """A parsed sitemap: ``kind`` is "index", "urlset" or "" (not a sitemap)."""

    kind: str = ""
    sitemaps: list[SitemapRef] = field(default_factory=list)
    entries: list[SitemapEntry] = field(default_factory=list)
    skipped: int = 0
    error: str | None = None




def robots_sitemaps(robots_txt: str | bytes | None, url: str = "") -> list[str]:
    """The sitemaps a robots.txt names in its ``Sitemap:`` lines (any group, any case)."""
    if not robots_txt:
        return []
    if isinstance(robots_txt, bytes | bytearray):
        robots_txt = bytes(robots_txt[:MAX_XML_BYTES]).decode("utf-8", "replace")
    if not isinstance(robots_txt, str):
        return []
    found: list[str] = []
    for line in robots_txt[:MAX_XML_BYTES].splitlines():
        m = _SITEMAP_LINE.match(line.split("#", 1)[0])
        if m:
            sitemap = absolute_url(m.group(1), url)
            if sitemap and sitemap not in found:
                found.append(sitemap)
    return found


def parse_sitemap(
    body: bytes | str | None,
    url: str,
    *,
    max_entries: int = MAX_SITEMAP_ENTRIES,
    max_bytes: int = MAX_XML_BYTES,
) -> Sitemap:
    """A sitemap index (child sitemaps) or urlset (pages, with Google News fields), plain or
    gzipped. Parsed as a stream, so memory stays small whatever the size; a sitemap cut short
    by a network error still gives the entries before the cut (and an ``error``)."""
    result = Sitemap()
    try:
        data = xml_bytes(body)
        if data.startswith(GZIP_MAGIC):
            data, result.error = gunzip(data, max_bytes)
            data = xml_bytes(data)
        elif len(data) > max_bytes:
            result.error = f"body larger than {max_bytes} bytes; read only the first {max_bytes}"
            data = data[:max_bytes]
        if not data:
            result.error = result.error or "empty body"
            return result
        _stream_sitemap(data, url, result, max_entries)
    except Exception as exc:  # noqa: BLE001 - a parser for hostile input must never raise
        result.error = f"unreadable sitemap: {exc.__class__.__name__}: {exc}"
    return result


def _stream_sitemap(data: bytes, url: str, result: Sitemap, max_entries: int) -> None:
    events = secure_iterparse(data)
    seen: set[str] = set()
    depth = 0
    try:
        for event, el in events:
            if event == "start":
                depth += 1
                if depth == 1:
                    root = local_name(el.tag)
                    if root == "sitemapindex":
                        result.kind = "index"
                    elif root == "urlset":
                        result.kind = "urlset"
                    else:
                        result.error = f"not a sitemap: root element <{root}>"
                        return
                continue
            depth -= 1
            if depth != 1:
                continue
            name = local_name(el.tag)
            if (result.kind, name) in (("index", "sitemap"), ("urlset", "url")):
                if len(result.entries) + len(result.sitemaps) >= max_entries:
                    # Past the cap only count (duplicates included): no work per entry.
                    result.skipped += 1
                else:
                    loc = absolute_url(el.findtext("{*}loc"), url)
                    if loc and loc not in seen:
                        seen.add(loc)
                        if name == "sitemap":
                            result.sitemaps.append(SitemapRef(loc, findtext(el, "lastmod")))
                        else:
                            result.entries.append(_sitemap_entry(el, loc))
            # Free what we have read: a 50 MB sitemap must not become a 500 MB tree.
            el.clear()
            parent = el.getparent()
            if parent is not None:
                while el.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        read = len(result.entries) + len(result.sitemaps)
        result.error = "; ".join(
            filter(None, [result.error, f"not XML after {read} entries: {exc}"])
        )


def _sitemap_entry(el: Any, loc: str) -> SitemapEntry:
    news = el.find("{*}news")
    if news is None:
        return SitemapEntry(loc=loc, lastmod=findtext(el, "lastmod"))
    publication = next(children(news, "publication"), None)
    return SitemapEntry(
        loc=loc,
        lastmod=findtext(el, "lastmod"),
        news_publication_date=first_text(news, "publication_date"),
        news_title=html_to_text(first_text(news, "title")),
        news_publication_name=first_text(publication, "name") if publication is not None else None,
        news_language=first_text(publication, "language") if publication is not None else None,
    )
