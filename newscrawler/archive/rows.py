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
from datetime import UTC, datetime
from functools import lru_cache
from urllib.parse import urlsplit

import zstandard

from newscrawler.archive.fts import index_columns
from newscrawler.items import Article, FetchedPage
from newscrawler.normalize.bylines import author_key


def article_key(article: Article) -> str:
    """The URL an article is stored under: its canonical URL when that is a real article URL on
    the same site, else the URL it was fetched from (themes often point every page's canonical
    at the home page)."""
    url = article.url or ""
    canonical = article.canonical_url
    if canonical:
        c, u = urlsplit(canonical), urlsplit(url)
        same_host = c.netloc.lower().removeprefix("www.") == u.netloc.lower().removeprefix("www.")
        if same_host and c.scheme in ("http", "https") and c.path.strip("/"):
            return canonical
    return url


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
        "url": article_key(article),
        "fetched_url": article.url,
        "site": article.site,
        "section": article.section,
        "title": article.title,
        "authors_raw": json.dumps(article.authors_raw, ensure_ascii=False),
        "published": article.published,
        "published_raw": article.published_raw,
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
    it, the writer sets ``row["run_id"]``."""

    __slots__ = ("authors", "first_hash", "index", "row", "section", "tags")

    def __init__(self, article: Article):
        self.row = article_row(article, None)
        self.first_hash = first_content_hash(article)
        self.index = index_columns(article.title, article.body)
        self.authors = [(a.kind, _author_key(a.name), a.name, a.raw) for a in article.authors]
        self.tags = list(dict.fromkeys(t.strip() for t in article.tags if t and t.strip()))
        self.section = (article.site, article.section) if article.site and article.section else None


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
