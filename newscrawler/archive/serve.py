"""The archive in Datasette: full-text search, facets and labels configured for browsing.

The index holds normalized, stemmed text (``archive/fts.py``), which Datasette's own search
box knows nothing of: it would pass الأمية unnormalized and miss every article. So
newscrawler's Datasette plugin (``datasette_plugin.py``, installed with newscrawler) replaces
Datasette's ``escape_fts`` SQL function (what the table search box calls on the user's text)
with our query builder on each archive, adds ``nc_match``/``nc_snippet`` for the canned
``search`` query (ranked, with snippets), and gives the archive the metadata below. Searching
in Datasette then behaves exactly as ``newscrawler search``.
"""

from __future__ import annotations

import sqlite3

from newscrawler.archive.fts import BM25_WEIGHTS, SearchError, match_expression, parse_query
from newscrawler.archive.search import RANK_WINDOW

NO_MATCH = '"\u2400"'  # a token no text holds: an empty or unusable query finds nothing


def safe_match(query: str | None) -> str:
    """The FTS5 expression for the user's text, or one that matches nothing (never an error)."""
    try:
        return match_expression(query or "")
    except SearchError:
        return NO_MATCH


def safe_snippet(body: str | None, query: str | None) -> str:
    from newscrawler.archive.search import snippet

    try:
        return snippet(body or "", parse_query(query or ""))
    except SearchError:
        return (body or "")[:200]


def register_sql_functions(conn: sqlite3.Connection) -> None:
    conn.create_function("escape_fts", 1, safe_match, deterministic=True)
    conn.create_function("nc_match", 1, safe_match, deterministic=True)
    conn.create_function("nc_snippet", 2, safe_snippet, deterministic=True)


# Ranked inside the index among the newest RANK_WINDOW matches, as ``newscrawler search`` ranks
# them, and only the hits shown are read and get a snippet (SQLite would otherwise compute the
# snippet of every match before sorting: a second for a common word in 20,000 articles).
SEARCH_SQL = f"""
select a.id, a.published, a.title, a.site, a.section, nc_snippet(a.body, :q) as snippet, a.url
from (select rowid as id, bm25(articles_fts, {", ".join(str(w) for w in BM25_WEIGHTS)}) as score
      from articles_fts
      where articles_fts match nc_match(:q)
        and rowid >= coalesce((select rowid from articles_fts where articles_fts match nc_match(:q)
                               order by rowid desc limit 1 offset {RANK_WINDOW - 1}), 0)
      order by score limit 100) as top
join articles a on a.id = top.id
order by top.score
""".strip()


ARCHIVE_DESCRIPTION = ("Arabic news articles. The search box ignores diacritics and spelling "
                       "variants and finds words with attached particles (الاتجار → والاتجار).")


def archive_metadata() -> dict:
    """Datasette metadata of one archive: full-text search, facets, labels, the ``search``
    query."""
    article_search = {"fts_table": "articles_fts", "fts_pk": "id", "sort_desc": "published",
                      "label_column": "title"}
    return {
        "description": ARCHIVE_DESCRIPTION,
        "tables": {
            "articles": {**article_search, "facets": ["site", "section"],
                         "description": "One row per article, whatever the spelling of its URL "
                                        "(its key); every URL it was seen under is in "
                                        "article_urls."},
            "articles_browse": {
                **article_search,
                "facets": ["site", "section", "month", {"array": "authors"}],
                "description": "Articles with their month and authors, for browsing.",
            },
            "authors": {"label_column": "name", "facets": ["kind"]},
            "sections": {"label_column": "name", "facets": ["site"]},
            "tags": {"label_column": "name"},
            "crawl_runs": {"sort_desc": "id", "facets": ["status", "site"]},
            "pages": {"sort_desc": "fetched_at", "facets": ["status"]},
            "articles_fts": {"hidden": True},
            "_migrations": {"hidden": True},
        },
        "queries": {
            "search": {
                "title": "Search the archive",
                "description": "Ranked full-text search (bm25) with snippets; "
                               "\"a phrase\", word*, OR and -word work.",
                "sql": SEARCH_SQL,
            }
        },
    }


def serve_metadata() -> dict:
    """What ``newscrawler serve`` adds for its one archive: the instance's title. The archive's
    own metadata comes from the plugin, as under a plain ``datasette``."""
    return {"title": "newscrawler archive", "description": ARCHIVE_DESCRIPTION}
