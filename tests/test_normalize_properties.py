"""Properties that must hold for any input: no exceptions, stable keys."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newscrawler.normalize.bylines import Author, author_key, clean_authors
from newscrawler.normalize.text import clean_text, normalize_arabic

# Arabic-heavy text with the punctuation bylines use, plus anything Unicode can produce.
_ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
_BYLINE_BITS = st.sampled_from(
    [
        "بقلم",
        "كتب",
        "كتبت",
        ":",
        " - ",
        " – ",
        "و",
        " و ",
        "،",
        ",",
        "(",
        ")",
        "|",
        "د.",
        "الرباط",
        "رويترز",
        "By ",
        "Von ",
        " and ",
        "@",
        "http://",
        "2023",
        "١٢",
        "ـ",
        "\u200f",
        " ",
    ]
)
_TEXT = st.one_of(
    st.text(),
    st.text(_ARABIC),
    st.lists(st.one_of(_BYLINE_BITS, st.text(_ARABIC, max_size=6)), max_size=12).map("".join),
)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_normalize_arabic_never_raises_and_is_idempotent(text):
    once = normalize_arabic(text)
    assert isinstance(once, str)
    assert normalize_arabic(once) == once


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_clean_text_never_raises_and_is_stable(text):
    once = clean_text(text)
    assert clean_text(once) == once


@settings(max_examples=400, deadline=None)
@given(st.one_of(_TEXT, st.lists(_TEXT, max_size=4)), st.one_of(st.none(), _TEXT))
def test_clean_authors_never_raises(raw, site):
    authors = clean_authors(raw, site_name=site)
    assert all(isinstance(a, Author) and a.name.strip() for a in authors)
    assert all(a.kind in ("person", "organization") for a in authors)
    keys = [author_key(a.name) for a in authors]
    assert len(keys) == len(set(keys))


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_author_key_is_idempotent(name):
    assert author_key(author_key(name)) == author_key(name)
