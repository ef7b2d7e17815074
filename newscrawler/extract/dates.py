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
    "dc:date",
    "dcterms:date",
    "dcterms:issued",
    "dcterms:created",
    "dc:created",
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
    r"next|prev|more-?news|latest",
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
    """The date (and the clock time right after it) out of a line of visible text."""
    text = squash(text)
    match = _DATEISH.search(text)
    if not match:
        return None
    start, end = match.span()
    tail = _TIME.search(text, end, end + 12)
    if tail:
        end = tail.end()
    return text[start:end].strip()


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


def _preceding(node: etree._Element, limit: int) -> list[etree._Element]:
    """Up to ``limit`` elements just before ``node``, nearest first (ancestors excluded)."""
    out: list[etree._Element] = []
    current: etree._Element | None = node
    while current is not None and len(out) < limit:
        for sibling in current.itersiblings(preceding=True):
            out.extend(reversed([el for el in sibling.iter() if isinstance(el.tag, str)]))
            if len(out) >= limit:
                return out[:limit]
        current = current.getparent()
    return out


def _texts(elements: list[etree._Element]) -> Iterator[tuple[str, etree._Element]]:
    for el in elements:
        if el.tag == "time":
            value = el.get("datetime") or squash("".join(el.itertext()))
            if value and not _avoided(el):
                yield value, el
            continue
        if el.tag in ("a", "script", "style", "option"):
            continue
        for text in (el.text, el.tail):
            if not text or not text.strip():
                continue
            snippet = _visible_snippet(text)
            if snippet and not _avoided(el):
                yield snippet, el


def visible_dates(
    root: etree._Element, title_node: etree._Element | None
) -> Iterator[tuple[str, etree._Element]]:
    """Date-like strings near the headline: after it first, then just above it.

    Header clocks and tickers sit well above the headline, related posts and comments well
    below it or inside furniture, so distance from the headline is the main filter.
    """
    if title_node is not None:
        after = following(title_node, 120)
        yield from _texts([el for el in after if el.tag == "time"][:3])
        yield from _texts(after)
        yield from _texts(_preceding(title_node, 25))
    else:
        found = root.xpath("//article")
        if found:
            yield from _texts(list(found[0].iter())[:150])
    for el in root.iter("time"):
        yield from _texts([el])


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
            if tries >= 8:
                break
    if published is None:
        published = visible
    elif visible and _UTC_MARK.search(published):
        meta_value, shown = parse_date(published), parse_date(visible)
        if meta_value and shown:
            if _TIME.search(visible) and _wall_clock(meta_value) == _wall_clock(shown):
                # A "…Z" meta that shows the page's wall-clock time is really local time.
                published = visible
            elif abs((meta_value.date() - shown.date()).days) == 1 and not _TIME.search(visible):
                # UTC moved the stamp across midnight; the page's own day is the local one.
                published = visible
    if published is None:
        title = root.find(".//title")
        snippet = _visible_snippet(title.text or "") if title is not None else None
        if snippet and parse_date(snippet):
            published = snippet
    match = _URL_DATE.search(url or "")
    if match:
        # A full date in the URL is set once, at publication: it outranks a differing day.
        year, month, day = (int(g) for g in match.groups())
        chosen = parse_date(published) if published else None
        if (
            1 <= month <= 12
            and 1 <= day <= 31
            and (chosen is None or (chosen.year, chosen.month, chosen.day) != (year, month, day))
        ):
            published = f"{year:04d}-{month:02d}-{day:02d}"

    modified_candidates: list[str] = []
    value = article.get("dateModified")
    if isinstance(value, str) and value.strip():
        modified_candidates.append(value.strip())
    modified_candidates += data.all(*MODIFIED_META)
    modified_candidates += list(_itemprop(root, "dateModified"))
    modified = next((s for s in modified_candidates if parse_date(s)), None)
    return published, modified
