"""The self-contained HTML report: one file with its CSS, SVG charts and a small script inline,
so it opens anywhere without a network (no CDN, no fonts to fetch).

Arabic names, titles and bylines are set in ``<bdi dir="auto">`` so they read right to left in
a left-to-right page, and the charts' time axis runs left to right as dates do in both.
"""

from __future__ import annotations

from datetime import date
from html import escape
from importlib.resources import files

from newscrawler.report.svg import run_class, runs_chart, time_chart

SECTION_BUCKET_DAYS = 400
"""Section charts longer than this many days are drawn per week (site charts stay per day)."""


def _asset(name: str) -> str:
    return files("newscrawler.report").joinpath(name).read_text(encoding="utf-8")


def bdi(text: object) -> str:
    return f'<bdi dir="auto">{escape(str(text if text is not None else ""))}</bdi>'


def _span(first: str | None, last: str | None) -> int:
    if not first or not last:
        return 0
    return (date.fromisoformat(last) - date.fromisoformat(first)).days + 1


def render_report(data: dict, *, title: str, generated: str) -> str:
    """The report page for the data of ``coverage_report``."""
    parts = [
        _summary(data),
        _sites(data),
        _sections(data),
        _gaps(data),
        _authors(data),
        _runs(data["runs"]),
    ]
    if data.get("stories") is not None:
        parts.append(_stories(data["stories"]))
    nav = "".join(
        f'<a href="#{key}">{label}</a>'
        for key, label in (("sites", "Sites"), ("sections", "Sections"), ("gaps", "Gaps"),
                           ("authors", "Authors"), ("runs", "Crawl runs"), ("stories", "Stories"))
        if key != "stories" or data.get("stories") is not None
    )
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{escape(title)} — newscrawler report</title>"
        f"<style>{_asset('report.css')}</style></head>\n<body>"
        f"<header><h1>{escape(title)}</h1><p class=\"meta\">newscrawler report, generated "
        f"{escape(generated)}</p><nav>{nav}</nav></header>\n<main>"
        + "\n".join(parts)
        + f"</main>\n<script>{_asset('report.js')}</script></body></html>\n"
    )


def _summary(data: dict) -> str:
    gaps = sum(len(g["gaps"]) for g in data["gaps"].values())
    items = [
        ("articles", f"{data['articles']:,}"),
        ("sites", f"{data['sites']:,}"),
        ("sections", f"{data['sections']:,}"),
        ("authors", f"{data['author_count']:,}"),
        ("published", f"{data['first_day'] or '?'} … {data['last_day'] or '?'}"),
        ("undated", f"{data['undated']:,}"),
        ("crawled", f"{(data['first_seen'] or '?')[:10]} … {(data['last_crawled'] or '?')[:10]}"),
        ("coverage gaps", f"{gaps:,}"),
    ]
    cells = "".join(f"<div><dt>{k}</dt><dd>{v}</dd></div>" for k, v in items)
    return f'<section id="summary"><dl class="summary">{cells}</dl></section>'


def _figure(kind: str, caption: str, svg: str) -> str:
    return f'<figure class="chart" data-kind="{kind}"><figcaption>{caption}</figcaption>{svg}</figure>'


def _sites(data: dict) -> str:
    first, last = data["first_day"], data["last_day"]
    if not first or not last:
        return '<section id="sites"><h2>Articles per day, by site</h2><p class="empty">No dated articles yet.</p></section>'
    figures = []
    for site, days in data["by_site"].items():
        check = data["gaps"].get(site, {})
        gaps = check.get("gaps", [])
        total = sum(days.values())
        note = (f", <strong class=\"bad\">{len(gaps)} gap{'s' * (len(gaps) != 1)}</strong>"
                if gaps else "")
        caption = (f"{bdi(site)} — {total:,} articles, published on {check.get('active_days', 0):,} "
                   f"of {check.get('span_days', 0):,} days{note}")
        figures.append(_figure("site", caption, time_chart(days, first, last, gaps=gaps,
                                                           label=f"articles per day, {site}")))
    return ('<section id="sites"><h2>Articles per day, by site</h2>'
            '<p class="hint">Shaded: coverage gaps (below). Hover a chart for the day\'s count.</p>'
            + "".join(figures) + "</section>")


def _sections(data: dict) -> str:
    first, last = data["first_day"], data["last_day"]
    if not first or not last or not data["by_section"]:
        return '<section id="sections"><h2>Articles by section</h2><p class="empty">No dated articles yet.</p></section>'
    bucket = 7 if _span(first, last) > SECTION_BUCKET_DAYS else 1
    per = "week" if bucket == 7 else "day"
    figures = []
    for key, days in data["by_section"].items():
        site, _, section = key.partition(" / ")
        caption = f"{bdi(section)} <span class=\"site\">{bdi(site)}</span> — {sum(days.values()):,} articles"
        figures.append(_figure("section", caption, time_chart(
            days, first, last, bucket=bucket, label=f"articles per {per}, {key}", width=480)))
    shown = len(data["by_section"])
    more = f" (the {shown} busiest)" if shown < data["sections"] else ""
    return (f'<section id="sections"><h2>Articles per {per}, by section{more}</h2>'
            '<div class="grid">' + "".join(figures) + "</div></section>")


