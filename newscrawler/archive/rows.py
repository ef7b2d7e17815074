"""What the archive writes for an article and a raw page, computed without the database.

Pure functions of the Article and the response: the archive thread runs them before it opens a
transaction, and an extraction worker can run them beside the extraction
(``crawl/extraction_worker.py``), so that the crawl's own process only writes rows. Importing
this module does not import the database layer.
"""

from __future__ import annotations

import hashlib
import json
import threading
import zlib
from dataclasses import asdict, fields
from datetime import UTC, datetime
from functools import lru_cache

import zstandard

from newscrawler.archive.copies import body_words, signature
from newscrawler.archive.fts import index_columns
from newscrawler.items import Article, ArticleHints, FetchedPage
from newscrawler.normalize.bylines import author_key
from newscrawler.normalize.urls import article_key, article_url, canonical_is_sane, clean_url


def stored_url(article: Article) -> str:
    """The URL an article is shown and stored under: its canonical URL when that is sane
    (``canonical_is_sane``: http(s), same site, a path), else the URL it was fetched from,
    without tracking parameters or AMP/print marker. Its identity is ``article_key`` of this."""
    url = article.url or ""
    canonical = article.canonical_url
    return article_url(canonical if canonical_is_sane(canonical, url) else url) if url or canonical else ""


def content_hash(article: Article) -> str:
    """What makes two versions of an article different: every field a reader or a re-extraction
    can change (not the fetch time)."""
    return _fields_hash(article.title, article.body, article.published, article.modified,
                        article.section, article.summary, article.image, article.language,
                        _author_names(article), json.dumps(article.tags, ensure_ascii=False))


def first_content_hash(article: Article) -> str:
    """``content_hash`` as the first versions computed it, without summary, image, language and
    tags: an article those versions stored, crawled again unchanged, matches this one."""
    return _fields_hash(article.title, article.body, article.published, article.modified,
                        article.section, _author_names(article))


def _author_names(article: Article) -> str:
    return json.dumps([a.name for a in article.authors], ensure_ascii=False)


def _fields_hash(*fields: str | None) -> str:
    return hashlib.sha1("\x1f".join(f or "" for f in fields).encode()).hexdigest()


def article_row(article: Article, run_id: int | None) -> dict:
    """The ``articles`` row of an article, JSON columns encoded, keyed by column name."""
    return {
        "url": (url := stored_url(article)),
        "key": article_key(url),
        "fetched_url": article.url,
        "site": article.site,
        "section": article.section,
        "title": article.title,
        "authors_raw": json.dumps(article.authors_raw, ensure_ascii=False),
        "published": article.published,
        "published_raw": article.published_raw,
        "published_source": article.published_source,
        "published_precision": article.published_precision,
        "modified": article.modified,
        "modified_raw": article.modified_raw,
        "body": article.body,
        "body_missing": int(bool(article.body_missing)),
        "summary": article.summary,
        "tags": json.dumps(article.tags, ensure_ascii=False),
        "image": article.image,
        "language": article.language,
        "content_hash": content_hash(article),
        "crawled_at": article.crawled_at or datetime.now(UTC).isoformat(timespec="seconds"),
        "run_id": run_id,
    }


_author_key = lru_cache(maxsize=20_000)(author_key)  # bylines repeat: a site has few writers


class PreparedArticle:
    """What one article writes, computed before the transaction: its row, its index columns,
    its authors (kind, key, name, byline), tags and (site, section). Picklable: a worker makes
    it, the writer sets ``row["run_id"]``. ``signature`` finds the article's copies
    (``copies.signature``, None for a body too short)."""

    __slots__ = ("aliases", "authors", "first_hash", "index", "row", "section", "signature", "tags")

    def __init__(self, article: Article):
        self.row = article_row(article, None)
        # Other URLs the article was reached by: a link that redirected to it (set by the crawl).
        self.aliases: list[str] = []
        self.first_hash = first_content_hash(article)
        self.index = index_columns(article.title, article.body)
        self.authors = [(a.kind, _author_key(a.name), a.name, a.raw) for a in article.authors]
        self.tags = list(dict.fromkeys(t.strip() for t in article.tags if t and t.strip()))
        self.section = (article.site, article.section) if article.site and article.section else None
        self.signature = signature(body_words(article.body))

    def urls(self) -> list[str]:
        """Every URL the article is known by, the one it is stored under first."""
        urls = (self.row["url"], self.row["fetched_url"], *self.aliases)
        return list(dict.fromkeys(clean_url(u) for u in urls if u))


def hints_json(hints: ArticleHints | None) -> str | None:
    """The ``pages.hints`` column of a page's hints (None for a page read without any)."""
    if hints is None:
        return None
    return json.dumps({k: v for k, v in asdict(hints).items() if v is not None}, ensure_ascii=False)


def hints_from_json(value: str | None) -> ArticleHints | None:
    """The hints a page was stored with; keys this version does not know are ignored."""
    if value is None:
        return None
    stored = json.loads(value)
    return ArticleHints(**{f.name: stored.get(f.name) for f in fields(ArticleHints)})


PAGE_COMPRESSION = 1
"""zstd level of stored pages. Measured per page (``zlib`` level 1 was the format before):

============================  ==================  ==================
                              corpus (141 KB)     crawl benchmark (66 KB)
============================  ==================  ==================
zlib level 1                  1.62 ms, 4.36x      0.69 ms, 4.61x
zlib level 6                  3.80 ms, 5.16x      1.97 ms, 5.66x
zstd level 1                  0.44 ms, 4.90x      0.21 ms, 5.00x
zstd level 3                  0.61 ms, 5.18x      0.26 ms, 5.56x
============================  ==================  ==================

zstd level 1 is 3.7x faster than zlib level 1 and stores 11% less; reading back costs about
0.1 ms. Pages stored as zlib by earlier versions read back as before (``unpack_body``)."""

_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"  # never the start of a zlib stream (its header is % 31 == 0)
_local = threading.local()  # zstd (de)compressors are not safe to share between threads


def _zstd() -> tuple[zstandard.ZstdCompressor, zstandard.ZstdDecompressor]:
    pair = getattr(_local, "zstd", None)
    if pair is None:
        pair = _local.zstd = (zstandard.ZstdCompressor(level=PAGE_COMPRESSION),
                              zstandard.ZstdDecompressor())
    return pair


def compress_body(body: bytes) -> bytes:
    """A raw response's body as stored (zstd; releases the GIL)."""
    return _zstd()[0].compress(body)


def pack_page(page: FetchedPage) -> tuple[str, bytes]:
    """The SHA-1 and the compressed body of a raw response (both release the GIL)."""
    return hashlib.sha1(page.body).hexdigest(), compress_body(page.body)


def unpack_body(stored: bytes | None) -> bytes:
    """The body of a stored page, as received: zstd, or zlib for pages stored before."""
    if not stored:
        return b""
    if stored[:4] == _ZSTD_MAGIC:
        return _zstd()[1].decompress(stored)
    return zlib.decompress(stored)
