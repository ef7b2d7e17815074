"""Full-text search over the archive, Arabic-aware, with snippets from the original text.

The query goes through ``fts.parse_query``: normalized and stemmed the way the index was, and
written as an FTS5 expression by us, so no input can form an FTS5 or SQL error. Hits are
ranked by bm25 (title over body, exact word over stem in titles); snippets are cut from the
stored text with every matching word in [brackets].

bm25 scores every row it ranks (about 1–2 µs each), so a word in most articles of a
million-article archive would take seconds. A query matching more than ``RANK_WINDOW``
articles is therefore ranked among its ``RANK_WINDOW`` most recently stored matches (the
highest article ids): finding where that window starts walks the index without scoring, which
is ten to twenty times cheaper. Fewer matches are all ranked, as before.

Before scoring anything, bm25 also counts every article in the archive that matches each word of
the query (for the word's weight, its IDF), about 0.1 µs per match, whatever the window: a
word in every article costs 25 ms at 200,000 articles and over 100 ms at a million. So the
matches of each word are estimated first (from how densely its newest ``_PROBE`` matches are
spread over the article ids; a few hundred microseconds a word) and when they add up to more
than ``BM25_MAX_MATCHES``, the window is ordered without bm25: articles with a query word in
the title first, then the others, each newest first (``score`` -1 and 0). For such words bm25
had little to say anyway: a word in more than half of the articles gets a weight of almost
zero (bm25 clamps its IDF to 1e-6), and only the title's exact form told hits apart.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from newscrawler.archive.db import Archive
from newscrawler.archive.filters import ArticleFilter, register_functions
from newscrawler.archive.fts import (
    BM25_WEIGHTS,
    Query,
    SearchError,
    Term,
    match_expression,
    parse_query,
)
from newscrawler.normalize.stem import light_stem, stem_forms
from newscrawler.normalize.text import normalize_arabic

__all__ = ["RANK_WINDOW", "SearchError", "SearchHit", "fts_query", "search", "snippet"]

_WORD = re.compile(r"\w+", re.UNICODE)

RANK_WINDOW = 5_000
"""The most matches bm25 ranks: beyond, the most recently stored ``RANK_WINDOW`` are ranked."""

BM25_MAX_MATCHES = 100_000
"""The most matches (summed over the query's words) bm25 may count, about 10 ms: beyond, the
window is ordered by title hits, then newest first."""
_PROBE = 1_000  # newest matches of a word read to estimate how many it has


@lru_cache(maxsize=50_000)  # snippets read the words of every hit's body; news repeats its words
def _word_forms(word: str) -> tuple[tuple[str, str], ...]:
    """The normalized words of one word of text, each with its stem."""
    return tuple((key, light_stem(key)) for key in _WORD.findall(normalize_arabic(word)))


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
    return _snippet(text, parsed.terms(), {}, width)


def _matcher(terms: list[Term]) -> Callable[[str], bool]:
    """``any(t.matches(k) ...)`` over the words of one text word, as set lookups."""
    exact, stems = set(), set()
    prefixes = [t for t in terms if t.prefix]
    for t in terms:
        if t.phrase:
            exact.update(t.words)
        elif not t.prefix:
            exact.add(t.words[0])
            stems.update(stem_forms(t.words[0]))

    def hit(word: str) -> bool:
        return any(k in exact or stem in stems or any(t.matches(k) for t in prefixes)
                   for k, stem in _word_forms(word))

    return hit


def _snippet(text: str, terms: list[Term], seen: dict[str, bool], width: int) -> str:
    """``snippet`` with ``seen`` (word -> is a hit) shared by the hits of one search: each
    distinct word is normalized and matched once, and only up to the first hit."""
    words = text.split()
    hit = _matcher(terms)

    def is_hit(word: str) -> bool:
        found = seen.get(word)
        if found is None:
            found = seen[word] = hit(word)
        return found

    first = next((i for i, w in enumerate(words) if is_hit(w)), None)
    if first is None:
        return " ".join(words[:width]) + (" …" if len(words) > width else "")
    start = max(0, first - width // 3)
    end = min(len(words), start + width)
    window = [f"[{w}]" if is_hit(w) else w for w in words[start:end]]
    return ("… " if start else "") + " ".join(window) + (" …" if end < len(words) else "")


def _bm25_affordable(conn: sqlite3.Connection, parsed: Query, *, all_in_window: bool) -> bool:
    """Whether bm25's count of every match of every word stays under ``BM25_MAX_MATCHES``.

    ``all_in_window``: the whole archive has fewer than ``RANK_WINDOW`` matches of the query;
    for a query of one word or phrase, those are all bm25 counts (nothing to estimate: a phrase
    of common words is slow to find, and probing it would find it once more).
    """
    terms = [*parsed.terms(), *parsed.excluded]
    if all_in_window and len(terms) == 1:
        return True
    newest = conn.execute("SELECT max(id) FROM articles").fetchone()[0] or 0
    if newest * len(terms) <= BM25_MAX_MATCHES:
        return True
    estimated = 0
    for term in terms:
        row = conn.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC "
            "LIMIT 1 OFFSET ?", [term.fts(), _PROBE - 1]).fetchone()
        if row is not None:  # _PROBE matches between that id and the newest
            estimated += _PROBE * newest // max(1, newest - row[0] + 1)
    return estimated <= BM25_MAX_MATCHES


def search(archive: Archive, query: str, *, limit: int = 20,
           filters: ArticleFilter | None = None) -> list[SearchHit]:
    """Articles matching ``query`` and ``filters``, best first."""
    parsed = parse_query(query)
    filters = filters or ArticleFilter()
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    if filters:
        where, params = filters.sql()
        matches = (f"articles_fts JOIN articles a ON a.id = articles_fts.rowid "
                   f"WHERE articles_fts MATCH ? AND {where}")
    else:
        params = []
        matches = "articles_fts WHERE articles_fts MATCH ?"
    conn = archive.conn
    register_functions(conn)
    expression = parsed.fts()
    try:
        # Where the window of the newest RANK_WINDOW matches starts (None: fewer matches).
        start = conn.execute(
            f"SELECT articles_fts.rowid FROM {matches} ORDER BY articles_fts.rowid DESC "
            f"LIMIT 1 OFFSET ?", [expression, *params, RANK_WINDOW - 1]).fetchone()
        if start is not None:
            matches += " AND articles_fts.rowid >= ?"
            params = [*params, start[0]]
        if _bm25_affordable(conn, parsed, all_in_window=start is None and not filters):
            # Rank inside the index and read the articles of the top hits only.
            top = (f"SELECT articles_fts.rowid AS id, bm25(articles_fts, {weights}) AS score "
                   f"FROM {matches} ORDER BY score LIMIT ?")
            top_params = [expression, *params, max(1, limit)]
        else:
            in_title = " OR ".join(t.title_fts() for t in parsed.terms())
            newest = f"FROM {matches} ORDER BY articles_fts.rowid DESC LIMIT ?"
            top = (f"SELECT * FROM (SELECT articles_fts.rowid AS id, -1.0 AS score {newest}) "
                   f"UNION ALL SELECT * FROM (SELECT articles_fts.rowid AS id, 0.0 AS score {newest})")
            top_params = [f"({expression}) AND ({in_title})", *params, max(1, limit),
                          f"({expression}) NOT ({in_title})", *params, max(1, limit)]
        rows = conn.execute(f"""
            SELECT a.id, a.url, a.title, a.site, a.section, a.published, a.body,
                   (SELECT json_group_array(name) FROM (
                        SELECT au.name FROM article_authors aa JOIN authors au ON au.id = aa.author_id
                        WHERE aa.article_id = a.id ORDER BY aa.position)) AS authors,
                   top.score
            FROM ({top}) AS top
            JOIN articles a ON a.id = top.id
            ORDER BY top.score, top.id DESC
            LIMIT ?
        """, [*top_params, max(1, limit)]).fetchall()
    except sqlite3.OperationalError as e:  # not expected: every word is quoted by us
        raise SearchError(f"the query {query!r} could not be run: {e}") from e
    terms, seen = parsed.terms(), {}
    return [
        SearchHit(id=r[0], url=r[1], title=r[2], site=r[3], section=r[4], published=r[5],
                  authors=json.loads(r[7] or "[]"), snippet=_snippet(r[6] or "", terms, seen, 24),
                  score=round(r[8], 4))
        for r in rows
    ]