def _gaps(data: dict) -> str:
    rows, unchecked = [], []
    for site, check in data["gaps"].items():
        if not check["checked"]:
            unchecked.append(f"{bdi(site)} ({check['active_days']:,} of {check['span_days']:,} days)")
        for gap in reversed(check["gaps"]):
            rows.append(f'<tr class="gap-row"><td>{bdi(site)}</td><td>{gap["start"]}</td>'
                        f'<td>{gap["end"]}</td><td class="num">{gap["days"]:,}</td></tr>')
    head = ('<section id="gaps"><h2>Coverage gaps</h2><p class="hint">Days on which a site that '
            "publishes on most days has no article — usually a crawl that failed. Weekdays a "
            "site does not usually publish on are not gaps.</p>")
    table = ('<table class="gaps"><thead><tr><th>site</th><th>from</th><th>to</th><th>days</th>'
             f"</tr></thead><tbody>{''.join(rows)}</tbody></table>" if rows
             else '<p class="ok">No gaps.</p>')
    note = (f'<p class="hint">Not checked (publish on fewer than half their days, or less than '
            f"two weeks of articles): {', '.join(unchecked)}.</p>" if unchecked else "")
    return head + table + note + "</section>"


def _hbars(rows: list[tuple[str, int, str]], unit: str, kind: str = "") -> str:
    """A horizontal bar chart as a table: label (may be Arabic), count, bar, detail."""
    if not rows:
        return '<p class="empty">None yet.</p>'
    top = max(n for _, n, _ in rows) or 1
    body = "".join(
        f'<tr><td class="label">{label}</td><td class="num">{n:,}</td>'
        f'<td class="barcell"><span class="hbar" style="width:{n / top * 100:.1f}%" '
        f'title="{n:,} {unit}"></span></td><td class="detail">{detail}</td></tr>'
        for label, n, detail in rows
    )
    return f'<table class="hbars {kind}">{body}</table>'


def _authors(data: dict) -> str:
    def rows(authors):
        return [(bdi(a["name"]), a["articles"],
                 f"{a['sites']} site{'s' * (a['sites'] != 1)}, "
                 f"{(a['first'] or '?')[:10]} … {(a['last'] or '?')[:10]}") for a in authors]

    return ('<section id="authors"><h2>Authors</h2>'
            f"<h3>Most articles ({data['author_count']:,} people in all)</h3>"
            + _hbars(rows(data["authors"]), "articles")
            + "<h3>Organizations (agencies, the sites themselves)</h3>"
            + _hbars(rows(data["organizations"]), "articles") + "</section>")


def _runs(runs: dict) -> str:
    legend = "".join(
        f'<li><span class="swatch {run_class(status)}"></span>{escape(status)} {n:,}</li>'
        for status, n in runs["outcomes"].items()
    )
    recent = "".join(
        f'<tr class="{run_class(r["status"])}"><td>#{r["id"]}</td><td>{bdi(r["site"] or "")}</td>'
        f'<td>{escape(r["started_at"] or "")}</td><td>{escape(r["status"])}</td>'
        f'<td class="num">{r["requests"] or 0:,}</td><td class="num">{r["articles_new"] or 0:,}</td>'
        f'<td class="num">{r["articles_updated"] or 0:,}</td><td class="num">{r["errors"] or 0:,}</td>'
        f'<td>{bdi(r["message"] or "")}</td></tr>'
        for r in reversed(runs["runs"][-20:])
    )
    if not runs["runs"]:
        return '<section id="runs"><h2>Crawl runs</h2><p class="empty">No crawl runs recorded.</p></section>'
    return (
        f'<section id="runs"><h2>Crawl runs</h2><p class="hint">The last {len(runs["runs"])} runs, '
        "oldest first: height = articles stored (new + updated), colour = how the run ended.</p>"
        + _figure("runs", f'<ul class="legend">{legend}</ul>', runs_chart(runs["runs"]))
        + '<h3>Latest runs</h3><table class="runs"><thead><tr><th>run</th><th>site</th>'
        "<th>started</th><th>status</th><th>requests</th><th>new</th><th>updated</th>"
        f"<th>errors</th><th>message</th></tr></thead><tbody>{recent}</tbody></table></section>"
    )


def _stories(stories: dict) -> str:
    rows = []
    for story in stories["top"]:
        copies = "".join(
            f'<li{" class=original" if c["original"] else ""}>{escape((c["published"] or "?")[:10])} '
            f'{bdi(c["site"])} <a href="{escape(c["url"] or "")}">{bdi(c["title"] or c["url"])}</a></li>'
            for c in story["copies"]
        )
        label = (f'<details><summary>{bdi(story["title"] or "(original not found)")}</summary>'
                 f"<ol>{copies}</ol></details>")
        detail = f"{story['sites']} site{'s' * (story['sites'] != 1)}, first {escape((story['first_published'] or '?')[:10])}"
        rows.append((label, story["articles"], detail))
    return ('<section id="stories"><h2>Stories with the most copies</h2>'
            f"<p class=\"hint\">{stories['stories']:,} stories, {stories['with_copies']:,} of them "
            "published more than once. Open one to see its copies, oldest first (the original in bold).</p>"
            + _hbars(rows, "articles", "stories") + "</section>")
