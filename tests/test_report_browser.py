"""`newscrawler report` opened in a real headless Chromium, from the file, with no server and no
network: every chart is drawn, the page's script ran, and the screenshot is not blank."""

from __future__ import annotations

import re
import sqlite3
import subprocess

import pytest

from newscrawler.archive.coverage import has_stories
from tests.helpers import newscrawler
from tests.helpers.archives import build_archive
from tests.helpers.browser import chromium

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage"]


def browse(page, tmp_path, *extra: str) -> str:
    """Chromium on a fresh profile, offline; what it printed on stdout."""
    result = subprocess.run(
        [chromium(), *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *extra, page.as_uri()],
        capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def drawn_charts(dom: str) -> list[str]:
    """The ``d`` of each time chart's bars, one per chart."""
    return re.findall(r'<svg class="time".*?<path class="bars" d="([^"]*)"', dom, re.S)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    build_archive(folder / "news.db")
    result = newscrawler("report", "--db", str(folder / "news.db"), "-o", str(folder / "report.html"))
    assert result.returncode == 0, result.stderr
    return folder / "report.html"


def test_every_chart_is_in_the_dom_after_the_script_ran(report, tmp_path):
    dom = browse(report, tmp_path, "--dump-dom")
    charts = drawn_charts(dom)
    assert len(charts) == 6  # two sites, four sections
    assert all(re.fullmatch(r"(M[\d.]+ [\d.]+v-[\d.]+h[\d.]+v[\d.]+z)+", d) for d in charts)  # columns
    # the script ran: it counted the charts and gave each a readout
    assert 'data-charts="6"' in dom
    assert len(re.findall(r'<output class="readout">busiest: 2024-\d\d-\d\d \(\d+\)</output>', dom)) == 6
    assert dom.count('<rect class="gap"') == 1 and dom.count('class="gap-row"') == 1
    assert len(re.findall(r'<rect class="run (ok|bad|warn)"', dom)) == 3
    assert dom.count("<details>") == 12 and "افتتاح مركز جديد لمحاربة الأمية" in dom


def test_the_screenshot_shows_bars_gaps_and_runs(report, tmp_path):
    from PIL import Image

    shot = tmp_path / "report.png"
    browse(report, tmp_path, "--window-size=1280,2600", f"--screenshot={shot}")
    pixels = Image.open(shot).convert("RGB")
    colours = pixels.getcolors(maxcolors=1 << 20)
    assert len(colours) > 100  # text, bars, shading: far from a blank page

    def share(near: tuple[int, int, int], tolerance: int = 12) -> int:
        return sum(n for n, c in colours if all(abs(a - b) <= tolerance for a, b in zip(c, near, strict=True)))

    assert share((0x2F, 0x6F, 0xB3)) > 5000   # the bars (#2f6fb3)
    assert share((0xF6, 0xC5, 0xC6)) > 1000   # the shaded gap (#e5484d at 35% on white)
    assert share((0xD9, 0x2D, 0x20)) > 20     # the failed run (#d92d20)


def test_the_demo_archive_report_draws_every_chart(crawled, tmp_path):  # noqa: F811
    db, _urls, _result = crawled
    page = tmp_path / "demo.html"
    assert newscrawler("report", "--db", str(db), "-o", str(page)).returncode == 0
    dom = browse(page, tmp_path, "--dump-dom")
    conn = sqlite3.connect(db)
    sites, sections = conn.execute(
        "SELECT count(DISTINCT site), (SELECT count(*) FROM (SELECT DISTINCT site, section "
        "FROM articles)) FROM articles").fetchone()
    stories = has_stories(conn)
    conn.close()
    charts = drawn_charts(dom)
    expected = sites + min(sections, 30)
    assert sites >= 1 and len(charts) == expected and all(charts)  # each with its bars
    assert f'data-charts="{expected}"' in dom and dom.count('class="readout"') == expected
    assert '<rect class="run ok"' in dom
    assert ('id="stories"' in dom) == stories
