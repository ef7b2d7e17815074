"""Search on real archives: normalization, light stemming, phrases, filters, hostile input."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscrawler.archive import open_archive
from newscrawler.archive import search as search_module
from newscrawler.archive.filters import ArticleFilter
from newscrawler.archive.fts import stemmed_text
from newscrawler.archive.search import SearchError, search
from newscrawler.archive.store import ArchiveWriter
from newscrawler.items import Author
from newscrawler.normalize.stem import light_stem, stem_forms, stem_words
from newscrawler.normalize.text import normalize_arabic
from tests.helpers import make_article, newscrawler

BODIES = {
    1: "تحدث التقرير عن الاتجار بالبشر في المنطقة.",
    2: "دعت الجمعية إلى مكافحة والاتجار بالأعضاء.",
    3: "تخصيص ميزانية للاتجار المشروع في السلع.",
    4: "عقوبات مشددة بالاتجار في المخدرات.",
    5: "افتتاح مكتبة جديدة في المدينة القديمة.",
    6: "المُعَلِّمُونَ يطالبون بتحسين أوضاع المدرسة.",
}


@pytest.fixture
def archive(tmp_path):
    with open_archive(tmp_path / "news.db") as archive:
        writer = ArchiveWriter(archive)
        for n, body in BODIES.items():
            writer.add(make_article(
                n, title=f"خبر رقم {n}", body=body,
                section="مجتمع" if n % 2 else "اقتصاد",
                published=f"2023-0{n}-10T09:00:00+01:00",
                authors=[Author(name="عبد الله العلمي" if n < 4 else "سناء بنعلي", raw="")],
            ))
        writer.flush()
        yield archive


def ids(archive, query, **filters):
    return sorted(h.id for h in search(archive, query, filters=ArticleFilter(**filters)))


@pytest.mark.parametrize("word", ["الاتجار", "والاتجار", "للاتجار", "بالاتجار", "اتجار"])
def test_every_clitic_form_finds_every_other(archive, word):
    assert ids(archive, word) == [1, 2, 3, 4]


WAW_BODIES = {
    1: "أعلنت الوزارة عن برنامج جديد للتعليم.",
    2: "قالت وزارة الصحة إن الوضع مستقر.",
    3: "وأكد مسؤول بالوزارة أن البرنامج سيبدأ.",
    4: "استقبل الوزير الوفد في مكتبه.",
    5: "وقال وزير التعليم إن الامتحانات في موعدها.",
    6: "نشرت الوكالة تقريرا، ثم نقلت وكالة أخرى الخبر.",
}


@pytest.mark.parametrize(("query", "expected"), [
    ("وزارة", [1, 2, 3]), ("الوزارة", [1, 2, 3]), ("بالوزارة", [1, 2, 3]), ("ووزارة", [1, 2, 3]),
    ("وزير", [4, 5]), ("الوزير", [4, 5]), ("وكالة", [6]), ("الوكالة", [6]), ("قال", [5]),
])
def test_a_word_that_begins_with_waw_is_found_with_and_without_the_article(tmp_path, query, expected):
    """The index strips a leading و as "and" when no article precedes it (وزارة -> زار) and
    keeps it after one (الوزارة -> وزار): a query looks for both (``stem_forms``)."""
    with open_archive(tmp_path / "waw.db") as archive:
        writer = ArchiveWriter(archive)
        for n, body in WAW_BODIES.items():
            writer.add(make_article(n, title=f"خبر رقم {n}", body=body))
        writer.flush()
        hits = search(archive, query)
        assert sorted(h.id for h in hits) == expected
        assert all("[" in h.snippet for h in hits)  # the form found is highlighted


def test_stem_forms():
    assert stem_forms("الاتجار") == ("اتجار",)  # no و: one form
    assert set(stem_forms("وزاره")) == set(stem_forms("الوزاره")) == {"زار", "وزار"}
    assert stem_forms("وزير")[0] == light_stem("وزير")  # its own stem first
    assert stem_forms("و") == ("و",) and stem_forms("news") == ("news",)


def test_stemmer_is_light():
    assert {light_stem(w) for w in ("الاتجار", "والاتجار", "للاتجار", "بالاتجار")} == {"اتجار"}
    # a letter that looks like a proclitic but belongs to the word stays
    for word in ("بشر", "كتاب", "لبنان", "فلسطين"):
        assert light_stem(word)[0] == word[0]
    assert light_stem("المعلمون") == light_stem("المعلمين") == "معلم"


def test_query_without_diacritics_finds_text_with_them_and_letter_variants_fold(archive):
    assert ids(archive, "المعلمون") == [6]
    assert ids(archive, "المدرسه") == [6]  # ة/ه
    assert ids(archive, "المدينه القديمه") == [5]
    assert ids(archive, "إفتتاح") == [5]  # أ/إ/ا


def test_phrase_matches_exactly_and_exclusion_or_work(archive):
    assert ids(archive, '"الاتجار بالبشر"') == [1]
    assert ids(archive, '"بالبشر الاتجار"') == []
    assert ids(archive, "الاتجار -المخدرات") == [1, 2, 3]
    assert ids(archive, "مكتبة OR المخدرات") == [4, 5]


def test_exact_form_ranks_before_other_forms(archive):
    assert search(archive, "بالاتجار")[0].id == 4


def test_frequent_words_are_ranked_among_their_newest_matches(archive, monkeypatch):
    monkeypatch.setattr(search_module, "RANK_WINDOW", 2)
    assert ids(archive, "الاتجار") == [3, 4]
    assert ids(archive, "الاتجار", section="مجتمع") == [1, 3]  # the window counts filtered matches
    assert ids(archive, "مكتبة OR المعلمون") == [5, 6]  # fewer matches than the window: all


def test_words_too_common_for_bm25_are_ordered_title_first_then_newest(tmp_path, monkeypatch):
    # bm25 would count every match in the archive first: past BM25_MAX_MATCHES estimated
    # matches, the window is ordered by title hits, then newest first
    with open_archive(tmp_path / "news.db") as archive:
        writer = ArchiveWriter(archive)
        for n, (title, body) in enumerate([("تقرير عن الاتجار بالبشر", "نص التقرير."),
                                            ("خبر أول", "مكافحة الاتجار في المنطقة."),
                                            ("خبر ثان", "عقوبات على الاتجار."),
                                            ("خبر ثالث", "لا شيء هنا.")], 1):
            writer.add(make_article(n, title=title, body=body))
        writer.flush()
        scored = search(archive, "الاتجار")
        assert scored[0].id == 1 and scored[0].score not in (-1.0, 0.0)  # bm25: title first
        monkeypatch.setattr(search_module, "BM25_MAX_MATCHES", 1)
        monkeypatch.setattr(search_module, "_PROBE", 1)
        hits = search(archive, "الاتجار OR عقوبات")
        assert [(h.id, h.score) for h in hits] == [(1, -1.0), (3, 0.0), (2, 0.0)]
        assert "[الاتجار" in hits[1].snippet
        assert [h.id for h in search(archive, "الاتجار -عقوبات")] == [1, 2]
        assert [h.id for h in search(archive, "الاتجار OR عقوبات", limit=2)] == [1, 3]
        # one word with fewer matches than the window: all of them are what bm25 counts
        assert search(archive, "الاتجار")[0].score == scored[0].score
        # a rare word keeps bm25 (fewer matches than the probe: nothing to estimate)
        monkeypatch.setattr(search_module, "_PROBE", 5)
        assert [h.score for h in search(archive, "الاتجار OR عقوبات")][0] not in (-1.0, 0.0)


_TRICKY = st.sampled_from([*" \u00a0\u200b\u200f\u0640\u064b\u0651ﷺﻻ¨\u2028\u3000\x1c\t\nأإآةىی٣ßς.",
                           "الاتجار", "بالبشر", "x.y"])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(st.one_of(_TRICKY, st.text(max_size=4)), max_size=30).map("".join)))
def test_indexed_body_is_the_stemmed_normalized_text(text):
    # the index normalizes and stems token by token through a cache; it must equal doing it whole
    assert stemmed_text(text) == stemmed_text(text) == stem_words(normalize_arabic(text))


def test_snippet_highlights_every_matching_form(archive):
    hit = next(h for h in search(archive, "الاتجار") if h.id == 2)
    assert "[والاتجار]" in hit.snippet


def test_filters(archive):
    assert ids(archive, "الاتجار", section="مُجتمع") == [1, 3]
    assert ids(archive, "الاتجار", author="عبدالله العلمي") == [1, 2, 3]
    assert ids(archive, "الاتجار", since="2023-02-10", until="2023-03") == [2, 3]
    assert ids(archive, "الاتجار", site="127.0.0.1", until="2023-01-10") == [1]
    assert ids(archive, "الاتجار", site="elsewhere.ma") == []


@pytest.mark.parametrize("query", ["في من على", "-الاتجار", "AND OR NOT", '"', "^", "*"])
def test_nothing_to_search_for_is_a_clear_error(archive, query):
    with pytest.raises(SearchError, match="give at least one word"):
        search(archive, query)


@pytest.mark.parametrize("query", [
    'الاتجار "', '"الاتجار', "NEAR(الاتجار", "title:الاتجار", "الاتجار*)(",
    "'; DROP TABLE articles; --", "x OR", "OR الاتجار", "{title}: x", "الاتجار AND NOT",
    "\x00", "a" * 5000,
])
def test_hostile_input_gives_results_or_a_clear_error(archive, query):
    try:
        search(archive, query)
    except SearchError as e:
        assert "give at least one word" in str(e)
    assert archive.count("articles") == 6


def test_cli_search_table_json_jsonl_and_errors(archive):
    db = str(archive.path)
    archive.close()
    table = newscrawler("search", "والاتجار", "--db", db, "--section", "اقتصاد")
    assert table.returncode == 0, table.stderr
    assert "خبر رقم 2" in table.stdout and "خبر رقم 1" not in table.stdout
    hits = json.loads(newscrawler("search", "الاتجار", "--db", db, "--json").stdout)
    assert [h["id"] for h in hits][:1] and {h["id"] for h in hits} == {1, 2, 3, 4}
    lines = newscrawler("search", "الاتجار", "--db", db, "--jsonl", "--author", "سناء بنعلي").stdout
    assert [json.loads(line)["id"] for line in lines.splitlines()] == [4]
    bad = newscrawler("search", "الاتجار", "--db", db, "--since", "2023-13-45")
    assert bad.returncode == 2 and "not an ISO date" in bad.stderr and "Traceback" not in bad.stderr
    empty = newscrawler("search", "في", "--db", db)
    assert empty.returncode == 2 and "give at least one word" in empty.stderr
