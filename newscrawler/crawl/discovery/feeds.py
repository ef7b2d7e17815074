"""Feeds: the RSS 2.0, RSS 1.0 (RDF) and Atom feeds a site announces or WordPress serves.

Pure functions over bytes the spider already fetched; they accept anything and return an
empty ``Feed`` with an ``error`` rather than raising (a site that serves an HTML error page
instead of its feed must not stop a crawl). XML is read through ``safexml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from newscrawler.crawl.discovery.common import (
    absolute_url,
    clean_text,
    html_head_links,
    html_to_text,
)
from newscrawler.crawl.discovery.safexml import (
    MAX_XML_BYTES,
    children,
    first_text,
    local_name,
    namespace,
    parse_tree,
    text_of,
)

MAX_FEED_ENTRIES = 1_000
FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml"}

_NS_ATOM = "http://www.w3.org/2005/Atom"
_NS_DC = "http://purl.org/dc/elements/1.1/"


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




def feed_links(html: str | bytes | None, url: str) -> list[str]:
    """The RSS/Atom feeds a page announces in ``<link rel="alternate">``, absolute, in page
    order; comment feeds are left out (they list comments, not articles)."""
    doc, links = html_head_links(html)
    if doc is None:
        return []
    base = url
    for b in doc.xpath("//base[@href]"):
        base = urljoin(url, b.get("href"))
        break
    found: list[str] = []
    for link in links:
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        if "alternate" not in rel or kind not in FEED_TYPES:
            continue
        feed = absolute_url(link.get("href"), base)
        if not feed or feed in found:
            continue
        if re.search(r"/comments/feed/?$", urlsplit(feed).path, re.I):
            continue
        found.append(feed)
    return found


def guess_feed_urls(section_url: str) -> list[str]:
    """Where WordPress serves feeds without announcing them: the section's ``feed/`` and the
    site's ``/feed/``."""
    section = absolute_url(section_url, "")
    if not section:
        return []
    parts = urlsplit(section)
    guesses = [
        urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/") + "/feed/", "", "")),
        urlunsplit((parts.scheme, parts.netloc, "/feed/", "", "")),
    ]
    return list(dict.fromkeys(guesses))


def parse_feed(body: bytes | str | None, url: str, *, max_entries: int = MAX_FEED_ENTRIES) -> Feed:
    """Entries of an RSS 2.0, RSS 1.0/RDF or Atom feed, and the feed's next page if it pages.

    Entries without a usable http(s) link are left out; so are duplicates.
    """
    try:
        root, error = parse_tree(body, url, MAX_XML_BYTES)
        if root is None:
            return Feed(error=error)
        kind = local_name(root.tag)
        if kind == "rss":
            channel = next(children(root, "channel"), None)
            if channel is None:
                return Feed(kind="rss", error="no <channel>")
            return _rss(root, channel, url, max_entries)
        if kind == "rdf":
            channel = next(children(root, "channel"), None)
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
    for link in children(container, "link", _NS_ATOM):
        if (link.get("rel") or "").lower() == "next":
            return absolute_url(link.get("href"), link.base or base)
    return None


def _wordpress_next(container: Any, url: str) -> str | None:
    """The next page of a feed whose generator is WordPress."""
    generator = first_text(container, "generator") or ""
    if "wordpress.org" not in generator.lower():
        return None
    current = next((v for k, v in parse_qsl(urlsplit(url).query) if k == "paged"), "1")
    number = int(current) if current.isdigit() else 1
    return absolute_url(wordpress_feed_page(url, number + 1), url)


def wordpress_feed_page(url: str, page: int) -> str:
    """Page ``page`` of a WordPress feed: WordPress pages them with ``?paged=N`` (a page past
    the last one is a 404)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "paged"]
    query.append(("paged", str(page)))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def _rss(root: Any, channel: Any, url: str, max_entries: int) -> Feed:
    feed = Feed(kind="rss", title=first_text(channel, "title"))
    seen: set[str] = set()
    for item in children(channel, "item"):
        _add_entry(feed, seen, _rss_item(item, url), max_entries)
    if feed.entries:
        feed.next_url = _atom_next(channel, url) or _wordpress_next(channel, url)
    return feed


def _rss_item(item: Any, url: str) -> FeedEntry | None:
    guid_el = next(children(item, "guid"), None)
    guid = clean_text(text_of(guid_el)) if guid_el is not None else None
    link = absolute_url(first_text(item, "link", ""), url)
    if link is None:
        for atom_link in children(item, "link", _NS_ATOM):
            if (atom_link.get("rel") or "alternate") == "alternate":
                link = absolute_url(atom_link.get("href"), url)
                break
    if link is None and guid and (guid_el.get("isPermaLink") or "true").lower() != "false":
        link = absolute_url(guid, url)
    if link is None:
        return None
    return FeedEntry(
        link=link,
        title=html_to_text(first_text(item, "title", "")),
        published=first_text(item, "pubdate", "") or first_text(item, "date", _NS_DC),
        updated=first_text(item, "updated", _NS_ATOM) or first_text(item, "modified", _NS_DC),
        guid=guid,
    )


def _rdf(root: Any, channel: Any, url: str, max_entries: int) -> Feed:
    # RSS 1.0 puts <item>s beside <channel>, under rdf:RDF, in the RSS 1.0 namespace.
    feed = Feed(kind="rdf", title=first_text(channel, "title") if channel is not None else None)
    seen: set[str] = set()
    for item in children(root, "item"):
        about = item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
        link = absolute_url(first_text(item, "link") or about, url)
        if link is None:
            continue
        entry = FeedEntry(
            link=link,
            title=html_to_text(first_text(item, "title")),
            published=first_text(item, "date", _NS_DC),
            updated=first_text(item, "modified", _NS_DC),
            guid=about,
        )
        _add_entry(feed, seen, entry, max_entries)
    return feed


def _atom_text(el: Any, name: str) -> str | None:
    for child in children(el, name, _NS_ATOM):
        kind = (child.get("type") or "text").lower()
        text = text_of(child)
        if kind == "html":
            return html_to_text(text)
        return clean_text(text)
    return None


def _atom(root: Any, url: str, max_entries: int) -> Feed:
    if namespace(root.tag) != _NS_ATOM:
        return Feed(error="not a feed: <feed> outside the Atom namespace")
    feed = Feed(kind="atom", title=_atom_text(root, "title"))
    seen: set[str] = set()
    for entry_el in children(root, "entry", _NS_ATOM):
        link = None
        for link_el in children(entry_el, "link", _NS_ATOM):
            if (link_el.get("rel") or "alternate").lower() == "alternate":
                link = absolute_url(link_el.get("href"), link_el.base or url)
                if link:
                    break
        guid = first_text(entry_el, "id", _NS_ATOM)
        if link is None:
            link = absolute_url(guid, url)
        if link is None:
            continue
        entry = FeedEntry(
            link=link,
            title=_atom_text(entry_el, "title"),
            published=first_text(entry_el, "published", _NS_ATOM)
            or first_text(entry_el, "issued", _NS_ATOM),
            updated=first_text(entry_el, "updated", _NS_ATOM),
            guid=guid,
        )
        _add_entry(feed, seen, entry, max_entries)
    if feed.entries:
        feed.next_url = _atom_next(root, url)
    return feed
