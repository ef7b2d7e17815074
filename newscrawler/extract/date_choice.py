"""Publication and modification dates: small source functions, then one reconciliation step.

Each source function reads one place of the page and returns ``DateCandidate``s: the string as
the page printed it and where it came from (``json-ld``, ``meta``, ``time``, ``url``, ``text``,
``script``). ``reconcile`` settles conflicts by provenance, not by order of appearance:

- structured values (JSON-LD, ``article:published_time`` and its kin, microdata) come first;
- a visible stamp under the headline overrides them only for a reason it can state: a "…Z" meta
  that shows the page's wall-clock time, the same instant printed in the page's own zone, a UTC
  stamp moved across midnight, or an older labelled stamp (the meta is a re-save);
- updated dates stay out of ``published``: a stamp showing the day of dateModified is the last
  change, and "Updated …" values are used only when nothing else dates the page;
- a full date in the URL path is set once, at publication: it outranks a differing day.

When the page's metadata says nothing, ``FALLBACKS`` are tried in order; a date inside running
text (an event the story tells) and a relative stamp ("3 hours ago") come only after them. The
raw value is always a string the page printed; shifting a UTC stamp to the page's local day is
normalization's job (``local_day``), so the stored raw value stays what the page said.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from lxml import etree

from newscrawler.extract.dates import (
    _TIME,
    MODIFIED_META,
    PUBLISHED_META,
    _itemprops,
    _visible_snippet,
    anywhere,
    best_visible,
    dateline,
    footer_changed,
)
from newscrawler.extract.structured import Structured
from newscrawler.normalize._date_words import GREGORIAN_MONTHS
from newscrawler.normalize.dates import parse_arabic_date as parse_date

SOURCES = ("json-ld", "meta", "time", "url", "text", "script")
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})([/-]?)(\d{1,2})\2(\d{1,2})(?:/|[-_.]|$)"  # /2023/11/25/, /20231125-
    r"|/((?:19|20)\d{2})/(\d{2})(\d{2})/"  # /2024/0424/
)
# A month by name in the path ("/2024/feb/24/", "/2023/apr/28/"), looked up in the month table.
_URL_NAMED = re.compile(r"/((?:19|20)\d{2})/([a-z]{3,9})/(\d{1,2})/", re.IGNORECASE)
_UTC_MARK = re.compile(r"(?:Z|[+-]00:?00|\bGMT|\bUTC)$")
# Local midnight of central Europe serialized as UTC ("2022-11-06T23:00:00.000Z" for 7 November).
_SHIFTED_MIDNIGHT = re.compile(r"T(2[23]):00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)$")
_DESCRIPTION = ("description", "og:description", "twitter:description")


@dataclass(frozen=True)
class DateCandidate:
    """One date as the page printed it, where it was found, and how trusted it is there.

    ``rank`` orders visible stamps: 0 a ``<time>`` or "Published …", 1 a dateline or
    date-classed element, 2 a date inside running text, 3 an "Updated …" stamp, 4 a relative
    stamp ("3 hours ago"), taken only when nothing else dates the page.
    """

    raw: str
    source: str
    rank: int = 0

    def parsed(self) -> datetime | None:
        return parse_date(self.raw)


@dataclass
class DatePage:
    """What the source functions read: the parsed page, its structured data, URL and headline."""

    root: etree._Element
    data: Structured
    url: str
    title_node: etree._Element | None

    def __post_init__(self) -> None:
        self.article = self.data.article() or {}
        self.itemprops = _itemprops(self.data)


@dataclass
class DateChoice:
    published: DateCandidate | None
    modified: DateCandidate | None

    @property
    def published_raw(self) -> str | None:
        return self.published.raw if self.published else None

    @property
    def modified_raw(self) -> str | None:
        return self.modified.raw if self.modified else None


def _strings(value: object) -> list[str]:
    if isinstance(value, list):
        value = value[0] if value else None
    return [value.strip()] if isinstance(value, str) and value.strip() else []


def _first(candidates: list[DateCandidate]) -> DateCandidate | None:
    return next((c for c in candidates if c.parsed()), None)


# --- sources ---------------------------------------------------------------------------------


def json_ld_published(page: DatePage) -> list[DateCandidate]:
    """The article object's ``datePublished`` (or ``dateCreated``, ``uploadDate``)."""
    keys = ("datePublished", "dateCreated", "uploadDate")
    return [DateCandidate(v, "json-ld") for k in keys for v in _strings(page.article.get(k))]


