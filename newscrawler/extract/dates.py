"""Where a page states its dates: meta names, microdata, and visible stamps near the headline.

The choice between them is ``date_choice``'s. Visible dates are read *after the headline* first:
header clocks, tickers and related-post dates sit before it or inside furniture. Each visible
date is ranked by its label ("Published …" 0, "Updated …" 3) and tagged with where it came from
("time" for a ``<time>`` element, "text" for visible text).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

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
    r"comment(?!ary)|respond|reply|related|relacionad|recommend|sidebar|widget|footer|ticker|"
    r"breaking|marquee|popular|most-?read|trending|clock|weather|today|header-top|topbar|"
    r"next|prev|more-?news|latest|wp-caption|(?<!ac)credit",  # not a byline's "accreditation"
    re.IGNORECASE,
)
# Layout modifiers name what a container holds beside it ("has-sidebar", "with-left-sidebar").
_LAYOUT = re.compile(r"\b(?:has|with)-[\w-]+")
# Columns and boxes of the page's layout. Right under the headline, the byline and the date often
# sit in one ("widget-hero", "sidebar-left", an <aside> meta column): furniture only further away.
_COLUMN = re.compile(r"sidebar|widget|footer", re.IGNORECASE)
_OTHER_POSTS = re.compile(
    r"comment(?!ary)|respond|reply|related|recommend|teaser|more-?news|latest|popular|most-?read",
    re.IGNORECASE,
)
# The post's own footer (WordPress "entry-footer", "post-footer") is article meta, not furniture.
_ARTICLE_FOOTER = re.compile(r"(?:entry|post|article|story)[-_]?(?:footer|meta)", re.IGNORECASE)
_DATEISH = re.compile(
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}"
    r"|\d{1,2}\.?\s+[^\W\d_]{3,}\.?(?:\s*/\s*[^\W\d_]{3,})?,?\s+\d{4}"
    r"|[^\W\d_]{3,}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日",  # Chinese and Japanese
)
_TIME = re.compile(
    r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:[صمAaPp]\.?[Mm]?\.?))?|\d{1,2}\s*[時时]\s*\d{1,2}\s*分"
)
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


def _avoided(el: etree._Element | None, limit: int = 8, near: bool = False) -> bool:
    """Inside furniture: a furniture class, <nav>, a caption, or a <footer>/<aside> of the page.

    A ``<footer>`` or ``<aside>`` inside the ``<article>`` is the post's own meta block. ``near``
    (right under the headline): layout columns and boxes (``_COLUMN``, <aside>, <footer>) are not
    furniture there, only what names other content (comments, related posts, tickers) is.
    """
    node = el
    steps = 0
    furniture_tag = False
    while node is not None and steps < limit:
        attrs = _attrs(node)
        if _ARTICLE_FOOTER.search(attrs):
            return False
        if near:
            attrs = _COLUMN.sub("", attrs)
        if node.tag in ("nav", "figcaption") or (
            attrs.strip() and _AVOID.search(attrs) and _AVOID.search(_LAYOUT.sub("", attrs))
        ):
            return True
        if node.tag == "li" and steps <= 2 and _headline_link(node):
            return True  # a list of other posts: the date belongs to the linked headline
        if node.tag in ("footer", "aside") and not near:
            furniture_tag = True
        elif node.tag == "article":
            return False
        node = node.getparent()
        steps += 1
    return furniture_tag


# Elements right after the headline: its byline and date line, whatever box holds them.
_NEAR = 30
_ITEMPROPS = ("datePublished", "dateModified", "dateUpdate")
# Home-made microdata names of a last change ("dateUpdate", "dateUpdated", "lastUpdated",
# "date-changed"): not schema.org, but what a page states; read as "dateUpdate".
_UPDATE_PROP = re.compile(r"(?:date|last)[-_]?(?:updated?|changed)", re.IGNORECASE)


def _itemprops(data: Structured) -> dict[str, list[str]]:
    """Microdata date values by property."""
    found: dict[str, list[str]] = {name: [] for name in _ITEMPROPS}
    for el in data.props:
        name = el.get("itemprop")
        if name not in found and name and _UPDATE_PROP.fullmatch(name):
            name = "dateUpdate"
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


def _candidates(
    elements: list[etree._Element], near: bool = False
) -> Iterator[tuple[int, str, str]]:
    """(rank, date string, source) for each date an element states; lower ranks are more trusted.

    The source is "time" for a ``<time>`` element, "text" for a date read from visible text.

    0: a ``<time>`` or a labelled "Published …" stamp; 1: a short dateline or a date-classed
    element; 2: a date mentioned inside running text; 3: a "last updated" stamp.
    """
    for el in elements:
        tag = el.tag
        if tag == "time":
            value = el.get("datetime") or squash("".join(el.itertext()))
            if value and not _avoided(el, near=near):
                parent = el.getparent()
                context = squash("".join(parent.itertext()))[:80] if parent is not None else ""
                yield _label_rank(context, 0), value, "time"
            continue
        if tag in ("script", "style", "option"):
            continue
        if _DATE_CLASS.search(_attrs(el)) and len(el) <= 6:
            if el.find(".//time[@datetime]") is not None:
                continue  # its <time datetime> says the same thing, machine-readable
            whole = squash("".join(el.itertext()))
            if len(whole) <= 80:
                snippet = _visible_snippet(whole)
                if snippet and not _avoided(el, near=near):
                    yield _label_rank(whole, 1, snippet), snippet, "text"
                    continue
        # A link's own text names another page; the text after it ("by X</a> on 21/02/2021") is ours.
        for text in (el.text, el.tail) if tag != "a" else (el.tail,):
            if not text or not text.strip():
                continue
            snippet = _visible_snippet(text)
            if snippet and not _avoided(el, near=near):
                line = squash(text)
                if len(line) > 3 * len(snippet) + 40:
                    yield _label_rank(line, 2, snippet), snippet, "text"
                    continue
                before = el if text is el.text else el.getparent()
                context = line
                if before is not None and len(line) < 2 * len(snippet) + 4:
                    # "Veröffentlicht am" often sits in the element before the date.
                    prev = before.getprevious() if text is el.text else el
                    if prev is not None and isinstance(prev.tag, str):
                        context = squash("".join(prev.itertext()))[-40:] + " " + line
                yield _label_rank(context, 1, snippet), snippet, "text"


def visible_dates(
    root: etree._Element, title_node: etree._Element | None
) -> Iterator[tuple[int, str, str]]:
    """(rank, date, source) near the headline: in it, after it, then just above it.

    Header clocks and tickers sit well above the headline, related posts and comments well
    below it or inside furniture, so distance from the headline is the main filter.
    """
    if title_node is not None:
        own = [el for el in title_node.iter() if el is not title_node and isinstance(el.tag, str)]
        yield from _candidates(own)
        after = following(title_node, 120)
        yield from _candidates(after[:_NEAR], near=True)
        yield from _candidates(after[_NEAR:])
        yield from _candidates(_preceding(title_node, 25))
    else:
        found = root.xpath("//article")
        scope = found[0] if found else root.find("body")
        if scope is not None:
            yield from _candidates(list(itertools.islice(scope.iter(), 300)))


def _relative(snippet: str) -> bool:
    """ "3 hours ago", "il y a 3 heures", "منذ ساعتين": a moment counted back from ``now``."""
    later = datetime.now(UTC) + timedelta(days=10)
    return parse_date(snippet, now=later) != parse_date(snippet)


def best_visible(
    root: etree._Element, title_node: etree._Element | None
) -> tuple[int, str, str] | None:
    """The most trusted parseable visible date near the headline (first of its rank).

    A relative stamp ("3 hours ago") was counted when the page was rendered, which a cached or
    archived copy no longer tells: an absolute stamp or dateline near the headline beats it, and
    alone it comes back with rank 4 (the last resort, after every fallback).
    """
    best: tuple[int, str, str] | None = None
    relative: tuple[int, str, str] | None = None
    for seen, (rank, snippet, source) in enumerate(visible_dates(root, title_node)):
        if seen > 40:
            break
        if (best is None or rank < best[0]) and parse_date(snippet):
            if relative is None and _relative(snippet):
                relative = (4, snippet, source)
                continue
            if relative is not None and _relative(snippet):
                continue
            best = (rank, snippet, source)
            if rank == 0:
                break
    return best if best is not None and best[0] <= 2 else relative or best


_STAMPS = etree.XPath("//time | //@class[contains(., 'date')]/.. | //@id[contains(., 'date')]/..")
_SHORT_TEXTS = etree.XPath("//body//text()[string-length(normalize-space(.)) < 100]")
_FOOTERS = etree.XPath("//footer | //@role[. = 'contentinfo']/.. | //@id[. = 'footer']/..")


def anywhere(root: etree._Element) -> tuple[str, str] | None:
    """A ``<time>`` or date-classed stamp anywhere outside furniture: the last resort."""
    # Classed elements through their attribute nodes: much cheaper than a predicate on each element.
    for el in _STAMPS(root):
        for rank, snippet, source in _candidates([el]):
            if rank < 3 and parse_date(snippet):
                return snippet, source
    # "Published" / "Mise en ligne" as a label with the date beside it, anywhere on the page;
    # failing that, "last changed on …" (the page was published by then).
    changed = None
    for text in _SHORT_TEXTS(root):
        if _MODIFIED_LABEL.search(text):
            snippet = None if changed else _visible_snippet(text)
            if snippet and parse_date(snippet):
                changed = (snippet, "text")
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
            return snippet, "text"
        for el in following(holder, 6):
            line = squash("".join(el.itertext()))
            snippet = _visible_snippet(line) if len(line) < 60 else None
            if snippet and parse_date(snippet):
                return snippet, "text"
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
