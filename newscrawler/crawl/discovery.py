"""Where a site lists its articles besides its section pages: feeds, sitemaps, the WordPress API.

Everything here is a pure function over bytes the spider already fetched (plus the URL they came
from), so that discovery can be tested offline and the spider only decides what to request.
Every parser accepts anything and returns an empty result rather than raising: a site that
serves an HTML error page instead of its feed must not stop a crawl.

XML from the web is hostile input. Entities are never expanded (no billion laughs), DTDs and
external entities are never loaded (no XXE: ``file://`` or network reads), huge text nodes are
refused, gzip is decompressed up to a cap (no gzip bombs), and every parser returns at most
``max_entries`` entries, counting the rest in ``skipped``.

Dates stay the raw strings the site printed; ``entry_datetime`` reads one for ordering and
filtering, and the pipeline parses them for the archive.
"""

from __future__ import annotations

import html as html_lib
import io
import json
import re
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.entities import html5
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree
from lxml import html as lxml_html

from newscrawler.extract.links import clean_url
from newscrawler.normalize.dates import parse_arabic_date

__all__ = [
    "Feed",
    "FeedEntry",
    "Sitemap",
    "SitemapEntry",
    "SitemapRef",
    "WpCategory",
    "WpPost",
    "entry_datetime",
    "feed_links",
    "guess_feed_urls",
    "parse_feed",
    "parse_sitemap",
    "parse_wp_categories",
    "parse_wp_posts",
    "robots_sitemaps",
    "wp_api_root",
    "wp_category_slug",
    "wp_rest_categories_url",
    "wp_rest_posts_url",
    "wp_total_pages",
]

MAX_FEED_ENTRIES = 1_000
MAX_SITEMAP_ENTRIES = 50_000  # the sitemap protocol's own limit per file
MAX_XML_BYTES = 50 * 1024 * 1024  # the protocol's size limit, and our gzip cap
MAX_JSON_BYTES = 20 * 1024 * 1024

FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml"}
WP_API_REL = "https://api.w.org/"
WP_POST_FIELDS = "id,link,date_gmt,modified_gmt,title"
GZIP_MAGIC = b"\x1f\x8b"

_NS_ATOM = "http://www.w3.org/2005/Atom"
_NS_DC = "http://purl.org/dc/elements/1.1/"
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.I)


# ---------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed; dates raw as printed (RFC 2822 in RSS, ISO 8601 in Atom)."""

    link: str
    title: str | None = None
    published: str | None = None
    updated: str | None = None
    guid: str | None = None


@dataclass
class Feed:
    """A parsed RSS 2.0, RSS 1.0 (RDF) or Atom feed; ``kind`` is "" when the body was none."""

    kind: str = ""
    title: str | None = None
    entries: list[FeedEntry] = field(default_factory=list)
    next_url: str | None = None
    skipped: int = 0
    error: str | None = None


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


# ---------------------------------------------------------------------------------------------
# Shared helpers


def _absolute(href: str | None, base: str) -> str | None:
    """A cleaned absolute http(s) URL, or None for anything else (mailto:, javascript:, junk)."""
    if not href or not isinstance(href, str):
        return None
    href = href.strip()
    if not href:
        return None
    try:
        if not href.lower().startswith(("http://", "https://")):
            href = urljoin(base or "", href)
        parts = urlsplit(href)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            return None
    except ValueError:
        return None
    if parts.query or parts.fragment:
        return clean_url(href)
    # What clean_url gives for a URL with nothing to clean, at a fraction of the cost (sitemaps
    # hold 50,000 of them).
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path or '/'}"


def _secure_parser(*, recover: bool) -> etree.XMLParser:
    """A parser that never expands entities, loads DTDs or touches the network or disk."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        recover=recover,
        remove_comments=True,
        remove_pis=True,
    )


def _xml_bytes(body: bytes | str | None) -> bytes:
    """The body as bytes lxml can parse: str re-encoded without its now-wrong declaration."""
    if body is None:
        return b""
    if isinstance(body, str):
        body = _XML_DECLARATION.sub("", body, count=1).encode("utf-8", "replace")
    elif not isinstance(body, bytes | bytearray | memoryview):
        return b""
    body = bytes(body)
    if body.startswith(b"\xef\xbb\xbf"):
        body = body[3:]
    return body.lstrip(b" \t\r\n")


def _gunzip(body: bytes, limit: int) -> tuple[bytes, str | None]:
    """Decompress at most ``limit`` bytes; a bigger payload is cut there (a gzip bomb gives
    only junk, a legitimate oversized sitemap still gives its first entries)."""
    out = io.BytesIO()
    decomp = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = decomp.decompress(body, limit + 1)
        out.write(data)
        while decomp.unconsumed_tail and out.tell() <= limit:
            out.write(decomp.decompress(decomp.unconsumed_tail, limit + 1 - out.tell()))
    except zlib.error as exc:
        return out.getvalue()[:limit], f"bad gzip data: {exc}"
    if out.tell() > limit:
        cut = out.getvalue()[:limit]
        return cut, f"gzip data larger than {limit} bytes; read only the first {limit}"
    return out.getvalue(), None


def _local(tag: Any) -> str:
    """The local name of an element tag ("" for comments, entities, processing instructions)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _ns(tag: Any) -> str:
    if isinstance(tag, str) and tag.startswith("{"):
        return tag[1:].split("}", 1)[0]
    return ""


