"""Ordered schema migrations, each applied once and recorded in the database.

The number of applied migrations is also kept in ``PRAGMA user_version`` so that an archive
written by a newer newscrawler is recognised and refused instead of being misread.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

import sqlite_utils

M001_INITIAL = """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,          -- the article's identity: canonical URL if sane
            fetched_url TEXT,                  -- the URL it was fetched from
            site TEXT,
            section TEXT,
            title TEXT,
            authors_raw TEXT,                  -- JSON list of bylines as printed
            published TEXT,                    -- ISO 8601 with offset
            published_raw TEXT,
            modified TEXT,
            modified_raw TEXT,
            body TEXT,
            summary TEXT,
            tags TEXT,                         -- JSON list
            image TEXT,
            language TEXT,
            content_hash TEXT,
            first_seen TEXT,
            crawled_at TEXT,
            run_id INTEGER
        );
        CREATE INDEX articles_site_section ON articles (site, section);
        CREATE INDEX articles_published ON articles (published);

        CREATE TABLE authors (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL,                 -- normalized name: spelling variants merge
            kind TEXT NOT NULL DEFAULT 'person',
            name TEXT NOT NULL,
            UNIQUE (kind, key)
        );
        CREATE TABLE article_authors (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            author_id INTEGER NOT NULL REFERENCES authors(id),
            position INTEGER NOT NULL,
            raw TEXT,
            PRIMARY KEY (article_id, author_id)
        );
        CREATE INDEX article_authors_author ON article_authors (author_id);

        CREATE TABLE sections (
            id INTEGER PRIMARY KEY,
            site TEXT NOT NULL,
            name TEXT NOT NULL,
            url TEXT,
            UNIQUE (site, name)
        );

        CREATE TABLE crawl_runs (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL DEFAULT 'running',
            start_urls TEXT,
            requests INTEGER DEFAULT 0,
            responses INTEGER DEFAULT 0,
            listing_pages INTEGER DEFAULT 0,
            articles_new INTEGER DEFAULT 0,
            articles_updated INTEGER DEFAULT 0,
            articles_unchanged INTEGER DEFAULT 0,
            articles_dropped INTEGER DEFAULT 0,
            errors INTEGER DEFAULT 0,
            stats TEXT
        );

        -- Full-text index over normalized Arabic (see newscrawler.normalize.text); rowid = articles.id
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, body, tokenize = 'unicode61 remove_diacritics 2'
        );
"""

M002_PAGES_REVISIONS_TAGS = """
        -- Every response body as fetched, compressed; one row per (url, body): a page fetched
        -- again unchanged only moves its fetched_at. Re-extraction and WARC export read these.
        CREATE TABLE pages (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,                 -- the URL requested (tracking parameters removed)
            final_url TEXT,                    -- the URL that answered, after redirects
            status INTEGER NOT NULL,
            headers TEXT,                      -- JSON object of the response headers
            body BLOB,                         -- zlib-compressed bytes, exactly as received
            body_size INTEGER,                 -- uncompressed length
            sha1 TEXT NOT NULL,
            fetched_at TEXT NOT NULL,
            first_fetched_at TEXT NOT NULL,
            run_id INTEGER,
            UNIQUE (url, sha1)
        );
        CREATE INDEX pages_url ON pages (url, fetched_at);

        -- Earlier versions of an article whose content changed.
        CREATE TABLE revisions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            title TEXT,
            body TEXT,
            authors_raw TEXT,
            published TEXT,
            modified TEXT,
            section TEXT,
            content_hash TEXT,
            crawled_at TEXT,                   -- when this version was seen last
            replaced_at TEXT NOT NULL          -- when a newer version replaced it
        );
        CREATE INDEX revisions_article ON revisions (article_id);

        CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        );
        CREATE TABLE article_tags (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id),
            PRIMARY KEY (article_id, tag_id)
        );
        CREATE INDEX article_tags_tag ON article_tags (tag_id);

        INSERT OR IGNORE INTO tags (name)
            SELECT DISTINCT j.value FROM articles, json_each(articles.tags) AS j
            WHERE json_valid(articles.tags) AND trim(j.value) != '';
        INSERT OR IGNORE INTO article_tags (article_id, tag_id)
            SELECT articles.id, tags.id FROM articles, json_each(articles.tags) AS j
            JOIN tags ON tags.name = j.value WHERE json_valid(articles.tags);
"""

M003_RUN_DETAILS = """
        ALTER TABLE crawl_runs ADD COLUMN site TEXT;            -- site profile name or host
        ALTER TABLE crawl_runs ADD COLUMN pid INTEGER;          -- the process that ran it
        ALTER TABLE crawl_runs ADD COLUMN responses_by_status TEXT;  -- JSON {"200": n, ...}
        ALTER TABLE crawl_runs ADD COLUMN message TEXT;         -- why it ended, for people
