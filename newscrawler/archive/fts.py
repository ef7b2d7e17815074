"""What goes into the full-text index, and how a user's query becomes an FTS5 expression.

The index holds search forms of the text, not the text itself: ``title`` holds the
normalized title (``normalize_arabic``: no diacritics, one alef, ة→ه, ى→ي), ``title_stem`` and
``body_stem`` the normalized words lightly stemmed (``light_stem``). A bare query word matches
its stem, so الاتجار finds والاتجار and بالاتجار (a word that begins with و matches the stems of
both readings of that و: ``stem_forms``, so وزارة finds الوزارة); the same word in its exact
form in a title also matches ``title`` and scores higher. A "quoted phrase" matches the exact
words in the title or their stems, in order, in title or body. The body is indexed once, as stems (migration 007):
a second, exact-form copy of every body doubled the cost of indexing and the size of the index
for nothing but a ranking bonus and stricter phrases.

The user's text never reaches FTS5 as syntax: ``match_expression`` parses it into words,
phrases, prefixes (``word*``), alternatives (``OR``) and exclusions (``-word``, ``NOT word``)
and writes the FTS5 expression itself, every word quoted. Anything else is a separator.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field

from newscrawler.normalize.stem import light_stem, stem_forms, stem_words
from newscrawler.normalize.text import normalize_arabic

FTS_COLUMNS = ("title", "title_stem", "body_stem")
# bm25 weights, in FTS_COLUMNS order: a title word counts three times a body word, and one
# more when it is the exact form asked for.
BM25_WEIGHTS = (1.0, 3.0, 1.0)

_WORD = re.compile(r"\w+", re.UNICODE)
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')

STOPWORDS = frozenset(
    normalize_arabic(w)
    for w in (
        "في من على إلى الى عن مع أن إن أو ثم هذا هذه ذلك تلك التي الذي الذين ما لا لم لن قد "
        "كان كانت هو هي هم و ف ب ل ك بين حتى إذا كل بعد قبل عند منذ أيضا كما لكن بل وفي ومن "
        "the a an of and or in on to is are was for with by at"
    ).split()
)


class SearchError(ValueError):
    """A query that cannot be run, with a message for the user."""


def index_text(text: str | None) -> str:
    """The normalized form in which titles are indexed."""
    return normalize_arabic(text or "")


# Search form of each whitespace-separated token seen: an article body repeats a few thousand
# distinct tokens, so each is normalized and stemmed once. Bounded: emptied when full.
_FORMS: dict[str, str] = {}
_FORMS_MAX = 200_000


def stemmed_text(text: str | None) -> str:
    """``stem_words(normalize_arabic(text))``, token by token through a cache.

    Equal because both functions work within whitespace-separated tokens (normalization
    never joins or splits across whitespace; a token may normalize to nothing or to several
    words, and spacing is collapsed either way) — checked against the plain composition in
    tests/test_search.py.
    """
    if not text:
        return ""
    tokens = text.split()
    forms = list(map(_FORMS.get, tokens))  # a C-level loop; None for a token not seen yet
    if None in forms:
        if len(_FORMS) + len(forms) > _FORMS_MAX:
            _FORMS.clear()
        for i, form in enumerate(forms):
            if form is None:
                token = tokens[i]
                form = _FORMS.get(token)
                if form is None:
                    form = _FORMS[token] = stem_words(normalize_arabic(token))
                forms[i] = form
    return " ".join(filter(None, forms))


def index_columns(title: str | None, body: str | None) -> tuple[str, str, str]:
    """The indexed columns of one article, in ``FTS_COLUMNS`` order."""
    title_key = index_text(title)
    return title_key, stem_words(title_key), stemmed_text(body)


def index_article(conn: sqlite3.Connection, article_id: int, title: str | None, body: str | None) -> None:
    """(Re)index one article; the caller's transaction covers it."""
    write_index(conn, article_id, index_columns(title, body))


def write_index(conn: sqlite3.Connection, article_id: int, columns: tuple[str, str, str]) -> None:
    """(Re)index one article from its ``index_columns``, computed beforehand (outside the
    transaction, by the writer)."""
    conn.execute("DELETE FROM articles_fts WHERE rowid = ?", [article_id])
    conn.execute(
        "INSERT INTO articles_fts (rowid, title, title_stem, body_stem) VALUES (?, ?, ?, ?)",
        [article_id, *columns],
    )


