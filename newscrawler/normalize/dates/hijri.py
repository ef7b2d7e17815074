"""Hijri to Gregorian: Umm al-Qura through ``hijridate``, the tabular calendar where it cannot.

Saudi and Gulf sites print Umm al-Qura dates, which ``hijridate`` (the maintained successor of
``hijri-converter``) covers for 1343-1500 AH (1924-2077). Outside that range, or if the package
is missing, the arithmetic (tabular, civil epoch) calendar is used; it can differ by a day or two
from sighting-based dates, which is why it is only the second choice.
"""

from __future__ import annotations

from datetime import date

try:  # pragma: no cover - exercised when the dependency is present
    from hijridate import Hijri as _Hijri
except ImportError:  # pragma: no cover
    _Hijri = None


def hijri_to_gregorian(year: int, month: int, day: int) -> date | None:
    """The Gregorian day of a Hijri date, or None if it does not exist."""
    if not (1 <= month <= 12 and 1 <= day <= 30 and 1 <= year <= 2000):
        return None
    if _Hijri is not None:
        try:
            return _Hijri(year, month, day).to_gregorian()
        except (ValueError, OverflowError):
            if 1343 <= year <= 1500:
                return None  # in range but not a real day (e.g. 30 of a 29-day month)
    return _tabular(year, month, day)


def _tabular(year: int, month: int, day: int) -> date | None:
    if day == 30 and _tabular_month_length(year, month) == 29:
        return None
    jdn = (
        day
        + (59 * (month - 1) + 1) // 2  # ceil(29.5 * (month - 1))
        + 354 * (year - 1)
        + (3 + 11 * year) // 30
        + 1948439
        - 1
    )
    try:
        return date.fromordinal(jdn - 1721425)
    except (ValueError, OverflowError):
        return None


def _tabular_month_length(year: int, month: int) -> int:
    if month % 2 == 1:
        return 30
    if month < 12:
        return 29
    return 30 if (14 + 11 * year) % 30 < 11 else 29