"""

M004_FETCHED_URL_INDEX = """
        -- Incremental crawls ask "is this URL archived?" for every link: by key or fetched URL.
        CREATE INDEX articles_fetched_url ON articles (fetched_url);
        CREATE INDEX crawl_runs_site_status ON crawl_runs (site, status);
"""


def m005_stemmed_fts(conn: sqlite3.Connection) -> None:
    """Rebuild the full-text index with stemmed columns beside the normalized ones, so that
    الاتجار finds والاتجار and بالاتجار (see ``archive/fts.py``)."""
    from newscrawler.archive.fts import index_forms

    conn.execute("DROP TABLE articles_fts")
    conn.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5("
        "title, body, title_stem, body_stem, tokenize = 'unicode61 remove_diacritics 2')"
    )
    rows = conn.execute("SELECT id, title, body FROM articles ORDER BY id")
    conn.executemany(
        "INSERT INTO articles_fts (rowid, title, body, title_stem, body_stem) VALUES (?, ?, ?, ?, ?)",
        ((rowid, *index_forms(title, body)) for rowid, title, body in rows),
    )


M006_BROWSING_VIEWS = """
        -- For browsing (Datasette facets): one row per article with its month and its
        -- authors' names as a JSON list.
        CREATE VIEW articles_browse AS
            SELECT a.id, a.title, a.site, a.section,
                   substr(a.published, 1, 7) AS month,
                   (SELECT json_group_array(name) FROM (
                        SELECT au.name FROM article_authors aa JOIN authors au ON au.id = aa.author_id
                        WHERE aa.article_id = a.id ORDER BY aa.position)) AS authors,
                   a.published, a.summary, a.url
            FROM articles a;
        -- One row per (article, author), for counting and faceting by author.
        CREATE VIEW article_author_names AS
            SELECT aa.article_id, au.id AS author_id, au.name AS author, au.kind, aa.position
            FROM article_authors aa JOIN authors au ON au.id = aa.author_id;
"""

def m007_stem_only_body_index(conn: sqlite3.Connection) -> None:
    """Rebuild the full-text index with the body indexed once, as stems, and the title both
    exact and stemmed (``archive/fts.py``): half the indexing work and a smaller index."""
    from newscrawler.archive.fts import index_columns

    conn.execute("DROP TABLE articles_fts")
    conn.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5("
        "title, title_stem, body_stem, tokenize = 'unicode61 remove_diacritics 2')"
    )
    rows = conn.execute("SELECT id, title, body FROM articles ORDER BY id")
    conn.executemany(
        "INSERT INTO articles_fts (rowid, title, title_stem, body_stem) VALUES (?, ?, ?, ?)",
        ((rowid, *index_columns(title, body)) for rowid, title, body in rows),
    )


# (name, SQL script or function of the connection). Append only: a released migration is
# never edited.
# An article whose page has a headline, a date and a section but no text is kept, flagged.
M008_BODY_MISSING = """
        ALTER TABLE articles ADD COLUMN body_missing INTEGER NOT NULL DEFAULT 0;
"""

MIGRATIONS: list[tuple[str, str | Callable[[sqlite3.Connection], None]]] = [
    ("001_initial", M001_INITIAL),
    ("002_pages_revisions_tags", M002_PAGES_REVISIONS_TAGS),
    ("003_run_details", M003_RUN_DETAILS),
    ("004_fetched_url_index", M004_FETCHED_URL_INDEX),
    ("005_stemmed_fts", m005_stemmed_fts),
    ("006_browsing_views", M006_BROWSING_VIEWS),
    ("007_stem_only_body_index", m007_stem_only_body_index),
    ("008_body_missing", M008_BODY_MISSING),
]

SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def pending(db: sqlite_utils.Database) -> list[str]:
    done = schema_version(db)
    return [name for name, _ in MIGRATIONS[done:]]


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply the migrations this archive lacks, each in its own transaction; return their names."""
    applied = []
    db.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    for index, (name, script) in enumerate(MIGRATIONS, start=1):
        if schema_version(db) >= index:
            continue
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        # One transaction per migration: the script, its record and the version move together.
        try:
            if callable(script):
                conn = db.conn
                conn.execute("BEGIN IMMEDIATE")
                script(conn)
                conn.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", [name, stamp])
                conn.execute(f"PRAGMA user_version = {index}")
                conn.commit()
            else:
                db.conn.executescript(
                    f"BEGIN IMMEDIATE;\n{script}\n"
                    f"INSERT INTO _migrations (name, applied_at) VALUES ('{name}', '{stamp}');\n"
                    f"PRAGMA user_version = {index};\nCOMMIT;"
                )
        except Exception:
            if db.conn.in_transaction:
                db.conn.rollback()
            raise
        applied.append(name)
    return applied
