"""Dates that leave a part out, read against ``now`` as a reader of the page reads them.

The strings are as Arabic news sites print them beside a headline or in a listing: a yearless
day, a weekday, a clock, "the day before yesterday, Wednesday".
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from newscrawler.extract.fetched import ReadSettings, read_fetched_page
from newscrawler.items import ArticleHints, FetchedPage
from newscrawler.normalize.dates import parse_arabic_date
from newscrawler.normalize.incomplete_dates import date_precision

CAIRO = timezone(timedelta(hours=2))
NOW = datetime(2026, 11, 27, 15, 0, tzinfo=CAIRO)  # a Friday afternoon


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=CAIRO)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25 نوفمبر", at(2026, 11, 25)),  # this year's: not after now
        ("30 ديسمبر", at(2025, 12, 30)),  # later in the year than now: last year's
        ("29 فبراير", at(2024, 2, 29)),  # the latest leap year
        ("الأربعاء", at(2026, 11, 25)),  # the latest Wednesday
        ("الجمعة", at(2026, 11, 27)),  # today is a Friday
        ("يوم الجمعة 9:00 م", at(2026, 11, 20, 21, 0)),  # tonight is after now: last week's
        ("10:30 ص", at(2026, 11, 27, 10, 30)),  # that clock today
        ("10:30 م", at(2026, 11, 26, 22, 30)),  # not yet tonight: yesterday's
        ("الخميس 10:30 م", at(2026, 11, 26, 22, 30)),  # that clock on that weekday
        ("أول أمس الأربعاء", at(2026, 11, 25)),  # the seed site's own form
        ("أمس الخميس", at(2026, 11, 26)),
        ("الخميس، 26 نوفمبر", at(2026, 11, 26)),
        ("نشر في 25 نوفمبر", at(2026, 11, 25)),  # a label is no unknown word
    ],
)
def test_incomplete_date_is_the_latest_such_moment_not_after_now(text, expected):
    assert parse_arabic_date(text, now=NOW, tz=CAIRO) == expected


@pytest.mark.parametrize(
    "text",
    [
        "أول أمس الخميس",  # two days before a Friday is a Wednesday
        "أمس الأربعاء",
        "الخميس 25 نوفمبر 2026",  # 25 November 2026 is a Wednesday
        "الجمعة، 25 نوفمبر",
        "30 فبراير",
        "قتل 25 شخصا يوم الأربعاء",  # a sentence, not a date
        "الساعة",
    ],
)
def test_contradiction_or_sentence_gives_no_date(text):
    assert parse_arabic_date(text, now=NOW, tz=CAIRO) is None


def test_weekday_beside_a_full_date_that_agrees_is_kept():
    assert parse_arabic_date("الأربعاء 25 نوفمبر 2026", tz=CAIRO) == at(2026, 11, 25)
    assert parse_arabic_date("الأربعاء، 25 نوفمبر 2026 - 10:30 ص", tz=CAIRO) == at(
        2026, 11, 25, 10, 30)


def test_without_now_an_incomplete_date_is_not_guessed():
    for text in ("25 نوفمبر", "الأربعاء", "10:30 ص", "الخميس 10:30 م"):
        assert parse_arabic_date(text, tz=CAIRO) is None


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("10:30 ص", "minute"),
        ("الخميس 10:30 م", "minute"),
        ("الأربعاء، 25 نوفمبر 2026 - 10:30 ص", "minute"),
        ("2026-11-25T10:30:00+02:00", "minute"),
        ("25 نوفمبر", "day"),
        ("الأربعاء", "day"),
        ("أول أمس الأربعاء", "day"),
        ("2026-11-25", "day"),
        ("منذ 3 ساعات", "hour"),
        ("منذ 5 دقائق", "minute"),
        ("منذ شهرين", "month"),
        ("منذ عامين", "year"),
        ("", None),
    ],
)
def test_precision_says_how_much_the_page_stated(text, precision):
    assert date_precision(text) == precision


def test_crawl_reads_a_listing_date_against_its_fetch_time():
    page = FetchedPage(
        url="https://seed.example/news/1",
        status=200,
        headers={"Content-Type": "text/html; charset=utf-8"},
        body="<html><body><h1>عنوان الخبر هنا</h1><p>نص الخبر الطويل بما يكفي ليكون فقرة حقيقية "
             "من فقرات المقال المنشور على الموقع.</p></body></html>".encode(),
        fetched_at="2026-11-27T13:00:00+00:00",
        hints=ArticleHints(published="أول أمس الأربعاء"),
    )
    article = read_fetched_page(page, ReadSettings(selectors={}, tz="Africa/Cairo")).article
    assert article.published_raw == "أول أمس الأربعاء"
    assert article.published_source == "listing"
    assert article.published_precision == "day"
    assert article.published.startswith("2026-11-25T00:00:00+02:00")
