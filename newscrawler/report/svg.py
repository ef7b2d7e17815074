"""Inline SVG charts for the HTML report, drawn from plain numbers: no script is needed to see
them, and one ``<path>`` holds all the bars of a series, so six years of days stay light."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

WIDTH, HEIGHT = 960, 120
DENSE = 2.0
"""Periods narrower than this (in the chart's units, about pixels) are drawn as one outline."""
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 8, 20
RUN_CLASSES = {"finished": "ok", "reparse": "ok", "running": "info", "interrupted": "warn",
               "failed": "bad", "killed": "bad"}


def run_class(status: str | None) -> str:
    """A colour class for a run's status (closed early for another reason counts as a warning)."""
    return RUN_CLASSES.get(status or "", "warn")


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def time_chart(days: dict[str, int], start: str, end: str, *, gaps: list[dict] = (),
               bucket: int = 1, label: str = "", width: int = WIDTH) -> str:
    """Articles per ``bucket`` days from ``start`` to ``end`` as columns, with the ``gaps``
    (``{"start", "end", "days"}``) shaded behind them. The counts ride along in
    ``data-values`` for the page's hover readout. ``width`` is in the units of the text (small
    charts get a narrower one, so their labels stay legible when scaled to fit)."""
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    count = (last - first).days // bucket + 1
    values = [0] * count
    for day, n in days.items():
        index = (date.fromisoformat(day) - first).days // bucket
        if 0 <= index < count:
            values[index] += n
    plot_w, plot_h = width - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / count
    top = max(values) or 1
    base = TOP + plot_h
    heights = [max(1.0, n / top * plot_h) if n else 0.0 for n in values]
    bars = _columns(heights, step, base) if step >= DENSE else _steps(heights, step, base)
    shades = []
    for gap in gaps:
        x0 = (date.fromisoformat(gap["start"]) - first).days / bucket * step
        w = max(2.0, gap["days"] / bucket * step)
        shades.append(
            f'<rect class="gap" x="{_num(LEFT + x0)}" y="{TOP}" width="{_num(w)}" '
            f'height="{plot_h}"><title>no article {gap["start"]} … {gap["end"]} '
            f'({gap["days"]} days)</title></rect>'
        )
    return (
        f'<svg class="time" viewBox="0 0 {width} {HEIGHT}" role="img" '
        f'aria-label="{escape(label)}" data-start="{start}" data-bucket="{bucket}" '
        f'data-values="{",".join(map(str, values))}" data-left="{LEFT}" data-plot="{plot_w}">'
        + "".join(shades)
        + f'<line class="axis" x1="{LEFT}" x2="{width - RIGHT}" y1="{base}" y2="{base}"/>'
        + f'<line class="grid" x1="{LEFT}" x2="{width - RIGHT}" y1="{TOP}" y2="{TOP}"/>'
        + f'<text class="y" x="{LEFT - 4}" y="{TOP + 4}">{top:,}</text>'
        + f'<text class="y" x="{LEFT - 4}" y="{base}">0</text>'
        + _ticks(first, last, LEFT, plot_w / ((last - first).days + 1), base,
                 most=max(3, plot_w // 75))
        + f'<path class="bars" d="{bars}"/>'
        + "</svg>"
    )


def _columns(heights: list[float], step: float, base: float) -> str:
    """One column per period, with a little space between them."""
    return "".join(f"M{_num(LEFT + i * step)} {base}v{_num(-h)}h{_num(step * 0.9)}v{_num(h)}z"
                   for i, h in enumerate(heights) if h)


def _steps(heights: list[float], step: float, base: float) -> str:
    """The outline of all the columns as one polygon, for periods narrower than ``DENSE``:
    thousands of sub-pixel columns cost a browser far more to draw and show nothing more."""
    out = [f"M{LEFT} {base}"]
    for i, h in enumerate(heights):
        out.append(f"V{_num(base - h)}H{_num(LEFT + (i + 1) * step)}")
    return "".join(out) + f"V{base}Z"


def _ticks(first: date, last: date, left: float, per_day: float, base: float,
           most: int = 12) -> str:
    """Year labels for a long span, month labels for a short one, day labels for a few weeks
    (at most about ``most``)."""
    span = (last - first).days + 1
    marks: list[tuple[date, str]] = []
    if span > 730:
        every = max(1, (last.year - first.year + 1) // most + 1)
        marks = [(date(y, 1, 1), str(y)) for y in range(first.year + 1, last.year + 1, every)]
    elif span > 45:
        months = (last.year - first.year) * 12 + last.month - first.month
        every = max(1, months // most + 1)
        index = first.year * 12 + first.month  # the month after the first
        while index <= last.year * 12 + last.month - 1:
            marks.append((date(index // 12, index % 12 + 1, 1), f"{index // 12}-{index % 12 + 1:02}"))
            index += every
    else:
        every = max(1, span // most + 1)
        marks = [(first + timedelta(days=i), (first + timedelta(days=i)).isoformat())
                 for i in range(0, span, every)]
    out = []
    for moment, text in marks:
        x = left + (moment - first).days * per_day
        out.append(f'<line class="tick" x1="{_num(x)}" x2="{_num(x)}" y1="{base}" y2="{base + 4}"/>'
                   f'<text class="x" x="{_num(x)}" y="{base + 15}">{text}</text>')
    return "".join(out)


def runs_chart(runs: list[dict]) -> str:
    """One column per run, oldest first: its height the articles it stored (new + updated, at
    least a sliver so an empty run shows), its colour how it ended."""
    if not runs:
        return ""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / len(runs)
    stored = [(r["articles_new"] or 0) + (r["articles_updated"] or 0) for r in runs]
    top = max(stored) or 1
    base = TOP + plot_h
    cols = []
    for i, (run, n) in enumerate(zip(runs, stored, strict=True)):
        h = max(3.0, n / top * plot_h)
        tip = (f"#{run['id']} {run['site'] or ''} {run['started_at']}: {run['status']}, "
               f"{run['articles_new'] or 0} new, {run['articles_updated'] or 0} updated, "
               f"{run['errors'] or 0} errors")
        cols.append(
            f'<rect class="run {run_class(run["status"])}" x="{_num(LEFT + i * step)}" '
            f'y="{_num(base - h)}" width="{_num(min(max(step * 0.8, 1), 24))}" height="{_num(h)}">'
            f"<title>{escape(tip)}</title></rect>"
        )
    return (
        f'<svg class="runs" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="crawl runs">'
        f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base}" y2="{base}"/>'
        f'<text class="y" x="{LEFT - 4}" y="{TOP + 4}">{top:,}</text>'
        f'<text class="y" x="{LEFT - 4}" y="{base}">0</text>'
        f'<text class="x" x="{LEFT}" y="{base + 15}" text-anchor="start">'
        f'{escape(runs[0]["started_at"][:10])}</text>'
        f'<text class="x" x="{WIDTH - RIGHT}" y="{base + 15}" text-anchor="end">'
        f'{escape(runs[-1]["started_at"][:10])}</text>'
        + "".join(cols) + "</svg>"
    )
