"""Page -> Article: structured data first, then markup; no per-site configuration.

``extract_raw`` is the page-object step (strings as the page gives them), ``normalize_article``
the pure normalization step the crawl's pipeline runs with each site's time zone, and
``extract_article`` both at once.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, tzinfo

from newscrawler.extract.date_choice import shift_midnight
from newscrawler.extract.html import decode_html, parse_html, to_text
from newscrawler.extract.page import ArticlePage
from newscrawler.items import Article
from newscrawler.normalize.bylines import clean_authors
from newscrawler.normalize.dates import parse_arabic_date as parse_date
from newscrawler.normalize.incomplete_dates import date_precision

__all__ = ["decode_html", "extract_article", "extract_raw", "normalize_article"]


def _page(html: str | bytes, url: str, encoding: str | None) -> ArticlePage:
    try:
        root = parse_html(to_text(html, encoding))
    except Exception:
        root = None
    return ArticlePage(root, url)


def _safe_article(page: ArticlePage) -> Article:
    try:
        return page.to_article()
    except Exception:  # never raise on a page, whatever it holds
        return ArticlePage(None, page.url).to_article()


def extract_raw(html: str | bytes, url: str, *, encoding: str | None = None) -> Article:
    """Everything the page states, unnormalized (``published``/``modified``/``authors`` empty)."""
    return _safe_article(_page(html, url, encoding))


def normalize_article(
    article: Article,
    *,
    now: datetime | None = None,
    tz: str | tzinfo | None = None,
    site_name: str | None = None,
) -> Article:
    """Parse the raw dates and bylines; returns a new Article, the input is left untouched.

    Organizations credited beside a person (an agency, the outlet) stay, with their kind.

    A UTC stamp at 22:00 or 23:00 sharp is written as the same instant at the page's local
    midnight (``shift_midnight``), so that its day is the one the page shows; the raw string
    stays as printed. ``published_precision`` says how much of the moment the page stated.
    """
    published = parse_date(article.published_raw, now=now, tz=tz)
    if published is not None:
        published = shift_midnight(article.published_raw, published)
    modified = parse_date(article.modified_raw, now=now, tz=tz)
    authors = clean_authors(article.authors_raw, site_name=site_name) if article.authors_raw else []
    return dataclasses.replace(
        article,
        published=published.isoformat() if published else None,
        published_precision=date_precision(article.published_raw) if published else None,
        modified=modified.isoformat() if modified else None,
        authors=authors,
    )


def extract_article(
    html: str | bytes,
    url: str,
    *,
    now: datetime | None = None,
    tz: str | tzinfo | None = None,
    encoding: str | None = None,
) -> Article:
    """The finished Article for one page: ``normalize_article(extract_raw(...))``."""
    page = _page(html, url, encoding)
    article = _safe_article(page)
    try:
        site_name = page.site_name()
    except Exception:
        site_name = None
    return normalize_article(article, now=now, tz=tz, site_name=site_name)
