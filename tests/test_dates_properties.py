"""Properties of parse_arabic_date on any input: never raises, never a future date, always aware."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from newscrawler.normalize.dates import MIN_YEAR, parse_arabic_date

ZONES = st.sampled_from([None, "UTC", "Africa/Cairo", "Africa/Casablanca", "Asia/Beirut"])
NOWS = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2060, 1, 1), timezones=st.just(UTC)
)
# Pieces real date strings are made of, so that the search reaches the parser's deep paths.
PIECES = st.sampled_from(
    [
        "نشر في",
        "الإثنين،",
        "24",
        "٢٤",
        "۲۴",
        "أغسطس",
        "آب/اغسطس",
        "فيفري",
        "دجنبر",
        "كانون الثاني",
        "2020",
        "1445",
        "هـ",
        "م",
        "ص",
        "09:23",
        "12:09",
        "GMT+0400",
        "بتوقيت مكة",
        "منذ",
        "قبل",
        "ساعة",
        "ساعتين",
        "3",
        "أيام",
        "أمس",
        "اليوم",
        "الآن",
        "رمضان",
        "الموافق",
        "-",
        "/",
        "|",
        "،",
        "(",
        ")",
        "Z",
        "T",
        "2020-08-24",
        "12/05/2023",
        "November",
        "9,",
        "\u200f",
        "ـ",
        "2099",
        "1900",
        "0",
        "99",
        "31",
        "فبراير",
        "ago",
        "hours",
    ]
)
DATE_LIKE = st.lists(PIECES, max_size=10).map(" ".join)


def _check(text, now, tz):
    got = parse_arabic_date(text, now=now, tz=tz)
    if got is not None:
        assert got.tzinfo is not None and got.utcoffset() is not None
        assert got <= now + timedelta(days=1)
        assert got.year >= MIN_YEAR


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80), NOWS, ZONES)
def test_any_text(text, now, tz):
    _check(text, now, tz)


@settings(max_examples=600, deadline=None)
@given(DATE_LIKE, NOWS, ZONES)
def test_date_like_text(text, now, tz):
    _check(text, now, tz)


@settings(max_examples=200, deadline=None)
@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2030, 1, 1)))
def test_iso_round_trip(moment):
    now = datetime(2031, 1, 1, tzinfo=UTC)
    text = moment.replace(microsecond=0).isoformat() + "+02:00"
    got = parse_arabic_date(text, now=now)
    assert got == datetime.fromisoformat(text)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=datetime(1990, 1, 1).date(), max_value=datetime(2030, 1, 1).date()))
def test_day_first_numeric_in_eastern_digits(day):
    eastern = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    text = f"{day.day:02d}/{day.month:02d}/{day.year}".translate(eastern)
    got = parse_arabic_date(text, now=datetime(2031, 1, 1, tzinfo=UTC), tz="Africa/Cairo")
    assert got.date() == day and got.hour == 0
