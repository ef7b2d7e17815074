"""Dates as Arabic news sites print them, turned into aware datetimes.

General parsers miss most of what these sites print: regional month names (Maghreb, Levant),
label prefixes ("نشر في"), ص/م clocks, Eastern Arabic digits, Hijri dates beside Gregorian ones,
relative phrases ("منذ ساعتين"). This module reads those with a few compiled patterns over a
folded copy of the text, and falls back to ``dateparser`` only for rare shapes it does not know.

Rules that keep it from guessing:

- numeric dates are day-first (12/05/2023 is 12 May), unless that is impossible (05/13/2023);
- text with no day, month and year (or a relative phrase) gives ``None``, as does a sentence
  that merely contains a date among many other words;
- a result more than a day after ``now`` is rejected and logged;
- years before 1900, the 1900-01-01 placeholder and the Unix epoch (1970-01-01 00:00 UTC) are
  rejected as the null values of CMSs, not publication dates;
- a Hijri date beside a Gregorian one is ignored; a Hijri date alone is converted (Umm al-Qura,
  see ``hijri``).

The parts, each with its own reason to change: ``words`` (folding and the words a date may
stand among), ``absolute`` (day, month and year), ``clock`` (times and zones), ``relative``
("منذ ساعتين"), ``hijri`` (the calendar); ``incomplete_dates`` reads what leaves a part out.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta, tzinfo

from newscrawler.normalize.dates.absolute import _ABSOLUTE_HINT, _COMMON, _ISO, _absolute, _common
from newscrawler.normalize.dates.clock import _zone
from newscrawler.normalize.dates.relative import _RELATIVE_HINT, _relative
from newscrawler.normalize.dates.words import _fold

__all__ = ["parse_arabic_date"]

log = logging.getLogger(__name__)

FUTURE_TOLERANCE = timedelta(days=1)
# No news web page is older than the web: an earlier date is a placeholder (1900, the Unix
# epoch) or a print edition's.
MIN_YEAR = 1990
MAX_INPUT = 400  # longer text is a paragraph, not a date string

_FALLBACK_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_FALLBACK_DAY = re.compile(r"(?<!\d)\d{1,2}(?!\d)")
# Chinese and Japanese dates spell the parts with 年 月 日 (and 時 分 for the clock):
# "2025年1月13日 20時01分" is read as "2025-1-13 20:01".
_CJK_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CJK_CLOCK = re.compile(r"(\d{1,2})\s*[時时]\s*(\d{1,2})\s*分")

# ---------------------------------------------------------------------------------------------
# Public API


def parse_arabic_date(
    text: str | None, *, now: datetime | None = None, tz: str | tzinfo | None = None
) -> datetime | None:
    """Read a date as a news site prints it; ``None`` rather than a guess.

    ``tz`` is the site's zone (name or tzinfo) for strings that carry no offset; ``None`` means
    UTC. Strings with an explicit offset keep it. Relative phrases are counted back from ``now``
    (default: the current time; a naive ``now`` is taken to be in the site zone). Date-only
    strings give midnight in the site zone. Given ``now``, dates that leave a part out ("25
    نوفمبر", "الأربعاء", "10:30 ص") are the latest such moment not after it
    (``incomplete_dates``). A weekday that contradicts its date gives ``None``. Raises
    ``ValueError`` only for an unknown ``tz``.
    """
    zone = _zone(tz)
    if text is None or not isinstance(text, str):
        return None
    incomplete = now is not None
    if now is None:
        now = datetime.now(UTC)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=zone)
    try:
        result = _parse(text, now, zone, incomplete)
    except (ValueError, OverflowError, KeyError, IndexError, TypeError, AttributeError):
        log.debug("could not parse date %r", text, exc_info=True)
        return None
    if result is None:
        return None
    if result > now + FUTURE_TOLERANCE:
        log.warning("rejected date %r: %s is in the future of %s", text, result, now)
        return None
    if _is_placeholder(result):
        log.debug("rejected date %r: %s is a placeholder or impossible", text, result)
        return None
    return result


def _is_placeholder(value: datetime) -> bool:
    return value.year < MIN_YEAR


def _parse(text: str, now: datetime, zone: tzinfo, incomplete: bool = False) -> datetime | None:
    raw = text.strip()
    if not raw or len(raw) > MAX_INPUT:
        return None
    if raw[0].isdigit() and _ISO.fullmatch(raw):
        return _from_iso(raw, zone)
    if "年" in raw:
        raw = _CJK_CLOCK.sub(r"\1:\2", _CJK_DATE.sub(r"\1-\2-\3 ", raw)).strip()
    folded = _fold(raw)
    if not folded:
        return None
    from newscrawler.normalize.incomplete_dates import contradicts_weekday

    result = _parse_folded(raw, folded, now, zone, incomplete)
    if result is not None and contradicts_weekday(folded, result):
        return None  # "الخميس 25 نوفمبر 2026" names a Wednesday: one of the two is wrong
    return result


def _parse_folded(
    raw: str, folded: str, now: datetime, zone: tzinfo, incomplete: bool
) -> datetime | None:
    m = _COMMON.fullmatch(folded)
    if m:
        found = _common(m, zone)
        if found is not False:
            return found
    if _ABSOLUTE_HINT.search(folded):
        found = _absolute(folded, zone)
        if found is not False:
            return found
    if _RELATIVE_HINT.search(folded):
        found = _relative(folded, now, zone)
        if found is not False:
            return found
    if incomplete:
        from newscrawler.normalize.incomplete_dates import read_incomplete

        found = read_incomplete(folded, now, zone)
        if found is not False:
            return found
    if len(folded) <= 80 and _FALLBACK_YEAR.search(folded) and _FALLBACK_DAY.search(folded):
        return _fallback(raw, now, zone)
    return None


def _from_iso(raw: str, zone: tzinfo) -> datetime | None:
    value = datetime.fromisoformat(raw.upper().replace(" ", "T"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value


def _fallback(folded: str, now: datetime, zone: tzinfo) -> datetime | None:
    import dateparser

    value = dateparser.parse(
        folded,
        languages=["ar", "en", "fr"],
        settings={
            "STRICT_PARSING": True,
            "DATE_ORDER": "DMY",
            "PREFER_DATES_FROM": "past",
            "RELATIVE_BASE": now.astimezone(zone).replace(tzinfo=None),
        },
    )
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value
