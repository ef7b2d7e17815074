"""normalize_arabic (search and dedupe key) and clean_text (display cleanup) on real strings."""

from __future__ import annotations

import time

import pytest

from newscrawler import normalize_arabic as public_normalize_arabic
from newscrawler.normalize.text import clean_text, normalize_arabic


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # diacritics (tashkeel) and superscript alef
        ("مُحَمَّدٌ", "محمد"),
        ("هٰذا", "هذا"),
        ("الرَّحْمٰنِ", "الرحمن"),
        # tatweel
        ("محمـــــد", "محمد"),
        # alef variants
        ("أحمد إبراهيم آمال ٱلله", "احمد ابراهيم امال الله"),
        # alef maqsura and teh marbuta
        ("مستشفى", "مستشفي"),
        ("مدرسة", "مدرسه"),
        # Persian / Urdu letters
        ("کتاب", "كتاب"),
        ("فارسی", "فارسي"),
        ("ہمارا", "همارا"),
        # presentation forms (NFKC)
        ("ﻻ", "لا"),
        ("ﷲ", "الله"),
        ("ﺑﺴﻢ", "بسم"),
        # digits: Eastern Arabic, Persian
        ("٢٠٢٣/٠٨/٢٤", "2023/08/24"),
        ("۱۴۰۲", "1402"),
        # invisible marks
        ("\u200fمرحبا\u200e \u200bبكم\ufeff", "مرحبا بكم"),
        ("\u202bنص\u202c", "نص"),
        # Latin casefold and whitespace
        ("  Hespress\u00a0 NEWS\n\tStraße ", "hespress news strasse"),
        ("", ""),
    ],
)
def test_normalize_arabic(text, expected):
    assert normalize_arabic(text) == expected


def test_spelling_variants_share_one_key():
    variants = ["إسْلام", "اسلام", "أسلام", "إسـلام", "\u200fإسلام"]
    assert len({normalize_arabic(v) for v in variants}) == 1


def test_normalize_arabic_is_idempotent_on_real_text():
    text = "كتبت أسماءُ نصّار: الإثنين، ٢٤ أغسطس ٢٠٢٠ ٠٩:٢٣ ص — ﻻ تعليق"
    once = normalize_arabic(text)
    assert normalize_arabic(once) == once


def test_normalize_arabic_is_fast_on_a_long_body():
    body = "شهد الدكتورُ محمد عبد العاطي وزيرُ الموارد المائية والرى مراسمَ توقيع عقد. " * 20000
    start = time.perf_counter()
    normalize_arabic(body)
    assert time.perf_counter() - start < 2.0


def test_public_api_is_the_same_function():
    assert public_normalize_arabic is normalize_arabic


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # diacritics and letter forms are kept for display
        ("مُحَمَّدٌ أحمد مستشفى", "مُحَمَّدٌ أحمد مستشفى"),
        # invisible and control characters go
        ("\u200fمرحبا\u200e\x00 بكم\ufeff", "مرحبا بكم"),
        # spacing folded within lines, lines trimmed
        ("  سطر\t\tأول  \n  سطر   ثان ", "سطر أول\nسطر ثان"),
        # paragraphs: one blank line between them, whatever the source had
        ("فقرة أولى\r\n\r\n\r\n\r\nفقرة ثانية", "فقرة أولى\n\nفقرة ثانية"),
        ("فقرة أولى\u2029فقرة ثانية", "فقرة أولى\n\nفقرة ثانية"),
        ("a\u00a0b", "a b"),
        ("", ""),
    ],
)
def test_clean_text(text, expected):
    assert clean_text(text) == expected


def test_clean_text_keeps_digits_and_tatweel_as_printed():
    assert clean_text("٢٤ أغسطس — الـ36") == "٢٤ أغسطس — الـ36"
