"""Accuracy and speed of parse_arabic_date against dateparser, on the same strings in one run.

    .venv/bin/python benchmarks/dates.py [--repeats 5] [--table tests/data/dates.tsv]

Each tool gets every string of the table with the same "now" (2024-06-15 12:00 in the row's site
zone). A result is correct when it is the expected instant to the minute; dateparser returns
naive datetimes, which are read in the row's site zone, and for rows whose answer is a bare day
(midnight) it is enough that dateparser finds the right day. Rows whose answer is ``None`` (not a
date, impossible, or in the future) are correct only when the tool returns nothing. Time per call
is the median over the repeats of (wall time of the whole table / rows), after one warm-up pass.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newscrawler.normalize.dates import parse_arabic_date  # noqa: E402

NOW = datetime(2024, 6, 15, 12, 0)


def load(table: Path) -> list[tuple[str, str, str, str]]:
    rows = []
    for line in table.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line:
            continue
        rows.append(tuple(line.split("\t")))
    return rows


def correct(got: datetime | None, expected: str, zone: str) -> bool:
    if expected == "None":
        return got is None
    if got is None:
        return False
    want = datetime.fromisoformat(expected)
    if got.tzinfo is None:
        got = got.replace(tzinfo=want.tzinfo if zone == "UTC" else ZoneInfo(zone))
    if abs((got - want).total_seconds()) < 60:
        return True
    local = want.astimezone(ZoneInfo(zone))
    bare_day = local.hour == 0 and local.minute == 0
    return bare_day and got.astimezone(ZoneInfo(zone)).date() == local.date()


def ours(text: str, zone: str) -> datetime | None:
    return parse_arabic_date(text, now=NOW, tz=zone)


def dateparser_ar(text: str, zone: str) -> datetime | None:
    import dateparser

    return dateparser.parse(text, languages=["ar"], settings={"RELATIVE_BASE": NOW})


def dateparser_auto(text: str, zone: str) -> datetime | None:
    import dateparser

    return dateparser.parse(text, settings={"RELATIVE_BASE": NOW})


def safe(tool: Callable, text: str, zone: str) -> datetime | None:
    try:
        return tool(text, zone)
    except Exception:  # a crash counts as a miss, as it would for a caller
        return None


def run(tool: Callable, rows, repeats: int) -> tuple[int, float]:
    results = [safe(tool, text, zone) for _, text, _, zone in rows]  # warm-up and accuracy
    score = sum(
        correct(got, exp, zone) for got, (_, _, exp, zone) in zip(results, rows, strict=True)
    )
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _, text, _, zone in rows:
            safe(tool, text, zone)
        timings.append((time.perf_counter() - start) / len(rows) * 1e6)
    return score, statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--table", type=Path, default=ROOT / "tests" / "data" / "dates.tsv")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    logging.getLogger("newscrawler").setLevel(logging.ERROR)  # rejected future dates are expected
    rows = load(args.table)
    tools = [
        ("newscrawler parse_arabic_date", ours, args.repeats),
        ("dateparser.parse(languages=['ar'])", dateparser_ar, args.repeats),
        ("dateparser.parse() auto-detect", dateparser_auto, max(1, args.repeats // 2)),
    ]
    results = [(name, *run(tool, rows, repeats)) for name, tool, repeats in tools]
    base = results[1][2]
    print(f"{len(rows)} strings from {args.table.relative_to(ROOT)}\n")
    print(f"| {'tool':<36} | {'correct':>9} | {'accuracy':>8} | {'µs/call':>8} | {'speed':>8} |")
    print(f"|{'-' * 38}|{'-' * 11}:|{'-' * 9}:|{'-' * 9}:|{'-' * 9}:|")
    for name, score, micros in results:
        print(
            f"| {name:<36} | {score:>4}/{len(rows):<4} | {100 * score / len(rows):>7.1f}% "
            f"| {micros:>8.1f} | {base / micros:>7.1f}× |"
        )
    print("\nspeed: relative to dateparser.parse(languages=['ar']); median of the repeats")


if __name__ == "__main__":
    main()
