"""Full-text search over the archive, Arabic-aware, with snippets from the original text.

The query goes through ``fts.parse_query``: normalized and stemmed the way the index was, and
written as an FTS5 expression by us, so no input can form an FTS5 or SQL error. Hits are
ranked by bm25 (title over body, exact word over stem); snippets are cut from the stored text
with every matching word in [brackets].
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass

from newscrawler.archive.db import Archive
from newscrawler.archive.filters import ArticleFilter, register_functions
from newscrawler.archive.fts import BM25_WEIGHTS, Query, SearchError, match_expression, parse_query
from newscrawler.normalize.text import normalize_arabic

__all__ = ["SearchError", "SearchHit", "fts_query", "search", "snippet"]

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class SearchHit:
    id: int
    url: str
    title: str | None
    site: str | None
    section: str | None
    published: str | None
    authors: list[str]
    snippet: str
    score: float


def fts_query(query: str) -> str:
    """The FTS5 expression for the user's text (``fts.match_expression``)."""
    return match_expression(query)


def snippet(text: str, query: str | Query, *, width: int = 24) -> str:
    """About ``width`` words of the original text around the first hit, hits in [brackets]."""
    parsed = parse_query(query) if isinstance(query, str) else query
    words = text.split()
    keys = [normalize_arabic(w) for w in words]
    terms = parsed.terms()

    def hit(key: str) -> bool:
        return any(t.matches(k) for k in _WORD.findall(key) for t in terms)

    first = next((i for i, k in enumerate(keys) if hit(k)), None)
    if first is None:
        return " ".join(words[:width]) + (" …" if len(words) > width else "")
    start = max(0, first - width // 3)
    end = min(len(words), start + width)
    window = [f"[{w}]" if hit(keys[i]) else w for i, w in enumerate(words[start:end], start)]
    return ("… " if start else "") + " ".join(window) + (" …" if end < len(words) else "")


def search(archive: Archive, query: str, *, limit: int = 20,
           filters: ArticleFilter | None = None) -> list[SearchHit]:
    """Articles matching ``query`` and ``filters``, best first."""
    parsed = parse_query(query)
    filters = filters or ArticleFilter()
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    # Rank inside the index first and read the articles of the top hits only: sorting whole
    # article rows (bodies, authors) for every match is what makes common words slow.
    if filters:
        where, params = filters.sql()
        top = (f"SELECT articles_fts.rowid AS id, bm25(articles_fts, {weights}) AS score "
               f"FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
               f"WHERE articles_fts MATCH ? AND {where} ORDER BY score LIMIT ?")
    else:
        params = []
        top = (f"SELECT rowid AS id, bm25(articles_fts, {weights}) AS score FROM articles_fts "
               f"WHERE articles_fts MATCH ? ORDER BY score LIMIT ?")
    sql = f"""
        SELECT a.id, a.url, a.title, a.site, a.section, a.published, a.body,
               (SELECT json_group_array(name) FROM (
                    SELECT au.name FROM article_authors aa JOIN authors au ON au.id = aa.author_id
                    WHERE aa.article_id = a.id ORDER BY aa.position)) AS authors,
               top.score
        FROM ({top}) AS top JOIN articles a ON a.id = top.id
        ORDER BY top.score
    """
    conn = archive.conn
    register_functions(conn)
    try:
        rows = conn.execute(sql, [parsed.fts(), *params, max(1, limit)]).fetchall()
    except sqlite3.OperationalError as e:  # not expected: every word is quoted by us
        raise SearchError(f"the query {query!r} could not be run: {e}") from e
    return [
        SearchHit(id=r[0], url=r[1], title=r[2], site=r[3], section=r[4], published=r[5],
                  authors=json.loads(r[7] or "[]"), snippet=snippet(r[6] or "", parsed),
                  score=round(r[8], 4))
        for r in rows
    ]