def _text_of(el: Any) -> str:
    """Element text without expanding entities: a reference to a known HTML entity (``&nbsp;``
    in a sloppy feed) becomes its character, any other entity reference is dropped."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.text and isinstance(node.tag, str):
            parts.append(node.text)
        for child in node:
            if isinstance(child, etree._Entity):
                parts.append(html5.get(f"{child.name};", ""))
            elif isinstance(child.tag, str):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return "".join(parts)


def _clean_text(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def _html_to_text(value: str | None) -> str | None:
    """Text of an HTML fragment (Atom ``type="html"`` titles, WordPress ``title.rendered``)."""
    if not value:
        return None
    if "<" in value:
        try:
            value = lxml_html.fragment_fromstring(value, create_parent="div").text_content()
        except (ValueError, etree.ParserError):
            value = re.sub(r"<[^>]*>", " ", value)
    return _clean_text(html_lib.unescape(value))


def _children(el: Any, name: str, namespace: str | None = None) -> Iterator[Any]:
    for child in el:
        if _local(child.tag) == name and (namespace is None or _ns(child.tag) == namespace):
            yield child


def _first_text(el: Any, name: str, namespace: str | None = None) -> str | None:
    for child in _children(el, name, namespace):
        text = _clean_text(_text_of(child))
        if text:
            return text
    return None


def entry_datetime(raw: str | None, *, tz: str = "UTC") -> datetime | None:
    """An entry's raw date as an aware datetime, for ordering and filtering; None if unreadable.

    ``tz`` applies only to strings without an offset; WordPress ``date_gmt`` values are such
    strings and are UTC, hence the default.
    """
    if not raw or not isinstance(raw, str):
        return None
    try:
        return parse_arabic_date(raw, tz=tz)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# Feeds


def feed_links(html: str | bytes | None, url: str) -> list[str]:
    """The RSS/Atom feeds a page announces in ``<link rel="alternate">``, absolute, in page
    order; comment feeds are left out (they list comments, not articles)."""
    if not html:
        return []
    try:
        doc = lxml_html.document_fromstring(html)
    except (ValueError, etree.ParserError, TypeError):
        return []
    base = url
    for b in doc.xpath("//base[@href]"):
        base = urljoin(url, b.get("href"))
        break
    found: list[str] = []
    for link in doc.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        if "alternate" not in rel or kind not in FEED_TYPES:
            continue
        feed = _absolute(link.get("href"), base)
        if not feed or feed in found:
            continue
        if re.search(r"/comments/feed/?$", urlsplit(feed).path, re.I):
            continue
        found.append(feed)
    return found


def guess_feed_urls(section_url: str) -> list[str]:
    """Where WordPress serves feeds without announcing them: the section's ``feed/`` and the
    site's ``/feed/``."""
    section = _absolute(section_url, "")
    if not section:
        return []
    parts = urlsplit(section)
    guesses = [
        urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/") + "/feed/", "", "")),
        urlunsplit((parts.scheme, parts.netloc, "/feed/", "", "")),
    ]
    return list(dict.fromkeys(guesses))


def _parse_tree(body: bytes | str | None, url: str, max_bytes: int) -> tuple[Any, str | None]:
    """The root element of an XML body (recovering from sloppy markup), or (None, why)."""
    data = _xml_bytes(body)
    if data.startswith(GZIP_MAGIC):
        data, error = _gunzip(data, max_bytes)
        if error:
            return None, error
        data = _xml_bytes(data)
    if not data:
        return None, "empty body"
    if len(data) > max_bytes:
        return None, f"body larger than {max_bytes} bytes"
    for recover in (False, True):
        try:
            root = etree.fromstring(data, _secure_parser(recover=recover), base_url=url or None)
        except (etree.XMLSyntaxError, ValueError) as exc:
            error = f"not XML: {exc}"
            continue
        if root is None:
            return None, "not XML"
        return root, None
    return None, error


