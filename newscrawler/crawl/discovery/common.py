"""What every discovery parser shares: absolute http(s) URLs, text out of markup, raw dates."""

from __future__ import annotations

import html as html_lib
import re
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from newscrawler.extract.links import clean_url
from newscrawler.normalize.dates import parse_arabic_date


def absolute_url(href: str | None, base: str) -> str | None:
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


def clean_text(value: str | None) -> str | None:
    """White space folded to single spaces; None for nothing left."""
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def html_to_text(value: str | None) -> str | None:
    """Text of an HTML fragment (Atom ``type="html"`` titles, WordPress ``title.rendered``)."""
    if not value:
        return None
    if "<" in value:
        try:
            value = lxml_html.fragment_fromstring(value, create_parent="div").text_content()
        except (ValueError, etree.ParserError):
            value = re.sub(r"<[^>]*>", " ", value)
    return clean_text(html_lib.unescape(value))


def html_head_links(html: str | bytes | None) -> tuple[Any, list[Any]]:
    """A page's document and its ``<link>`` elements, or ``(None, [])`` for no page at all:
    feeds and the WordPress API are both announced there."""
    if not html:
        return None, []
    try:
        doc = lxml_html.document_fromstring(html)
    except (ValueError, etree.ParserError, TypeError):
        return None, []
    return doc, list(doc.iter("link"))


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
