"""Crawl benchmark: newscrawler's whole pipeline against bare Scrapy on a local site.

Run: ``.venv/bin/python benchmarks/crawl.py [--sizes 1000,2000] [--profile-size 1000]``.

For each size it writes a site of that many ~64 KB Arabic article pages (and their listing
pages, 10 teasers a page) to a temporary folder, serves it on a free 127.0.0.1 port with nginx
(installed with apt-get when missing and we are root; else a small asyncio server from
``_static.py``, and the output says which), and crawls it twice, each in its own process:

1. bare Scrapy (``_bare.py``): follows the same listing pagination and article links, yields
   nothing — the ceiling;
2. ``newscrawler crawl URL... --db FRESH --max-pages 0 --full -s AUTOTHROTTLE_ENABLED=False``:
   extraction, normalization, raw-page storage, search index.

Both get the same Scrapy settings that matter for speed (concurrency, robots.txt, log level,
reactor); AutoThrottle is off for both, since it measures politeness, not speed. Per run:
pages (responses), crawl seconds (Scrapy's ``elapsed_time_seconds``), pages/s, CPU ms per page
(user+sys of the child from ``os.wait4``, whole process), peak RSS (``ru_maxrss``). Then one
more newscrawler run under py-spy (sampling, so it barely slows the crawl; cProfile when py-spy
is missing) gives the share of CPU samples per stage.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
# benchmarks/ is not a package and holds scripts named like libraries (incremental.py shadows
# Twisted's dependency): load the site generator by path, never put this folder on sys.path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT))
_spec = importlib.util.spec_from_file_location("crawlbench_site", HERE / "_site.py")
_site = sys.modules["crawlbench_site"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_site)
write_site = _site.write_site

PYTHON = sys.executable
# Scrapy settings that decide throughput, taken from newscrawler's settings for both crawls.
SPEED_SETTINGS = (
    "CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN", "DOWNLOAD_DELAY", "ROBOTSTXT_OBEY",
    "TWISTED_REACTOR", "COOKIES_ENABLED", "TELNETCONSOLE_ENABLED", "USER_AGENT",
    "REACTOR_THREADPOOL_MAXSIZE", "LOGSTATS_INTERVAL", "CONCURRENT_ITEMS",
    "WARN_ON_GENERATOR_RETURN_VALUE", "REMOTE_CONTROL_ENABLED",
    "DOWNLOADER",  # the per-domain limit held for both
)  # fmt: skip


# --- the server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_nginx() -> str | None:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.path.exists(p)), None
    )
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    print("nginx missing: apt-get install nginx-light …", file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "install", "-y", "-q", "nginx-light"],
                ["apt-get", "install", "-y", "-q", "nginx"]):  # fmt: skip
        if subprocess.run(cmd, env=env, capture_output=True).returncode == 0:
            break
    return shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)


NGINX_CONF = """worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log error;
{user}
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    default_type text/html;
    charset utf-8;
    types {{ text/plain txt; }}
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    open_file_cache max=10000 inactive=60s;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        location / {{ try_files $uri $uri/index.html =404; }}
    }}
}}
"""


class Server:
    """nginx (or the Python fallback) serving ``site`` on a free loopback port."""

    def __init__(self, site: Path, work: Path, port: int, kind: str) -> None:
        self.site, self.work, self.port = site, work, port
        self.kind = kind
        self.proc: subprocess.Popen | None = None

    def start(self) -> str:
        nginx = find_nginx() if self.kind in ("auto", "nginx") else None
        if self.kind == "nginx" and not nginx:
            raise SystemExit("nginx is not installed and could not be installed")
        if nginx:
            conf = self.work / "nginx.conf"
            conf.write_text(NGINX_CONF.format(
                work=self.work, site=self.site, port=self.port,
                user="user root;" if os.geteuid() == 0 else "",
            ))  # fmt: skip
            self.proc = subprocess.Popen([nginx, "-c", str(conf), "-g", "daemon off;"],
                                         stderr=subprocess.PIPE)  # fmt: skip
            label = subprocess.run([nginx, "-v"], capture_output=True, text=True).stderr.strip()
        else:
            self.proc = subprocess.Popen([PYTHON, "-P", str(HERE / "_static.py"), str(self.site), str(self.port)])
            label = "Python asyncio static server (benchmarks/_static.py; nginx not available)"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"the server did not start: {self.proc.stderr.read() if self.proc.stderr else ''}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return label
            except OSError:
                time.sleep(0.05)
        raise SystemExit("the server did not start listening within 30 s")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# --- measured runs ----------------------------------------------------------------------------


@dataclass
class Run:
    name: str
    pages: int
    requests: int
    crawl_s: float
    wall_s: float
    cpu_s: float
    own_cpu_s: float  # the crawl process alone, without its workers
    peak_mb: float
    stored: int = 0
    workers: int = 0

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.crawl_s if self.crawl_s else 0.0

    @property
    def cpu_ms_per_page(self) -> float:
        return 1000 * self.cpu_s / self.pages if self.pages else 0.0

    @property
    def own_cpu_ms_per_page(self) -> float:
        return 1000 * self.own_cpu_s / self.pages if self.pages else 0.0


PSS_POLL_S = 0.5
"""How often the memory of the crawl's process tree is summed. Reading a process's PSS walks its
page tables (~5 ms for 200 MB). Every 50 ms, it cost both crawls 3–5% of their pages/s (two
alternating pairs of runs at 2,000 articles, session 3: newscrawler 131/132 against 134/137,
bare Scrapy 276/280 against 289/295). Memory is flat over a run; 0.5 s catches its peak, and
the crawl process's own high-water mark (``VmHWM``, cheap) is still read every 50 ms."""


