"""Publication and modification dates: candidates in order of trust, checked against each other.

Structured values (JSON-LD, article:published_time, itemprop) come first, then ``<time>`` and
visible dates that *follow the headline*: header clocks, tickers and related-post dates sit
before it or inside furniture. A meta value stamped UTC whose wall-clock time equals the visible
local time is really local time, so the visible string is kept as the raw value. A stamp that
shows the day of the structured dateModified is a republication and wins over an older meta;
a plain date later than the page's last change is an event it announces.

Last resorts, in order: other JSON-LD objects, the last change, dates in scripts, any stamp or
"Published" label outside furniture, a paragraph that opens with a date, the <title>, the
description. A full date in the URL path overrides a different day.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import datetime, timedelta

from lxml import etree

from newscrawler.extract.html import following, squash
from newscrawler.extract.structured import Structured
from newscrawler.normalize.dates import parse_arabic_date as parse_date

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
    r"next|prev|more-?news|latest|wp-caption|(?<!ac)credit",  # not a byline's "accreditation"
    re.IGNORECASE,
)
# Layout modifiers name what a container holds beside it ("has-sidebar", "with-left-sidebar").
_LAYOUT = re.compile(r"\b(?:has|with)-[\w-]+")
_OTHER_POSTS = re.compile(
    r"comment|respond|reply|related|recommend|teaser|more-?news|latest|popular|most-?read",
    re.IGNORECASE,
)
# The post's own footer (WordPress "entry-footer", "post-footer") is article meta, not furniture.
_ARTICLE_FOOTER = re.compile(r"(?:entry|post|article|story)[-_]?(?:footer|meta)", re.IGNORECASE)
_DATEISH = re.compile(
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}"
    r"|\d{1,2}\.?\s+[^\W\d_]{3,}\.?(?:\s*/\s*[^\W\d_]{3,})?,?\s+\d{4}"
    r"|[^\W\d_]{3,}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}",
)
_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:[صمAaPp]\.?[Mm]?\.?))?")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|[-_]|$)")
_UTC_MARK = re.compile(r"(?:Z|[+-]00:?00|\bGMT|\bUTC)$")
# Local midnight east of UTC serialized as UTC ("2022-11-06T23:00:00.000Z" for 7 November).
_SHIFTED_MIDNIGHT = re.compile(r"T(?:2[0-3]):00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)$")
# Class words of elements that hold a post's date stamp (htmldate's "extensive" list, shortened).
_DATE_CLASS = re.compile(r"date|datum|time|publish|posted|fecha|meta|byline|dateline", re.I)
# Words that say a date is the publication (or only the last change) of the page.
_PUBLISHED_LABEL = re.compile(
    r"\b(?:posted|published|written|erstellt|publiziert|veröffentlicht|erstveröffentlichung|erschienen|"
    r"publié|mise en ligne|publicado|pubblicato)\b|نشر|بتاريخ",
    re.IGNORECASE,
)
_MODIFIED_LABEL = re.compile(
    r"\b(?:updated?|aktualisiert|geändert|modifi|mis à jour|actualizado|aggiornato|last edited)"
    r"|تحديث|تعديل",
    re.IGNORECASE,
)


_TWO_DIGITS = re.compile(r"\d\d")
# A date that opens a paragraph, maybe after "(" or a place name and a comma.
_DATELINE = re.compile(
    r"\(?(?:[^\W\d_][^\W\d_ .-]*(?:[ .-][^\W\d_]+){0,2},\s*)?(" + _DATEISH.pattern + ")"
)
_DESCRIPTION = ("description", "og:description", "twitter:description")


def _visible_snippet(text: str) -> str | None:
    """The date (and the clock time right after it) out of a line of visible text."""
    if not _TWO_DIGITS.search(text):
        return None  # every date pattern holds a year: skip the squash for plain text
    text = squash(text)
    match = _DATEISH.search(text)
    if not match:
        return None
    start, end = match.span()
    tail = _TIME.search(text, end, end + 12)
    if tail:
        end = tail.end()
    return text[start:end].strip()


def _attrs(node: etree._Element) -> str:
    return f"{node.get('class') or ''} {node.get('id') or ''}"


def _headline_link(item: etree._Element) -> bool:
    """A link with a headline's worth of words (not an author's or a section's name)."""
    return any(a.get("href") and len("".join(a.itertext()).split()) >= 4 for a in item.iter("a"))


