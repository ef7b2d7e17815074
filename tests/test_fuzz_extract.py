"""Fuzzing: real pages of ../shared/corpus cut and mutated at random must never make
``extract_article`` raise or hang, and hostile strings never break the normalizers."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscrawler import extract_article, normalize_arabic, parse_arabic_date
from newscrawler.normalize.text import clean_text
from tests.conftest import read_page

SECONDS_PER_PAGE = 10.0  # generous: a hang, not a slow page, is what this catches
NOW = datetime(2026, 1, 1, tzinfo=UTC)

JUNK = st.sampled_from([
    b"\x00", b"\xff\xfe", b"\xd9", b"\xef\xbb\xbf", b"<", b">", b"</html>", b"<!--", b"]]>",
    b"<script type='application/ld+json'>{", b"<div>" * 3000, b"<p>" * 500, b"&#0;", b"&amp",
    b"<meta charset=windows-1256>", b"<?xml version='1.0' encoding='latin-1'?>", b"\r\n" * 50,
    "نص عربي".encode(), "نص".encode("cp1256"), b"<title>", b"<h1>", b"<article>",
])
MUTATION = st.tuples(st.sampled_from(["insert", "delete", "duplicate", "flip"]),
                     st.floats(0, 1), st.floats(0, 0.2), JUNK)


def mutate(page: bytes, cut: float, mutations: list) -> bytes:
    data = bytearray(page[: max(1, int(len(page) * cut))])
    for kind, where, span, junk in mutations:
        i = int(len(data) * where)
        n = int(len(data) * span)
        if kind == "insert":
            data[i:i] = junk
        elif kind == "delete":
            del data[i:i + n]
        elif kind == "duplicate":
            data[i:i] = data[i:i + n]
        elif kind == "flip" and i < len(data):
            data[i] ^= 0xA5
    return bytes(data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(min_value=0), cut=st.floats(0.01, 1.0),
       mutations=st.lists(MUTATION, max_size=6))
def test_extract_article_on_cut_and_mutated_corpus_pages(corpus, index, cut, mutations):
    row = corpus[index % len(corpus)]
    body = mutate(read_page(row), cut, mutations)
    start = time.monotonic()
    article = extract_article(body, row["url"], now=NOW)
    assert time.monotonic() - start < SECONDS_PER_PAGE
    for value in (article.title, article.body):
        assert value is None or isinstance(value, str) and "\x00" not in value
    if article.published:
        assert article.published <= "2026-01-02"


HOSTILE_TEXT = st.one_of(
    st.text(),
    st.text(st.characters(codec="utf-8"), max_size=300),
    st.lists(st.sampled_from(["\x00", "\u200f", "\ufeff", "ـ" * 50, "ً", "أ", "ة", "٣", "\U0001f600",
                              "\ud7ff", "&amp;", "<b>", " " * 20, "\n", "2099", "1900"]),
             max_size=40).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(HOSTILE_TEXT)
def test_normalizers_never_raise_and_normalize_arabic_is_idempotent(text):
    once = normalize_arabic(text)
    assert normalize_arabic(once) == once
    clean_text(text)
    got = parse_arabic_date(text, now=NOW)
    assert got is None or got <= NOW.replace(day=2)
