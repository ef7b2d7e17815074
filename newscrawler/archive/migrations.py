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
    """The full-text index with stemmed columns beside the normalized ones, left empty.

    Released, this migration also indexed every article, only for ``m007`` to drop that index
    and build it again. Its schema is kept (the same four columns, so an archive left at this
    version reads as it always did) but the rows are no longer written: ``m007`` always runs
    after it and indexes every article. Archives that ran the released version are at a later
    version and never run it again.
    """
    conn.execute("DROP TABLE articles_fts")
    conn.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5("
        "title, body, title_stem, body_stem, tokenize = 'unicode61 remove_diacritics 2')"
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


M008_PAGE_HINTS = """
        -- What the crawl knew of an article page before reading it (the listing's, feed's or
        -- sitemap's section and date: JSON of items.ArticleHints), so that a re-extraction
        -- reads the page as the crawl did.
        ALTER TABLE pages ADD COLUMN hints TEXT;
        -- The time zone and printed site name a run read its pages with (NEWSCRAWLER_TIMEZONE,
        -- NEWSCRAWLER_SITE_NAME), for the same reason.
        ALTER TABLE crawl_runs ADD COLUMN timezone TEXT;
        ALTER TABLE crawl_runs ADD COLUMN site_name TEXT;
"""


M009_PUBLISHED_SOURCE = """
        -- Where the published date was found (json-ld, meta, time, url, text, script, selector,
        -- listing) and how much of the moment the page stated (minute, hour, day, month, year).
        ALTER TABLE articles ADD COLUMN published_source TEXT;
        ALTER TABLE articles ADD COLUMN published_precision TEXT;
"""


def m010_article_identity(conn: sqlite3.Connection) -> None:
    """One row per article whatever the spelling of its URL: ``articles.key`` (``article_key``:
    no scheme, ``www.``, port, tracking parameters, AMP/print marker; one percent-encoding),
    unique, and ``article_urls``, every URL an article was seen under, by key (what the crawl's
    "already archived?" asks). Rows the key makes duplicates are merged, keeping every revision
    (``archive/merge.py``)."""
    from newscrawler.archive.merge import fill_keys, merge_duplicates

    conn.execute("ALTER TABLE articles ADD COLUMN key TEXT")
    conn.execute(
        "CREATE TABLE article_urls ("
        " url TEXT PRIMARY KEY,"  # as fetched or named canonical, cleaned
        " key TEXT NOT NULL,"  # article_key(url)
        " article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
        " first_seen TEXT)"
    )
    conn.execute("CREATE INDEX article_urls_key ON article_urls (key)")
    conn.execute("CREATE INDEX article_urls_article ON article_urls (article_id)")
    fill_keys(conn)
    merge_duplicates(conn)
    conn.execute("CREATE UNIQUE INDEX articles_key ON articles (key)")


M011_PENDING_LINKS = """
        -- Article links a run saw but could not archive (5xx after the retries, a timeout, a
        -- dropped connection, a page that could not be read): asked for again by the next
        -- runs of the site until archived or given up (NEWSCRAWLER_PENDING_MAX_TRIES/_DAYS).
        CREATE TABLE pending_links (
            key TEXT PRIMARY KEY,              -- article_key(url)
            url TEXT NOT NULL,
            site TEXT,                         -- the run's site (crawl_runs.site)
            section TEXT,                      -- what the listing said
            published_hint TEXT,
            reason TEXT,                       -- why the last try failed
            tries INTEGER NOT NULL DEFAULT 1,  -- runs in which it failed
            first_failed TEXT NOT NULL,
            last_failed TEXT NOT NULL,
            run_id INTEGER,                    -- the last run that tried it
            given_up_run INTEGER               -- set when a run gave up on it: not asked again
        );
        CREATE INDEX pending_links_site ON pending_links (site, given_up_run);
        ALTER TABLE crawl_runs ADD COLUMN links_pending INTEGER DEFAULT 0;   -- left for the next run
        ALTER TABLE crawl_runs ADD COLUMN links_given_up INTEGER DEFAULT 0;  -- given up by this run
"""


def m012_stories(conn: sqlite3.Connection) -> None:
    """Stories of copies (``archive/stories.py``): ``articles.story``, ``stories``, and the
    signatures and LSH bands that find an article's copies; filled for the archived articles."""
    from newscrawler.archive.stories import migrate_stories

    migrate_stories(conn)


# An article whose page has a headline, a date and a section but no text is kept, flagged.
M013_BODY_MISSING = """
        ALTER TABLE articles ADD COLUMN body_missing INTEGER NOT NULL DEFAULT 0;
"""


# (name, SQL script or function of the connection). Append only: a released migration is
# never edited in a way that changes the schema it leaves (see m005 for the one edit made).
MIGRATIONS: list[tuple[str, str | Callable[[sqlite3.Connection], None]]] = [
    ("001_initial", M001_INITIAL),
    ("002_pages_revisions_tags", M002_PAGES_REVISIONS_TAGS),
    ("003_run_details", M003_RUN_DETAILS),
    ("004_fetched_url_index", M004_FETCHED_URL_INDEX),
    ("005_stemmed_fts", m005_stemmed_fts),
    ("006_browsing_views", M006_BROWSING_VIEWS),
    ("007_stem_only_body_index", m007_stem_only_body_index),
    ("008_page_hints", M008_PAGE_HINTS),
    ("009_published_source", M009_PUBLISHED_SOURCE),
    ("010_article_identity", m010_article_identity),
    ("011_pending_links", M011_PENDING_LINKS),
    ("012_stories", m012_stories),
    ("013_body_missing", M013_BODY_MISSING),
]

SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def pending(db: sqlite_utils.Database) -> list[str]:
    done = schema_version(db)
    return [name for name, _ in MIGRATIONS[done:]]


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply the migrations this archive lacks; return their names.

    All of them run in one write transaction (``BEGIN IMMEDIATE``) that reads the version
    inside it: processes opening one archive at once (cron starting several crawls) wait for
    each other within the busy timeout, and the later ones find nothing left to do. A process
    killed midway leaves the archive as it was.
    """
    if schema_version(db) >= SCHEMA_VERSION:  # the usual case: no write lock taken
        return []
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    applied = []
    try:
        done = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(
            "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        for index, (name, script) in enumerate(MIGRATIONS, start=1):
            if index <= done:
                continue
            if callable(script):
                script(conn)
            else:
                run_script(conn, script)
            conn.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", [name, stamp])
            conn.execute(f"PRAGMA user_version = {index}")
            applied.append(name)
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    return applied


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run an SQL script inside the open transaction, one statement at a time
    (``executescript`` would commit it first)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""
    if statement.strip():  # a last statement without its semicolon
        conn.execute(statement)
