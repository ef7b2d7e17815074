"""`newscrawler crawl --all-sites`: many sites in one process, each with its own lock, run row,
politeness and outcome. Real servers on 127.0.0.x (each address another host for the crawler),
the real CLI in a subprocess, a real SQLite archive."""

from __future__ import annotations

import json
import os
import pty
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newscrawler.crawl.lock import CrawlLock
from tests.helpers.cli import clean_env, newscrawler
from tests.hostile.server import article_page, listing_page, send


class SmallSite:
    """A news site on its own loopback address: one section listing ``articles`` articles.
    Every request is logged with when it began and ended, and the most requests it was
    serving at once is kept (``busiest``); ``delay`` slows each answer down."""

    def __init__(self, host: str, articles: int = 3, delay: float = 0.0, published: str = ""):
        self.host, self.delay = host, delay
        self.log: list[tuple[str, float, float]] = []
        self.busiest = self._now_serving = 0
        guard = threading.Lock()
        site = self
        links = [f"/archives/{1000 + i}" for i in range(articles)]
        pages = {"/news/": listing_page(links)}
        for i, link in enumerate(links):
            head = f'<meta property="article:published_time" content="{published}">' if published else ""
            pages[link] = article_page(f"خبر رقم {i + 1} من موقع {host}", head=head)

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                began = time.monotonic()
                with guard:
                    site._now_serving += 1
                    site.busiest = max(site.busiest, site._now_serving)
                try:
                    time.sleep(site.delay)
                    page = pages.get(self.path)
                    send(self, 200 if page else 404, page or "<h1>not found</h1>")
                finally:
                    with guard:
                        site._now_serving -= 1
                        site.log.append((self.path, began, time.monotonic()))

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://{host}:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def profile(name: str, section_url: str, timezone: str = "Africa/Casablanca") -> str:
    host = section_url.split("//", 1)[1].split(":", 1)[0]
    return (f'[[site]]\nname = "{name}"\ndomains = ["{host}"]\nsections = {{ "أخبار" = "{section_url}" }}\n'
            f'timezone = "{timezone}"\nlocale = "ar-MA"\nsite_name = "موقع {name}"\n\n')


def free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def runs(db: Path) -> dict[str, dict]:
    result = newscrawler("runs", "--db", str(db), "--json", "--limit", "1000")
    assert result.returncode == 0, result.stderr
    found = [json.loads(line) for line in result.stdout.splitlines()]
    return {r["site"]: r for r in reversed(found)}  # the latest run of each site


def stored_hosts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT url FROM articles").fetchall()
    counts: dict[str, int] = {}
    for (url,) in rows:
        host = url.split("//", 1)[1].split(":", 1)[0]
        counts[host] = counts.get(host, 0) + 1
    return counts


@pytest.fixture
def sites():
    started = [SmallSite(f"127.0.0.{n}", articles=3) for n in (21, 22, 23)]
    yield started
    for site in started:
        site.stop()


