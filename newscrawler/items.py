"""The records newscrawler produces: plain dataclasses, raw values kept beside normalized ones.

Field names follow the common news vocabulary (zyte-common-items' ``Article``) with the
snake_case spelling Python readers expect. Every field defaults to ``None`` (or an empty list)
so that a partial page still yields a well-formed item that a pipeline can judge.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

AuthorKind = Literal["person", "organization"]


@dataclass
class Author:
    """One credited author: the clean ``name``, the byline it came from, and what it is.

    Defined here, the bottom layer, so that ``items`` imports nothing of ours; the byline
    cleaner (``normalize.bylines.clean_authors``) makes them.
    """

    name: str
    raw: str = ""
    kind: AuthorKind = "person"


@dataclass
class Article:
    """One news article as extracted from one page.

    ``published``/``modified`` are ISO 8601 strings with a UTC offset; ``*_raw`` keep the
    string exactly as the page gave it. ``authors_raw`` keeps the bylines before cleaning.
    ``published_source`` says where the published date was found (json-ld, meta, time, url,
    text, script; selector for a site profile's override, listing for a feed's or sitemap's
    date), ``published_precision`` how much
    of it the page stated (minute, day, month or year): nothing pretends to be exact.
    """

    url: str | None = None
    canonical_url: str | None = None
    site: str | None = None
    section: str | None = None
    title: str | None = None
    authors: list[Author] = field(default_factory=list)
    authors_raw: list[str] = field(default_factory=list)
    published: str | None = None
    published_raw: str | None = None
    published_source: str | None = None
    published_precision: str | None = None
    modified: str | None = None
    modified_raw: str | None = None
    body: str | None = None
    # An article by every other sign whose page prints no text (a headline-only "عاجل" item):
    # kept with an empty body rather than dropped.
    body_missing: bool = False
    summary: str | None = None
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    language: str | None = None
    crawled_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (authors as dicts)."""
        return asdict(self)


@dataclass
class ArticleHints:
    """What the crawl knew of an article before reading its page (from the listing, feed or
    sitemap that linked it): used only where the page itself says nothing."""

    section: str | None = None
    published: str | None = None


@dataclass
class FetchedPage:
    """One response as it came off the wire, kept in the archive beside what was extracted
    from it, so that pages can be re-extracted or exported as WARC without the network.

    The spider sets ``hints`` on an article page: it is to be read (``ExtractPipeline``), which
    sets ``article``.
    """

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: str
    final_url: str | None = None
    hints: ArticleHints | None = None
    # The link as listed when it redirected to ``url``: the article is remembered under both.
    redirected_from: str | None = None
    article: Article | None = field(default=None, repr=False)
    # The body's SHA-1 and compressed bytes, and the archive rows of ``article``, when an
    # extraction worker made them beside the extraction (``archive.rows``); else the archive does.
    # A pipeline that changes ``article`` after ``ExtractPipeline`` must set ``prepared`` to None.
    packed: tuple[str, bytes] | None = field(default=None, repr=False)
    prepared: Any = field(default=None, repr=False)

    def charset(self) -> str | None:
        """The charset the Content-Type header declares, if any (the page's own meta is
        read by the decoder)."""
        content_type = next((v for k, v in self.headers.items() if k.lower() == "content-type"), "")
        for part in content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.strip().lower() == "charset" and value:
                return value.strip("\"' ")
        return None