def parse_feed(body: bytes | str | None, url: str, *, max_entries: int = MAX_FEED_ENTRIES) -> Feed:
    """Entries of an RSS 2.0, RSS 1.0/RDF or Atom feed, and the feed's next page if it pages.

    Entries without a usable http(s) link are left out; so are duplicates.
    """
    try:
        root, error = _parse_tree(body, url, MAX_XML_BYTES)
        if root is None:
            return Feed(error=error)
        kind = _local(root.tag)
        if kind == "rss":
            channel = next(_children(root, "channel"), None)
            if channel is None:
                return Feed(kind="rss", error="no <channel>")
            return _rss(root, channel, url, max_entries)
        if kind == "rdf":
            channel = next(_children(root, "channel"), None)
            return _rdf(root, channel, url, max_entries)
        if kind == "feed":
            return _atom(root, url, max_entries)
        return Feed(error=f"not a feed: root element <{kind}>")
    except Exception as exc:  # noqa: BLE001 - a parser for hostile input must never raise
        return Feed(error=f"unreadable feed: {exc.__class__.__name__}")


def _add_entry(feed: Feed, seen: set[str], entry: FeedEntry | None, max_entries: int) -> None:
    if entry is None or entry.link in seen:
        return
    seen.add(entry.link)
    if len(feed.entries) >= max_entries:
        feed.skipped += 1
    else:
        feed.entries.append(entry)


def _atom_next(container: Any, base: str) -> str | None:
    for link in _children(container, "link", _NS_ATOM):
        if (link.get("rel") or "").lower() == "next":
            return _absolute(link.get("href"), link.base or base)
    return None


def _wordpress_next(container: Any, url: str) -> str | None:
    """WordPress feeds page with ``?paged=N`` (a page past the last one is a 404)."""
    generator = _first_text(container, "generator") or ""
    if "wordpress.org" not in generator.lower():
        return None
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "paged"]
    current = next((v for k, v in parse_qsl(parts.query) if k == "paged"), "1")
    number = int(current) if current.isdigit() else 1
    query.append(("paged", str(number + 1)))
    return _absolute(
        urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), "")), url
    )


def _rss(root: Any, channel: Any, url: str, max_entries: int) -> Feed:
    feed = Feed(kind="rss", title=_first_text(channel, "title"))
    seen: set[str] = set()
    for item in _children(channel, "item"):
        _add_entry(feed, seen, _rss_item(item, url), max_entries)
    if feed.entries:
        feed.next_url = _atom_next(channel, url) or _wordpress_next(channel, url)
    return feed


def _rss_item(item: Any, url: str) -> FeedEntry | None:
    guid_el = next(_children(item, "guid"), None)
    guid = _clean_text(_text_of(guid_el)) if guid_el is not None else None
    link = _absolute(_first_text(item, "link", ""), url)
    if link is None:
        for atom_link in _children(item, "link", _NS_ATOM):
            if (atom_link.get("rel") or "alternate") == "alternate":
                link = _absolute(atom_link.get("href"), url)
                break
    if link is None and guid and (guid_el.get("isPermaLink") or "true").lower() != "false":
        link = _absolute(guid, url)
    if link is None:
        return None
    return FeedEntry(
        link=link,
        title=_html_to_text(_first_text(item, "title", "")),
        published=_first_text(item, "pubdate", "") or _first_text(item, "date", _NS_DC),
        updated=_first_text(item, "updated", _NS_ATOM) or _first_text(item, "modified", _NS_DC),
        guid=guid,
    )


def _rdf(root: Any, channel: Any, url: str, max_entries: int) -> Feed:
    # RSS 1.0 puts <item>s beside <channel>, under rdf:RDF, in the RSS 1.0 namespace.
    feed = Feed(kind="rdf", title=_first_text(channel, "title") if channel is not None else None)
    seen: set[str] = set()
    for item in _children(root, "item"):
        about = item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
        link = _absolute(_first_text(item, "link") or about, url)
        if link is None:
            continue
        entry = FeedEntry(
            link=link,
            title=_html_to_text(_first_text(item, "title")),
            published=_first_text(item, "date", _NS_DC),
            updated=_first_text(item, "modified", _NS_DC),
            guid=about,
        )
        _add_entry(feed, seen, entry, max_entries)
    return feed


def _atom_text(el: Any, name: str) -> str | None:
    for child in _children(el, name, _NS_ATOM):
        kind = (child.get("type") or "text").lower()
        text = _text_of(child)
        if kind == "html":
            return _html_to_text(text)
        return _clean_text(text)
    return None


