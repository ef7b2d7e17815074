"""Many small sites: one `crawl --all-sites` process against one `crawl --site` process per site.

Run: ``.venv/bin/python benchmarks/all_sites.py [--sites 50] [--articles 2]``.

Serves N small sites on 127.0.0.100… (one loopback address each, so each is its own host to
the crawler; the test servers of tests/test_all_sites.py), writes their profiles to one file,
and crawls them into fresh archives twice: once with ``newscrawler crawl --all-sites --sites
FILE`` (one process), once as N ``newscrawler crawl --sites FILE --site NAME`` processes one
after another (what N cron lines would do). Reports wall seconds and the CPU seconds of the
crawl processes (``RUSAGE_CHILDREN``), and the ratios.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]  # scripts here shadow libraries
sys.path.insert(0, str(ROOT))

from tests.test_all_sites import SmallSite, profile  # noqa: E402

NEWSCRAWLER = [sys.executable, "-m", "newscrawler"]


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(commands: list[list[str]]) -> tuple[float, float]:
    wall, cpu = time.monotonic(), child_cpu()
    for command in commands:
        result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        if result.returncode:
            raise SystemExit(f"{' '.join(command)} exited {result.returncode}:\n{result.stderr[-2000:]}")
    return time.monotonic() - wall, child_cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=50, help="sites to serve and crawl (at most 150)")
    parser.add_argument("--articles", type=int, default=2, help="articles per site")
    args = parser.parse_args()
    sites = [SmallSite(f"127.0.0.{100 + n}", articles=args.articles) for n in range(args.sites)]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            file = Path(tmp) / "sites.toml"
            names = [f"site{n:03}" for n in range(args.sites)]
            file.write_text("".join(profile(name, s.base_url + "/news/") for name, s in zip(names, sites, strict=True)),
                            encoding="utf-8")
            one_wall, one_cpu = timed([[*NEWSCRAWLER, "crawl", "--all-sites", "--sites", str(file),
                                        "--db", str(Path(tmp) / "one.db")]])
            many_wall, many_cpu = timed([[*NEWSCRAWLER, "crawl", "--sites", str(file), "--site", name,
                                          "--db", str(Path(tmp) / "many.db")] for name in names])
    finally:
        for site in sites:
            site.stop()
    print(f"{args.sites} sites × {args.articles} articles")
    print("| crawl | wall s | CPU s |\n|---|---|---|")
    print(f"| one process, --all-sites | {one_wall:.1f} | {one_cpu:.1f} |")
    print(f"| {args.sites} processes, --site NAME each | {many_wall:.1f} | {many_cpu:.1f} |")
    print(f"--all-sites: {many_wall / one_wall:.1f}× less wall time, {many_cpu / max(one_cpu, 0.01):.1f}× less CPU")


if __name__ == "__main__":
    main()
