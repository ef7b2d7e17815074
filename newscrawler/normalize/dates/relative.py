"""Relative dates: "منذ ساعتين", "قبل 3 أيام", "أمس", "2 hours ago", "il y a 5 minutes".

Counted back from ``now``; a vague count ("منذ ساعات") gives nothing rather than a guess.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from newscrawler.normalize._date_words import NUMBER_WORDS
from newscrawler.normalize.dates.clock import _find_time
from newscrawler.normalize.dates.words import _L, _SPACES, _alternation, _unknown_words

_UNITS = {
    "ثانيه": ("s", 1),
    "ثانيتين": ("s", 2),
    "ثانيتان": ("s", 2),
    "ثواني": ("s", 0),
    "ثوان": ("s", 0),
    "دقيقه": ("m", 1),
    "دقيقتين": ("m", 2),
    "دقيقتان": ("m", 2),
    "دقائق": ("m", 0),
    "دقايق": ("m", 0),
    "د": ("m", 0),
    "دق": ("m", 0),
    "ساعه": ("h", 1),
    "ساعتين": ("h", 2),
    "ساعتان": ("h", 2),
    "ساعات": ("h", 0),
    "س": ("h", 0),
    "يوم": ("d", 1),
    "يومين": ("d", 2),
    "يومان": ("d", 2),
    "ايام": ("d", 0),
    "اسبوع": ("w", 1),
    "اسبوعين": ("w", 2),
    "اسبوعان": ("w", 2),
    "اسابيع": ("w", 0),
    "شهر": ("M", 1),
    "شهرين": ("M", 2),
    "شهران": ("M", 2),
    "اشهر": ("M", 0),
    "شهور": ("M", 0),
    "سنه": ("y", 1),
    "سنتين": ("y", 2),
    "سنتان": ("y", 2),
    "سنوات": ("y", 0),
    "سنين": ("y", 0),
    "عام": ("y", 1),
    "عامين": ("y", 2),
    "عامان": ("y", 2),
    "اعوام": ("y", 0),
    # after numbers 11 and up Arabic uses the singular accusative: "منذ 12 شهرا"
    "يوما": ("d", 0),
    "اسبوعا": ("w", 0),
    "شهرا": ("M", 0),
    "عاما": ("y", 0),
    "second": ("s", 1),
    "seconds": ("s", 0),
    "sec": ("s", 0),
    "secs": ("s", 0),
    "minute": ("m", 1),
    "minutes": ("m", 0),
    "min": ("m", 0),
    "mins": ("m", 0),
    "hour": ("h", 1),
    "hours": ("h", 0),
    "hr": ("h", 0),
    "hrs": ("h", 0),
    "day": ("d", 1),
    "days": ("d", 0),
    "week": ("w", 1),
    "weeks": ("w", 0),
    "month": ("M", 1),
    "months": ("M", 0),
    "year": ("y", 1),
    "years": ("y", 0),
    "seconde": ("s", 1),
    "secondes": ("s", 0),
    "heure": ("h", 1),
    "heures": ("h", 0),
    "jour": ("d", 1),
    "jours": ("d", 0),
    "semaine": ("w", 1),
    "semaines": ("w", 0),
    "mois": ("M", 0),
    "an": ("y", 1),
    "ans": ("y", 0),
}
# "<منذ|قبل> [about] [count] unit", "[count] unit ago", "il y a [count] unit": generic words,
# checked against _UNITS and NUMBER_WORDS in Python.
_APPROX = r"(?:(?:حوالي|نحو|قرابه|اكثر من|اقل من|ما يقارب|ما يزيد عن) )?"
_COUNT = rf"(?:(?P<n>\d{{1,4}})|(?P<nw>{_alternation(NUMBER_WORDS)})(?!{_L})) ?"
_UNIT = rf"(?P<unit>{_L}+)(?!{_L})"
_RELATIVES = (
    re.compile(rf"(?<!{_L})(?:منذ|قبل) {_APPROX}(?:{_COUNT})?{_UNIT}"),
    re.compile(rf"(?<!{_L})(?:{_COUNT})?{_UNIT} ago(?!{_L})"),
    re.compile(rf"(?<!{_L})il y a (?:{_COUNT})?{_UNIT}"),
)
_DAY_WORDS = {
    "الان": 0,
    "حالا": 0,
    "منذ لحظات": 0,
    "منذ قليل": 0,
    "قبل قليل": 0,
    "قبل لحظات": 0,
    "منذ لحظه": 0,
    "just now": 0,
    "now": 0,
    "a l'instant": 0,
    "à l'instant": 0,
}
_NOW_WORDS = re.compile(rf"(?<!{_L})(?:{_alternation(_DAY_WORDS)})(?!{_L})")
_DAYS_AGO_WORDS = {
    "اليوم": 0,
    "today": 0,
    "aujourd'hui": 0,
    "امس": 1,
    "البارحه": 1,
    "yesterday": 1,
    "hier": 1,
    "اول امس": 2,
    "اول من امس": 2,
    "قبل امس": 2,
    "avant-hier": 2,
}
_DAYS_AGO = re.compile(rf"(?<!{_L})(?:ب|بال|ال)?(?P<w>{_alternation(_DAYS_AGO_WORDS)})(?!{_L})")
_RELATIVE_HINT = re.compile(
    rf"(?<!{_L})(?:منذ|قبل|ago|il y a|{_alternation([*_DAY_WORDS, *_DAYS_AGO_WORDS])})(?!{_L})"
)


def _relative(folded: str, now: datetime, zone: tzinfo) -> datetime | None | bool:
    """The moment a relative phrase points to; ``False`` if there is none."""
    local_now = now.astimezone(zone)
    m = None
    for pattern in _RELATIVES:
        m = pattern.search(folded)
        while m and not _is_relative(m):
            m = pattern.search(folded, m.start() + 1)
        if m:
            break
    if m:
        unit, implied = _UNITS[m["unit"]]
        if m["n"]:
            count = int(m["n"])
        elif m["nw"]:
            count = NUMBER_WORDS[m["nw"]]
        else:
            count = implied
        if count == 0:
            return None  # "منذ ساعات": some hours ago, not a time
        if unit in "smh":
            if _unknown_words(folded, [m.span()]):
                return None
            delta = timedelta(seconds=count * {"s": 1, "m": 60, "h": 3600}[unit])
            moment = (now.astimezone(UTC) - delta).astimezone(zone)
            return moment.replace(microsecond=0)
        day = _days_back(local_now.date(), unit, count)
        return _day_with_time(folded, m.span(), day, zone)
    m = _DAYS_AGO.search(folded)
    if m:
        day = local_now.date() - timedelta(days=_DAYS_AGO_WORDS[_SPACES.sub(" ", m["w"])])
        return _day_with_time(folded, m.span(), day, zone)
    m = _NOW_WORDS.search(folded)
    if m:
        if _unknown_words(folded, [m.span()]):
            return None
        return local_now.replace(microsecond=0)
    return False


def _is_relative(m: re.Match) -> bool:
    return m["unit"] in _UNITS and (m["nw"] is None or m["nw"] in NUMBER_WORDS)


def _days_back(today: date, unit: str, count: int) -> date:
    if unit == "d":
        return today - timedelta(days=count)
    if unit == "w":
        return today - timedelta(weeks=count)
    months = count * (12 if unit == "y" else 1)
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for day in (today.day, 30, 29, 28):
        try:
            return date(year, month, min(day, today.day))
        except ValueError:
            continue
    raise ValueError("month")


def _day_with_time(folded: str, span: tuple[int, int], day: date, zone: tzinfo) -> datetime | None:
    clock = _find_time(folded, span[0], span[1], [span[0]])
    consumed = [span]
    moment = time(0, 0)
    offset = None
    if clock is not None:
        moment, spans, offset = clock
        consumed.extend(spans)
    if _unknown_words(folded, consumed):
        return None  # a relative word inside a sentence ("اليوم السابع") is no date
    return datetime.combine(day, moment).replace(tzinfo=offset or zone)