def test_one_failing_site_and_one_locked_site_do_not_stop_the_others(sites, tmp_path):
    good, other, locked = sites
    unreachable = f"http://127.0.0.24:{free_port('127.0.0.24')}/news/"  # nothing listens there
    file = tmp_path / "sites.toml"
    file.write_text(profile("good", good.base_url + "/news/") + profile("other", other.base_url + "/news/")
                    + profile("down", unreachable) + profile("busy", locked.base_url + "/news/"),
                    encoding="utf-8")
    db = tmp_path / "news.db"
    with CrawlLock(db, "busy"):  # held by this process: another crawl of "busy" is running
        result = newscrawler("crawl", "--all-sites", "--sites", str(file), "--db", str(db))

    assert result.returncode == 7, result.stderr  # some sites failed, others did not
    # from cron (no terminal): only the failing sites' lines, and the totals
    lines = result.stderr.splitlines()
    failing = {line.split()[0]: line for line in lines[:-1]}
    assert sorted(failing) == ["busy", "down"] and len(lines) == 3, result.stderr
    assert "FAILED" in failing["down"] and "cannot crawl " + unreachable in failing["down"]
    assert "LOCKED" in failing["busy"]
    assert "another crawl of busy into this archive is running" in failing["busy"]
    assert lines[-1].startswith("4 sites: ") and "2 done" in lines[-1] and "1 FAILED" in lines[-1]
    assert "Traceback" not in result.stderr

    assert stored_hosts(db) == {"127.0.0.21": 3, "127.0.0.22": 3}
    assert locked.log == []  # the locked site was not asked for anything
    by_site = runs(db)
    assert {s: r["status"] for s, r in by_site.items()} == {
        "good": "finished", "other": "finished", "down": "failed", "busy": "skipped"}
    assert by_site["good"]["articles_new"] == by_site["other"]["articles_new"] == 3
    assert "cannot crawl " + unreachable in by_site["down"]["message"]
    assert "another crawl of busy" in by_site["busy"]["message"]
    assert len({r["pid"] for r in by_site.values()}) == 1  # one process for every site

    # the lock let go, the next run crawls "busy" (and nothing new elsewhere)
    again = newscrawler("crawl", "--all-sites", "--sites", str(file), "--db", str(db))
    assert again.returncode == 7
    assert [line.split()[0] for line in again.stderr.splitlines()[:-1]] == ["down"]
    assert stored_hosts(db)["127.0.0.23"] == 3
    assert runs(db)["busy"]["status"] == "finished"


