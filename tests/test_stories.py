"""Copies and stories: the detector on real Arabic text, the archive on real SQLite files, the
CLI in a subprocess, and the two demo sites crawled over HTTP on loopback."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest

from newscrawler.archive import open_archive
from newscrawler.archive.copies import (
    BANDS,
    LSH_THRESHOLD,
    LSH_WEIGHTS,
    NUM_PERM,
    ROWS,
    body_words,
    is_copy,
    signature,
)
from newscrawler.archive.export import export_jsonl
from newscrawler.archive.filters import ArticleFilter
from newscrawler.archive.migrations import MIGRATIONS
from newscrawler.archive.search import search
from newscrawler.archive.store import ArchiveWriter
from newscrawler.archive.stories import list_stories, rebuild_archive
from tests.helpers import make_article, newscrawler

DISPATCH = [
    "أفادت وزارة التجهيز والماء بأن نسبة ملء السدود بالمملكة بلغت إلى غاية صباح اليوم الاثنين "
    "حوالي 23,5 في المائة، مقابل 31,2 في المائة خلال الفترة نفسها من السنة الماضية.",
    "وأوضحت الوزارة، في نشرتها اليومية حول الوضعية الهيدرولوجية، أن الحقينة الإجمالية للسدود "
    "بلغت ما يناهز 3800 مليون متر مكعب، مسجلة تراجعا ملحوظا بسبب ضعف التساقطات المطرية.",
    "وسجل سد الوحدة، أكبر منشأة مائية بالمغرب، نسبة ملء في حدود 41 في المائة، في حين لم تتجاوز "
    "النسبة بسد المسيرة بإقليم سطات ثلاثة في المائة، وهو أدنى مستوى يسجله منذ تشييده.",
    "وكانت الحكومة قد أعلنت عن برنامج استعجالي لتأمين التزود بالماء الصالح للشرب يشمل تسريع "
    "إنجاز محطات تحلية مياه البحر وربط الأحواض المائية ومحاربة الاستعمال غير المعقلن للمياه.",
]
# The same event reported independently: same institutions, dams and figures, other sentences.
OWN_REPORT = [
    "تواصل الوضعية المائية بالمغرب إثارة القلق، بعدما كشفت أرقام رسمية أن السدود لا تتجاوز نسبة "
    "ملئها 23,5 في المائة، في ظل توالي سنوات الجفاف.",
    "ويحذر خبراء في الموارد المائية من أن سد المسيرة، الذي كان يزود الدار البيضاء بجزء مهم من "
    "حاجياتها، أصبح شبه فارغ بعدما نزلت حقينته إلى ثلاثة في المائة.",
    "وفي المقابل، يظل سد الوحدة في وضعية أفضل نسبيا، غير أن المهنيين الفلاحيين بحوض سبو يطالبون "
    "بحصص إضافية من مياه السقي لإنقاذ الموسم.",
    "ويرى متابعون أن محطات تحلية مياه البحر التي أعلنتها الحكومة لن تكون جاهزة قبل سنوات، ما "
    "يفرض ترشيد الاستهلاك على الأسر والمقاولات منذ الآن.",
]


def words(paragraphs: list[str]) -> list[str]:
    return body_words("\n\n".join(paragraphs))


# --- the detector --------------------------------------------------------------------------


def test_band_layout_is_what_datasketch_chooses():
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM, weights=LSH_WEIGHTS)
    assert (lsh.b, lsh.r) == (BANDS, ROWS)


def test_a_republished_dispatch_with_the_usual_edits_is_a_copy():
    with_agency = [f"الرباط (و م ع) - {DISPATCH[0]}", *DISPATCH[1:]]
    edits = {
        "agency line added": (DISPATCH, with_agency),
        "agency line cut": (with_agency, DISPATCH),
        "a paragraph dropped": (DISPATCH, [DISPATCH[0], DISPATCH[1], DISPATCH[3]]),
        "boilerplate around it": (DISPATCH, [*DISPATCH, "تابعوا آخر الأخبار على صفحتنا في فيسبوك."]),
        "diacritics and letter variants": (DISPATCH, [DISPATCH[0].replace("المائة", "المائةِ")
                                                      .replace("إلى", "الى"), *DISPATCH[1:]]),
    }
    for name, (original, paragraphs) in edits.items():
        copy, score = is_copy(words(original), words(paragraphs))
        assert copy, (name, score)
        assert score >= 0.9, name


def test_an_independent_report_of_the_same_event_is_not_a_copy():
    copy, score = is_copy(words(DISPATCH), words(OWN_REPORT))
    assert not copy and score < 0.3


def test_the_same_sentences_in_another_order_among_others_are_not_a_copy():
    """Sites writing from stock sentences share whole sentences, not the text in its order."""
    sentences = " ".join(DISPATCH).split("، ")
    shuffled = sentences[2::3] + sentences[::3] + ["، ".join(OWN_REPORT)]
    copy, _ = is_copy(words(DISPATCH), body_words("، ".join(shuffled)))
    assert not copy


def test_a_short_brief_is_not_a_copy_of_the_long_article_it_starts():
    copy, score = is_copy(words(DISPATCH[:1]), words(DISPATCH + OWN_REPORT))
    assert score == 1.0 and not copy  # all of it is in the long one, which is mostly other text


def test_signatures_of_copies_share_a_band_and_of_other_texts_none():
    a, b = signature(words(DISPATCH)), signature(words([*DISPATCH[:2], *DISPATCH[3:]]))
    c = signature(words(OWN_REPORT))
    assert len(a.bands) == BANDS and len(a.minhash) == 4 * NUM_PERM
    assert set(a.bands) & set(b.bands)
    assert not set(a.bands) & set(c.bands)
    assert signature(body_words("خبر قصير")) is None


# --- the archive ---------------------------------------------------------------------------


def article(n: int, paragraphs: list[str], *, site: str = "127.0.0.1", **changes):
    return make_article(n, url=f"http://{site}/archives/{n}", site=site,
                        body="\n\n".join(paragraphs), **changes)


def store(archive, *articles):
    writer = ArchiveWriter(archive)
    for a in articles:
        writer.add(a)
    writer.flush()


def story_of(archive, n: int, site: str = "127.0.0.1") -> int:
    return archive.conn.execute("SELECT story FROM articles WHERE url = ?",
                                [f"http://{site}/archives/{n}"]).fetchone()[0]


def test_copies_share_a_story_whose_original_is_the_first_published(tmp_path):
    with open_archive(tmp_path / "news.db") as archive:
        # the copy is crawled first, but was published later
        store(archive, article(2, [f"الرباط (و م ع) - {DISPATCH[0]}", *DISPATCH[1:]],
                               site="127.0.0.2", published="2024-03-04T15:00:00+01:00"))
        store(archive, article(1, DISPATCH, published="2024-03-04T13:30:00+00:00"),
              article(3, OWN_REPORT, published="2024-03-04T12:00:00+01:00"))
        story = story_of(archive, 2, "127.0.0.2")
        assert story_of(archive, 1) == story != story_of(archive, 3)
        row = archive.conn.execute("SELECT original, copies, sites, first_published FROM stories "
                                   "WHERE id = ?", [story]).fetchone()
        original = archive.conn.execute("SELECT id FROM articles WHERE url = ?",
                                        ["http://127.0.0.1/archives/1"]).fetchone()[0]
        assert row == (original, 2, 2, "2024-03-04T13:30:00+00:00")
        assert archive.conn.execute("SELECT count(*) FROM articles WHERE story IS NULL").fetchone() == (0,)
        singles = archive.conn.execute("SELECT copies FROM stories WHERE id = ?",
                                       [story_of(archive, 3)]).fetchone()
        assert singles == (1,)
        [told] = list(list_stories(archive.conn))
        assert [c.url for c in told.articles] == ["http://127.0.0.1/archives/1",
                                                  "http://127.0.0.2/archives/2"]
        assert told.articles[1].similarity >= 0.95


def test_story_ids_stay_when_copies_join_and_a_merge_keeps_the_smaller(tmp_path):
    path = tmp_path / "news.db"
    first_half, second_half = DISPATCH[:2], DISPATCH[2:]
    with open_archive(path) as archive:
        store(archive, article(1, first_half + OWN_REPORT[:2]))
        store(archive, article(2, OWN_REPORT[2:] + second_half))
        a, b = story_of(archive, 1), story_of(archive, 2)
        assert a != b
    with open_archive(path) as archive:  # another process: the stored bands find them
        store(archive, article(3, first_half + OWN_REPORT[:2], site="127.0.0.2"))
        assert story_of(archive, 3, "127.0.0.2") == a == story_of(archive, 1)
        # an article holding both texts joins (and merges) both stories
        store(archive, article(4, first_half + OWN_REPORT + second_half, site="127.0.0.3"))
        assert {story_of(archive, n) for n in (1, 2)} == {min(a, b)}
        assert archive.conn.execute("SELECT copies, sites FROM stories WHERE id = ?",
                                    [min(a, b)]).fetchone() == (4, 3)
        assert archive.conn.execute("SELECT count(*) FROM stories WHERE id = ?",
                                    [max(a, b)]).fetchone() == (0,)


def test_a_changed_body_leaves_its_story_and_rebuild_gives_the_same_stories(tmp_path):
    with open_archive(tmp_path / "news.db") as archive:
        store(archive, article(1, DISPATCH), article(2, DISPATCH, site="127.0.0.2"))
        story = story_of(archive, 1)
        store(archive, article(2, OWN_REPORT, site="127.0.0.2"))  # the site replaced the text
        assert story_of(archive, 2, "127.0.0.2") != story == story_of(archive, 1)
        assert archive.conn.execute("SELECT copies FROM stories WHERE id = ?", [story]).fetchone() == (1,)
        before = archive.conn.execute("SELECT url, story FROM articles ORDER BY id").fetchall()
        assert rebuild_archive(archive) == 2
        after = archive.conn.execute("SELECT url, story FROM articles ORDER BY id").fetchall()
        assert len({s for _, s in after}) == len({s for _, s in before}) == 2


def test_the_migration_fills_the_stories_of_an_existing_archive(tmp_path):
    path = tmp_path / "old.db"
    mine = [name for name, _ in MIGRATIONS].index("012_stories")
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for index, (name, script) in enumerate(MIGRATIONS[:mine], start=1):
        script(conn) if callable(script) else conn.executescript(script)
        conn.execute("INSERT INTO _migrations VALUES (?, '2026-01-01')", [name])
        conn.execute(f"PRAGMA user_version = {index}")
    for n, (site, paragraphs) in enumerate([("a.ma", DISPATCH), ("b.ma", DISPATCH[:3]),
                                            ("c.ma", OWN_REPORT)], start=1):
        conn.execute("INSERT INTO articles (url, site, title, body, published) VALUES (?, ?, ?, ?, ?)",
                     [f"http://{site}/{n}", site, "عنوان", "\n\n".join(paragraphs),
                      f"2024-03-0{4 - n}T10:00:00+01:00"])
    conn.commit()
    conn.close()
    with open_archive(path) as archive:
        stories = archive.conn.execute("SELECT url, story FROM articles ORDER BY id").fetchall()
        assert stories[0][1] == stories[1][1] != stories[2][1]
        # b.ma published first: the original, though stored second
        assert archive.conn.execute("SELECT a.url FROM stories s JOIN articles a ON a.id = s.original "
                                    "WHERE s.id = ?", [stories[0][1]]).fetchone() == ("http://b.ma/2",)


def test_export_and_search_keep_one_article_per_story(tmp_path):
    with open_archive(tmp_path / "news.db") as archive:
        store(archive, article(1, DISPATCH, published="2024-03-04T10:00:00+01:00"),
              article(2, DISPATCH[1:], site="127.0.0.2", published="2024-03-04T12:00:00+01:00"),
              article(3, OWN_REPORT))
        out = io.StringIO()
        export_jsonl(archive, out, fields=("url", "story", "copies"), jobs=0)
        lines = [json.loads(line) for line in out.getvalue().splitlines()]
        assert [line["copies"] for line in lines] == [2, 2, 1]
        assert lines[0]["story"] == lines[1]["story"] != lines[2]["story"]
        out = io.StringIO()
        export_jsonl(archive, out, fields=("url",), filters=ArticleFilter(one_per_story=True), jobs=0)
        assert [json.loads(x)["url"] for x in out.getvalue().splitlines()] == [
            "http://127.0.0.1/archives/1", "http://127.0.0.1/archives/3"]
        hits = search(archive, "السدود", filters=ArticleFilter(one_per_story=True))
        assert {h.url for h in hits} == {"http://127.0.0.1/archives/1", "http://127.0.0.1/archives/3"}
        assert len(search(archive, "السدود")) == 3


# --- the command line ----------------------------------------------------------------------


def test_stories_command_lists_copies_rebuilds_and_exports_one_per_story(tmp_path):
    db = tmp_path / "news.db"
    with open_archive(db) as archive:
        store(archive, article(1, DISPATCH), article(2, DISPATCH[:3], site="127.0.0.2"),
              article(3, DISPATCH),  # republished by the same site under a new URL
              article(4, OWN_REPORT))
    listed = newscrawler("stories", "--db", str(db), "--json")
    assert listed.returncode == 0, listed.stderr
    [story] = [json.loads(line) for line in listed.stdout.splitlines()]
    assert story["copies"] == 3 and story["sites"] == 2
    assert [a["site"] for a in story["articles"]][:1] == ["127.0.0.1"]
    text = newscrawler("stories", "--db", str(db), "--min-sites", "3")
    assert text.returncode == 0 and text.stdout == ""
    rebuilt = newscrawler("stories", "--db", str(db), "--rebuild", "--json")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert [json.loads(x)["copies"] for x in rebuilt.stdout.splitlines()] == [3]
    one = newscrawler("export", "--db", str(db), "--one-per-story", "--fields", "url,copies")
    assert [json.loads(x) for x in one.stdout.splitlines()] == [
        {"url": "http://127.0.0.1/archives/1", "copies": 3},
        {"url": "http://127.0.0.1/archives/4", "copies": 1}]
    # the parallel export writes the same bytes
    serial = newscrawler("export", "--db", str(db), "--jobs", "0")
    parallel = newscrawler("export", "--db", str(db), "--jobs", "2")
    assert serial.stdout == parallel.stdout and '"story":' in serial.stdout
    one_parallel = newscrawler("export", "--db", str(db), "--one-per-story", "--fields",
                               "url,copies", "--jobs", "2")
    assert one_parallel.stdout == one.stdout
    missing = newscrawler("stories", "--db", str(tmp_path / "none.db"))
    assert missing.returncode == 3 and "Traceback" not in missing.stderr


# --- the two demo sites --------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory):
    from newscrawler.demo import SECTIONS, serve_demo
    from newscrawler.demo.mirror import LISTING_PATH, serve_mirror

    db = tmp_path_factory.mktemp("stories") / "news.db"
    with serve_demo() as demo, serve_mirror() as mirror:
        for urls in ([demo.url(p) for p in SECTIONS.values()], [mirror.url(LISTING_PATH)]):
            result = newscrawler("crawl", *urls, "--db", str(db), "--max-pages", "0",
                                 "--timezone", "Africa/Casablanca")
            assert result.returncode == 0, result.stderr
        yield db, demo.base_url, mirror.base_url


def test_stories_of_the_two_demo_sites_are_exactly_the_copies(two_sites):
    from newscrawler.demo import articles
    from newscrawler.demo.mirror import copies, mirror_articles

    db, demo_base, mirror_base = two_sites
    result = newscrawler("stories", "--db", str(db), "--json")
    assert result.returncode == 0, result.stderr
    found = {frozenset(a["url"] for a in json.loads(line)["articles"])
             for line in result.stdout.splitlines()}
    paths = {a["id"]: a["path"] for a in articles()}
    expected: dict[int, set[str]] = {}
    for path, source in copies().items():
        expected.setdefault(source, {demo_base + paths[source]}).add(mirror_base + path)
    assert found == {frozenset(urls) for urls in expected.values()}
    for line in result.stdout.splitlines():  # the demo site published first: the original
        story = json.loads(line)
        assert story["articles"][0]["url"].startswith(demo_base)
    two = newscrawler("stories", "--db", str(db), "--json", "--min-sites", "2")
    assert len(two.stdout.splitlines()) == len(expected)

    everything = newscrawler("export", "--db", str(db), "--fields", "url")
    one = newscrawler("export", "--db", str(db), "--fields", "url", "--one-per-story")
    assert everything.returncode == one.returncode == 0
    all_urls = {json.loads(x)["url"] for x in everything.stdout.splitlines()}
    kept = {json.loads(x)["url"] for x in one.stdout.splitlines()}
    assert len(all_urls) == len(articles()) + len(mirror_articles())
    assert all_urls - kept == {mirror_base + path for path in copies()}


def test_an_article_deleted_by_hand_leaves_its_story_recounted(tmp_path):
    with open_archive(tmp_path / "news.db") as archive:
        store(archive, article(1, DISPATCH, published="2024-03-04T10:00:00+01:00"),
              article(2, DISPATCH, site="127.0.0.2", published="2024-03-04T12:00:00+01:00"),
              article(3, OWN_REPORT))
        story, lone = story_of(archive, 1), story_of(archive, 3)
        with archive.conn:
            archive.conn.execute("DELETE FROM articles WHERE url = 'http://127.0.0.1/archives/1'")
            archive.conn.execute("DELETE FROM articles WHERE url = 'http://127.0.0.1/archives/3'")
        copy = archive.conn.execute("SELECT id FROM articles WHERE site = '127.0.0.2'").fetchone()[0]
        assert archive.conn.execute("SELECT original, copies, sites, first_published FROM stories "
                                    "WHERE id = ?", [story]).fetchone() == (
            copy, 1, 1, "2024-03-04T12:00:00+01:00")
        assert archive.conn.execute("SELECT count(*) FROM stories WHERE id = ?", [lone]).fetchone() == (0,)
        store(archive, article(1, DISPATCH[:3]))  # stored again: joins the story left
        assert story_of(archive, 1) == story


def test_reparse_recomputes_the_stories(two_sites, tmp_path):
    import shutil

    from newscrawler.demo.mirror import copies

    source, _, mirror_base = two_sites
    db = tmp_path / "news.db"
    for suffix in ("", "-wal"):
        if Path(f"{source}{suffix}").exists():
            shutil.copy(f"{source}{suffix}", f"{db}{suffix}")
    copy_url = mirror_base + next(iter(copies()))
    with sqlite3.connect(db) as conn:  # a copy's text lost (as by an old extractor's bug)
        conn.execute("UPDATE articles SET body = 'نص آخر لا علاقة له بالخبر الأصلي ولا بغيره', "
                     "content_hash = 'an older version' WHERE url = ?", [copy_url])
    rebuilt = newscrawler("stories", "--db", str(db), "--rebuild", "--json")
    assert copy_url not in rebuilt.stdout
    result = newscrawler("reparse", "--db", str(db))
    assert result.returncode == 0, result.stderr
    listed = newscrawler("stories", "--db", str(db), "--json")
    assert copy_url in listed.stdout
    assert len(listed.stdout.splitlines()) == len(copies()) - 1  # two copies of one article


def test_a_huge_repetitive_body_is_compared_in_bounded_time():
    """Only the first MAX_WORDS words are aligned (no timing asserted: the test would hang)."""
    from newscrawler.archive.copies import MAX_WORDS

    table = ("الرباط 12 الدار البيضاء 15 فاس 9 " * 20_000).split()
    copy, score = is_copy(table, table[:-5])
    assert copy and score == 1.0 and len(table) > 10 * MAX_WORDS
