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
  see ``_hijri``).
"""

from __future__ import annotations

import html
import logging
import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newscrawler.normalize._date_words import (
    FILLER,
    GREGORIAN_MONTHS,
    HIJRI_MONTHS,
    NUMBER_WORDS,
    WEEKDAYS,
    ZONE_ABBREVIATIONS,
    ZONE_WORDS,
)
from newscrawler.normalize._hijri import hijri_to_gregorian

__all__ = ["parse_arabic_date"]

log = logging.getLogger(__name__)

FUTURE_TOLERANCE = timedelta(days=1)
# No news web page is older than the web: an earlier date is a placeholder (1900, the Unix
# epoch) or a print edition's.
MIN_YEAR = 1990
MAX_INPUT = 400  # longer text is a paragraph, not a date string
MAX_UNKNOWN_WORDS = 3  # words around a date that we do not know, before we call it a sentence

# ---------------------------------------------------------------------------------------------
# Folding: one spelling for the many that reach us.

_DELETE = (
    "\u0640"  # tatweel
    + "".join(chr(c) for c in range(0x064B, 0x0660))  # harakat
    + "\u0670\u06d6\u06d7\u06d8\u06d9\u06da\u06db\u06dc\u06df\u06e0\u06e1\u06e2\u06e3\u06e4"
    + "\u06e7\u06e8\u06ea\u06eb\u06ec\u06ed"
    + "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    + "\u2066\u2067\u2068\u2069\u061c\ufeff\u00ad"
)
_MAP = {
    **{0x0660 + i: str(i) for i in range(10)},  # Eastern Arabic digits
    **{0x06F0 + i: str(i) for i in range(10)},  # Persian digits
    ord("أ"): "ا",
    ord("إ"): "ا",
    ord("آ"): "ا",
    ord("ٱ"): "ا",
    ord("ى"): "ي",
    ord("ی"): "ي",
    ord("ک"): "ك",
    ord("ة"): "ه",
    ord("ھ"): "ه",
    ord("،"): ",",
    ord("؛"): ";",
    ord("٬"): ",",
    **{c: " " for c in (0x00A0, 0x2007, 0x2009, 0x200A, 0x202F, 0x205F, 0x3000, 0x0009)},
    **{c: "-" for c in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212)},
    **{ord(c): None for c in _DELETE},
}
_TABLE = str.maketrans(_MAP)
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")
_SPACES = re.compile(r"\s+")


def _fold(text: str) -> str:
    if "&" in text:
        text = html.unescape(text)
    if _PRESENTATION_FORMS.search(text):
        import unicodedata

        text = unicodedata.normalize("NFKC", text)
    return _SPACES.sub(" ", text.translate(_TABLE)).strip().lower()


# ---------------------------------------------------------------------------------------------
# Patterns. ``_L`` is "a letter", so (?<!_L) and (?!_L) are word edges that, unlike \b, also
# hold between a digit and a letter ("2020م", "ديسمبر2018").

_L = r"[^\W\d_]"


def _alternation(words) -> str:
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


_MONTHS = {**GREGORIAN_MONTHS, **{k: 100 + v for k, v in HIJRI_MONTHS.items()}}  # 100+ = Hijri
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

_AMPM_WORDS = {
    "am": "am",
    "a.m.": "am",
    "a.m": "am",
    "pm": "pm",
    "p.m.": "pm",
    "p.m": "pm",
    "ص": "am",
    "صباحا": "am",
    "صباح": "am",
    "صباحاً": "am",
    "قبل الظهر": "am",
    "فجرا": "night",
    "فجر": "night",
    "م": "pm",
    "مساء": "pm",
    "مساءا": "pm",
    "مسائا": "pm",
    "عصرا": "pm",
    "عصر": "pm",
    "بعد الظهر": "pm",
    "ظهرا": "noon",
    "ظهر": "noon",
    "الظهر": "noon",
    "ليلا": "late",
    "ليل": "late",
}
_AMPM = rf"(?P<ampm>{_alternation(_AMPM_WORDS)})(?!{_L})"
_LONG_AMPM = rf"(?P<ampm2>{_alternation(w for w in _AMPM_WORDS if w not in ('ص', 'م'))})(?!{_L})"
_TIME = re.compile(
    r"(?<![\d:.])(?P<h>\d{1,2})(?:\s?:\s?|h)(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?(?![\d:])"
    rf"(?:\s*{_AMPM})?"
)
_HOUR_ONLY = re.compile(
    rf"(?:(?<!{_L})(?:ال)?ساعه\s*(?P<h>\d{{1,2}})(?![\d:])(?:\s*{_AMPM})?)"
    rf"|(?:(?<![\d:/.-])(?P<h2>\d{{1,2}})\s*{_LONG_AMPM})"
)
_OFFSET_AFTER_TIME = re.compile(
    rf"\s*\(?\s*(?:(?P<z>z)(?!{_L})"
    rf"|(?:[a-z]{{3,4}})?\s*(?P<sign>[+-])\s?(?P<oh>\d{{2}}):?(?P<om>\d{{2}})(?!\d)"
    rf"|(?P<abbr>[a-z]{{3,4}})(?!{_L}|\s*[+-]\d))\)?"
)
_GMT = re.compile(
    rf"(?<!{_L})(?:gmt|utc|ت\s?\.?\s?غ)(?!{_L})\.?\s*(?:(?P<sign>[+-])\s*(?P<oh>\d{{1,2}})(?::?(?P<om>\d{{2}}))?(?!\d))?"
)
_ZONE_WORD = re.compile(
    rf"(?<!{_L})(?:ب|بال|ال)?توقيت\s+(?:مدينه\s+)?(?P<place>{_alternation(ZONE_WORDS)})(?!{_L})"
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

# Relative dates.
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

_TOKENS = re.compile(r"[^\W\d_]+|\d+")
_NUMERIC_HINT = re.compile(r"\d[-/.]|\d\s[-/.]")
_GMT_HINT = re.compile(r"gmt|utc|غ")
_ABSOLUTE_HINT = re.compile(r"\d{4}|\d ?[-/.] ?\d")
_KNOWN_WORDS = (
    FILLER
    | WEEKDAYS
    | {w for name in _MONTHS for w in name.split()}
    | {w for name in ZONE_WORDS for w in name.split()}
    | {w for name in _AMPM_WORDS for w in _TOKENS.findall(name)}
    | set(ZONE_ABBREVIATIONS)
    | {"ال", "بال", "ب", "ل", "لل", "t", "واحد", "واحده"}
)
_FALLBACK_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_FALLBACK_DAY = re.compile(r"(?<!\d)\d{1,2}(?!\d)")

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


# ---------------------------------------------------------------------------------------------
# Internals


@lru_cache(maxsize=64)
def _zone_named(name: str) -> tzinfo:
    if name.upper() in ("UTC", "Z", "GMT"):
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


def _zone(tz: str | tzinfo | None) -> tzinfo:
    if tz is None:
        return UTC
    if isinstance(tz, tzinfo):
        return tz
    if isinstance(tz, str):
        return _zone_named(tz.strip())
    raise ValueError(f"tz must be a zone name or a tzinfo, not {type(tz).__name__}")


def _is_placeholder(value: datetime) -> bool:
    return value.year < MIN_YEAR


def _parse(text: str, now: datetime, zone: tzinfo, incomplete: bool = False) -> datetime | None:
    raw = text.strip()
    if not raw or len(raw) > MAX_INPUT:
        return None
    if raw[0].isdigit() and _ISO.fullmatch(raw):
        return _from_iso(raw, zone)
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


def _find_time(
    folded: str, start: int, end: int, date_starts: list[int]
) -> tuple[time, list[tuple[int, int]], tzinfo | None] | None:
    """The clock that goes with the date at ``start:end``: the first after it, else before it."""
    candidates = [m for m in _TIME.finditer(folded) if not (start <= m.start() < end)]
    if not candidates:
        candidates = [m for m in _HOUR_ONLY.finditer(folded) if not (start <= m.start() < end)]
        if not candidates:
            return None
    later = [d for d in date_starts if d > start]
    limit = later[0] if later else len(folded)
    after = [m for m in candidates if end <= m.start() < limit]
    before = [m for m in candidates if m.end() <= start]
    m = after[0] if after else (before[-1] if before else None)
    if m is None:
        return None
    hour = int(m["h"] if m["h"] is not None else m["h2"])
    minute = int(m.groupdict().get("mi") or 0)
    second = int(m.groupdict().get("s") or 0)
    hour = _apply_ampm(hour, m["ampm"] or m.groupdict().get("ampm2"))
    moment = time(hour, minute, min(second, 59))
    spans = [m.span()]
    offset = None
    tail = _OFFSET_AFTER_TIME.match(folded, m.end())
    if tail:
        offset = _offset_from(tail)
        if offset is not None:
            spans.append(tail.span())
    return moment, spans, offset


def _apply_ampm(hour: int, word: str | None) -> int:
    if word is None:
        return hour
    kind = _AMPM_WORDS[_SPACES.sub(" ", word)]
    if hour > 12:
        if hour > 23:
            raise ValueError("hour")
        return hour  # "14:00 م": a 24-hour clock with a redundant marker
    if kind == "am":
        return 0 if hour == 12 else hour
    if kind == "pm":
        return hour if hour == 12 else hour + 12
    if kind == "noon":
        return hour + 12 if hour < 6 else hour
    if kind == "late":  # ليلا: 10 ليلا is 22:00, 12 ليلا is midnight, 2 ليلا is 02:00
        if hour == 12:
            return 0
        return hour + 12 if hour >= 6 else hour
    return 0 if hour == 12 else hour  # فجرا


def _offset_from(m: re.Match) -> tzinfo | None:
    if m["z"]:
        return UTC
    if m["sign"]:
        minutes = int(m["oh"]) * 60 + int(m["om"])
        if minutes > 14 * 60 or int(m["om"]) >= 60:
            return None
        return timezone(timedelta(minutes=-minutes if m["sign"] == "-" else minutes))
    abbr = m["abbr"]
    if abbr in ZONE_ABBREVIATIONS:
        minutes = ZONE_ABBREVIATIONS[abbr]
        return UTC if minutes == 0 else timezone(timedelta(minutes=minutes))
    return None


def _find_zone(folded: str) -> tuple[list[tuple[int, int]], tzinfo | None]:
    m = _GMT.search(folded) if _GMT_HINT.search(folded) else None
    if m:
        minutes = 0
        if m["sign"]:
            minutes = int(m["oh"]) * 60 + int(m["om"] or 0)
            if minutes > 14 * 60:
                return [m.span()], None
            minutes = -minutes if m["sign"] == "-" else minutes
        return [m.span()], UTC if minutes == 0 else timezone(timedelta(minutes=minutes))
    m = _ZONE_WORD.search(folded) if "توقيت" in folded else None
    if m:
        return [m.span()], _zone_named(ZONE_WORDS[_SPACES.sub(" ", m["place"])])
    return [], None


def _unknown_words(folded: str, consumed: list[tuple[int, int]]) -> int:
    """How many words are left that we cannot account for, once the date parts are taken out."""
    gaps = []
    at = 0
    for s, e in sorted(consumed):
        if s > at:
            gaps.append(folded[at:s])
        at = max(at, e)
    gaps.append(folded[at:])
    return sum(1 for t in _TOKENS.findall(" ".join(gaps)) if t not in _KNOWN_WORDS)


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
