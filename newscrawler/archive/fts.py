"""What goes into the full-text index, and how a row gets there.

The index holds a search form of the text (``index_text``), not the text itself: a query is
turned into the same form, so matching ignores diacritics and spelling variants.
"""

from __future__ import annotations

import sqlite3

from newscrawler.normalize.text import normalize_arabic


def index_text(text: str | None) -> str:
    """The form in which title and body are indexed (and queries are matched)."""
    return normalize_arabic(text or "")


def index_article(conn: sqlite3.Connection, article_id: int, title: str | None, body: str | None) -> None:
    """(Re)index one article; the caller's transaction covers it."""
    conn.execute("DELETE FROM articles_fts WHERE rowid = ?", [article_id])
    conn.execute(
        "INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
        [article_id, index_text(title), index_text(body)],
    )
