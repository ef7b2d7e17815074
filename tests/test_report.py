"""Coverage at a glance: gap detection and terminal bars as pure functions, then `stats` and
`report` in a subprocess on real archives written through the archive API."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date

from newscrawler.archive import open_archive
from newscrawler.archive.coverage import find_gaps
from newscrawler.archive.store import ArchiveWriter
from newscrawler.report.bars import bar, chart, fit, period, series
from newscrawler.report.svg import LEFT, RIGHT, WIDTH, time_chart
from tests.helpers import make_article, newscrawler
from tests.helpers.archives import FRIDAY, build_archive, every_day


def test_a_missing_week_of_a_daily_site_is_one_gap():
    hole = lambda d: date(2024, 2, 10) <= d <= date(2024, 2, 16)  # noqa: E731
    check = find_gaps(every_day("2024-01-01", "2024-03-31", hole))
    assert check["checked"]
    assert check["gaps"] == [{"start": "2024-02-10", "end": "2024-02-16", "days": 7}]


def test_a_weekday_the_site_never_publishes_on_is_not_a_gap_but_does_not_split_one():
    skip = lambda d: d.weekday() == FRIDAY or date(2024, 2, 12) <= d <= date(2024, 2, 20)  # noqa: E731
    check = find_gaps(every_day("2024-01-01", "2024-03-31", skip))
    assert check["off_weekdays"] == [FRIDAY]
    # Friday the 16th lies inside the hole: one gap; no other Friday is one
    assert check["gaps"] == [{"start": "2024-02-12", "end": "2024-02-20", "days": 9}]


def test_single_missing_days_are_gaps_too():
    skip = lambda d: d in (date(2024, 1, 9), date(2024, 1, 23))  # noqa: E731
    gaps = find_gaps(every_day("2024-01-01", "2024-01-31", skip))["gaps"]
    assert [(g["start"], g["days"]) for g in gaps] == [("2024-01-09", 1), ("2024-01-23", 1)]


def test_a_site_whose_crawl_stopped_has_a_gap_up_to_the_archives_last_day():
    check = find_gaps(every_day("2024-01-01", "2024-01-31"), end="2024-02-05")
    assert check["gaps"] == [{"start": "2024-02-01", "end": "2024-02-05", "days": 5}]


def test_a_site_that_publishes_now_and_then_is_not_judged():
    weekly = {f"2024-{m:02}-{d:02}": 1 for m in range(1, 7) for d in (3, 10, 17, 24)}
    check = find_gaps(weekly)
    assert not check["checked"] and check["gaps"] == []
    assert check["active_days"] == 24 and check["share"] < 0.5


def test_too_short_a_span_is_not_judged_and_nothing_is_nothing():
    assert not find_gaps(every_day("2024-01-01", "2024-01-10", lambda d: d.day == 5))["checked"]
    assert find_gaps({})["gaps"] == [] and not find_gaps({})["checked"]


# --- terminal bars -------------------------------------------------------------------------


def test_bars_scale_to_the_width_in_eighths():
    assert bar(10, 10, 20) == "█" * 20
    assert bar(5, 10, 20) == "█" * 10
    assert bar(8, 16, 2) == "█"            # half of 2 cells
    assert bar(3, 16, 2) == "▍"            # 3 of 16 eighths
    assert bar(11, 16, 2) == "█▍"          # 11 eighths
    assert bar(1, 10_000, 20) == "▏"      # tiny but not zero: still shows
    assert bar(0, 10, 20) == "" and bar(3, 0, 20) == ""
    lengths = [len(bar(n, 100, 30)) for n in range(0, 101, 5)]
    assert lengths == sorted(lengths) and lengths[-1] == 30


def test_chart_lines_fit_the_width_and_the_biggest_fills_it():
    rows = [("2024-01", 1234), ("2024-02", 0), ("2024-03", 617)]
    for width in (40, 80, 157):
        lines = chart(rows, width)
        assert all(len(line) <= width for line in lines), width
        assert len(lines[0]) == width  # the biggest fills the line
        assert lines[1].endswith(" 0")   # a zero row has no bar
        assert lines[0].count("█") in (lines[2].count("█") * 2, lines[2].count("█") * 2 + 1)


def test_periods_and_series_list_every_period_with_zeros():
    assert period(date(2024, 2, 29), "week") == "2024-02-26"
    assert period(date(2024, 11, 3), "quarter") == "2024-Q4"
    days = {"2024-01-30": 2, "2024-04-02": 5}
    assert series(days, "month") == [("2024-01", 2), ("2024-02", 0), ("2024-03", 0), ("2024-04", 5)]
    assert series(days, "quarter") == [("2024-Q1", 2), ("2024-Q2", 5)]
    assert [n for _, n in series(days, "day")][:3] == [2, 0, 0]
    assert sum(n for _, n in series(days, "week")) == 7


def test_a_long_archive_is_grouped_until_it_fits():
    six_years = every_day("2019-01-01", "2024-12-31")
    grain, rows = fit(six_years, 24, ("month", "quarter", "year"))
    assert grain == "quarter" and len(rows) == 24
    assert sum(n for _, n in rows) == sum(six_years.values())
    grain, rows = fit(six_years, 10, ("month", "quarter", "year"))
    assert grain == "year" and [r[0] for r in rows] == [str(y) for y in range(2019, 2025)]
    assert fit(every_day("2024-01-01", "2024-01-20"), 24)[0] == "day"


# --- the report's SVG charts ---------------------------------------------------------------


def test_a_chart_counts_every_day_and_shades_the_gap_where_it_lies():
    days = every_day("2024-01-01", "2024-01-31", lambda d: 10 <= d.day <= 14)
    gap = {"start": "2024-01-10", "end": "2024-01-14", "days": 5}
    svg = time_chart(days, "2024-01-01", "2024-01-31", gaps=[gap])
    values = [int(v) for v in re.search(r'data-values="([^"]*)"', svg).group(1).split(",")]
    assert len(values) == 31 and sum(values) == sum(days.values()) and values[9:14] == [0] * 5
    step = (WIDTH - LEFT - RIGHT) / 31
    x, width = map(float, re.search(r'<rect class="gap" x="([\d.]+)" y="\d+" width="([\d.]+)"', svg).groups())
    assert abs(x - (LEFT + 9 * step)) < 0.01 and abs(width - 5 * step) < 0.01
    columns = re.search(r'class="bars" d="([^"]*)"', svg).group(1)
    assert columns.count("M") == 26  # one column per day with articles
    weekly = time_chart(days, "2024-01-01", "2024-01-31", bucket=7)
    assert re.search(r'data-values="([^"]*)"', weekly).group(1).count(",") == 4  # 5 weeks


def test_six_years_of_days_are_one_outline_not_thousands_of_columns():
    days = every_day("2019-01-01", "2024-12-31")
    svg = time_chart(days, "2019-01-01", "2024-12-31")
    outline = re.search(r'class="bars" d="([^"]*)"', svg).group(1)
    assert outline.count("M") == 1 and outline.count("H") == len(days) and outline.endswith("Z")
    assert ">2020<" in svg and ">2024<" in svg  # years on the axis


# --- the commands on a real archive ---------------------------------------------------------


def test_stats_draws_charts_and_names_the_gap(tmp_path):
    db = tmp_path / "news.db"
    build_archive(db, stories=False)
    env = {**os.environ, "COLUMNS": "200"}  # not a terminal: the width stays 80
    result = subprocess.run([sys.executable, "-m", "newscrawler", "stats", "--db", str(db)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    bars = [line for line in text.splitlines() if "█" in line]
    assert bars and max(len(line) for line in bars) == 80  # the biggest fills 80, not 200
    assert re.search(r"by month \(1 undated not shown\):\n  2024-01 +\d+ █+", text)
    assert re.search(r"\n  2024-03-31 +\d+ █", text)  # the last days, one a line
    assert "daily.ma: 2024-02-12 … 2024-02-20 (9 days)" in text
    assert "weekly.ma:" not in text.split("coverage gaps", 1)[1]
    data = json.loads(newscrawler("stats", "--db", str(db), "--json").stdout)
    assert data["gaps"] == {"daily.ma": [{"start": "2024-02-12", "end": "2024-02-20", "days": 9}]}
    assert data["by_day"]["2024-01-01"] == 2 and "2024-02-14" not in data["by_day"]
    assert data["coverage"]["last_day"] == "2024-03-31"


def test_stats_of_six_years_fits_a_screen(tmp_path):
    db = tmp_path / "news.db"
    with open_archive(db) as archive:
        writer = ArchiveWriter(archive)
        for n, day in enumerate(every_day("2019-01-01", "2024-12-31", lambda d: d.day % 9), 1):
            writer.add(make_article(n, published=f"{day}T09:00:00+01:00"))
        writer.flush()
    text = newscrawler("stats", "--db", str(db)).stdout
    assert "by quarter:" in text and "2019-Q1" in text and "2024-Q4" in text
    assert "2019-01 " not in text
    assert len(text.splitlines()) < 80, text


def test_report_writes_one_self_contained_page(tmp_path):
    db, out = tmp_path / "news.db", tmp_path / "out" / "report.html"
    build_archive(db)
    result = newscrawler("report", "--db", str(db), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""  # quiet when not at a terminal
    page = out.read_text(encoding="utf-8")
    assert os.listdir(out.parent) == ["report.html"]  # no temporary file left
    # nothing fetched from elsewhere: no external script, style, font or image
    assert not re.search(r"<script[^>]+src=|<link[^>]+stylesheet|@import|url\(|<img", page)
    assert page.count('<figure class="chart" data-kind="site">') == 2
    assert page.count('data-kind="section"') == 4
    assert page.count('<rect class="gap"') == 1
    assert '<tr class="gap-row"><td><bdi dir="auto">daily.ma</bdi></td><td>2024-02-12</td><td>2024-02-20</td>' in page
    assert "weekly.ma</bdi> (13 of 85 days)" in page  # listed as not checked
    assert page.count('<rect class="run ') == 3 and "failed 1" in page
    # 13 Mondays, two of them in daily.ma's hole, and the undated article joined to story 3
    assert '<section id="stories">' in page and page.count("<details>") == 11 + 1
    assert "24 stories" not in page and re.search(r"\d+ stories, 12 of them published more", page)
    assert '<bdi dir="auto">سناء بنعلي</bdi>' in page


def test_report_says_so_when_no_story_has_copies(tmp_path):
    db, out = tmp_path / "news.db", tmp_path / "report.html"
    build_archive(db, stories=False)
    assert newscrawler("report", "--db", str(db), "-o", str(out)).returncode == 0
    page = out.read_text(encoding="utf-8")
    stories = page.split('<section id="stories">', 1)[1].split("</section>", 1)[0]
    assert "0 of them published more than once" in stories and "None yet." in stories
    assert "<details>" not in stories
    assert 'id="gaps"' in page


def test_report_errors_are_one_line(tmp_path):
    missing = newscrawler("report", "--db", str(tmp_path / "none.db"), "-o", str(tmp_path / "r.html"))
    assert missing.returncode == 3 and "no archive at" in missing.stderr
    assert "Traceback" not in missing.stderr and not (tmp_path / "r.html").exists()
    db = tmp_path / "news.db"
    build_archive(db, stories=False)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    bad = newscrawler("report", "--db", str(db), "-o", str(blocker / "report.html"))
    assert bad.returncode == 1 and "cannot write" in bad.stderr and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
    assert newscrawler("report", "--help").stdout.count("newscrawler report --db") >= 1


def test_an_empty_archive_gets_a_report_and_stats_that_say_so(tmp_path):
    db = tmp_path / "news.db"
    open_archive(db).close()
    assert newscrawler("report", "--db", str(db), "-o", str(tmp_path / "r.html")).returncode == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "No dated articles yet." in page and "No crawl runs recorded." in page
    assert "no dated articles (0 undated)" in newscrawler("stats", "--db", str(db)).stdout
