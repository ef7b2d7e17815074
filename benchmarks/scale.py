"""Scale-out benchmark (issue 17): a distributed crawl (writer + workers through Redis) beside
the single-process crawl, in the same run.

Run: ``.venv/bin/python benchmarks/scale.py [--size 600] [--sites-articles 40]``.

1. Overhead: a local site of ``--size`` real-looking ~64 KB article pages (benchmarks/_site.py,
   served by nginx or the Python fallback) crawled by one process, then by 1 writer + 1 worker;
   pages/s = responses / the crawl's elapsed seconds (the writer's, for the distributed one).
2. Scaling: the same site with each crawl process held to one CPU (``taskset``; extraction
   then runs inline in each worker): 1 worker on CPU 0, then 2 workers on CPUs 0 and 1.
3. Latency-bound: 8 sites on 127.0.0.2–9, each answering after ``--latency`` s, with per-site
   politeness (``CONCURRENT_REQUESTS_PER_DOMAIN``, ``DOWNLOAD_DELAY``): pages/s with 1, 2 and 4
   workers, and the highest per-site request rate and concurrency seen in the servers' logs.
4. Memory: a worker's RSS sampled through run 1, first quarter against last quarter.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from statistics import median

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT))
_spec = importlib.util.spec_from_file_location("scalebench_crawl", HERE / "crawl.py")
_crawl = sys.modules["scalebench_crawl"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_crawl)

PYTHON = sys.executable
SPEED = {"AUTOTHROTTLE_ENABLED": "False", "LOG_LEVEL": "ERROR"}


def env() -> dict:
    return {k: v for k, v in os.environ.items() if not k.startswith("NEWSCRAWLER_")}


def sets(settings: dict) -> list[str]:
    return [a for k, v in settings.items() for a in ("-s", f"{k}={v}")]


class Redis:
    def __init__(self, work: Path):
        binary = shutil.which("redis-server")
        if not binary:
            raise SystemExit("redis-server is not installed (apt-get install redis-server)")
        self.port = _crawl.free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc = subprocess.Popen([binary, "--port", str(self.port), "--bind", "127.0.0.1",
                                      "--dir", str(work), "--save", "", "--appendonly", "no"],
                                     stdout=subprocess.DEVNULL)
        time.sleep(0.5)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def last_run(db: Path) -> tuple[int, float, dict]:
    with sqlite3.connect(db) as conn:
        responses, stats = conn.execute(
            "SELECT responses, stats FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    stats = json.loads(stats or "{}")
    stats["stored"] = stored
    return responses, float(stats.get("elapsed_time_seconds") or 0), stats


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def single(urls: list[str], db: Path, settings: dict, cpus: str | None = None) -> float:
    pin = ["taskset", "-c", cpus] if cpus else []
    cmd = [*pin, PYTHON, "-m", "newscrawler", "crawl", *urls, "--db", str(db), "--max-pages", "0",
           "--full", "-q", *sets(settings)]
    subprocess.run(cmd, check=True, env=env())
    responses, elapsed, stats = last_run(db)
    print(f"   one process{' on CPUs ' + cpus if cpus else ''}: {responses} pages in {elapsed:.1f} s, "
          f"{stats['stored']} articles stored", flush=True)
    return responses / elapsed


def distributed(urls: list[str], db: Path, redis_url: str, settings: dict, workers: int,
                cpus: list[str | None], worker_settings: dict | None = None,
                sample: list | None = None) -> tuple[float, dict]:
    procs = []
    for i in range(workers):
        pin = ["taskset", "-c", cpus[i]] if cpus[i] else []
        procs.append(subprocess.Popen([*pin, PYTHON, "-m", "newscrawler", "worker", "--redis", redis_url,
                                       "--once", *sets(worker_settings or {})], env=env()))
    time.sleep(3)  # workers up (Scrapy imported) before the run starts
    stop = threading.Event()
    if sample is not None:
        def poll():
            while not stop.wait(0.5):
                sample.append(rss_mb(procs[0].pid))
        threading.Thread(target=poll, daemon=True).start()
    cmd = [PYTHON, "-m", "newscrawler", "crawl", *urls, "--db", str(db), "--max-pages", "0",
           "--full", "-q", "--redis", redis_url, *sets(settings)]
    try:
        subprocess.run(cmd, check=True, env=env())
    finally:
        stop.set()
        for p in procs:
            try:
                p.wait(60)
            except subprocess.TimeoutExpired:
                p.kill()
    responses, elapsed, stats = last_run(db)
    print(f"   writer + {workers} worker{'s' if workers > 1 else ''}"
          f"{' on CPUs ' + ','.join(c for c in cpus if c) if any(cpus) else ''}: {responses} pages "
          f"in {elapsed:.1f} s, {stats['stored']} articles stored, extraction processes per worker: "
          f"{stats.get('newscrawler/extract_workers', 0) // max(workers, 1)}", flush=True)
    return responses / elapsed, stats


# --- 8 slow, polite sites ----------------------------------------------------------------------
class SlowSite:
    def __init__(self, host: str, articles: int, latency: float):
        from tests.hostile.server import article_page, listing_page, send

        self.log: list[tuple[float, float]] = []
        self.accepted: dict[int, float] = {}
        lock = threading.Lock()
        site = self

        class Server(ThreadingHTTPServer):
            """Stamps a connection when it is accepted, before a thread is started for it
            (HTTP/1.0: one request a connection), so the log's times are the network's, not
            those of a handler thread waiting for the GIL."""

            def process_request(self, request, client_address):
                site.accepted[id(request)] = time.monotonic()
                super().process_request(request, client_address)

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                arrived = site.accepted.pop(id(self.request), time.monotonic())
                time.sleep(latency)
                path = self.path
                if path.startswith("/section"):
                    n = int(path.strip("/").rsplit("/", 1)[1]) if "/page/" in path else 1
                    ids = [articles - 1 - i for i in range((n - 1) * 10, min(n * 10, articles))]
                    nxt = f"/section/page/{n + 1}/" if n * 10 < articles else None
                    send(self, 200, listing_page([f"/archives/{1000 + i}" for i in ids], next_url=nxt))
                elif path.startswith("/archives/"):
                    send(self, 200, article_page(f"خبر {path} في الموقع {host}"))
                else:
                    send(self, 404, "not found")
                with lock:
                    site.log.append((arrived, time.monotonic()))

            def log_message(self, *args):
                pass

        self.httpd = Server((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://{host}:{self.httpd.server_address[1]}/section"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def worst(self, since: int) -> tuple[int, int, float]:
        """Most requests that arrived within one second, most in flight at once, shortest gap
        between two arrivals."""
        log = sorted(self.log[since:])
        starts = [a for a, _ in log]
        per_second = max((sum(1 for s in starts if t <= s < t + 1.0) for t in starts), default=0)
        events = sorted([(a, 1) for a, _ in log] + [(b, -1) for _, b in log])
        level = peak = 0
        for _, step in events:
            level += step
            peak = max(peak, level)
        gap = min((b - a for a, b in zip(starts, starts[1:], strict=False)), default=0.0)
        return per_second, peak, gap


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1500, help="articles of the local site (runs 1, 2)")
    parser.add_argument("--sites-articles", type=int, default=40, help="articles per slow site (run 3)")
    parser.add_argument("--latency", type=float, default=0.3)
    parser.add_argument("--delay", type=float, default=0.1, help="DOWNLOAD_DELAY of run 3")
    parser.add_argument("--per-site", type=int, default=4, help="CONCURRENT_REQUESTS_PER_DOMAIN of run 3")
    parser.add_argument("--skip", default="", help="runs to skip, e.g. 2,3")
    args = parser.parse_args()
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    work = Path(tempfile.mkdtemp(prefix="newscrawler-scalebench-"))
    os.chmod(work, 0o755)
    redis = Redis(work)
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; redis {redis.url}")
    try:
        if not {"1", "2"} <= skip:
            port = _crawl.free_port()
            site = _crawl.write_site(work / "site", f"http://127.0.0.1:{port}", args.size)
            server = _crawl.Server(work / "site", work, port, "auto")
            print(f"\nlocal site: {args.size} articles, {site['listings']} listing pages, served by {server.start()}")
            urls = site["start_urls"]
            try:
                if "1" not in skip:
                    one = single(urls, work / "one.db", SPEED)
                    sample: list[float] = []
                    dist, _ = distributed(urls, work / "dist.db", redis.url, SPEED, 1, [None], sample=sample)
                    print(f"1. overhead: one process {one:.0f} pages/s; 1 writer + 1 worker {dist:.0f} "
                          f"pages/s = {dist / one:.2f}x (target >= 0.85)")
                    if len(sample) >= 8:  # the first quarter is the warm-up (imports, first pages)
                        q = len(sample) // 4
                        print(f"4. worker memory: RSS median {median(sample[q:2 * q]):.0f} MB in the "
                              f"second quarter of the run, {median(sample[-q:]):.0f} MB in the last "
                              f"(peak {max(sample):.0f} MB, {len(sample)} samples every 0.5 s)")
                if "2" not in skip:
                    w1, _ = distributed(urls, work / "w1.db", redis.url, SPEED, 1, ["0"])
                    w2, _ = distributed(urls, work / "w2.db", redis.url, SPEED, 2, ["0", "1"])
                    print(f"2. scaling, one CPU per worker (taskset): 1 worker {w1:.0f} pages/s, "
                          f"2 workers {w2:.0f} pages/s = {w2 / w1:.2f}x (target >= 1.7)")
            finally:
                server.stop()
        if "3" not in skip:
            sites = [SlowSite(f"127.0.0.{i}", args.sites_articles, args.latency) for i in range(2, 10)]
            polite = {**SPEED, "DOWNLOAD_DELAY": args.delay, "RANDOMIZE_DOWNLOAD_DELAY": "False",
                      "CONCURRENT_REQUESTS_PER_DOMAIN": args.per_site}
            limit = min(args.per_site / args.latency, 1 / args.delay if args.delay else 1e9)
            print(f"\n3. 8 sites answering after {args.latency:g} s; politeness per site: "
                  f"{args.per_site} in flight, {args.delay:g} s between starts (at most {limit:.1f} "
                  f"requests/s a site); each worker CONCURRENT_REQUESTS=8")
            for n in (1, 2, 4):
                marks = [len(s.log) for s in sites]
                rate, _ = distributed([s.url for s in sites], work / f"slow{n}.db", redis.url, polite, n,
                                      [None] * n, worker_settings={"CONCURRENT_REQUESTS": 8})
                worst = [s.worst(m) for s, m in zip(sites, marks, strict=True)]
                print(f"   {n} worker{'s' if n > 1 else ' '}: {rate:5.1f} pages/s; worst site: "
                      f"{max(w[0] for w in worst)} requests in one second, {max(w[1] for w in worst)} "
                      f"in flight, shortest gap between two starts {min(w[2] for w in worst):.3f} s")
    finally:
        redis.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