# --- queries ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One searchable unit: a word (matched as word or stem), a prefix, or an exact phrase."""

    words: tuple[str, ...]
    phrase: bool = False
    prefix: bool = False

    def fts(self) -> str:
        if not self.phrase and stem_forms(self.words[0]) == self.words[:1]:
            return f'"{self.words[0]}"{"*" if self.prefix else ""}'  # one token, every column
        return self._fts("{title_stem body_stem}")

    def title_fts(self) -> str:
        """The FTS5 expression of this term in titles only (exact or stemmed)."""
        return self._fts("title_stem")

    def _fts(self, stem_columns: str) -> str:
        """The exact form in ``title`` or the stem forms in ``stem_columns``."""
        if self.phrase:
            exact = " ".join(self.words)
            stems = " ".join(light_stem(w) for w in self.words)
            return f'(title : "{exact}" OR {stem_columns} : "{stems}")'
        word, star = self.words[0], "*" if self.prefix else ""
        stemmed = " OR ".join(f'"{stem}"{star}' for stem in stem_forms(word))
        return f'(title : "{word}"{star} OR {stem_columns} : ({stemmed}))'

    def meaningful(self) -> bool:
        return self.phrase or self.prefix or self.words[0] not in STOPWORDS

    def matches(self, key: str) -> bool:
        """Whether one normalized word of a text is (part of) a hit, for highlighting."""
        if self.phrase:
            return key in self.words
        word = self.words[0]
        if self.prefix:
            stem = light_stem(key)
            return key.startswith(word) or any(stem.startswith(s) for s in stem_forms(word))
        return key == word or light_stem(key) in stem_forms(word)


@dataclass
class Query:
    """A parsed query: every clause must match (a clause is terms joined by OR); no exclusion may."""

    clauses: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)

    def terms(self) -> list[Term]:
        return [t for clause in self.clauses for t in clause]

    def fts(self) -> str:
        positive = " AND ".join("(" + " OR ".join(t.fts() for t in c) + ")" for c in self.clauses)
        if not self.excluded:
            return positive
        return f"({positive}) NOT (" + " OR ".join(t.fts() for t in self.excluded) + ")"


def _terms(raw: str, quoted: bool) -> list[Term]:
    if quoted:
        words = tuple(_WORD.findall(normalize_arabic(raw)))
        return [Term(words, phrase=True)] if words else []
    prefix = raw.endswith("*")
    words = _WORD.findall(normalize_arabic(raw))
    return [Term((w,), prefix=prefix and i == len(words) - 1) for i, w in enumerate(words)]


def parse_query(query: str) -> Query:
    """Parse the user's text; raises ``SearchError`` when nothing searchable is left."""
    parsed = Query()
    join_next = negate_next = False
    for m in _TOKEN.finditer(query):
        minus, quoted, bare = m.groups()
        if bare in ("OR", "AND", "NOT", "NEAR"):
            join_next = bare == "OR" and bool(parsed.clauses)
            negate_next = bare == "NOT"
            continue
        negate = negate_next or bool(minus) or (bare is not None and bare.startswith("-") and len(bare) > 1)
        raw = quoted if quoted is not None else bare.lstrip("-") if negate else bare
        terms = _terms(raw, quoted is not None)
        if negate:
            parsed.excluded.extend(terms)
        elif join_next and terms:
            parsed.clauses[-1].append(terms[0])
            parsed.clauses.extend([t] for t in terms[1:])
        else:
            parsed.clauses.extend([t] for t in terms)
        join_next = negate_next = False
    # Common words only narrow a search that has better words; alone they match everything.
    parsed.clauses = [c for c in parsed.clauses if any(t.meaningful() for t in c)]
    if not parsed.clauses:
        raise SearchError(
            f"nothing to search for in {query!r}: give at least one word (other than common "
            "words such as في, من, على, and not only -exclusions)"
        )
    return parsed


def match_expression(query: str) -> str:
    """The FTS5 MATCH expression for the user's text (see the module docstring)."""
    return parse_query(query).fts()
