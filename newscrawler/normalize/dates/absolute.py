"""Dates that name a day, a month and a year: "24 أغسطس 2020", "12/05/2023", "5 رمضان 1445هـ".

Numeric dates are day-first unless that is impossible; a Hijri date beside a Gregorian one is
ignored, a Hijri date alone is converted (``hijri``).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, tzinfo

from newscrawler.normalize.dates.clock import _apply_ampm, _find_time, _find_zone
from newscrawler.normalize.dates.hijri import hijri_to_gregorian
from newscrawler.normalize.dates.words import (
    _L,
    _MONTHS,
    MAX_UNKNOWN_WORDS,
    _unknown_words,
)

# A month slot is any one or two words, looked up in _MONTHS afterwards: far faster than an
# alternation of 200 names, which Python's re tries one by one at every position.
_MONTH = rf"(?<!{_L}){_L}+(?:\s(?!(?:de|del)(?!{_L})){_L}+)?(?!{_L})\.?"
_PAIRED = rf"(?P<m1>{_MONTH})(?:\s*[/(|\-]\s*(?P<m2>{_MONTH})\s*\)?)?"
_DAY = r"(?<![\d.:])(?P<d>\d{1,2})(?!\d)(?:st|nd|rd|th|er|eme|ème)?\.?"
_YEAR = r"(?<![\d:])(?P<y>\d{4})(?![\d:])"
_SEP = r"[\s,.\-/]*"

_DE = r"(?:de\s+|del\s+)?"  # Spanish and Portuguese: "5 de mayo de 2022"
_DMY_NAMED = re.compile(rf"{_DAY}{_SEP}{_DE}{_PAIRED}{_SEP}{_DE}{_YEAR}")
_MDY_NAMED = re.compile(rf"{_PAIRED}\s*{_DAY}\s*,?\s*{_YEAR}")
_YMD_NUM = re.compile(
    r"(?<![\d.:/-])(?P<y>\d{4})\s?(?P<s>[-/.])\s?(?P<m>\d{1,2})\s?(?P=s)\s?(?P<d>\d{1,2})(?![\d/])"
)
_DMY_NUM = re.compile(
    r"(?<![\d.:/-])(?P<d>\d{1,2})\s?(?P<s>[-/.])\s?(?P<m>\d{1,2})\s?(?P=s)\s?(?P<y>\d{4}|\d{2})(?![\d/])"
)

# The shape most Arabic sites print, as a whole string: "[labels, weekday] 24 أغسطس 2020
# [- | ,] [على الساعة] [09:23 ص]". Read in one match; anything else takes the general path.
_COMMON = re.compile(
    rf"(?P<pre>[^\d]*?)(?P<d>\d{{1,2}}) (?P<m1>{_L}+(?: {_L}+)?)"
    rf"(?: ?[/(] ?(?P<m2>{_L}+(?: {_L}+)?)\)?)?,? (?P<y>\d{{4}})م?"
    r"(?:,? ?(?:[-|,] )?(?:(?:علي )?الساعه )?(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?"
    r"(?: (?P<ampm>ص|م|صباحا|مساء|am|pm))?)?"
)
_ISO = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[tT ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:[zZ]|[+-]\d{2}(?::?\d{2})?)?)?"
)
_NUMERIC_HINT = re.compile(r"\d[-/.]|\d\s[-/.]")
_ABSOLUTE_HINT = re.compile(r"\d{4}|\d ?[-/.] ?\d")


def _common(m: re.Match, zone: tzinfo) -> datetime | None | bool:
    """The fast path's reading of ``_COMMON``; ``False`` sends the text to the general path."""
    first, second = _month_key(m["m1"]), m["m2"] and _month_key(m["m2"])
    month = _MONTHS.get(first, 0)
    if not 0 < month < 100 or (second and _MONTHS.get(second) != month):
        return False  # Hijri, unknown or mismatched month names: the general path decides
    if m["pre"] and _unknown_words(m["pre"], []) > MAX_UNKNOWN_WORDS:
        return None
    if m["h"] is None:
        return datetime(int(m["y"]), month, int(m["d"]), tzinfo=zone)
    hour = _apply_ampm(int(m["h"]), m["ampm"])
    second_ = int(m["s"] or 0)
    return datetime(
        int(m["y"]), month, int(m["d"]), hour, int(m["mi"]), min(second_, 59), tzinfo=zone
    )


def _absolute(folded: str, zone: tzinfo) -> datetime | None | bool:
    """The date in ``folded``; ``False`` if it holds none, ``None`` if it holds a bad one."""
    dates = _find_dates(folded)
    if not dates:
        return False
    gregorian = [d for d in dates if not d[3]]
    start, end, day, is_hijri = (gregorian or dates)[0]
    if day is None:
        return None
    consumed = [(s, e) for s, e, _, _ in dates]
    clock = _find_time(folded, start, end, [d[0] for d in dates])
    moment = time(0, 0)
    offset: tzinfo | None = None
    if clock is not None:
        moment, span, offset = clock
        consumed.extend(span)
    zone_span, zone_offset = _find_zone(folded)
    consumed.extend(zone_span)
    if _unknown_words(folded, consumed) > MAX_UNKNOWN_WORDS:
        return None
    result = datetime.combine(day, moment)
    return result.replace(tzinfo=offset or zone_offset or zone)


def _find_dates(folded: str) -> list[tuple[int, int, date | None, bool]]:
    hits: list[tuple[int, int, date | None, bool]] = []
    for pattern, named in (
        (_DMY_NAMED, True),
        (_MDY_NAMED, True),
        (_YMD_NUM, False),
        (_DMY_NUM, False),
    ):
        if pattern is _MDY_NAMED and hits:
            continue  # month-first is the English order; day-first already found a date
        if not named and not _NUMERIC_HINT.search(folded):
            continue
        at = 0
        while m := pattern.search(folded, at):
            if named and not _is_month(m["m1"], m["m2"]):
                at = m.start() + 1  # "on may 12, 2023": the month may start a word later
                continue
            at = m.end()
            if any(m.start() < e and s < m.end() for s, e, _, _ in hits):
                continue
            hits.append((m.start(), m.end(), *_to_date(m, named)))
    hits.sort()
    return hits


def _to_date(m: re.Match, named: bool) -> tuple[date | None, bool]:
    day = int(m["d"])
    year = int(m["y"])
    if named:
        month = _month_number(m["m1"])
        if m["m2"]:
            other = _month_number(m["m2"])
            if other != month:
                return None, month > 100
        hijri = month > 100
        month %= 100
    else:
        month = int(m["m"])
        if len(m["y"]) == 2:
            year += 2000 if year < 70 else 1900
        if month > 12 and day <= 12 and m.re is not _YMD_NUM:
            day, month = month, day  # 05/13/2023 can only be month-first
        hijri = 1300 <= year <= 1500
    if hijri:
        return hijri_to_gregorian(year, month, day), True
    if 1300 <= year <= 1500:
        return None, False
    try:
        return date(year, month, day), False
    except ValueError:
        return None, False


def _is_month(first: str, second: str | None) -> bool:
    return _month_key(first) in _MONTHS and (second is None or _month_key(second) in _MONTHS)


def _month_key(name: str) -> str:
    return name.rstrip(".").replace("\n", " ").replace("\t", " ")


def _month_number(name: str) -> int:
    return _MONTHS[_month_key(name)]