def _atom(root: Any, url: str, max_entries: int) -> Feed:
    if _ns(root.tag) != _NS_ATOM:
        return Feed(error="not a feed: <feed> outside the Atom namespace")
    feed = Feed(kind="atom", title=_atom_text(root, "title"))
    seen: set[str] = set()
    for entry_el in _children(root, "entry", _NS_ATOM):
        link = None
        for link_el in _children(entry_el, "link", _NS_ATOM):
            if (link_el.get("rel") or "alternate").lower() == "alternate":
                link = _absolute(link_el.get("href"), link_el.base or url)
                if link:
                    break
        guid = _first_text(entry_el, "id", _NS_ATOM)
        if link is None:
            link = _absolute(guid, url)
        if link is None:
            continue
        entry = FeedEntry(
            link=link,
            title=_atom_text(entry_el, "title"),
            published=_first_text(entry_el, "published", _NS_ATOM)
            or _first_text(entry_el, "issued", _NS_ATOM),
            updated=_first_text(entry_el, "updated", _NS_ATOM),
            guid=guid,
        )
        _add_entry(feed, seen, entry, max_entries)
    if feed.entries:
        feed.next_url = _atom_next(root, url)
    return feed


# ---------------------------------------------------------------------------------------------
# Sitemaps


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
            sitemap = _absolute(m.group(1), url)
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
        data = _xml_bytes(body)
        if data.startswith(GZIP_MAGIC):
            data, result.error = _gunzip(data, max_bytes)
            data = _xml_bytes(data)
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
    events = etree.iterparse(
        io.BytesIO(data),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    seen: set[str] = set()
    depth = 0
    try:
        for event, el in events:
            if event == "start":
                depth += 1
                if depth == 1:
                    root = _local(el.tag)
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
            name = _local(el.tag)
            if (result.kind, name) in (("index", "sitemap"), ("urlset", "url")):
                if len(result.entries) + len(result.sitemaps) >= max_entries:
                    # Past the cap only count (duplicates included): no work per entry.
                    result.skipped += 1
                else:
                    loc = _absolute(el.findtext("{*}loc"), url)
                    if loc and loc not in seen:
                        seen.add(loc)
                        if name == "sitemap":
                            result.sitemaps.append(SitemapRef(loc, _findtext(el, "lastmod")))
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


def _findtext(el: Any, name: str) -> str | None:
    """A child's stripped text, found in C (``{*}``: any namespace): sitemaps are long."""
    return _clean_text(el.findtext("{*}" + name))


def _sitemap_entry(el: Any, loc: str) -> SitemapEntry:
    news = el.find("{*}news")
    if news is None:
        return SitemapEntry(loc=loc, lastmod=_findtext(el, "lastmod"))
    publication = next(_children(news, "publication"), None)
    return SitemapEntry(
        loc=loc,
        lastmod=_findtext(el, "lastmod"),
        news_publication_date=_first_text(news, "publication_date"),
        news_title=_html_to_text(_first_text(news, "title")),
        news_publication_name=_first_text(publication, "name") if publication is not None else None,
        news_language=_first_text(publication, "language") if publication is not None else None,
    )


# ---------------------------------------------------------------------------------------------
# WordPress REST API


def wp_api_root(html: str | bytes | None, url: str) -> str | None:
    """The REST API root a WordPress page announces (``<link rel="https://api.w.org/">``):
    ``https://site/wp-json/``, or ``https://site/?rest_route=/`` without pretty permalinks."""
    if not html:
        return None
    try:
        doc = lxml_html.document_fromstring(html)
    except (ValueError, etree.ParserError, TypeError):
        return None
    for link in doc.iter("link"):
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
    return _html_to_text(value) if isinstance(value, str) else None


def _str_or_none(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def parse_wp_posts(body: bytes | str | None, *, max_entries: int = 1_000) -> list[WpPost]:
    """Posts from a ``/wp/v2/posts`` response; items without an id or http(s) link are left
    out, and anything but a JSON list gives ``[]``."""
    data = _json(body)
    if not isinstance(data, list):
        return []
    posts: list[WpPost] = []
    for item in data[:max_entries]:
        if not isinstance(item, dict):
            continue
        post_id, link = item.get("id"), _absolute(item.get("link"), "")
        if not isinstance(post_id, int) or isinstance(post_id, bool) or link is None:
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
    data = _json(body)
    if not isinstance(data, list):
        return []
    categories: list[WpCategory] = []
    for item in data[:MAX_FEED_ENTRIES]:
        if not isinstance(item, dict):
            continue
        cat_id, slug = item.get("id"), _str_or_none(item.get("slug"))
        if not isinstance(cat_id, int) or isinstance(cat_id, bool) or slug is None:
            continue
        name = _html_to_text(item.get("name") if isinstance(item.get("name"), str) else None)
        categories.append(
            WpCategory(
                id=cat_id, name=name or slug, slug=slug, link=_absolute(item.get("link"), "")
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
