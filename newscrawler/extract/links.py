"""Listing pages -> article links and next pages, with no per-site configuration.

A section page of a news theme holds many kinds of links: the menu, a breaking-news ticker,
tag/author/category archives, share buttons, comment anchors, a "most read" sidebar, and the
teasers of the section's own articles. The rules here keep only the last, and find the way to
the next listing page (``rel=next``, numbered page links, "التالي"/"الأقدم"/"المزيد" links,
``/page/N/`` and ``?page=N``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

from lxml import html as lxml_html

from newscrawler.extract.section import strip_archive_prefix
from newscrawler.normalize.urls import TRACKING_PARAMS, clean_url

__all__ = ["TRACKING_PARAMS", "ListingLinks", "article_url_score", "clean_url", "listing_links",
           "page_number", "same_site"]

# Path segments that name archives, furniture or files, never an article.
NOT_ARTICLE_SEGMENT = re.compile(
    r"^(tag|tags|category|categories|cat|section|sections|author|authors|writer|page|feed|rss|"
    r"atom|wp-content|wp-json|wp-admin|wp-includes|wp-login\.php|xmlrpc\.php|comments?|search|"
    r"login|logout|register|signup|account|cart|contact|contact-us|about|about-us|privacy|"
    r"privacy-policy|terms|sitemap|advertise|subscribe|newsletter|video-?gallery|photos?|"
    r"galleries|live|print|share|static|assets|cdn-cgi)$",
    re.I,
)
FILE_SUFFIX = re.compile(
    r"\.(jpe?g|png|gif|webp|svg|ico|bmp|pdf|zip|rar|gz|mp3|mp4|avi|mov|xml|css|js|json|docx?|xlsx?|pptx?)$",
    re.I,
)
NOT_ARTICLE_QUERY = re.compile(r"(^|&)(s|replytocom|share|print|action|lang|orderby)=", re.I)

NUMERIC_ID = re.compile(r"(^|[-_])\d{3,}([-_.]|$)")
DATE_PATH = re.compile(r"/(19|20)\d\d/[01]?\d(/[0-3]?\d)?/")
PAGE_IN_PATH = re.compile(r"/page/(\d+)/?$", re.I)
PAGE_PARAMS = ("page", "paged", "pg", "p", "pagenum", "page_no")

NEXT_WORDS = {
    "التالي",
    "الصفحة التالية",
    "التالى",
    "الأقدم",
    "الاقدم",
    "مقالات أقدم",
    "المقالات الأقدم",
    "المزيد",
    "تحميل المزيد",
    "عرض المزيد",
    "المزيد من الأخبار",
    "next",
    "next page",
    "older",
    "older posts",
    "older entries",
    "suivant",
    "page suivante",
    "weiter",
    "nächste",
    "»",
    "›",
    "«",
    "‹",
    ">",
    ">>",
}

_NEGATIVE_TAGS = {"nav", "footer", "aside", "form", "select", "option"}
_NEGATIVE_CLASS = re.compile(
    r"(^|[-_\s])(nav|navbar|navigation|menu|menus|footer|sidebar|widget|widgets|breadcrumbs?|"
    r"ticker|breaking|related|share|sharing|social|comments?|pagination|pager|copyright|"
    r"most-?read|popular|trending|masthead|topbar|site-header|tags|tag-list|post-tags|"
    r"author-box|newsletter)([-_\s]|$)",
    re.I,
)
_POSITIVE_CLASS = re.compile(
    r"(^|[-_\s])(post|posts|entry|article|articles|story|stories|news|title|headline|item|"
    r"card|teaser|listing|archive|loop)([-_\s]|$)",
    re.I,
)
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


@dataclass
class ListingLinks:
    """What a listing page offers: article URLs in page order, and further listing pages."""

    articles: list[str] = field(default_factory=list)
    pages: dict[int, str] = field(default_factory=dict)
    next_url: str | None = None
    title: str | None = None
    skipped_links: int = 0


def same_site(host_a: str, host_b: str) -> bool:
    """Hosts equal up to a leading ``www.`` (ports must match: another port is another site)."""
    strip = lambda h: h.lower().removeprefix("www.")  # noqa: E731
    return strip(host_a) == strip(host_b)


def page_number(url: str) -> int | None:
    """The listing page a URL names (``/page/3/``, ``?page=3``), or None."""
    parts = urlsplit(url)
    m = PAGE_IN_PATH.search(parts.path)
    if m:
        return int(m.group(1))
    for key, value in parse_qsl(parts.query):
        if key.lower() in PAGE_PARAMS and value.isdigit():
            return int(value)
    return None


def article_url_score(url: str) -> int:
    """How much a URL's shape says "article": 2 = strongly (numeric id, date path, long slug),
    1 = maybe (a slug), 0 = no, -1 = never (archives, files, feeds)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return -1
    path = unquote(parts.path)
    if FILE_SUFFIX.search(path) or NOT_ARTICLE_QUERY.search(parts.query):
        return -1
    segments = [s for s in path.split("/") if s]
    if not segments:
        return -1 if not parts.query else 0
    if any(NOT_ARTICLE_SEGMENT.match(s) for s in segments):
        return -1
    if DATE_PATH.search(path + "/") or any(NUMERIC_ID.search(s) for s in segments):
        return 2
    last = segments[-1].rsplit(".", 1)[0]
    words = [w for w in re.split(r"[-_+\s]+", last) if w]
    if len(words) >= 4:
        return 2
    if re.search(r"\.(html?|php|aspx?)$", path, re.I) and len(words) >= 2:
        return 2
    if len(segments) >= 2 and (len(words) >= 2 or segments[-1].isdigit()):
        return 1  # a short slug or a small id (/archives/43): needs a teaser context too
    if parts.query and re.search(r"(^|&)(id|article|news|p)=\d+", parts.query):
        return 2
    return 0


