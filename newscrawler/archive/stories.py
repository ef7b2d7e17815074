"""Stories: every article with its copies (``archive/copies.py``), kept as articles are stored.

Each article has a story (``articles.story``); a ``stories`` row says which copy came first
(``original``: the earliest ``published``, then ``first_seen``), how many copies and sites it
has. Placing a new article costs ``copies.BANDS`` index lookups in ``story_bands`` and a check
of the few candidates found, never a scan: the MinHash signatures and their band keys are
stored beside the rows, so a later crawl, in another process, finds the copies of the articles
stored before without rebuilding anything in memory.

A story id never changes while the story grows; when an article joins two stories, they merge
into the one with the smaller id. An article whose body changes leaves its story and is placed
again (a story it held together is not split until ``rebuild``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from newscrawler.archive.copies import Signature, bands_of, body_words, is_copy, signature

MAX_CANDIDATES = 30
"""Most candidates checked for one article (those sharing the most bands first)."""
MAX_CHECKS_PER_STORY = 3
"""Members of one story checked before giving up on it (one match is enough to join)."""

SCHEMA = """
        ALTER TABLE articles ADD COLUMN story INTEGER;     -- stories.id
        CREATE INDEX articles_story ON articles (story);
        CREATE TABLE stories (
            id INTEGER PRIMARY KEY,
            original INTEGER REFERENCES articles(id) ON DELETE SET NULL,  -- first published copy
            copies INTEGER,                                 -- articles in the story
            sites INTEGER,                                  -- distinct sites among them
            first_published TEXT                            -- the original's published
        );
        -- MinHash of each article's body (copies.NUM_PERM little-endian uint32)
        CREATE TABLE story_signatures (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            minhash BLOB NOT NULL
        );
        -- LSH band keys: articles sharing a key are candidate copies
        CREATE TABLE story_bands (
            key INTEGER NOT NULL,
            article_id INTEGER NOT NULL,
            PRIMARY KEY (key, article_id)
        ) WITHOUT ROWID;
        -- An article deleted by hand leaves its story recounted (its bands stay, unread: a
        -- candidate is joined to its row)
        CREATE TRIGGER articles_leave_story AFTER DELETE ON articles
        WHEN old.story IS NOT NULL BEGIN
            UPDATE stories SET
                copies = (SELECT count(*) FROM articles WHERE story = old.story),
                sites = (SELECT count(DISTINCT site) FROM articles WHERE story = old.story),
                original = (SELECT id FROM articles WHERE story = old.story
                            ORDER BY julianday(published) IS NULL, julianday(published),
                                     first_seen, id LIMIT 1)
            WHERE id = old.story;
            UPDATE stories SET first_published = (SELECT published FROM articles WHERE id = original)
            WHERE id = old.story;
            DELETE FROM stories WHERE id = old.story AND copies = 0;
        END
