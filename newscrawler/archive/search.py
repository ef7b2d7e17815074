"""Full-text search over the archive, Arabic-aware, with snippets from the original text.

The index holds normalized text (see ``normalize_arabic``): a query is normalized the same way,
so that it matches with or without diacritics and across alef/ya/ta-marbuta spellings. The
user's words are quoted before they reach FTS5, so no input can form an FTS5 or SQL error.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from newscrawler.archive.db import Archive
from newscrawler.normalize.text import normalize_arabic

_WORD = re.compile(r"\w+", re.UNICODE)


class SearchError(ValueError):
    """A query that cannot be run, with a message for the user."""


@dataclass
class SearchHit:
    id: int
    url: str
    title: str | None
    site: str | None
    section: str | None
    published: str | None
    snippet: str
    score: float


def fts_query(query: str) -> str:
    """The user's words as an FTS5 query: every word required, prefix-matched with a final ``*``.
    Punctuation and FTS5 operators in the input are treated as separators, never as syntax."""
    terms = []
    for raw in query.split():
        prefix = raw.endswith("*")
        for word in _WORD.findall(normalize_arabic(raw)):
            terms.append(f'"{word}"' + ("*" if prefix else ""))
    if not terms:
        raise SearchError(f"nothing to search for in {query!r}: give at least one word")
    return " ".join(terms)


def snippet(text: str, query: str, *, width: int = 14) -> str:
    """A window of the original text around the first matching word, the match in [brackets]."""
    wanted = [w.rstrip("*") for w in _WORD.findall(normalize_arabic(query))]
    words = text.split()
    for i, word in enumerate(words):
        key = normalize_arabic(word)
        if any(w and w in key for w in wanted):
            start = max(0, i - width // 2)
            window = words[start : i] + [f"[{word}]"] + words[i + 1 : i + 1 + width // 2]
            return ("… " if start else "") + " ".join(window) + (" …" if i + 1 + width // 2 < len(words) else "")
    return " ".join(words[:width]) + (" …" if len(words) > width else "")


def search(archive: Archive, query: str, *, limit: int = 20) -> list[SearchHit]:
    """Articles matching every word of ``query``, best first (bm25, title weighted ×3)."""
    match = fts_query(query)
    sql = """
        SELECT a.id, a.url, a.title, a.site, a.section, a.published, a.body,
               bm25(articles_fts, 3.0, 1.0) AS score
        FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
        WHERE articles_fts MATCH ?
        ORDER BY score LIMIT ?
    """
    try:
        rows = archive.conn.execute(sql, [match, max(1, limit)]).fetchall()
    except sqlite3.OperationalError as e:
        raise SearchError(f"the query {query!r} could not be run: {e}") from e
    return [
        SearchHit(id=r[0], url=r[1], title=r[2], site=r[3], section=r[4], published=r[5],
                  snippet=snippet(r[6] or "", query), score=r[7])
        for r in rows
    ]