def meta_published(page: DatePage) -> list[DateCandidate]:
    """``article:published_time`` and its kin, then microdata ``datePublished``."""
    values = page.data.all(*PUBLISHED_META) + page.itemprops["datePublished"]
    return [DateCandidate(v, "meta") for v in values]


def json_ld_modified(page: DatePage) -> list[DateCandidate]:
    return [DateCandidate(v, "json-ld") for v in _strings(page.article.get("dateModified"))]


def meta_modified(page: DatePage) -> list[DateCandidate]:
    values = page.data.all(*MODIFIED_META) + page.itemprops["dateModified"]
    return [DateCandidate(v, "meta") for v in values]


def visible(page: DatePage) -> DateCandidate | None:
    """The most trusted visible stamp near the headline."""
    found = best_visible(page.root, page.title_node)
    return DateCandidate(found[1], found[2], found[0]) if found else None


def url_date(page: DatePage) -> DateCandidate | None:
    """A full date in the URL path ("/2023/11/25/", "/20231125-"), as the URL spells it."""
    return _date_path(page.url, "url")


def _date_path(url: str | None, source: str) -> DateCandidate | None:
    match = _URL_DATE.search(url or "")
    if not match:
        named = _URL_NAMED.search(url or "")
        month = GREGORIAN_MONTHS.get(named.group(2).lower(), 0) if named else 0
        if not 0 < month <= 12 or not 1 <= int(named.group(3)) <= 31:
            return None
        return DateCandidate(f"{named.group(1)}-{month:02d}-{int(named.group(3)):02d}", source)
    groups = match.groups()
    year, month, day = (groups[0], groups[2], groups[3]) if groups[0] else groups[4:]
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return None
    return DateCandidate(f"{year}-{int(month):02d}-{int(day):02d}", source)


# --- fallbacks, in order, when the page's metadata and its stamp say nothing usable ----------

Maybe = DateCandidate | None
Fallback = Callable[[DatePage, Maybe, Maybe], Maybe]


def other_objects(page: DatePage, modified: Maybe, seen: Maybe) -> Maybe:
    """``datePublished`` of JSON-LD objects other than the article (a WebPage's)."""
    return _first([DateCandidate(v, "json-ld") for v in _object_values(page.data, "datePublished")])


def last_change(page: DatePage, modified: Maybe, seen: Maybe) -> Maybe:
    """A page that only says when it last changed was published by then; its own "Updated"
    stamp beats a date found somewhere else on the page."""
    if modified is not None:
        return modified
    later = [DateCandidate(v, "json-ld") for v in _object_values(page.data, "dateModified")]
    later += [DateCandidate(v, "meta") for v in page.itemprops["dateUpdate"]]
    if seen is not None and seen.rank == 3:
        later.append(seen)
    return _first(later)


def scripts(page: DatePage, modified: Maybe, seen: Maybe) -> Maybe:
    """Application state in scripts ("publishedDate": …): the least attached source."""
    values = page.data.script_dates + page.data.script_keyed
    return _first([DateCandidate(v, "script") for v in values])


def stamp_anywhere(page: DatePage, modified: Maybe, seen: Maybe) -> Maybe:
    found = anywhere(page.root)
    return DateCandidate(found[0], found[1]) if found else None


def paragraph_dateline(page: DatePage, modified: Maybe, seen: Maybe) -> Maybe:
    found = dateline(page.root)
    return DateCandidate(found, "text") if found else None


def page_summary(page: DatePage, modified: Maybe, seen: Maybe) -> Maybe:
    """The page's own summary of itself: its ``<title>``, then its description."""
    title = page.root.find(".//title")
    texts = [(title.text if title is not None else None, "text")]
    texts += [(t, "meta") for t in page.data.all(*_DESCRIPTION)]
    for text, source in texts:
        snippet = _visible_snippet(text or "")
        if snippet and parse_date(snippet):
            return DateCandidate(snippet, source)
    return None


def image_path(page: DatePage, modified: Maybe, seen: Maybe) -> Maybe:
    """A date path in the URL of the page's own share image (``og:image``): the CMS files
    uploads by day. Last, because a stock picture may be older than the story."""
    return _date_path(page.data.first("og:image", "twitter:image"), "url")


FALLBACKS: tuple[Fallback, ...] = (
    other_objects, last_change, scripts, stamp_anywhere, paragraph_dateline, page_summary,
    image_path,
)