def _avoided(el: etree._Element | None, limit: int = 8) -> bool:
    """Inside furniture: a furniture class, <nav>, a caption, or a <footer>/<aside> of the page.

    A ``<footer>`` or ``<aside>`` inside the ``<article>`` is the post's own meta block.
    """
    node = el
    steps = 0
    furniture_tag = False
    while node is not None and steps < limit:
        attrs = _attrs(node)
        if _ARTICLE_FOOTER.search(attrs):
            return False
        if node.tag in ("nav", "figcaption") or (
            attrs.strip() and _AVOID.search(attrs) and _AVOID.search(_LAYOUT.sub("", attrs))
        ):
            return True
        if node.tag == "li" and steps <= 2 and _headline_link(node):
            return True  # a list of other posts: the date belongs to the linked headline
        if node.tag in ("footer", "aside"):
            furniture_tag = True
        elif node.tag == "article":
            return False
        node = node.getparent()
        steps += 1
    return furniture_tag


_ITEMPROPS = ("datePublished", "dateModified", "dateUpdate")


def _itemprops(data: Structured) -> dict[str, list[str]]:
    """Microdata date values by property."""
    found: dict[str, list[str]] = {name: [] for name in _ITEMPROPS}
    for el in data.props:
        name = el.get("itemprop")
        if name in found:
            value = el.get("datetime") or el.get("content") or squash("".join(el.itertext()))
            if value:
                found[name].append(value)
    return found


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


def _label_rank(text: str, default: int, snippet: str = "") -> int:
    """0 for "Published …", 3 for "Updated …", ``default`` for an unlabelled date.

    Only the words just before the date count: "Written: X / Updated: Y" labels X as written.
    """
    at = text.find(snippet) if snippet else -1
    if at >= 0:
        text = text[max(0, at - 40) : at]
    if _MODIFIED_LABEL.search(text):
        return 3
    if _PUBLISHED_LABEL.search(text):
        return 0
    return default


def _candidates(elements: list[etree._Element]) -> Iterator[tuple[int, str]]:
    """(rank, date string) for each date an element states; lower ranks are more trusted.

    0: a ``<time>`` or a labelled "Published …" stamp; 1: a short dateline or a date-classed
    element; 2: a date mentioned inside running text; 3: a "last updated" stamp.
    """
    for el in elements:
        tag = el.tag
        if tag == "time":
            value = el.get("datetime") or squash("".join(el.itertext()))
            if value and not _avoided(el):
                parent = el.getparent()
                context = squash("".join(parent.itertext()))[:80] if parent is not None else ""
                yield _label_rank(context, 0), value
            continue
        if tag in ("a", "script", "style", "option"):
            continue
        if _DATE_CLASS.search(_attrs(el)) and len(el) <= 6:
            if el.find(".//time[@datetime]") is not None:
                continue  # its <time datetime> says the same thing, machine-readable
            whole = squash("".join(el.itertext()))
            if len(whole) <= 80:
                snippet = _visible_snippet(whole)
                if snippet and not _avoided(el):
                    yield _label_rank(whole, 1, snippet), snippet
                    continue
        for text in (el.text, el.tail):
            if not text or not text.strip():
                continue
            snippet = _visible_snippet(text)
            if snippet and not _avoided(el):
                line = squash(text)
                if len(line) > 3 * len(snippet) + 40:
                    yield _label_rank(line, 2, snippet), snippet
                    continue
                before = el if text is el.text else el.getparent()
                context = line
                if before is not None and len(line) < 2 * len(snippet) + 4:
                    # "Veröffentlicht am" often sits in the element before the date.
                    prev = before.getprevious() if text is el.text else el
                    if prev is not None and isinstance(prev.tag, str):
                        context = squash("".join(prev.itertext()))[-40:] + " " + line
                yield _label_rank(context, 1, snippet), snippet


