"""Clocks and zones beside a date: "09:23 ص", "الساعة 10 مساء", "+03:00", "بتوقيت مكة"."""

from __future__ import annotations

import re
from datetime import UTC, time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newscrawler.normalize._date_words import AMPM_WORDS, ZONE_ABBREVIATIONS, ZONE_WORDS
from newscrawler.normalize.dates.words import _L, _SPACES, _alternation

_AMPM = rf"(?P<ampm>{_alternation(AMPM_WORDS)})(?!{_L})"
_LONG_AMPM = rf"(?P<ampm2>{_alternation(w for w in AMPM_WORDS if w not in ('ص', 'م'))})(?!{_L})"
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

_GMT_HINT = re.compile(r"gmt|utc|غ")


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
    kind = AMPM_WORDS[_SPACES.sub(" ", word)]
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