def measured(cmd: list[str], env: dict | None = None) -> tuple[float, float, float, float, str]:
    """Run ``cmd``; wall seconds, CPU seconds (user+sys) of the child and every process it
    started (extraction workers, which the crawl reaps before it exits), CPU seconds of the
    child's own process (polled, so up to 50 ms short), and peak memory in MB. All CPU from
    ``getrusage(RUSAGE_CHILDREN)``; memory is the peak of their summed PSS, polled from /proc
    (or the child's own peak, when more)."""
    import resource

    from tests.helpers.peak import PeakWatcher

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = PeakWatcher(proc.pid, pss_interval=PSS_POLL_S)
    out = proc.stdout.read().decode("utf-8", "replace") if proc.stdout else ""
    _, status, own = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    peak.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0,):
        raise SystemExit(f"{' '.join(cmd[:4])} … exited {proc.returncode}:\n{out[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # The child's own CPU: wait4 counts the workers it reaped too, so the last /proc sample.
    return wall, cpu, peak.own_cpu or own.ru_utime + own.ru_stime, peak.mb, out


def scrapy_speed_settings(overrides: dict) -> dict:
    from newscrawler.crawl.runner import project_settings

    settings = project_settings(overrides)
    chosen = {k: settings.get(k) for k in SPEED_SETTINGS if settings.get(k) is not None}
    chosen.update(AUTOTHROTTLE_ENABLED=False, LOG_LEVEL="ERROR")
    return chosen


def run_bare(urls: list[str], settings: dict, work: Path) -> Run:
    stats_path = work / "bare-stats.json"
    wall, cpu, own_cpu, peak, _ = measured([PYTHON, "-P", str(HERE / "_bare.py"), str(stats_path),
                                   json.dumps(settings), *urls])  # fmt: skip
    stats = json.loads(stats_path.read_text())
    return Run("bare Scrapy", stats.get("downloader/response_count", 0),
               stats.get("downloader/request_count", 0), stats.get("elapsed_time_seconds", 0.0),
               wall, cpu, own_cpu, peak)  # fmt: skip


def newscrawler_cmd(urls: list[str], db: Path, settings: dict) -> list[str]:
    cmd = [PYTHON, "-m", "newscrawler", "crawl", *urls, "--db", str(db), "--max-pages", "0",
           "--full", "-q"]  # fmt: skip
    for key, value in settings.items():
        if key not in ("LOG_LEVEL",):
            cmd += ["-s", f"{key}={value}"]
    return cmd


def run_newscrawler(urls: list[str], settings: dict, work: Path, tag: str) -> Run:
    db = work / f"archive-{tag}.db"
    wall, cpu, own_cpu, peak, _ = measured(newscrawler_cmd(urls, db, settings))
    conn = sqlite3.connect(db)
    responses, requests, stats = conn.execute(
        "SELECT responses, requests, stats FROM crawl_runs ORDER BY id DESC LIMIT 1"
    ).fetchone()
    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    conn.close()
    stats = json.loads(stats or "{}")
    crawl_s = stats.get("elapsed_time_seconds") or crawl_seconds(stats)
    return Run("newscrawler", responses, requests, crawl_s, wall, cpu, own_cpu, peak, stored,
               stats.get("newscrawler/extract_workers", 0))


def crawl_seconds(stats: dict) -> float:
    """Scrapy's start_time to now-ish, when the run row was written before elapsed_time_seconds."""
    from datetime import datetime

    start, end = stats.get("start_time"), stats.get("finish_time")
    if not start or not end:
        return 0.0
    return (datetime.fromisoformat(str(end)) - datetime.fromisoformat(str(start))).total_seconds()


# --- profile ----------------------------------------------------------------------------------

# (stage, frame markers): a sample belongs to the first stage, from the leaf up, whose marker
# appears in one of its frames ("function (file" as py-spy prints frames).
STAGES: list[tuple[str, tuple[str, ...]]] = [
    ("extract: decode bytes", ("decode_html (",)),
    ("extract: lxml parse", ("parse_html (",)),
    ("extract: structured data (JSON-LD, meta)", ("read_structured (",)),
    ("extract: strip scripts", ("__init__ (newscrawler/extract/page.py",)),
    ("extract: title", ("choose (newscrawler/extract/title.py", "__init__ (newscrawler/extract/title.py")),
    ("extract: body", ("extract_body (",)),
    ("extract: dates", ("choose_dates (",)),
    ("extract: authors", ("choose_authors (",)),
    ("extract: section, tags", ("choose_section (", "choose_tags (")),
    ("extract: language", ("language (newscrawler/extract/page.py",)),
    ("extract: other (ItemLoader, canonical, image)", ("to_article (", "extract_raw (")),
    ("listing link classification", ("listing_links (",)),
    ("normalize: dates", ("parse_date (", "parse_arabic_date (")),
    ("normalize: bylines", ("clean_authors (",)),
    ("normalize: other", ("normalize_article (",)),
    ("archive: raw page (sha1, zstd)", ("write_page (", "pack_page (")),
    ("archive: search index (normalize, stem, FTS5)", ("index_article (",)),
    ("archive: article rows, authors, tags (SQLite)", ("flush (newscrawler/archive/store.py", "_write (newscrawler/archive/store.py")),
    ("archive: other pipeline work", ("newscrawler/crawl/pipelines.py", "newscrawler/crawl/archive_pipeline.py")),
    ("spider: requests, stats, page item", ("newscrawler/crawl/spiders/",)),
    ("newscrawler middlewares (limits)", ("newscrawler/crawl/middlewares.py",)),
    ("logging", ("/logging/",)),
    ("stats collector", ("statscollectors.py",)),
    ("startup: imports, settings, migrations", ("_find_and_load (", "open_archive (", "load_profiles (")),
]  # fmt: skip


ARCHIVE_THREAD = "archive thread, beside the crawl (SQLite, FTS; SHA-1 and zstd of pages read inline)"
WORKER_IDLE = "extraction workers: start-up, pickling, queues"


def classify(frames: list[str]) -> str:
    # Samples of the archive thread (a ThreadPoolExecutor worker) run beside the reactor; imports
    # under anything are startup; otherwise the innermost newscrawler stage wins, so decoding
    # inside extraction counts as decoding.
    if any("concurrent/futures/thread.py" in f for f in frames):
        return ARCHIVE_THREAD
    if any("multiprocessing/" in f for f in frames) and not any("newscrawler/" in f for f in frames):
        return WORKER_IDLE
    for stage, markers in STAGES[-1:]:
        if any(m in f for f in frames for m in markers):
            return stage
    for frame in reversed(frames):
        for stage, markers in STAGES[:-1]:
            if any(m in frame for m in markers):
                return stage
    return "Scrapy engine, downloader, Twisted, HTTP parsing"


STARTUP = "startup: imports, settings, migrations"
# Samples by process and thread: the crawl's reactor thread, its archive thread, the workers.
WHERE: Counter = Counter()


def where(frames: list[str]) -> str:
    """py-spy --subprocesses names each process as a frame; the crawl's own come first."""
    if any(f.startswith("process ") for f in frames[1:]):
        return "extraction workers (other processes)"
    if any("concurrent/futures/thread.py" in f for f in frames):
        return "archive thread"
    if any("_run_module_as_main" in f for f in frames[:3]):
        return "crawl's main thread (Scrapy's reactor)"
    return "crawl's other threads"


# Samples by the innermost newscrawler function on the stack (its own time plus the library
# calls it makes: lxml, json, re, sqlite3…).
HOT: Counter = Counter()


def profile_pyspy(urls: list[str], settings: dict, work: Path) -> tuple[Counter, str]:
    out = work / "profile.txt"
    db = work / "archive-profile.db"
    pyspy = shutil.which("py-spy") or str(Path(PYTHON).with_name("py-spy"))
    cmd = [pyspy, "record", "--format", "raw", "--rate", "200", "--nonblocking", "--subprocesses", "-o", str(out),
           "--", *newscrawler_cmd(urls, db, settings)]  # fmt: skip
    subprocess.run(cmd, check=True, capture_output=True)
    counts: Counter = Counter()
    for line in out.read_text("utf-8", "replace").splitlines():
        stack, _, n = line.rpartition(" ")
        if not stack or not n.isdigit():
            continue
        frames = [f.replace(str(ROOT) + "/", "") for f in stack.split(";")]
        stage = classify(frames)
        counts[stage] += int(n)
        if stage != STARTUP:
            WHERE[where(frames)] += int(n)
        ours = [f for f in frames if f.split(" (", 1)[-1].startswith("newscrawler/")
                and not any(x in f for x in ("newscrawler/cli/", "runner.py", "__main__.py"))]
        if ours and not stage.startswith("startup"):
            HOT[ours[-1].rsplit(":", 1)[0] + ")"] += int(n)
    return counts, "py-spy (sampling, 200 Hz, CPU samples only)"


def profile_cprofile(urls: list[str], settings: dict, work: Path) -> tuple[Counter, str]:
    import pstats

    out = work / "profile.pstats"
    db = work / "archive-profile.db"
    cmd = newscrawler_cmd(urls, db, settings)
    cmd[1:3] = ["-m", "cProfile", "-o", str(out), "-m", "newscrawler"]
    subprocess.run(cmd, check=True, capture_output=True)
    stats = pstats.Stats(str(out))
    total = stats.total_tt
    counts: Counter = Counter()
    # Cumulative time of each stage's entry function (nested stages subtracted roughly by order).
    for (file, _, func), (_, _, _, cum, _) in stats.stats.items():
        frame = f"{func} ({file.replace(str(ROOT) + '/', '')}"
        for stage, markers in STAGES[:-1]:
            if any(m in frame for m in markers):
                counts[stage] += cum
                break
    counts["Scrapy engine, downloader, Twisted, HTTP parsing"] = max(0.0, total - sum(counts.values()))
    return counts, "cProfile (deterministic; inflates many small calls; nested stages overlap)"


# --- report -----------------------------------------------------------------------------------


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) + " |"  # noqa: E731
    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,2000", help="article counts, comma-separated")
    parser.add_argument("--profile-size", type=int, default=1000, help="articles in the profiled run (0 = no profile)")
    parser.add_argument("--server", choices=["auto", "nginx", "python"], default="auto")
    parser.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a Scrapy setting for both crawls (e.g. CONCURRENT_REQUESTS=32), or a "
                             "NEWSCRAWLER_ setting for newscrawler's (e.g. NEWSCRAWLER_EXTRACT_WORKERS=1)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    overrides = dict(s.split("=", 1) for s in args.set)
    settings = scrapy_speed_settings(overrides)
    ours_only = {k: v for k, v in overrides.items() if k.startswith("NEWSCRAWLER_")}
    ours_settings = {**settings, **ours_only}

    work = Path(tempfile.mkdtemp(prefix="newscrawler-crawlbench-"))
    os.chmod(work, 0o755)
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; python {sys.version.split()[0]}")
    print("CPU and memory count the crawl process and every process it starts (extraction workers)")
    print("both crawls: " + ", ".join(f"{k}={v}" for k, v in sorted(settings.items()) if k != "USER_AGENT")
          + " (AutoThrottle off for both: it measures politeness, not speed)")  # fmt: skip
    if ours_only:
        print("newscrawler only: " + ", ".join(f"{k}={v}" for k, v in sorted(ours_only.items())))
    results: list[tuple[int, dict, Run, Run]] = []
    profile: tuple[Counter, str] | None = None
    try:
        for size in sizes + ([args.profile_size] if args.profile_size and args.profile_size not in sizes else []):
            port = free_port()
            site_dir = work / f"site-{size}"
            site = write_site(site_dir, f"http://127.0.0.1:{port}", size)
            server = Server(site_dir, work, port, args.server)
            label = server.start()
            try:
                if size in sizes:
                    print(f"\n{size} articles + {site['listings']} listing pages "
                          f"(article pages {site['article_kb']:.1f} KB, listings {site['listing_kb']:.1f} KB), served by {label}",
                          flush=True)  # fmt: skip
                    bare = run_bare(site["start_urls"], settings, work)
                    print(f"  bare Scrapy: {bare.pages} pages in {bare.crawl_s:.1f} s", flush=True)
                    ours = run_newscrawler(site["start_urls"], ours_settings, work, str(size))
                    print(f"  newscrawler: {ours.pages} pages in {ours.crawl_s:.1f} s, {ours.stored} articles stored", flush=True)
                    results.append((size, site, bare, ours))
                if size == args.profile_size:
                    try:
                        profile = profile_pyspy(site["start_urls"], ours_settings, work)
                    except (OSError, subprocess.CalledProcessError) as e:
                        print(f"  py-spy unavailable ({e}); profiling with cProfile", flush=True)
                        profile = profile_cprofile(site["start_urls"], ours_settings, work)
            finally:
                server.stop()
            shutil.rmtree(site_dir, ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")

    rows = []
    for size, _, bare, ours in results:
        for run in (bare, ours):
            rows.append([str(size), run.name, str(run.workers), str(run.pages), f"{run.crawl_s:.1f}",
                         f"{run.pages_per_s:.0f}", f"{run.cpu_ms_per_page:.2f}", f"{run.own_cpu_ms_per_page:.2f}",
                         f"{run.peak_mb:.0f}", f"{run.wall_s:.1f}"])  # fmt: skip
    print()
    print(table(rows, ["articles", "crawl", "workers", "pages", "crawl s", "pages/s", "CPU ms/page",
                       "of it crawl process", "peak MB (PSS, all processes)", "process wall s"]))  # fmt: skip
    print()
    for size, _, bare, ours in results:
        print(f"{size} articles: newscrawler / bare Scrapy = {ours.pages_per_s:.0f} / {bare.pages_per_s:.0f} pages/s"
              f" = {ours.pages_per_s / bare.pages_per_s:.2f} (target ≥ 0.80); extra CPU "
              f"{ours.cpu_ms_per_page - bare.cpu_ms_per_page:.2f} ms/page; peak RSS {ours.peak_mb:.0f} MB")  # fmt: skip
    marginal: dict[str, float] = {}
    if len(results) > 1:
        (_, _, bare1, ours1), (_, _, bare2, ours2) = results[0], results[-1]
        print(f"peak RSS from {results[0][0]} to {results[-1][0]} articles: bare {bare1.peak_mb:.0f} → "
              f"{bare2.peak_mb:.0f} MB, newscrawler {ours1.peak_mb:.0f} → {ours2.peak_mb:.0f} MB")  # fmt: skip
        for name, one, two in (("bare Scrapy", bare1, bare2), ("newscrawler", ours1, ours2)):
            marginal[name] = 1000 * (two.cpu_s - one.cpu_s) / max(1, two.pages - one.pages)
        print("CPU per extra page (difference of the two sizes, startup excluded): "
              + ", ".join(f"{k} {v:.2f} ms" for k, v in marginal.items())
              + f"; newscrawler costs {marginal['newscrawler'] - marginal['bare Scrapy']:.2f} ms/page more")  # fmt: skip
    if profile:
        counts, how = profile
        startup = STARTUP
        steady = sum(n for stage, n in counts.items() if stage != startup) or 1
        placed = sum(WHERE.values()) or 1
        print("\nCPU samples of the crawl, startup apart: "
              + ", ".join(f"{100 * n / placed:.0f}% {name}" for name, n in WHERE.most_common()))
        ours_ms = marginal.get("newscrawler") or next(
            (r[3].cpu_ms_per_page for r in results if r[0] == args.profile_size), None)
        print(f"\nWhere newscrawler's CPU goes ({args.profile_size} articles, {how}; shares of the "
              f"crawl's samples, startup apart; ms/page = share x {ours_ms or 0:.2f} ms):\n")  # fmt: skip
        rows = [[stage, f"{100 * n / steady:.1f}%" if stage != startup else f"({100 * n / sum(counts.values()):.1f}% of all)",
                 f"{ours_ms * n / steady:.2f}" if ours_ms and stage != startup else "—"]
                for stage, n in counts.most_common()]  # fmt: skip
        print(table(rows, ["stage", "share", "≈ ms/page"]))
        if HOT:
            print("\nHottest newscrawler functions (samples in the function or the libraries it calls):\n")
            rows = [[func, f"{100 * n / steady:.1f}%", f"{ours_ms * n / steady:.2f}" if ours_ms else "—"]
                    for func, n in HOT.most_common(20)]  # fmt: skip
            print(table(rows, ["function", "share", "≈ ms/page"]))


if __name__ == "__main__":
    main()
