"""Bylines as real pages print them, to the names and kinds a reader would credit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import read_page

from newscrawler import clean_authors as public_clean_authors
from newscrawler.normalize.bylines import Author, author_key, clean_authors

TABLE = Path(__file__).parent / "data" / "bylines.tsv"


def _load_table() -> list[tuple[str, list[tuple[str, str]], str | None]]:
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip("\n"):
            continue
        cols = line.split("\t")
        raw = cols[0]
        expected = []
        for item in filter(
            None, (c.strip() for c in (cols[1] if len(cols) > 1 else "").split(";"))
        ):
            kind, _, name = item.partition(":")
            expected.append((name.strip(), {"p": "person", "o": "organization"}[kind]))
        site = cols[2] if len(cols) > 2 and cols[2] else None
        rows.append((raw, expected, site))
    return rows


ROWS = _load_table()


def test_table_is_large_enough():
    assert len(ROWS) >= 150


@pytest.mark.parametrize(("raw", "expected", "site"), ROWS, ids=[r[0][:40] for r in ROWS])
def test_byline_table(raw, expected, site):
    got = [(a.name, a.kind) for a in clean_authors(raw, site_name=site)]
    assert got == expected


def test_raw_is_kept_beside_the_clean_name():
    (author,) = clean_authors("  كتبت أسماء نصار ")
    assert author == Author(name="أسماء نصار", raw="كتبت أسماء نصار", kind="person")


def test_list_input_is_deduplicated_in_order():
    got = clean_authors(["بقلم: عبد الله النفيسي", "رويترز", "د. عبدالله النفيسي", None])
    assert [(a.name, a.kind) for a in got] == [
        ("عبد الله النفيسي", "person"),
        ("رويترز", "organization"),
    ]
    assert got[0].raw == "بقلم: عبد الله النفيسي"


@pytest.mark.parametrize("raw", [None, "", "   ", [], ["", "بقلم:"], "كتبت", "By", "Von:"])
def test_empty_and_label_only_bylines_give_nothing(raw):
    assert clean_authors(raw) == []


@pytest.mark.parametrize("raw", ["Publicado el 11 de mayo de 2022", "Publicado el", "de la", "von der"])
def test_a_publication_label_leaves_no_particle_as_a_person(raw):
    """What is left of "Publicado el <date>" once the label and the date go is "el": a name
    particle, not a name. Particles inside a name still count ("Juan de la Cruz")."""
    assert clean_authors(raw) == []
    assert [a.name for a in clean_authors("Juan de la Cruz")] == ["Juan de la Cruz"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Month names the date parser knows are dates in a byline too (one shared list).
        ("14 Gennaio 2020", []),
        ("26 Okt 2018", []),
        ("Maria Rossi 14 Gennaio 2020", [("Maria Rossi", "person")]),
        # A weekday's full name is a date word, its bare form may be a given name.
        ("الجمعة 5 مايو", []),
        ("جمعة الشوال", [("جمعة الشوال", "person")]),
    ],
)
def test_month_and_weekday_names_are_the_date_parsers(raw, expected):
    assert [(a.name, a.kind) for a in clean_authors(raw)] == expected


def test_site_name_matches_its_domain_form():
    got = clean_authors(["youm7.com", "محمد علي"], site_name="youm7")
    assert [(a.name, a.kind) for a in got] == [
        ("youm7.com", "organization"),
        ("محمد علي", "person"),
    ]


def test_public_api_is_the_same_function():
    assert public_clean_authors is clean_authors


@pytest.mark.parametrize(
    "variants",
    [
        ["عبد الله النفيسي", "عبدالله النفيسي", "د. عبد الله النفيسي", "عَبْدُ اللهِ النفيسي"],
        ["أسماء نصار", "اسماء نصار", "إسماء نصار", "أسماء  نصّار"],
        ["حسام أبو العلا", "حسام ابوالعلا", "حسام أبو العلاء".replace("ء", "")],
        ["فاطمة الزهراء", "فاطمه الزهراء"],
        ["مصطفى قسيوي", "مصطفي قسيوي", "مصطفـــى قسيوي"],
        ["Gàbor Muniér", "Gabor Munier", "GABOR MUNIER", "gabor munier"],
        ["Dr. Rainer Quitzow", "Rainer Quitzow"],
        ["Nicolas Gutierrez C.", "Nicolas Gutierrez C"],
        ["Jean-Pierre Martin", "Jean Pierre Martin"],
    ],
)
def test_author_key_merges_spelling_variants(variants):
    keys = {author_key(v) for v in variants}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("محمد علي", "أحمد علي"),
        ("وليد الشيخ", "الشيخ"),
        ("عبد الوهاب", "عبد الله"),
        ("Lars Fischer", "Helene Fischer"),
    ],
)
def test_author_key_keeps_different_people_apart(a, b):
    assert author_key(a) != author_key(b)


def _byline_candidates(page: str) -> list[str]:
    """Short texts near byline markup in a page: enough to check real markup forms parse."""
    found = re.findall(
        r'class="(?:writeBy|[^"]*author[^"]*)"[^>]*>\s*(?:<[^>]+>\s*)*([^<]{2,80})<', page
    )
    found += re.findall(r'<meta name="description" content="((?:حوار|بقلم|كتب)[^"]{0,60})"', page)
    return [f.strip() for f in found if f.strip()]


def test_arabic_corpus_bylines_give_the_true_author(corpus):
    """On the hand-checked Arabic pages, a byline in the markup yields the true author."""
    checked = 0
    for row in corpus:
        if row.get("benchmark") != "arabic" or not row.get("author"):
            continue
        page = read_page(row).decode("utf-8", "replace")
        candidates = _byline_candidates(page)
        names = {a.name for c in candidates for a in clean_authors(c) if a.kind == "person"}
        assert row["author"] in names, (row["url"], candidates)
        checked += 1
    assert checked >= 3


def test_corpus_truth_authors_survive_cleaning(corpus):
    """A clean name from the truth set comes back unchanged (no over-eager stripping)."""
    bad = []
    total = 0
    for row in corpus:
        author = (row.get("author") or "").strip()
        if not author or re.search(r";|,| and | und ", author):
            continue
        total += 1
        got = [a.name for a in clean_authors(author)]
        if got != [author]:
            bad.append((author, got))
    assert total > 100
    # A few truth values are not names at all ("Emotion", "Amber Guetebier  Shares").
    assert len(bad) <= total * 0.05, bad


@pytest.mark.parametrize("raw, want", [
    ("Fouzia Van Der Fort", ["Fouzia Van Der Fort"]),  # durbanlocal.co.za, JSON-LD name
    ("Maria De La Cruz", ["Maria De La Cruz"]),
    ("Disko Von Ernst Lohoff", ["Ernst Lohoff"]),  # jungle.world: "Von" before a full name
])
def test_a_capitalized_particle_inside_a_name_is_not_a_byline_word(raw, want):
    assert [a.name for a in clean_authors(raw)] == want


def test_a_byline_of_only_the_site_after_a_dash_is_the_site_without_the_dash():
    got = clean_authors("- البيان", site_name="البيان")
    assert [(a.name, a.kind) for a in got] == [("البيان", "organization")]


@pytest.mark.parametrize("raw, site, want", [
    # lrt.lt's JSON-LD Person name: the writer, the job, the site he writes for
    ("Povilas Aleksandravičius, Mykolo Romerio universiteto Žmogaus ir visuomenės studijų "
     "fakulteto profesorius, Lrt.lt", "lrt.lt", [("Povilas Aleksandravičius", "person")]),
    ("محمد العلوي - البيان", "البيان", [("محمد العلوي", "person")]),
    # an agency beside the person is a source, kept
    ("محمد العلوي - وام", "البيان", [("محمد العلوي", "person"), ("وام", "organization")]),
    # the site alone is still the site
    ("البيان", "البيان", [("البيان", "organization")]),
])
def test_the_site_after_a_person_in_one_byline_is_where_they_work(raw, site, want):
    assert [(a.name, a.kind) for a in clean_authors(raw, site_name=site)] == want


@pytest.mark.parametrize("raw", ["Agencies", "ORF.at/Agenturen", "Agences"])
def test_agencies_in_the_plural_are_organizations(raw):
    assert [a.kind for a in clean_authors(raw)] == ["organization"]


@pytest.mark.parametrize("raw, want", [
    ("大渡 美咲", ["大渡 美咲"]),  # sankei.com's meta author: a script without capitals
    ("दैनिक भास्कर", ["दैनिक भास्कर"]),  # bhaskar.com: the vowel signs stay in the name
    ("신현주 기자", ["신현주"]),  # hankookilbo.com: "기자" (reporter) after the name
])
def test_names_in_other_scripts_are_read_whole(raw, want):
    assert [a.name for a in clean_authors(raw)] == want


@pytest.mark.parametrize("raw, want", [
    ("FOCUS-Online-Experte Robin Tschöpe", ["Robin Tschöpe"]),  # focus.de
    ("Korrespondentin Anna Berg", ["Anna Berg"]),
    ("Reporter Jones", ["Reporter Jones"]),  # two words: the job may be the name
])
def test_a_job_title_before_the_name_is_not_part_of_it(raw, want):
    assert [a.name for a in clean_authors(raw)] == want


@pytest.mark.parametrize("raw", ["wordpressadmin", "site_admin", "Webmaster"])
def test_a_cms_login_is_no_author(raw):
    assert clean_authors(raw) == []  # silvias.net's byline is its WordPress login


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("di Viviana Mazza", ["Viviana Mazza"]),  # corriere.it byline element (session 7)
        ("Luigi Di Maio", ["Luigi Di Maio"]),  # a capitalized particle inside a name stays
    ],
)
def test_italian_di_before_a_name_is_a_byline_word(raw, expected):
    assert [a.name for a in clean_authors(raw)] == expected
