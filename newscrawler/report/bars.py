"""Bar charts for the terminal: counts per day, week, month, quarter or year drawn with Unicode
block characters (eighths of a cell), scaled to the width available.

A long series is grouped into coarser periods until it fits in ``max_rows`` lines, so six years
of months do not scroll past as 72 lines. Every period from the first to the last is shown,
zeros included: a hole in the coverage is a row without a bar.
"""

from __future__ import annotations

import shutil
import sys
from datetime import date, timedelta

EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"
GRAINS = ("day", "week", "month", "quarter", "year")
DEFAULT_WIDTH = 80


def terminal_width(stream=None) -> int:
    """The terminal's width when writing to one, else a fixed width: output piped to a file or
    mailed by cron does not change with the ``COLUMNS`` of whoever ran it."""
    stream = stream or sys.stdout
    try:
        if stream.isatty():
            return max(40, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)
    except (AttributeError, ValueError):
        pass
    return DEFAULT_WIDTH


def bar(value: float, maximum: float, width: int) -> str:
    """``value`` as a bar of at most ``width`` cells, in eighths; any value above zero shows."""
    if value <= 0 or maximum <= 0 or width <= 0:
        return ""
    eighths = max(1, round(min(value, maximum) / maximum * width * 8))
    full, rest = divmod(eighths, 8)
    return FULL * full + (EIGHTHS[rest] if rest else "")


def period(day: date, grain: str) -> str:
    """The label of the period of ``grain`` that holds ``day``."""
    if grain == "day":
        return day.isoformat()
    if grain == "week":  # labelled by its Monday, so weeks sort and read as dates
        return (day - timedelta(days=day.weekday())).isoformat()
    if grain == "month":
        return f"{day:%Y-%m}"
    if grain == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if grain == "year":
        return str(day.year)
    raise ValueError(f"unknown period {grain!r}")


def _next(day: date, grain: str) -> date:
    """The first day of the period after the one that holds ``day``."""
    if grain == "day":
        return day + timedelta(days=1)
    if grain == "week":
        return day + timedelta(days=7 - day.weekday())
    months = {"month": 1, "quarter": 3, "year": 12}[grain]
    start = (day.month - 1) // months * months if grain != "year" else 0
    index = day.year * 12 + start + months
    return date(index // 12, index % 12 + 1, 1)


def series(days: dict[str, int], grain: str, start: str | None = None,
           end: str | None = None) -> list[tuple[str, int]]:
    """Counts per period from ``start`` to ``end`` (default: the first and last day of
    ``days``), every period listed, zeros included."""
    if not days and not (start and end):
        return []
    first = date.fromisoformat(start or min(days))
    last = date.fromisoformat(end or max(days))
    totals: dict[str, int] = {}
    day = first
    while day <= last:
        totals[period(day, grain)] = 0
        day = _next(day, grain)
    totals.setdefault(period(last, grain), 0)
    for key, n in days.items():
        moment = date.fromisoformat(key)
        if first <= moment <= last:
            totals[period(moment, grain)] += n
    return list(totals.items())


def fit(days: dict[str, int], max_rows: int, grains: tuple[str, ...] = GRAINS,
        ) -> tuple[str, list[tuple[str, int]]]:
    """The finest of ``grains`` whose series fits in ``max_rows`` (else the coarsest)."""
    for grain in grains:
        rows = series(days, grain)
        if len(rows) <= max_rows:
            return grain, rows
    return grains[-1], series(days, grains[-1])


def chart(rows: list[tuple[str, int]], width: int, *, indent: int = 2) -> list[str]:
    """One line per row: label, count and a bar that fills what is left of ``width``."""
    if not rows:
        return []
    label_width = max(len(label) for label, _ in rows)
    count_width = max(len(f"{n:,}") for _, n in rows)
    room = max(1, width - indent - label_width - count_width - 3)
    top = max(n for _, n in rows)
    return [
        f"{'':{indent}}{label:<{label_width}}  {n:>{count_width},} {bar(n, top, room)}".rstrip()
        for label, n in rows
    ]