def visible_dates(
    root: etree._Element, title_node: etree._Element | None
) -> Iterator[tuple[int, str]]:
    """(rank, date) near the headline: in it, after it, then just above it.

    Header clocks and tickers sit well above the headline, related posts and comments well
    below it or inside furniture, so distance from the headline is the main filter.
    """
    if title_node is not None:
        own = [el for el in title_node.iter() if el is not title_node and isinstance(el.tag, str)]
        yield from _candidates(own)
        after = following(title_node, 120)
        yield from _candidates(after)
        yield from _candidates(_preceding(title_node, 25))
    else:
        found = root.xpath("//article")
        scope = found[0] if found else root.find("body")
        if scope is not None:
            yield from _candidates(list(itertools.islice(scope.iter(), 300)))


def best_visible(root: etree._Element, title_node: etree._Element | None) -> tuple[int, str] | None:
    """The most trusted parseable visible date near the headline (first of its rank)."""
    best: tuple[int, str] | None = None
    for seen, (rank, snippet) in enumerate(visible_dates(root, title_node)):
        if seen > 40:
            break
        if (best is None or rank < best[0]) and parse_date(snippet):
            best = (rank, snippet)
            if rank == 0:
                break
    return best


_STAMPS = etree.XPath("//time | //@class[contains(., 'date')]/.. | //@id[contains(., 'date')]/..")
_SHORT_TEXTS = etree.XPath("//body//text()[string-length(normalize-space(.)) < 100]")
_FOOTERS = etree.XPath("//footer | //@role[. = 'contentinfo']/.. | //@id[. = 'footer']/..")


def anywhere(root: etree._Element) -> str | None:
    """A ``<time>`` or date-classed stamp anywhere outside furniture: the last resort."""
    # Classed elements through their attribute nodes: much cheaper than a predicate on each element.
    for el in _STAMPS(root):
        for rank, snippet in _candidates([el]):
            if rank < 3 and parse_date(snippet):
                return snippet
    # "Published" / "Mise en ligne" as a label with the date beside it, anywhere on the page;
    # failing that, "last changed on …" (the page was published by then).
    changed = None
    for text in _SHORT_TEXTS(root):
        if _MODIFIED_LABEL.search(text):
            snippet = None if changed else _visible_snippet(text)
            if snippet and parse_date(snippet):
                changed = snippet
            continue
        if not _PUBLISHED_LABEL.search(text):
            continue
        holder = text.getparent()
        if holder is None or any(
            _OTHER_POSTS.search(_attrs(a)) for a in itertools.islice(holder.iterancestors(), 8)
        ):
            continue  # the label is evidence enough, unless it dates another post
        snippet = _visible_snippet(text)
        if snippet and parse_date(snippet):
            return snippet
        for el in following(holder, 6):
            line = squash("".join(el.itertext()))
            snippet = _visible_snippet(line) if len(line) < 60 else None
            if snippet and parse_date(snippet):
                return snippet
    return changed


def dateline(root: etree._Element) -> str | None:
    """A paragraph that opens with a date ("(21. November 2022) …", "Berlin, 21.11.2022 – …").

    Press releases and small sites date the story in its first line instead of a stamp.
    """
    for p in itertools.islice(root.iter("p"), 200):
        text = p.text
        if not text or not _TWO_DIGITS.search(text, 0, 60):
            continue
        match = _DATELINE.match(squash(text[:80]))
        if match and not _avoided(p) and parse_date(match.group(1)):
            return match.group(1)
    return None


def footer_changed(root: etree._Element) -> str | None:
    """The page footer's "last changed on …" (wikis and many CMS print it there)."""
    for footer in _FOOTERS(root):
        for text in footer.itertext():
            if len(text) < 120 and _MODIFIED_LABEL.search(text):
                snippet = _visible_snippet(text)
                if snippet and parse_date(snippet):
                    return snippet
    return None


