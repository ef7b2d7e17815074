"""The archive on real SQLite files: migrations, idempotent upserts, authors, search, export."""

from __future__ import annotations

import io
import json
import sqlite3

import pytest

from newscrawler.archive import ArchiveError, open_archive
from newscrawler.archive.export import export_jsonl
from newscrawler.archive.migrations import MIGRATIONS, SCHEMA_VERSION
from newscrawler.archive.rows import stored_url, unpack_body
from newscrawler.archive.search import SearchError, search
from newscrawler.archive.store import ArchiveWriter
from newscrawler.items import Author
from tests.helpers import make_article  # also imported from here by older test modules


@pytest.fixture
def archive(tmp_path):
    with open_archive(tmp_path / "news.db") as archive:
        yield archive


def test_new_archive_is_migrated_and_in_wal_mode(tmp_path):
    path = tmp_path / "sub" / "news.db"
    with open_archive(path) as archive:
        assert archive.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert archive.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        names = [r[0] for r in archive.conn.execute("SELECT name FROM _migrations")]
        assert names == [name for name, _ in MIGRATIONS]
    # opening again applies nothing twice
    with open_archive(path) as archive:
        assert archive.conn.execute("SELECT count(*) FROM _migrations").fetchone()[0] == len(MIGRATIONS)


