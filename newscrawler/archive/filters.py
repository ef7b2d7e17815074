"""The filters search, export and reparse share: site, section, author, date range, one
article per story.

Built once, as parametrized SQL over ``articles AS a``: the user's text only ever travels as
a parameter. Site, section and author are compared as search keys (``normalize_arabic``,
``author_key``), so مجتمع matches مُجتمع and spelling variants of a name match each other.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from newscrawler.normalize.bylines import author_key
from newscrawler.normalize.text import normalize_arabic


class FilterError(ValueError):
    """A filter value that cannot be understood, with a message for the user."""


def parse_day(value: str, *, option: str = "date") -> str:
    """An ISO date (``2024-05-01``, ``2024-05``, ``2024``) or date-time, checked; returned as
    given (a shorter date covers the whole month or year)."""
    text = value.strip()
    try:
        if len(text) in (4, 7):
            date.fromisoformat((text + "-01-01")[:10] if len(text) == 4 else text + "-01")
        elif len(text) == 10:
            date.fromisoformat(text)
        else:
            datetime.fromisoformat(text)
    except ValueError:
        raise FilterError(f"{option}: {value!r} is not an ISO date such as 2024-05-01") from None
    return text


@dataclass(frozen=True)
class ArticleFilter:
    """Which articles a command works on; every field optional, all given must hold."""

    site: str | None = None
    section: str | None = None
    author: str | None = None
    since: str | None = None  # inclusive, compared with the published date
    until: str | None = None  # inclusive: a bare date covers the whole day
    one_per_story: bool = False  # only the original of each story (``archive/stories.py``)

    def __post_init__(self) -> None:
        if self.since:
            parse_day(self.since, option="--since")
        if self.until:
            parse_day(self.until, option="--until")

    def sql(self) -> tuple[str, list]:
        """A WHERE clause over ``articles AS a`` (``"1"`` when empty) and its parameters."""
        clauses, params = [], []
        if self.site:
            clauses.append("(a.site = ? OR nc_key(a.site) = ?)")
            params += [self.site.strip(), normalize_arabic(self.site)]
        if self.section:
            clauses.append("nc_key(a.section) = ?")
            params.append(normalize_arabic(self.section))
        if self.author:
            clauses.append(
                "a.id IN (SELECT aa.article_id FROM article_authors aa "
                "JOIN authors au ON au.id = aa.author_id WHERE au.key = ?)"
            )
            params.append(author_key(self.author))
        if self.since:
            clauses.append("substr(a.published, 1, ?) >= ?")
            params += [len(self.since), self.since]
        if self.until:
            clauses.append("substr(a.published, 1, ?) <= ?")
            params += [len(self.until), self.until]
        if self.one_per_story:
            clauses.append("a.id = (SELECT s.original FROM stories s WHERE s.id = a.story)")
        return (" AND ".join(clauses) or "1"), params

    def __bool__(self) -> bool:
        return any((self.site, self.section, self.author, self.since, self.until,
                    self.one_per_story))


@lru_cache(maxsize=10_000)
def _key(value: str | None) -> str | None:
    # Called for every row a filter looks at, with the few distinct sites and sections of an
    # archive: cached, a call costs a dictionary lookup instead of a normalization.
    return normalize_arabic(value) if value else value


def register_functions(conn: sqlite3.Connection) -> None:
    """The SQL functions the filters use (``nc_key`` = ``normalize_arabic``)."""
    conn.create_function("nc_key", 1, _key, deterministic=True)
