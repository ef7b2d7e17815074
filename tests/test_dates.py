"""parse_arabic_date against the table of real date strings, and the corpus's Arabic pages."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newscrawler.normalize.dates import parse_arabic_date

TABLE = Path(__file__).parent / "data" / "dates.tsv"
NOW = datetime(2024, 6, 15, 12, 0)  # naive: taken in each row's site zone


def load_table() -> list[tuple[str, str, str, str]]:
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip("\n"):
            continue
        group, text, expected, zone = line.split("\t")
        rows.append((group, text, expected, zone))
    return rows


ROWS = load_table()


def test_table_is_large_and_covers_every_system():
    assert len(ROWS) >= 250
    groups = {row[0] for row in ROWS}
    for group in ("egypt", "morocco", "maghreb", "levant", "hijri", "relative", "none", "corpus"):
        assert group in groups


@pytest.mark.parametrize(("group", "text", "expected", "zone"), ROWS, ids=range(len(ROWS)))
def test_table(group, text, expected, zone):
    got = parse_arabic_date(text, now=NOW, tz=zone)
    if expected == "None":
        assert got is None
        return
    want = datetime.fromisoformat(expected)
    assert got == want
    assert got.utcoffset() == want.utcoffset()


def test_offsets_are_kept_and_site_zone_applied():
    got = parse_arabic_date("2020-08-24T09:23:13Z", tz="Africa/Cairo")
    assert got.tzinfo is not None and got.utcoffset() == timedelta(0)
    got = parse_arabic_date("24 أغسطس 2020", tz="Africa/Cairo")
    assert got.tzinfo == ZoneInfo("Africa/Cairo")
    got = parse_arabic_date("24 أغسطس 2020")
    assert got.utcoffset() == timedelta(0)


def test_tz_accepts_tzinfo():
    fixed = timezone(timedelta(hours=3))
    got = parse_arabic_date("24 أغسطس 2020 10:00", tz=fixed)
    assert got == datetime(2020, 8, 24, 10, tzinfo=fixed)


def test_unknown_zone_name_raises():
    with pytest.raises(ValueError, match="Mars/Olympus"):
        parse_arabic_date("24 أغسطس 2020", tz="Mars/Olympus")


def test_none_and_non_strings():
    assert parse_arabic_date(None) is None
    assert parse_arabic_date(12345) is None  # type: ignore[arg-type]


def test_default_now_is_the_current_time():
    got = parse_arabic_date("منذ ساعة")
    assert abs(datetime.now(UTC) - timedelta(hours=1) - got) < timedelta(minutes=1)


def test_relative_hours_count_real_time_across_dst():
    # Cairo went from +02:00 to +03:00 at 2024-04-26 00:00: 02:00 local is 23:00 UTC, and
    # three real hours earlier is 22:00 local of the day before, still at +02:00.
    now = datetime(2024, 4, 26, 2, 0, tzinfo=ZoneInfo("Africa/Cairo"))
    got = parse_arabic_date("منذ 3 ساعات", now=now, tz="Africa/Cairo")
    assert got.astimezone(UTC) == datetime(2024, 4, 25, 20, 0, tzinfo=UTC)
    assert got.utcoffset() == timedelta(hours=2)


def test_future_dates_are_rejected_and_logged(caplog):
    with caplog.at_level("WARNING", logger="newscrawler.normalize.dates"):
        assert parse_arabic_date("1 يناير 2030", now=NOW) is None
    assert "future" in caplog.text


@pytest.mark.parametrize("text", ["1 ماي 1900", "1900-05-01T10:00:00+01:00", "1970-01-01T00:00:00Z",
                                  "17 مارس 1989"])
def test_dates_from_before_news_was_on_the_web_are_rejected(text):
    assert parse_arabic_date(text, now=NOW, tz="Africa/Casablanca") is None


def test_the_earliest_date_kept_is_in_the_first_year_of_the_web():
    got = parse_arabic_date("2 يناير 1990", now=NOW, tz="UTC")
    assert got == datetime(1990, 1, 2, tzinfo=UTC)


def test_corpus_arabic_pages_dates(corpus):
    """The date each Arabic page states, read from the string the page prints."""
    from conftest import read_page

    pages = [row for row in corpus if row["benchmark"] == "arabic" and row.get("date")]
    assert pages
    zones = {"youm7.com": "Africa/Cairo", "akhbarelyom.com": "Africa/Cairo"}
    stamp = re.compile(
        r'(?:class="newsStoryDate">|property="article:published_time" content="'
        r'|class="date-display-single"[^>]*>|class="tie-date">)([^<"]+)'
    )
    for row in pages:
        html = read_page(row).decode("utf-8", "replace")
        match = stamp.search(html)
        assert match, row["url"]
        host = next((h for h in zones if h in row["url"]), None)
        tz = zones.get(host, "Africa/Tunis" if "assabah" in row["url"] else "UTC")
        got = parse_arabic_date(match.group(1), tz=tz)
        assert got is not None, match.group(1)
        assert got.isoformat().startswith(row["date"][:10]), (match.group(1), row["date"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 يونيہ 2023", "2023-06-12"),  # heh goal, as Urdu keyboards type it
        ("5 ذو الحجۃ 1444", "2023-06-23"),  # teh marbuta goal
        ("1 ٲكتوبر 2023", "2023-10-01"),  # alef with wavy hamza above
        ("3 مارس\u2060 2024", "2024-03-03"),  # word joiner
    ],
)
def test_dates_fold_the_letters_search_keys_fold(text, expected):
    """The date parser reads with the one folding table ``normalize_arabic`` uses."""
    got = parse_arabic_date(text, now=NOW, tz="UTC")
    assert got is not None and got.date().isoformat() == expected


def test_date_folding_and_search_keys_agree_on_every_letter():
    from newscrawler.normalize.dates.words import _fold
    from newscrawler.normalize.folding import DIGITS, INVISIBLE, LETTERS, MARKS
    from newscrawler.normalize.text import normalize_arabic

    for char in [*LETTERS, *map(chr, DIGITS)]:
        if unicodedata.normalize("NFKC", char) != char:
            continue  # ٵ: normalize_arabic decomposes it (NFKC) before it reaches the table
        assert _fold(f"ب{char}ب") == normalize_arabic(f"ب{char}ب"), hex(ord(char))
    for char in [*INVISIBLE, *map(chr, MARKS)]:
        assert _fold(f"ب{char}ب") == "بب", hex(ord(char))
