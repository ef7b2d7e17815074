"""Failure paths a user meets from cron: an unreachable site, pages robots.txt disallows. Each
is said in the user's words, once; Scrapy's own lines only under -v."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import skip_or_fail
from tests.helpers import clean_env, crawl, rows, run_cli
from tests.hostile import HostileSite, article_page, listing_page
from tests.hostile.server import page
from tests.servers import RouteServer

ARTICLES = [f"/archives/{700 + i}" for i in range(3)]


def test_an_unreachable_site_is_one_line_and_scrapys_lines_only_with_v(tmp_path):
    with RouteServer({}) as server:
        dead = server.url("/section/")
    quiet = crawl(dead, "--db", str(tmp_path / "news.db"))
    assert quiet.returncode == 1
    assert quiet.stderr.strip().splitlines() == [f"Error: cannot crawl {dead}: connection refused"]
    verbose = crawl(dead, "--db", str(tmp_path / "news.db"), "-v")
    assert verbose.returncode == 1
    assert "[scrapy.downloadermiddlewares.retry] ERROR: Gave up retrying" in verbose.stderr
    assert verbose.stderr.strip().endswith(f"Error: cannot crawl {dead}: connection refused")
    assert "Traceback" not in quiet.stderr + verbose.stderr
    # the runs say so too, as `crawl --all-sites` records a site it could not reach
    runs = [json.loads(line) for line in
            run_cli("runs", "--db", str(tmp_path / "news.db"), "--json").stdout.splitlines()]
    assert [(r["status"], r["message"]) for r in runs] == [
        ("failed", f"cannot crawl {dead}: connection refused")] * 2


def robots_site(disallow: str) -> HostileSite:
    routes = {p: page(article_page(f"خبر رقم {p[-1]} عن المدينة")) for p in ARTICLES}
    routes["/section/"] = page(listing_page(ARTICLES))
    routes["/robots.txt"] = page(f"User-agent: *\nDisallow: {disallow}\n", "text/plain")
    return HostileSite(routes)


def test_pages_robots_txt_disallows_are_named_as_such_not_as_failures(tmp_path):
    db = tmp_path / "news.db"
    with robots_site("/archives/") as site:
        result = crawl(site.url("/section/"), "--db", str(db))
        assert not [p for p in site.requests if p.startswith("/archives/")]
    assert result.returncode == 0, result.stderr[-2000:]
    # from cron too: nothing was stored, and the summary says why
    assert "3 pages not fetched: robots.txt disallows them" in result.stderr
    assert "failed" not in result.stderr and "Traceback" not in result.stderr
    assert rows(db, "SELECT count(*) FROM articles") == [(0,)]
    (run,) = [json.loads(line) for line in run_cli("runs", "--db", str(db), "--json").stdout.splitlines()]
    assert run["skipped_robots_txt"] == 3 and run["errors"] == 0
    assert "robots.txt disallowed 3" in run_cli("runs", "--db", str(db)).stdout


def test_a_start_url_robots_txt_disallows_is_a_one_line_error(tmp_path):
    with robots_site("/section/") as site:
        result = crawl(site.url("/section/"), "--db", str(tmp_path / "news.db"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: cannot crawl {site.url('/section/')}: robots.txt disallows it"]


def listening_sockets(pid: int) -> set[int]:
    """Inodes of the TCP sockets process ``pid`` listens on (/proc: its fds, the kernel's table)."""
    own = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:  # closed meanwhile
            continue
        if target.startswith("socket:["):
            own.add(int(target[8:-1]))
    listening = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A":  # TCP_LISTEN
                listening.add(int(fields[9]))
    return own & listening


def test_a_crawl_opens_no_listening_socket(tmp_path):
    """No telnet console, no remote control (Scrapy 2.19's HTTP endpoint that runs code)."""
    if not Path("/proc/net/tcp").exists():
        skip_or_fail("needs /proc (Linux) to list the crawl's sockets")
    second = "/section/page/2/"
    routes = {p: page(article_page(f"خبر رقم {p[-1]} عن المدينة")) for p in ARTICLES}
    routes["/section/"] = page(listing_page(ARTICLES[:2], next_url=second))
    routes[second] = page(listing_page(ARTICLES[2:]))
    with HostileSite(routes) as site, site.held(second):  # the crawl waits on it
        proc = subprocess.Popen(
            [sys.executable, "-m", "newscrawler", "crawl", site.url("/section/"), "--db",
             str(tmp_path / "news.db"), "--max-pages", "0", "-v"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=clean_env())
        deadline = time.monotonic() + 60
        while second not in site.requests and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert second in site.requests and proc.poll() is None
        time.sleep(0.5)  # whatever listens has had time to
        listening = listening_sockets(proc.pid)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err[-2000:]
    assert listening == set()
    assert "Remote control" not in err and "Telnet" not in err
