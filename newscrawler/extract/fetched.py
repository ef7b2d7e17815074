"""A fetched or stored page to its normalized Article: the one way a page becomes an Article.

The crawl runs it on each article page (inline, or in its extraction workers:
``newscrawler.crawl.extraction``), and ``newscrawler reparse`` on each stored page rebuilt with
the hints stored beside it, so that the two cannot drift apart. Pure (bytes and settings in,
Article out) and light to import.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from newscrawler.extract import extract_raw, normalize_article
from newscrawler.extract.html import decode_html
from newscrawler.extract.overrides import apply_selectors
from newscrawler.extract.section import clean_section, is_real_section, url_sections
from newscrawler.extract.title import key
from newscrawler.items import Article, FetchedPage


@dataclass
class ReadSettings:
    """What reading a page needs from the crawl besides the page itself."""

    selectors: dict[str, str]
    tz: str | None = None
    site_name: str | None = None


@dataclass
class ReadResult:
    """The normalized Article, or None with ``error`` saying why the page could not be read."""

    article: Article | None
    error: str | None = None


def read_fetched_page(page: FetchedPage, settings: ReadSettings) -> ReadResult:
    """Extract and normalize the article of one fetched page, with the site profile's selector
    overrides and what the listing said of it (``page.hints``) where the page says nothing.
    Never raises on page content."""
    charset = page.charset()
    try:
        article = extract_raw(page.body, page.url, encoding=charset)
        if settings.selectors:
            article = apply_selectors(article, decode_html(page.body, charset), settings.selectors)
        hints = page.hints
        article.url = page.url
        article.section = combined_section(article.section, hints.section if hints else None, page.url)
        if not article.published_raw and hints and hints.published:
            article.published_raw, article.published_source = hints.published, "listing"
        article.crawled_at = page.fetched_at
        now = datetime.fromisoformat(page.fetched_at)
        article = normalize_article(article, tz=settings.tz, site_name=settings.site_name, now=now)
        if not (article.body or "").strip() and is_headline_only(article, page):
            # A "عاجل" item: an article by every other sign, printed without text. Kept, flagged.
            article.body, article.body_missing = "", True
    except Exception as e:  # a page we cannot read is counted and skipped, never fatal
        return ReadResult(None, f"{type(e).__name__}: {e}")
    return ReadResult(article)


def combined_section(own: str | None, listed: str | None, url: str) -> str | None:
    """The page's own section, else the listing's the crawl came through. The listing's printed
    name ("رياضة") also beats a section the page only gave as a folder of its URL ("sport"):
    a slug, where the listing's title is the name. A listing hint that is no section
    ("أخبار", "news", from a listing titled so or its URL) is ignored."""
    listed = clean_section(listed)
    if not is_real_section(listed):
        return own
    if not own or key(own) in {key(s) for s in url_sections(url)}:
        return listed
    return own


def is_headline_only(article: Article, page: Article | FetchedPage) -> bool:
    """Whether a page without text is still an article: a title, a publication date, and a
    section (its own, or the listing's that linked it). Section and tag pages have no date."""
    listed = isinstance(page, FetchedPage) and page.hints is not None
    dated = bool(article.published or article.published_raw)
    return bool((article.title or "").strip()) and dated and bool(article.section or listed)