def test_every_site_done_is_silent_from_cron_and_exit_0(sites, tmp_path):
    file = tmp_path / "sites.toml"
    file.write_text("".join(profile(f"s{i}", s.base_url + "/news/") for i, s in enumerate(sites)),
                    encoding="utf-8")
    db = tmp_path / "news.db"
    result = newscrawler("crawl", "--all-sites", "--sites", str(file), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert sum(stored_hosts(db).values()) == 9


def test_every_site_locked_exits_4_like_one_locked_site(sites, tmp_path):
    file = tmp_path / "sites.toml"
    file.write_text(profile("a", sites[0].base_url + "/news/") + profile("b", sites[1].base_url + "/news/"),
                    encoding="utf-8")
    db = tmp_path / "news.db"
    with CrawlLock(db, "a"), CrawlLock(db, "b"):
        result = newscrawler("crawl", "--all-sites", "--sites", str(file), "--db", str(db))
    assert result.returncode == 4, result.stderr
    assert {r["status"] for r in runs(db).values()} == {"skipped"}


def test_politeness_holds_per_site_while_sites_crawl_side_by_side(tmp_path):
    slow = [SmallSite(f"127.0.0.{n}", articles=8, delay=0.3) for n in (31, 32, 33)]
    try:
        file = tmp_path / "sites.toml"
        file.write_text("".join(profile(f"slow{i}", s.base_url + "/news/") for i, s in enumerate(slow)),
                        encoding="utf-8")
        db = tmp_path / "news.db"
        result = newscrawler("crawl", "--all-sites", "--sites", str(file), "--db", str(db),
                             "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "-s", "AUTOTHROTTLE_ENABLED=false")
        assert result.returncode == 0, result.stderr
        # each site served at most 2 requests at once (and did reach 2: the limit was what held)
        assert [s.busiest for s in slow] == [2, 2, 2]
        # while the sites were crawled at the same time, not one after another
        spans = [(min(b for _, b, _ in s.log), max(e for _, _, e in s.log)) for s in slow]
        assert max(b for b, _ in spans) < min(e for _, e in spans)
        assert sum(stored_hosts(db).values()) == 24
    finally:
        for site in slow:
            site.stop()


def test_fifty_sites_in_one_process(tmp_path):
    # 50 sites on 127.0.0.100-149, crawled 8 at a time by one process
    many = [SmallSite(f"127.0.0.{100 + n}", articles=2) for n in range(50)]
    try:
        file = tmp_path / "sites.toml"
        file.write_text("".join(profile(f"site{i:02}", s.base_url + "/news/") for i, s in enumerate(many)),
                        encoding="utf-8")
        db = tmp_path / "news.db"
        result = newscrawler("crawl", "--all-sites", "--sites", str(file), "--db", str(db), timeout=600)
        assert result.returncode == 0, result.stderr
        by_site = runs(db)
        assert len(by_site) == 50
        assert {r["status"] for r in by_site.values()} == {"finished"}
        assert len({r["pid"] for r in by_site.values()}) == 1
        assert stored_hosts(db) == {f"127.0.0.{100 + n}": 2 for n in range(50)}
    finally:
        for site in many:
            site.stop()


def test_at_a_terminal_progress_and_one_line_per_site(sites, tmp_path):
    file = tmp_path / "sites.toml"
    file.write_text(profile("first", sites[0].base_url + "/news/")
                    + profile("down", f"http://127.0.0.24:{free_port('127.0.0.24')}/news/"),
                    encoding="utf-8")
    db = tmp_path / "news.db"
    leader, follower = pty.openpty()
    env = clean_env()
    proc = subprocess.Popen([sys.executable, "-m", "newscrawler", "crawl", "--all-sites", "--sites",
                             str(file), "--db", str(db)], stderr=follower, stdout=subprocess.DEVNULL, env=env)
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    assert proc.wait(120) == 7
    text = output.decode("utf-8", "replace")
    assert "sites 0/2 done" in text  # the progress line across sites
    assert "listings" not in text  # and not one crawler's own line fighting with it
    lines = [line.split("\r")[-1].replace("\x1b[K", "") for line in text.splitlines()]
    site_lines = [line for line in lines if line.startswith(("first ", "down "))]
    assert len(site_lines) == 2
    assert any(line.startswith("first") and "done" in line and "stored 3 (new 3" in line for line in site_lines)
    assert any(line.startswith("down") and "FAILED" in line for line in site_lines)
    assert lines[-1].startswith("2 sites: ")


def test_usage_errors_are_one_line(tmp_path):
    file = tmp_path / "sites.toml"
    file.write_text(profile("a", "http://127.0.0.21:1/news/"), encoding="utf-8")
    result = newscrawler("crawl", "--all-sites", "--sites", str(file), "--timezone", "Africa/Cairo",
                         "--db", str(tmp_path / "news.db"))
    assert result.returncode == 2
    assert "drop --timezone" in result.stderr and "Traceback" not in result.stderr


def test_sigterm_stops_the_running_sites_and_starts_no_other(tmp_path):
    slow = [SmallSite(f"127.0.0.{n}", articles=6, delay=1.0) for n in (61, 62, 63)]
    try:
        file = tmp_path / "sites.toml"
        file.write_text("".join(profile(f"t{i}", s.base_url + "/news/") for i, s in enumerate(slow)),
                        encoding="utf-8")
        db = tmp_path / "news.db"
        env = clean_env()
        proc = subprocess.Popen(
            [sys.executable, "-m", "newscrawler", "crawl", "--all-sites", "--sites", str(file), "--db", str(db),
             "-s", "NEWSCRAWLER_SITES_AT_ONCE=1"],
            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
        deadline = time.monotonic() + 60
        while not any(path.startswith("/archives/") for path, *_ in slow[0].log):
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.1)
        proc.send_signal(15)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 5, err
        assert slow[1].log == slow[2].log == []  # never started
        failing = {line.split()[0]: line for line in err.splitlines()[:-1]}
        assert "interrupted" in failing["t0"]
        assert "not started" in failing["t1"] and "not started" in failing["t2"]
        assert "Traceback" not in err and len(failing) == 3, err
        assert {s: r["status"] for s, r in runs(db).items()} == {"t0": "interrupted"}
    finally:
        for site in slow:
            site.stop()


def test_politeness_holds_in_a_crawl_of_one_site_too(tmp_path):
    slow = SmallSite("127.0.0.34", articles=8, delay=0.3)
    try:
        result = newscrawler("crawl", slow.base_url + "/news/", "--db", str(tmp_path / "news.db"),
                             "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=3", "-s", "AUTOTHROTTLE_ENABLED=false")
        assert result.returncode == 0, result.stderr
        assert slow.busiest == 3
    finally:
        slow.stop()


# -- pure parts ---------------------------------------------------------------------------
def test_exit_code_of_a_run_of_many_sites():
    from newscrawler.cli.allsites import exit_code

    assert exit_code(["ok", "ok"]) == 0
    assert exit_code(["ok", "failed"]) == 7
    assert exit_code(["ok", "locked", "failed"]) == 7
    assert exit_code(["locked", "locked"]) == 4  # an overlapping run of the same cron line
    assert exit_code(["failed", "failed"]) == 1
    assert exit_code(["archive_error"]) == 3
    assert exit_code(["failed", "locked"]) == 7
    assert exit_code(["ok", "interrupted", "not_started"]) == 5
    assert exit_code(["budget", "budget"]) == 6  # as a crawl of one site stopped by a budget
    assert exit_code(["ok", "budget"]) == 7


def test_site_verdict_mirrors_a_crawl_of_one_site():
    from newscrawler.crawl.multisite import site_verdict
    from newscrawler.crawl.runner import CrawlOutcome

    started = {"start_time": "t", "finish_reason": "finished"}
    urls = ["http://a.example/x", "http://a.example/y"]
    ok = CrawlOutcome({**started, "newscrawler/articles/new": 2, "newscrawler/article_links": 2})
    assert site_verdict(ok, urls) == ("ok", "")
    half = CrawlOutcome({**started, "newscrawler/articles/new": 1}, {urls[0]: "connection refused"})
    assert site_verdict(half, urls)[0] == "ok"
    down = CrawlOutcome(started, {u: "connection refused" for u in urls})
    assert site_verdict(down, urls) == ("failed", f"cannot crawl {urls[0]}: connection refused; "
                                                  f"cannot crawl {urls[1]}: connection refused")
    empty = CrawlOutcome(started)
    assert site_verdict(empty, urls) == ("failed", "no article links found on " + ", ".join(urls))
    assert site_verdict(CrawlOutcome({}), urls)[0] == "failed"
    stopped = CrawlOutcome({**started, "finish_reason": "shutdown"}, finish_reason="shutdown")
    assert site_verdict(stopped, urls)[0] == "interrupted"
    budget = CrawlOutcome({**ok.stats, "newscrawler/budget_stops": ["NEWSCRAWLER_MAX_PAGES_PER_RUN (3) reached"]})
    assert site_verdict(budget, urls)[0] == "budget"
    full = CrawlOutcome({**started, "newscrawler/archive_error": "database or disk is full"})
    assert site_verdict(full, urls)[0] == "archive_error"


def test_all_sites_of_the_given_files_only(tmp_path):
    from newscrawler.cli.allsites import choose_profiles
    from newscrawler.crawl.sites import load_profiles

    mine = tmp_path / "mine.toml"
    mine.write_text(profile("alouma24", "http://127.0.0.21:1/news/") + profile("b", "http://127.0.0.22:1/news/"),
                    encoding="utf-8")
    profiles = load_profiles([mine])
    assert sorted(p.name for p in choose_profiles(profiles, (str(mine),))) == ["alouma24", "b"]
    assert len(choose_profiles(profiles, ())) == len(profiles) > 2  # the shipped ones too
    assert sorted(p.name for p in choose_profiles(profiles, (str(tmp_path),))) == ["alouma24", "b"]


def test_each_site_gets_its_own_profile_settings(tmp_path):
    # the same naive date on two sites: read in each site's own time zone
    cairo = SmallSite("127.0.0.81", articles=1, published="2026-03-01T10:00:00")
    riyadh = SmallSite("127.0.0.82", articles=1, published="2026-03-01T10:00:00")
    try:
        file = tmp_path / "sites.toml"
        file.write_text(profile("eg", cairo.base_url + "/news/", "Africa/Cairo")
                        + profile("sa", riyadh.base_url + "/news/", "Asia/Riyadh"), encoding="utf-8")
        db = tmp_path / "news.db"
        result = newscrawler("crawl", "--all-sites", "--sites", str(file), "--db", str(db))
        assert result.returncode == 0, result.stderr
        with sqlite3.connect(db) as conn:
            published = dict(conn.execute("SELECT substr(url, 8, 11), published FROM articles"))
        assert published == {"127.0.0.81:": "2026-03-01T10:00:00+02:00",
                             "127.0.0.82:": "2026-03-01T10:00:00+03:00"}
    finally:
        cairo.stop()
        riyadh.stop()
