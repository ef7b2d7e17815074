"""Dates that leave a part out, read against ``now`` as a reader of the page reads them.

News pages print "25 نوفمبر" (no year), "الأربعاء" (a weekday), "10:30 ص" (a clock) or
"أول أمس الأربعاء" (the day before yesterday, named): each means the latest such moment not
after the reader's now. They are read only when the caller says what now is (the crawl passes
the fetch time): without it they give nothing rather than a guess against the wrong day.

A weekday beside a date must agree with it: "الخميس 25 نوفمبر 2026" (a Wednesday) gives no date.
``date_precision`` says how much of a moment the text stated, so that nothing pretends to be exact.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo

from newscrawler.normalize.dates.absolute import _ISO
from newscrawler.normalize.dates.clock import _HOUR_ONLY, _TIME, _find_time
from newscrawler.normalize.dates.relative import (
    _DAYS_AGO,
    _NOW_WORDS,
    _RELATIVE_HINT,
    _RELATIVES,
    _UNITS,
    _is_relative,
)
from newscrawler.normalize.dates.words import _L, _MONTHS, _alternation, _fold, _unknown_words

# Folded weekday names (as ``dates.words._fold`` spells them) -> ``date.weekday()``.
_WEEKDAY_NUMBERS: dict[str, int] = {
    **dict.fromkeys(("الاثنين", "الاتنين", "monday", "mon", "lundi", "lun", "montag"), 0),
    **dict.fromkeys(("الثلاثاء", "الثلاثا", "ثلاثاء", "tuesday", "tue", "tues", "mardi",
                     "dienstag"), 1),
    **dict.fromkeys(("الاربعاء", "الاربعا", "اربعاء", "wednesday", "wed", "mercredi", "mer",
                     "mittwoch"), 2),
    **dict.fromkeys(("الخميس", "خميس", "thursday", "thu", "thur", "thurs", "jeudi", "jeu",
                     "donnerstag"), 3),
    **dict.fromkeys(("الجمعه", "جمعه", "friday", "fri", "vendredi", "ven", "freitag"), 4),
    **dict.fromkeys(("السبت", "سبت", "saturday", "sat", "samedi", "sam", "samstag"), 5),
    **dict.fromkeys(("الاحد", "sunday", "sun", "dimanche", "dim", "sonntag"), 6),
}
_WEEKDAY = re.compile(
    rf"(?<!{_L})(?:يوم )?(?:ب|و)?(?P<w>{_alternation(_WEEKDAY_NUMBERS)})(?!{_L})"
)
_DAY_MONTH = re.compile(rf"(?<![\d.:/])(?P<d>\d{{1,2}})(?!\d)\.? ?(?:de )?(?P<m>{_L}+)(?!{_L})")
_MONTH_DAY = re.compile(rf"(?<!{_L})(?P<m>{_L}+)\.? (?P<d>\d{{1,2}})(?![\d:])")


def weekday_of(folded: str) -> tuple[int, tuple[int, int]] | None:
    """The weekday a folded text names (and where), if exactly one."""
    found = [(m, _WEEKDAY_NUMBERS[m["w"]]) for m in _WEEKDAY.finditer(folded)]
    if len({n for _, n in found}) != 1:
        return None
    return found[0][1], found[0][0].span()


def contradicts_weekday(folded: str, value: datetime) -> bool:
    """A weekday in the text that is not the weekday of the date it reads as."""
    named = weekday_of(folded) if _WEEKDAY_HINT.search(folded) else None
    return named is not None and named[0] != value.weekday()


_WEEKDAY_HINT = re.compile(
    r"ال|ثن|ثلاث|ربع|خميس|جمع|سبت|احد|day|mon|tue|wed|thu|fri|sat|sun|di|mer|jeu|ven|sam|dim|tag|woch"
)


def read_incomplete(folded: str, now: datetime, zone: tzinfo) -> datetime | None | bool:
    """The latest moment not after ``now`` that a yearless date, a weekday, a clock, or a
    weekday with a clock names; ``False`` when the text is none of these."""
    local_now = now.astimezone(zone)
    consumed: list[tuple[int, int]] = []
    day: date | None = None
    month_day = _month_day(folded)
    if month_day is not None:
        (month, mday), span = month_day
        consumed.append(span)
        day = _latest_month_day(month, mday, local_now.date())
        if day is None:
            return None  # 30 February
    named = weekday_of(folded)
    if named is not None:
        consumed.append(named[1])
    clock = _find_time(folded, 0, 0, [0]) if re.search(r"\d", folded) else None
    if clock is not None:
        consumed.extend(clock[1])
    if day is None and named is None and clock is None:
        return False
    if _unknown_words(folded, consumed):
        return None
    moment = clock[0] if clock else time(0, 0)
    zone = (clock[2] if clock else None) or zone
    local_now = now.astimezone(zone)
    if day is not None:
        if named is not None and named[0] != day.weekday():
            return None
        return datetime.combine(day, moment).replace(tzinfo=zone)
    day = local_now.date()
    if named is not None:
        day -= timedelta(days=(day.weekday() - named[0]) % 7)
    result = datetime.combine(day, moment).replace(tzinfo=zone)
    if result > local_now:
        result -= timedelta(days=7 if named is not None else 1)
    return result


def _month_day(folded: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        for m in pattern.finditer(folded):
            month = _MONTHS.get(m["m"])
            if month and month < 100:
                return (month, int(m["d"])), m.span()
    return None


def _latest_month_day(month: int, mday: int, today: date) -> date | None:
    for year in (today.year, today.year - 1, today.year - 2, today.year - 3, today.year - 4):
        try:
            day = date(year, month, mday)
        except ValueError:
            continue  # 29 February: the latest leap year
        if day <= today:
            return day
    return None


_UNIT_PRECISION = {"s": "minute", "m": "minute", "h": "hour", "d": "day", "w": "day",
                   "M": "month", "y": "year"}


def date_precision(text: str | None) -> str | None:
    """How much of the moment ``text`` states: "minute" (a clock), "hour" ("3 hours ago"),
    "day" (a date, a weekday, "yesterday"), "month" or "year" ("two years ago")."""
    if not text or not text.strip():
        return None
    raw = text.strip()
    if raw[0].isdigit() and _ISO.fullmatch(raw):
        return "minute" if len(raw) > 10 else "day"
    folded = _fold(raw)
    if _RELATIVE_HINT.search(folded):
        for pattern in _RELATIVES:
            for m in pattern.finditer(folded):
                if _is_relative(m):
                    return _UNIT_PRECISION[_UNITS[m["unit"]][0]]
        if _NOW_WORDS.search(folded) and not _DAYS_AGO.search(folded):
            return "minute"
    if _TIME.search(folded) or _HOUR_ONLY.search(folded):
        return "minute"
    return "day"