def _context(anchor, memo: dict) -> tuple[bool, bool]:
    """(in page furniture, in an article teaser) judged from the anchor's ancestors.

    Each ancestor's verdict is computed once per page (``memo``): a listing has hundreds of
    links under the same few containers.
    """
    negative, positive, _ = _verdict(anchor, memo)
    return negative, positive


def _verdict(node, memo: dict) -> tuple[bool, bool, bool]:
    """(furniture, teaser, inside an <article>) for ``node`` and everything above it."""
    if node is None or node.tag in ("body", "html"):
        return False, False, False
    known = memo.get(node)
    if known is not None:
        return known
    negative, positive, in_article = _verdict(node.getparent(), memo)
    tag = node.tag if isinstance(node.tag, str) else ""
    if tag in _HEADINGS or tag == "article":
        positive = True
        in_article = in_article or tag == "article"
    elif tag in _NEGATIVE_TAGS:
        negative = True
    elif tag == "header" and not in_article:
        negative = True  # a page header holds the logo and menu; an <article>'s, its title
    cls = f"{node.get('class') or ''} {node.get('id') or ''}"
    if cls.strip():
        if _NEGATIVE_CLASS.search(cls):
            negative = True
        elif _POSITIVE_CLASS.search(cls):
            positive = True
    memo[node] = result = (negative, positive, in_article)
    return result


def _text(el) -> str:
    return " ".join(el.text_content().split())


def _listing_title(doc) -> str | None:
    for xp in ("//h1[contains(@class,'title')]", "//main//h1", "//h1"):
        for h in doc.xpath(xp):
            text = strip_archive_prefix(_text(h)) or ""
            if 1 < len(text) < 80:
                return text
    return None


_ABSOLUTE_HREF = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def _resolve(base: str, origin: str, href: str) -> tuple[str, str, str, int | None, int]:
    """(clean absolute URL, scheme, host, page number, article score) of one link.

    A root-relative or absolute link resolves the same against any page of the site, so it is
    looked up by the site's ``origin`` (``scheme://host/``): the menus, sidebars and tickers
    that every listing page repeats are worked out once per crawl, not once per page."""
    if href.startswith("/") or _ABSOLUTE_HREF.match(href):
        return _resolve_against(origin, href)
    return _resolve_against(base, href)


@lru_cache(maxsize=16384)
def _resolve_against(base: str, href: str) -> tuple[str, str, str, int | None, int]:
    absolute = clean_url(urljoin(base, href))
    parts = urlsplit(absolute)
    return absolute, parts.scheme, parts.netloc, page_number(absolute), article_url_score(absolute)


def listing_links(html: str | bytes, url: str, *, max_links: int = 300) -> ListingLinks:
    """Classify the links of one listing page; never raises on bad markup."""
    result = ListingLinks()
    try:
        doc = lxml_html.document_fromstring(html or "<html></html>")
    except (ValueError, lxml_html.etree.ParserError):
        return result
    base = url
    for b in doc.xpath("//base[@href]"):
        base = urljoin(url, b.get("href"))
        break
    host = urlsplit(url).netloc
    current = page_number(url) or 1
    result.title = _listing_title(doc)
    here = clean_url(url)

    for link in doc.xpath("//link[@rel='next'][@href] | //a[@rel='next'][@href]"):
        candidate = clean_url(urljoin(base, link.get("href")))
        if same_site(urlsplit(candidate).netloc, host) and candidate != here:
            result.next_url = candidate
            result.pages.setdefault(page_number(candidate) or current + 1, candidate)
            break

    seen: set[str] = set()
    memo: dict = {}
    origin = "{}://{}/".format(*urlsplit(base)[:2])
    here_prefix = here.rstrip("/")
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
            continue
        absolute, scheme, netloc, number, score = _resolve(base, origin, href)
        if scheme not in ("http", "https") or not same_site(netloc, host):
            continue
        if absolute == here:
            continue
        if number is not None:
            if number != current:
                result.pages.setdefault(number, absolute)
            if number == current + 1 and result.next_url is None:
                text = _text(a).translate(_ARABIC_DIGITS)
                if text.lower().strip("« »‹›") in NEXT_WORDS | {""}:
                    result.next_url = absolute
            continue
        # The link's text is read only where it can decide (most links are settled by URL).
        text = None
        if absolute.startswith(here_prefix):
            text = _text(a).translate(_ARABIC_DIGITS)
            if text.isdigit():
                # numbered link whose number is not in a known parameter: /section/2
                n = int(text)
                if n != current and n < 10_000:
                    result.pages.setdefault(n, absolute)
                continue
        if absolute in seen or score < 1:
            continue
        negative, positive = _context(a, memo)
        if negative or (score < 2 and not positive):
            continue
        if text is None:
            text = _text(a).translate(_ARABIC_DIGITS)
        if text.lower() in NEXT_WORDS:
            continue
        seen.add(absolute)
        if len(result.articles) >= max_links:
            result.skipped_links += 1
            continue
        result.articles.append(absolute)
    return result
