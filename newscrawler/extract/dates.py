"""Publication and modification dates: candidates in order of trust, checked against each other.

Structured values (JSON-LD, article:published_time, itemprop) come first, then ``<time>`` and
visible dates that *follow the headline*: header clocks, tickers and related-post dates sit
before it or inside furniture. A meta value stamped UTC whose wall-clock time equals the visible
local time is really local time, so the visible string is kept as the raw value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from lxml import etree

from newscrawler.extract._normalizers import parse_date
from newscrawler.extract.html import following, squash
from newscrawler.extract.structured import Structured

PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "og:published_time",
    "published_time",
    "datepublished",
    "datecreated",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "article.published",
    "article_date_original",
    "sailthru.date",
    "parsely-pub-date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dc.date.created",
    "dcterms.created",
    "date",
    "citation_publication_date",
    "cxenseparse:recs:publishtime",
    "originalpublicationdate",
    "rnews:datepublished",
    "og:pubdate",
    "pub_date",
)
MODIFIED_META = (
    "article:modified_time",
    "og:article:modified_time",
    "og:updated_time",
    "datemodified",
    "last-modified",
    "dc.date.modified",
    "dcterms.modified",
    "article.updated",
    "lastmod",
)
_AVOID = re.compile(
    r"comment|respond|reply|related|relacionad|recommend|sidebar|widget|footer|ticker|"
    r"breaking|marquee|popular|most-?read|trending|clock|weather|today|header-top|topbar|"
    r"next|prev|teaser|more-?news|latest",
    re.IGNORECASE,
)
_DATEISH = re.compile(
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}"
    r"|\d{1,2}\.?\s+[^\W\d_]{3,}\.?(?:\s*/\s*[^\W\d_]{3,})?,?\s+\d{4}"
    r"|[^\W\d_]{3,}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}",
)
_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:[صمAaPp]\.?[Mm]?\.?))?")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|[-_]|$)")
_UTC_MARK = re.compile(r"(?:Z|[+-]00:?00)$")


def _visible_snippet(text: str) -> str | None:
    text = squash(text)
    match = _DATEISH.search(text)
    if not match:
        return None
    if len(text) <= 80:
        return text
    start, end = match.span()
    tail = _TIME.search(text, end, end + 30)
    if tail:
        end = tail.end()
    return text[max(0, start - 20) : end].strip()


def _avoided(el: etree._Element | None, limit: int = 8) -> bool:
    node = el
    steps = 0
    while node is not None and steps < limit:
        attrs = f"{node.get('class') or ''} {node.get('id') or ''}"
        if node.tag in ("nav", "footer", "aside") or (attrs.strip() and _AVOID.search(attrs)):
            return True
        node = node.getparent()
        steps += 1
    return False


def _itemprop(root: etree._Element, name: str) -> Iterator[str]:
    for el in root.xpath(f"//*[@itemprop='{name}']"):
        value = el.get("datetime") or el.get("content") or squash("".join(el.itertext()))
        if value:
            yield value


def visible_dates(
    root: etree._Element, title_node: etree._Element | None
) -> Iterator[tuple[str, etree._Element]]:
    """Date-like strings after the headline (``<time>`` first), outside furniture."""
    if title_node is not None:
        anchor = title_node
    else:
        found = root.xpath("//article")
        if not found:
            return
        anchor = found[0]
    after = following(anchor, 120) if title_node is not None else list(anchor.iter())[:120]
    nodes = [el for el in after if el.tag == "time"][:5]
    for el in nodes:
        if _avoided(el):
            continue
        value = el.get("datetime") or squash("".join(el.itertext()))
        if value:
            yield value, el
    if title_node is not None:
        # Dates printed just above the headline, inside the same article header.
        parent = title_node.getparent()
        if parent is not None:
            before = [el for el in parent.iter() if el is not title_node][:12]
            after = before + after
    for el in after:
        if el.tag in ("a", "script", "style"):
            continue
        for text in (el.text, el.tail):
            if not text or not text.strip():
                continue
            snippet = _visible_snippet(text)
            if snippet and not _avoided(el):
                yield snippet, el


def _wall_clock(value: datetime) -> tuple:
    return (value.year, value.month, value.day, value.hour, value.minute)


def choose_dates(
    root: etree._Element, data: Structured, url: str, title_node: etree._Element | None
) -> tuple[str | None, str | None]:
    """(published_raw, modified_raw) as the page states them."""
    article = data.article() or {}
    structured: list[str] = []
    for key in ("datePublished", "dateCreated", "uploadDate"):
        value = article.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, str) and value.strip():
            structured.append(value.strip())
    structured += data.all(*PUBLISHED_META)
    structured += list(_itemprop(root, "datePublished"))
    published = next((s for s in structured if parse_date(s)), None)

    visible = None
    if published is None or _UTC_MARK.search(published):
        for tries, (snippet, _el) in enumerate(visible_dates(root, title_node)):
            if parse_date(snippet):
                visible = snippet
                break
            if tries >= 6:
                break
    if published is None:
        published = visible
    elif visible and _UTC_MARK.search(published):
        # A "…Z" meta that shows the same wall-clock time as the page is local time.
        meta_value, shown = parse_date(published), parse_date(visible)
        if (
            meta_value
            and shown
            and _TIME.search(visible)
            and _wall_clock(meta_value) == _wall_clock(shown)
        ):
            published = visible
    if published is None:
        match = _URL_DATE.search(url or "")
        if match:
            year, month, day = match.groups()
            published = f"{year}-{int(month):02d}-{int(day):02d}"

    modified_candidates: list[str] = []
    value = article.get("dateModified")
    if isinstance(value, str) and value.strip():
        modified_candidates.append(value.strip())
    modified_candidates += data.all(*MODIFIED_META)
    modified_candidates += list(_itemprop(root, "dateModified"))
    modified = next((s for s in modified_candidates if parse_date(s)), None)
    return published, modified