def _after_last_change(visible: str | None, modified: str | None, root: etree._Element) -> bool:
    shown = parse_date(visible) if visible else None
    if shown is None:
        return False
    changed = parse_date(modified or footer_changed(root) or "")
    return changed is not None and shown.date() > changed.date()


def _same_day(value: str | None, other: datetime) -> bool:
    stamp = parse_date(value) if value else None
    return stamp is not None and stamp.date() == other.date()


def _wall_clock(value: datetime) -> tuple:
    return (value.year, value.month, value.day, value.hour, value.minute)


def _other_objects(data: Structured, key: str) -> list[str]:
    """``key`` of JSON-LD objects other than the article (a WebPage's datePublished)."""
    out = []
    for obj in data.objects:
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            out.append(value.strip())
    return out


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
    itemprops = _itemprops(data)
    structured += itemprops["datePublished"]
    published = next((s for s in structured if parse_date(s)), None)

    modified_candidates: list[str] = []
    value = article.get("dateModified")
    if isinstance(value, str) and value.strip():
        modified_candidates.append(value.strip())
    modified_candidates += data.all(*MODIFIED_META)
    modified_candidates += itemprops["dateModified"]
    modified = next((s for s in modified_candidates if parse_date(s)), None)

    found = best_visible(root, title_node)
    rank, visible = found if found else (9, None)
    if published is None:
        # A "published"-labelled stamp or <time> is trusted; a plain date later than the page's
        # last change is an event the page announces, not the day it appeared.
        if rank == 0 or (rank < 3 and not _after_last_change(visible, modified, root)):
            published = visible
    elif visible and rank <= 1:
        meta_value, shown = parse_date(published), parse_date(visible)
        if meta_value and shown:
            utc = bool(_UTC_MARK.search(published))
            days = (shown.date() - meta_value.date()).days
            offset = (shown.replace(tzinfo=None) - meta_value.replace(tzinfo=None)).total_seconds()
            if utc and _TIME.search(visible) and _wall_clock(meta_value) == _wall_clock(shown):
                # A "…Z" meta that shows the page's wall-clock time is really local time.
                published = visible
            elif (
                utc
                and _TIME.search(visible)
                and offset
                and abs(offset) <= 14 * 3600
                and (offset % 1800 == 0)
            ):
                # The page prints the same instant in its own time zone: keep the local day.
                published = visible
            elif (
                utc
                and rank == 0
                and not _TIME.search(visible)
                and ((days == -1 and meta_value.hour < 12) or (days == 1 and meta_value.hour >= 10))
            ):
                # UTC moved the stamp across midnight; the page's own day is the local one.
                published = visible
            elif rank == 0 and days < 0:
                # A stamp under the headline older than the meta: the meta is a later re-save.
                published = visible
            elif days > 0 and modified and _same_day(modified, shown):
                # The stamp under the headline shows the day of the last change, as the
                # structured dateModified says too: the page presents itself as of that day
                # (a republished story). dateModified says the same with its time and offset.
                published = modified
    if published is None:
        later = _other_objects(data, "datePublished")
        published = next((s for s in later if parse_date(s)), None)
    if published is None:
        # A page that only says when it last changed was published by then; its own stamp
        # beats a date found somewhere else on the page.
        later = _other_objects(data, "dateModified") + itemprops["dateUpdate"]
        if rank == 3 and visible:
            later.append(visible)
        published = modified or next((s for s in later if parse_date(s)), None)
    if published is None:
        # Application state in scripts ("publishedDate": …) is the least attached source.
        published = next((s for s in data.script_dates if parse_date(s)), None)
    if published is None:
        published = anywhere(root)
    if published is None:
        published = dateline(root)
    if published is None:
        # The page's own summary of itself: its <title>, then its description.
        title = root.find(".//title")
        for text in (title.text if title is not None else None, *data.all(*_DESCRIPTION)):
            snippet = _visible_snippet(text or "")
            if snippet and parse_date(snippet):
                published = snippet
                break
    if published and _SHIFTED_MIDNIGHT.search(published):
        stamp = parse_date(published)
        if stamp:
            published = (stamp + timedelta(days=1)).date().isoformat()
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
    return published, modified