def test_an_archive_of_version_one_is_upgraded_with_its_tags(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0][1])
    conn.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    conn.execute("INSERT INTO _migrations VALUES ('001_initial', '2026-01-01')")
    conn.execute("INSERT INTO articles (url, title, tags) VALUES ('http://x/1', 't', '[\"فاس\", \"التعليم\"]')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with open_archive(path) as archive:
        assert archive.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tags = archive.conn.execute(
            "SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id ORDER BY t.name"
        ).fetchall()
        assert [t[0] for t in tags] == ["التعليم", "فاس"]


def test_an_archive_upgraded_from_before_the_stemmed_index_is_searchable(tmp_path):
    # m005 makes the stemmed index's table without filling it; m007, always run after it,
    # indexes every article: an upgraded archive finds its old articles.
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, script in MIGRATIONS[:4]:
        conn.executescript(script)
        conn.execute("INSERT INTO _migrations VALUES (?, '2026-01-01')", [name])
    conn.execute("INSERT INTO articles (url, title, body) VALUES "
                 "('http://x/1', 'مركز لمحاربة الأمية', 'وقال المسؤول إن المركز سيستقبل المتعلمين.')")
    conn.execute("INSERT INTO articles_fts (rowid, title, body) SELECT id, title, body FROM articles")
    conn.execute("PRAGMA user_version = 4")
    conn.commit()
    conn.close()
    with open_archive(path) as archive:
        assert archive.count("articles_fts") == 1
        assert [h.url for h in search(archive, "الامية")] == ["http://x/1"]
        assert [h.url for h in search(archive, "المتعلمين")] == ["http://x/1"]


def test_archive_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "news.db"
    open_archive(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(ArchiveError, match="newer newscrawler"):
        open_archive(path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "news.db"
    path.write_text("hello, I am not SQLite" * 100)
    with pytest.raises(ArchiveError, match="not a newscrawler archive"):
        open_archive(path)


def test_unwritable_path_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ArchiveError, match="cannot create the folder"):
        open_archive(blocker / "news.db")
    with pytest.raises(ArchiveError, match="is a folder"):
        open_archive(tmp_path)


def test_recrawl_updates_in_place_and_never_duplicates(archive):
    writer = ArchiveWriter(archive, batch_size=3)
    for n in range(5):
        writer.add(make_article(n))
    assert writer.flush().new == 2  # 3 were flushed by the batch, 2 now
    assert writer.counts.new == 5
    for n in range(5):
        writer.add(make_article(n))
    writer.add(make_article(1, body="نص جديد بعد التحديث.\n\nفقرة ثانية."))
    writer.flush()
    assert archive.count("articles") == 5
    assert (writer.counts.new, writer.counts.unchanged, writer.counts.updated) == (5, 5, 1)
    row = archive.conn.execute("SELECT body FROM articles WHERE url LIKE '%/1'").fetchone()
    assert row[0].startswith("نص جديد")
    assert archive.count("articles_fts") == 5


def test_a_changed_article_keeps_its_earlier_version_and_pages_dedupe(archive):
    from newscrawler.items import FetchedPage

    writer = ArchiveWriter(archive)
    page = FetchedPage(url="http://127.0.0.1:9/archives/1", status=200, headers={"ETag": '"a"'},
                       body="<html>نص</html>".encode(), fetched_at="2026-01-01T00:00:00+00:00")
    writer.add_page(page)
    writer.add(make_article(1))
    writer.flush()
    writer.add_page(page)  # fetched again, same bytes
    writer.add(make_article(1, title="عنوان معدل"))
    writer.flush()
    (title, revision_title), = archive.conn.execute(
        "SELECT a.title, r.title FROM articles a JOIN revisions r ON r.article_id = a.id"
    ).fetchall()
    assert title == "عنوان معدل" and revision_title.startswith("افتتاح مركز")
    assert archive.count("pages") == 1
    body = archive.conn.execute("SELECT body FROM pages").fetchone()[0]
    assert unpack_body(body) == page.body


def test_raw_pages_are_stored_as_zstd_and_zlib_pages_of_earlier_versions_still_read(archive):
    import zlib

    from newscrawler.archive.reparse import reparse
    from newscrawler.archive.warc import iter_pages
    from newscrawler.cli.reparse import page_reader
    from newscrawler.items import FetchedPage

    html = ("<html><head><title>افتتاح مركز</title></head><body><h1>افتتاح مركز جديد</h1>"
            + "<p>أعلنت السلطات المحلية عن افتتاح مركز جديد لمحاربة الأمية في المدينة.</p>" * 20
            + "</body></html>").encode()
    page = FetchedPage(url="http://127.0.0.1:9/archives/1", status=200, headers={},
                       body=html, fetched_at="2026-01-01T00:00:00+00:00")
    writer = ArchiveWriter(archive)
    writer.add_page(page)
    writer.add(make_article(1))
    writer.flush()
    stored = archive.conn.execute("SELECT body FROM pages").fetchone()[0]
    assert stored[:4] == b"\x28\xb5\x2f\xfd" and len(stored) < len(html) / 3  # zstd
    assert [body for *_, body, _ in iter_pages(archive)] == [html]
    with archive.conn:  # as an earlier version stored it
        archive.conn.execute("UPDATE pages SET body = ?", [zlib.compress(html, 1)])
    assert [body for *_, body, _ in iter_pages(archive)] == [html]
    report = reparse(archive, page_reader({}, None, None), dry_run=True)
    assert report.examined == 1 and report.failed == 0
    assert unpack_body(None) == unpack_body(b"") == b""


def test_a_change_in_tags_summary_or_image_alone_is_an_update(archive):
    writer = ArchiveWriter(archive)
    writer.add(make_article(1, tags=["فاس"]))
    writer.flush()
    for change in ({"tags": ["فاس", "التعليم"]}, {"summary": "ملخص جديد"}, {"image": "http://x/1.jpg"}):
        writer.add(make_article(1, **{"tags": ["فاس", "التعليم"], **change}))
        writer.flush()
    assert (writer.counts.new, writer.counts.updated) == (1, 3)
    tags = archive.conn.execute("SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id").fetchall()
    assert sorted(t for (t,) in tags) == ["التعليم", "فاس"]


def test_an_article_stored_under_the_first_hash_is_not_a_new_version_when_crawled_again(archive):
    """The first versions hashed title, body, dates, section and authors only. Crawled again
    with the same text, such a row is brought up to date in place (its tags too): no revision,
    counted unchanged; from then on it has the full hash."""
    from newscrawler.archive.rows import content_hash, first_content_hash

    writer = ArchiveWriter(archive)
    old = make_article(1, tags=["فاس"])
    writer.add(old)
    writer.flush()
    with archive.conn:  # as a first version stored it
        archive.conn.execute("UPDATE articles SET content_hash = ?", [first_content_hash(old)])
    again = make_article(1, tags=["فاس", "التعليم"], summary="ملخص")
    writer.add(again)
    writer.flush()
    assert (writer.counts.new, writer.counts.updated, writer.counts.unchanged) == (1, 0, 1)
    assert archive.count("revisions") == 0
    (stored, summary), = archive.conn.execute("SELECT content_hash, summary FROM articles").fetchall()
    assert stored == content_hash(again) and summary == "ملخص"
    tags = archive.conn.execute("SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id").fetchall()
    assert sorted(t for (t,) in tags) == ["التعليم", "فاس"]
    writer.add(make_article(1, tags=["فاس", "التعليم"], summary="ملخص", body="نص آخر تماما."))
    writer.flush()
    assert writer.counts.updated == 1 and archive.count("revisions") == 1  # a real change still is


def test_canonical_url_is_the_key_unless_it_points_at_the_home_page():
    a = make_article(1, url="http://ex.ma/archives/1?utm_source=x", canonical_url="http://ex.ma/archives/1")
    assert stored_url(a) == "http://ex.ma/archives/1"
    b = make_article(1, url="http://ex.ma/archives/1", canonical_url="http://ex.ma/")
    assert stored_url(b) == "http://ex.ma/archives/1"
    c = make_article(1, url="http://ex.ma/archives/1", canonical_url="http://other.com/x")
    assert stored_url(c) == "http://ex.ma/archives/1"


def test_one_author_row_per_person_across_spellings(archive):
    writer = ArchiveWriter(archive)
    writer.add(make_article(1, authors=[Author("عبد الله الأحمدي", "كتب: عبد الله الأحمدي")]))
    writer.add(make_article(2, authors=[Author("عبدالله الاحمدي", "عبدالله الاحمدي")]))
    writer.add(make_article(3, authors=[Author("عبد الله الأحمدي"), Author("و.م.ع", kind="organization")]))
    writer.flush()
    people = archive.conn.execute("SELECT count(*) FROM authors WHERE kind='person'").fetchone()[0]
    orgs = archive.conn.execute("SELECT count(*) FROM authors WHERE kind='organization'").fetchone()[0]
    links = archive.conn.execute("SELECT count(*) FROM article_authors").fetchone()[0]
    assert (people, orgs, links) == (1, 1, 4)


def test_search_folds_diacritics_and_letter_variants(archive):
    writer = ArchiveWriter(archive)
    writer.add(make_article(1, title="الحكومة تُطلق برنامجاً لمحاربة الأمّية في القرى"))
    writer.add(make_article(2, title="مباراة كرة القدم تنتهي بالتعادل", body="انتهت المباراة.\n\nبدون أهداف."))
    writer.flush()
    assert [h.id for h in search(archive, "الامية")] == [1]
    assert [h.id for h in search(archive, "الحكومه")] == [1]
    assert [h.id for h in search(archive, "تطلق")] == [1]
    hit = search(archive, "المباراة")[0]
    assert "[المباراة.]" in hit.snippet or "[المباراة" in hit.snippet


@pytest.mark.parametrize("query", ['"', "AND OR NOT", "title:x", "a*b)(", "'; DROP TABLE articles; --", "NEAR(", "^"])
def test_hostile_queries_give_results_or_a_clear_error(archive, query):
    writer = ArchiveWriter(archive)
    writer.add(make_article(1))
    writer.flush()
    try:
        search(archive, query)
    except SearchError as e:
        assert "give at least one word" in str(e)
    assert archive.count("articles") == 1


def test_export_writes_one_valid_line_per_article(archive):
    writer = ArchiveWriter(archive)
    for n in range(7):
        writer.add(make_article(n))
    writer.flush()
    out = io.StringIO()
    assert export_jsonl(archive, out) == 7
    lines = out.getvalue().splitlines()
    assert len(lines) == 7
    record = json.loads(lines[0])
    assert record["authors"] == [{"name": "مصطفى قسيوي", "kind": "person"}]
    assert "افتتاح" in lines[0]  # Arabic unescaped