"""


@dataclass
class Placement:
    """What placing an article found: its story and the copies it was matched with."""

    story: int
    matched: list[tuple[int, float]]  # (article id, similarity)


_UNSET = object()


def place(conn: sqlite3.Connection, article_id: int, body: str | None,
          sig: Signature | None | object = _UNSET, *, new: bool = False,
          published: str | None = None) -> Placement:
    """Put a stored (new or changed) article into its story; call inside the write's
    transaction. ``sig`` is ``copies.signature`` of the body when it was computed beforehand
    (by an extraction worker). ``new``: the row was just inserted (with ``published``), so it
    has no story to leave yet, and a story of its own needs no recount."""
    if sig is _UNSET:
        sig = signature(body_words(body))
    freed = None if new else _leave(conn, article_id)
    matched: list[tuple[int, float]] = []
    stories: set[int] = set()
    if sig is not None:
        stories, matched = _find(conn, article_id, body, sig)
    if stories:
        story = min(stories)
        others = sorted(stories - {story})
        if others:
            marks = ",".join("?" for _ in others)
            conn.execute(f"UPDATE articles SET story = ? WHERE story IN ({marks})", [story, *others])
            conn.execute(f"DELETE FROM stories WHERE id IN ({marks})", others)
    elif new:
        story = conn.execute("INSERT INTO stories (original, copies, sites, first_published) "
                             "VALUES (?, 1, 1, ?)", [article_id, published]).lastrowid
    else:
        story = conn.execute("INSERT INTO stories (id) VALUES (?)", [freed]).lastrowid
    conn.execute("UPDATE articles SET story = ? WHERE id = ?", [story, article_id])
    if sig is not None:
        conn.execute("INSERT INTO story_signatures (article_id, minhash) VALUES (?, ?)",
                     [article_id, sig.minhash])
        conn.executemany("INSERT OR IGNORE INTO story_bands (key, article_id) VALUES (?, ?)",
                         [(key, article_id) for key in sig.bands])
    if stories or not new:
        refresh(conn, story)
    return Placement(story, matched)


def _leave(conn: sqlite3.Connection, article_id: int) -> int | None:
    """Take an article out of its story and the index; the story id when that left it empty."""
    row = conn.execute("SELECT minhash FROM story_signatures WHERE article_id = ?",
                       [article_id]).fetchone()
    if row is not None:
        conn.executemany("DELETE FROM story_bands WHERE key = ? AND article_id = ?",
                         [(key, article_id) for key in bands_of(row[0])])
        conn.execute("DELETE FROM story_signatures WHERE article_id = ?", [article_id])
    story = conn.execute("SELECT story FROM articles WHERE id = ?", [article_id]).fetchone()
    if not story or story[0] is None:
        return None
    conn.execute("UPDATE articles SET story = NULL WHERE id = ?", [article_id])
    if refresh(conn, story[0]):
        return None
    return story[0]


def _find(conn: sqlite3.Connection, article_id: int, body: str | None,
          sig: Signature) -> tuple[set[int], list[tuple[int, float]]]:
    """The stories holding a verified copy of ``body``, and the copies checked true."""
    candidates = conn.execute(
        "SELECT b.article_id, a.story, a.body FROM ("
        "  SELECT article_id, count(*) AS shared FROM story_bands"
        "  WHERE key IN (SELECT value FROM json_each(?)) AND article_id != ?"
        "  GROUP BY article_id ORDER BY shared DESC, article_id LIMIT ?) AS b "
        "JOIN articles a ON a.id = b.article_id ORDER BY b.shared DESC, b.article_id",
        [json.dumps(sig.bands), article_id, MAX_CANDIDATES],
    ).fetchall()
    found: set[int] = set()
    checks: dict[int, int] = {}
    matched = []
    words = body_words(body) if candidates else []
    for other, story, other_body in candidates:
        if story is None or story in found or checks.get(story, 0) >= MAX_CHECKS_PER_STORY:
            continue
        checks[story] = checks.get(story, 0) + 1
        copy, score = is_copy(words, body_words(other_body))
        if copy:
            found.add(story)
            matched.append((other, round(score, 3)))
    return found, matched


def _moment(published: str | None) -> datetime | None:
    if not published:
        return None
    try:
        moment = datetime.fromisoformat(published)
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def original_key(published: str | None, first_seen: str | None, article_id: int) -> tuple:
    """Sort key of a story's copies: the earliest published first (undated last), then the
    first stored."""
    moment = _moment(published)
    return (moment is None, moment or datetime.min.replace(tzinfo=UTC), first_seen or "", article_id)


def refresh(conn: sqlite3.Connection, story: int) -> bool:
    """Recount a story from its articles; delete it when none is left (returns False then)."""
    rows = conn.execute("SELECT id, site, published, first_seen FROM articles WHERE story = ?",
                        [story]).fetchall()
    if not rows:
        conn.execute("DELETE FROM stories WHERE id = ?", [story])
        return False
    first = min(rows, key=lambda r: original_key(r[2], r[3], r[0]))
    conn.execute(
        "UPDATE stories SET original = ?, copies = ?, sites = ?, first_published = ? WHERE id = ?",
        [first[0], len(rows), len({r[1] for r in rows}), first[2], story])
    return True


def rebuild(conn: sqlite3.Connection, *, progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute every story from the bodies (inside the caller's transaction); return the
    number of articles placed. Articles are placed oldest first, so story ids follow them."""
    conn.execute("DELETE FROM story_bands")
    conn.execute("DELETE FROM story_signatures")
    conn.execute("UPDATE articles SET story = NULL WHERE story IS NOT NULL")
    conn.execute("DELETE FROM stories")
    ids = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")]
    done = 0
    for start in range(0, len(ids), 1000):
        chunk = ids[start:start + 1000]
        rows = {r[0]: r[1:] for r in conn.execute(
            "SELECT id, body, published FROM articles WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(chunk)])}
        for article_id in chunk:
            body, published = rows[article_id]
            place(conn, article_id, body, new=True, published=published)
        done += len(chunk)
        if progress is not None:
            progress(done, len(ids))
    return done


def migrate_stories(conn: sqlite3.Connection) -> None:
    """Migration: the story tables, filled for the articles already archived."""
    tables, trigger = SCHEMA.split("        -- An article deleted")
    for statement in tables.split(";"):  # not executescript: it would commit the migration's
        if statement.strip():            # transaction first
            conn.execute(statement)
    conn.execute("        -- An article deleted" + trigger)
    rebuild(conn)


@dataclass
class Copy:
    id: int
    site: str | None
    url: str
    title: str | None
    published: str | None
    similarity: float  # to the original (1.0 for the original itself)


@dataclass
class Story:
    id: int
    original: int
    copies: int
    sites: int
    first_published: str | None
    articles: list[Copy]


def list_stories(conn: sqlite3.Connection, *, min_copies: int = 2, min_sites: int = 1,
                 limit: int | None = None) -> Iterator[Story]:
    """Stories with at least ``min_copies`` articles on ``min_sites`` sites, newest first, each
    with its copies (the original first) and their similarity to the original."""
    rows = conn.execute(
        "SELECT id, original, copies, sites, first_published FROM stories "
        "WHERE copies >= ? AND sites >= ? ORDER BY first_published DESC, id DESC LIMIT ?",
        [min_copies, min_sites, -1 if limit is None else limit]).fetchall()
    for story_id, original, copies, sites, first_published in rows:
        members = conn.execute(
            "SELECT id, site, url, title, published, first_seen, body FROM articles "
            "WHERE story = ?", [story_id]).fetchall()
        members.sort(key=lambda r: (r[0] != original, original_key(r[4], r[5], r[0])))
        base = body_words(members[0][6])
        articles = [
            Copy(r[0], r[1], r[2], r[3], r[4],
                 1.0 if r[0] == original else round(is_copy(base, body_words(r[6]))[1], 3))
            for r in members
        ]
        yield Story(story_id, original, copies, sites, first_published, articles)


def rebuild_archive(archive, *, progress: Callable[[int, int], None] | None = None) -> int:
    """``rebuild`` in one transaction of its own (all or nothing)."""
    conn = archive.conn
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        return rebuild(conn, progress=progress)