def _object_values(data: Structured, key: str) -> list[str]:
    out = []
    for obj in data.objects:
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            out.append(value.strip())
    return out


# --- reconciliation --------------------------------------------------------------------------


def _wall_clock(value: datetime) -> tuple:
    return (value.year, value.month, value.day, value.hour, value.minute)


def _after_last_change(seen: DateCandidate, modified: DateCandidate | None, root) -> bool:
    shown = seen.parsed()
    if shown is None:
        return False
    changed = parse_date(modified.raw if modified else footer_changed(root) or "")
    return changed is not None and shown.date() > changed.date()


def reconcile(
    published: DateCandidate | None,
    modified: DateCandidate | None,
    seen: DateCandidate | None,
    root: etree._Element,
) -> DateCandidate | None:
    """The published date out of the structured value, the last change and the visible stamp."""
    if seen is None:
        return published
    if published is None:
        # A "published"-labelled stamp or <time> is trusted; a plain date later than the page's
        # last change is an event the page announces, not the day it appeared.
        if seen.rank == 0 or (seen.rank < 2 and not _after_last_change(seen, modified, root)):
            return seen
        return None
    if seen.rank > 1:
        return published
    meta_value, shown = published.parsed(), seen.parsed()
    if not (meta_value and shown):
        return published
    utc = bool(_UTC_MARK.search(published.raw))
    clock = bool(_TIME.search(seen.raw))
    days = (shown.date() - meta_value.date()).days
    offset = (shown.replace(tzinfo=None) - meta_value.replace(tzinfo=None)).total_seconds()
    if utc and clock and _wall_clock(meta_value) == _wall_clock(shown):
        return seen  # a "…Z" meta that shows the page's wall-clock time is really local time
    if utc and clock and offset and abs(offset) <= 14 * 3600 and offset % 1800 == 0:
        return seen  # the page prints the same instant in its own zone: keep the local day
    if utc and seen.rank == 0 and not clock and (
        (days == -1 and meta_value.hour < 12) or (days == 1 and meta_value.hour >= 10)
    ):
        return seen  # UTC moved the stamp across midnight; the page's own day is the local one
    if seen.rank == 0 and days < 0:
        return seen  # a stamp under the headline older than the meta: the meta is a re-save
    return published  # a stamp showing the day of dateModified is the last change: not kept


def _with_url(published: Maybe, url: Maybe, others: tuple[Maybe, ...]) -> Maybe:
    """A full date in the URL is set once, at publication: it outranks a differing day. A stamp
    of the page that shows the URL's day is kept for its time."""
    if url is None:
        return published
    wanted = url.parsed()
    chosen = published.parsed() if published else None
    if wanted is None or (chosen is not None and local_day(published.raw, chosen) == wanted.date()):
        return published
    for other in others:
        stamp = other.parsed() if other else None
        if stamp is not None and local_day(other.raw, stamp) == wanted.date():
            return other
    return url


def local_day(raw: str, value: datetime) -> date:
    """The day the page means by ``raw``: a UTC stamp at 22:00 or 23:00 sharp is the local
    midnight of the next day in central Europe, as the page's own rendering would show it."""
    return shift_midnight(raw, value).date()


def shift_midnight(raw: str | None, value: datetime) -> datetime:
    """``value`` re-expressed at local midnight when ``raw`` is a UTC stamp at 22:00 or 23:00
    sharp (same instant, the page's own day); otherwise ``value`` unchanged."""
    match = _SHIFTED_MIDNIGHT.search(raw or "")
    if not match:
        return value
    hours = 24 - int(match.group(1))
    return value.astimezone(timezone(timedelta(hours=hours)))


def choose_dates(
    root: etree._Element, data: Structured, url: str, title_node: etree._Element | None
) -> DateChoice:
    """The page's published and modified dates, each with where it was found."""
    page = DatePage(root, data, url, title_node)
    published = _first(json_ld_published(page) + meta_published(page))
    modified = _first(json_ld_modified(page) + meta_modified(page))
    seen = visible(page)
    published = reconcile(published, modified, seen, root)
    for fallback in FALLBACKS:
        if published is not None:
            break
        published = fallback(page, modified, seen)
    if published is None and seen is not None and seen.rank in (2, 4):
        if seen.rank == 4 or not _after_last_change(seen, modified, root):
            published = seen
    published = _with_url(published, url_date(page), (modified, seen))
    return DateChoice(published, modified)
