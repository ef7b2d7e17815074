"""Archive benchmark: insert, search and export on a synthetic archive of Arabic articles.

    .venv/bin/python benchmarks/archive.py                 # 1,000,000 articles
    .venv/bin/python benchmarks/archive.py -n 200000 --db /tmp/bench.db
    .venv/bin/python benchmarks/archive.py -n 1000000 --db /tmp/bench.db --resume  # go on

Articles are drawn from word pools (Zipf-distributed, with the clitic forms news text has:
و-, ال-, بال-, لل-, -ها, -ات…), 400–800 words each, and written through the real
``ArchiveWriter`` (normalization, stemming, FTS5, authors, tags). Prints the insert rate and the
process's memory at several sizes (it should stay flat), search latency p50/p95 for common and
rare words, the export rates (JSON Lines, then Parquet and CSV beside it) with their memory, and
peak memory. Article ``n`` is drawn from its own seed, so a build stopped at any point (the
archive holds every committed batch) can be taken up again with ``--resume`` and ends with the
same articles as one that ran straight through.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import resource
import statistics
import threading
import time
from pathlib import Path

from newscrawler.archive import open_archive
from newscrawler.archive.db import Archive
from newscrawler.archive.export import GZIP_LEVEL, export_jsonl, export_jsonl_gzip
from newscrawler.archive.export_parallel import export_jobs
from newscrawler.archive.filters import ArticleFilter
from newscrawler.archive.search import search
from newscrawler.archive.store import ArchiveWriter
from newscrawler.items import Article, Author

STEMS = (
    "حكوم وزار مدرس تعليم صح اقتصاد سياس انتخاب برلمان مجلس رئيس وزير مدين قري شارع سوق اسعار "
    "محروقات ماء كهرباء طريق مستشفى طبيب مريض جامع طالب استاذ امتحان نتيج رياض فريق مبارا هدف "
    "ملعب بطول لاعب مدرب جمهور ثقاف مهرجان فيلم كتاب شاعر رواي معرض فنان مسرح موسيق اعلام صحف "
    "خبر تقرير دراس بحث مركز جمعي منظم حقوق قانون محكم قاضي عدال شرط امن جريم حادث حريق فيضان "
    "مطر جفاف فلاح زراع محصول قمح زيتون صيد بحر ميناء سفين طائر مطار سياح فندق شاطئ جبل صحراء "
    "اتجار بشر هجر حدود لاجئ مساعد تضامن فقر بطال شغل اجر نقاب اضراب احتجاج مسير حوار اتفاق"
).split()
FUNCTION = "في من على إلى عن مع أن إن هذا هذه التي الذي كما بعد قبل حيث أيضا وقد وقال".split()
PREFIXES = ("ال", "ال", "ال", "", "", "و", "وال", "بال", "لل", "كال", "فال")
SUFFIXES = ("", "", "", "ة", "ات", "ين", "ون", "ها", "ه", "ي", "ية")
SITES = ("hespress.com", "alyaoum24.com", "alouma24.ma", "le360.ma", "hibapress.com")
SECTIONS = ("مجتمع", "سياسة", "اقتصاد", "رياضة", "ثقافة", "جهات", "دولي")
AUTHORS = [f"{a} {b}" for a in ("محمد", "فاطمة", "يوسف", "سناء", "حميد", "مريم", "عبد الله", "خديجة")
           for b in ("العلمي", "الإدريسي", "بنعلي", "السباعي", "الوزاني", "قسيوي", "التازي", "الفاسي")]
RARE = ["قزحي", "سرمدي", "زبرجد", "قيثار", "اسطرلاب", "زعفران", "سنونو", "بيلسان"]


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """The word pool and its cumulative Zipf weights (cumulative: ``choices`` then skips
    summing 17,000 weights for every article)."""
    words = [p + s + x for s in STEMS for p in PREFIXES for x in SUFFIXES]
    words = list(dict.fromkeys(words))
    rng.shuffle(words)
    words = FUNCTION + words
    weights = list(itertools.accumulate(1 / (rank + 1) ** 1.05 for rank in range(len(words))))
    return words, weights


def make_article(n: int, words: list[str], cum_weights: list[float]) -> Article:
    rng = random.Random(n)
    length = rng.randint(400, 800)
    text = rng.choices(words, cum_weights=cum_weights, k=length)
    if n % 1000 == 0:  # rare words: about one article in a thousand
        text[rng.randrange(length)] = rng.choice(RARE)
    paragraphs = [" ".join(text[i : i + 60]) + "." for i in range(0, length, 60)]
    day = n % 3650
    year, month, dom = 2015 + day // 365, 1 + (day % 365) // 31 % 12, 1 + day % 28
    author = AUTHORS[n % len(AUTHORS)]
    return Article(
        url=f"https://{SITES[n % len(SITES)]}/archives/{n}",
        site=SITES[n % len(SITES)],
        section=SECTIONS[n % len(SECTIONS)],
        title=" ".join(rng.choices(words[len(FUNCTION):], k=rng.randint(6, 12))),
        body="\n\n".join(paragraphs),
        published=f"{year}-{month:02d}-{dom:02d}T10:00:00+01:00",
        authors=[Author(name=author, raw=f"بقلم: {author}")],
        tags=[SECTIONS[n % 7], STEMS[n % len(STEMS)]],
        crawled_at="2026-01-01T00:00:00+00:00",
    )


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


COMMON = ["الحكومة", "وزارة", "المدرسة", "الاقتصاد", "الانتخابات", "الرياضة", "المدينة",
          "الأسعار", "التعليم", "الصحة", "حكومة التعليم", '"وزارة الصحة"']


def time_searches(archive: Archive, queries: list[str], repeat: int = 3,
                  cpu: list[float] | None = None) -> list[float]:
    """Wall milliseconds of each search (and CPU milliseconds into ``cpu``: on a shared
    machine the wall time also counts the time other processes held the CPU)."""
    times = []
    for _ in range(repeat):
        for q in queries:
            t, c = time.perf_counter(), time.process_time()
            search(archive, q, limit=20)
            times.append((time.perf_counter() - t) * 1000)
            if cpu is not None:
                cpu.append((time.process_time() - c) * 1000)
    return times


def db_mb(db: Path) -> float:
    return sum(Path(str(db) + s).stat().st_size for s in ("", "-wal") if Path(str(db) + s).exists()) / 1e6


def crawl_like_rate(archive: Archive, articles: list[Article]) -> float:
    """Articles/s written exactly as a crawl writes: batches of 50, ``synchronous=NORMAL``."""
    archive.conn.execute("PRAGMA synchronous = NORMAL")
    writer = ArchiveWriter(archive)  # the crawl's default batch size
    t = time.perf_counter()
    for article in articles:
        writer.add(article)
    writer.flush()
    rate = len(articles) / (time.perf_counter() - t)
    archive.conn.execute("PRAGMA synchronous = OFF")
    return rate


def build(archive: Archive, args: argparse.Namespace, words: list[str],
          weights: list[float]) -> None:
    """Write articles up to ``args.n`` (from the archive's count, when resuming); at each
    checkpoint print rates, CPU per article, memory, size and search latency."""
    # The bulk of the build: the real ArchiveWriter path in big batches, with
    # synchronous=OFF (a crash during the build only loses the benchmark's file; every
    # committed batch is kept by SQLite all the same, and --resume goes on from there).
    archive.conn.execute("PRAGMA synchronous = OFF")
    writer = ArchiveWriter(archive, batch_size=args.batch)
    n = archive.count()
    checkpoints = sorted({c for c in (10_000, 50_000, 100_000, 200_000, 300_000, 500_000,
                                      750_000, 1_000_000, args.n) if n < c <= args.n})
    if n:
        print(f"resuming after article {n:,}")
    print(f"{'articles':>10} {'bulk/s':>7} {'CPU ms':>7} {'crawl/s':>8} {'RSS MB':>7} {'db MB':>8} "
          f"{'common p50':>11} {'p95':>6} {'rare p50':>9} {'p95':>6}")
    spent = cpu = total = 0.0
    written = 0
    sample = max(0, min(args.sample, (checkpoints[0] - n) // 2)) if checkpoints else 0
    for checkpoint in checkpoints:
        bulk_from = n
        while n < checkpoint - sample:
            n += 1
            article = make_article(n, words, weights)
            t, c = time.perf_counter(), time.process_time()
            writer.add(article)
            spent += time.perf_counter() - t
            cpu += time.process_time() - c
        t, c = time.perf_counter(), time.process_time()
        writer.flush()
        spent += time.perf_counter() - t
        cpu += time.process_time() - c
        bulk = n - bulk_from
        bulk_rate = bulk / spent if spent else float("nan")
        bulk_cpu = cpu / bulk * 1000 if bulk else float("nan")
        total, spent, cpu = total + spent, 0.0, 0.0
        tail = [make_article(i, words, weights) for i in range(n + 1, checkpoint + 1)]
        t = time.perf_counter()
        crawl_rate = crawl_like_rate(archive, tail) if tail else float("nan")
        total += time.perf_counter() - t
        written += checkpoint - bulk_from
        n = checkpoint
        search(archive, "الحكومة")  # warm the page cache once, as a long-running server would be
        common, rare = time_searches(archive, COMMON, 2), time_searches(archive, RARE, 2)
        print(f"{n:>10,} {bulk_rate:>7,.0f} {bulk_cpu:>7.2f} {crawl_rate:>8,.0f} {rss_mb():>7.0f} "
              f"{db_mb(args.db):>8,.0f} {statistics.median(common):>8.1f} ms "
              f"{percentile(common, 95):>6.1f} {statistics.median(rare):>6.1f} ms "
              f"{percentile(rare, 95):>6.1f}", flush=True)
    archive.conn.execute("PRAGMA synchronous = NORMAL")
    archive.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if written:
        print(f"build: {written / total:,.0f} articles/s overall ({written:,} articles in "
              f"{total:,.0f} s of writing)")


def drop_from_page_cache(path: Path) -> None:
    """Forget the archive's pages (no root needed), so the next read comes from the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def tree_pss_mb() -> float:
    """Memory of this process and its children together (summed PSS: shared pages once).
    ``ru_maxrss`` of a child would count this process's RSS, which it was forked from."""
    pids = [os.getpid()]
    for task in Path("/proc/self/task").iterdir():
        try:
            pids += [int(pid) for pid in (task / "children").read_text().split()]
        except OSError:
            continue  # a thread that ended meanwhile (pyarrow starts and ends its own)
    total = 0
    for pid in pids:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue  # ended meanwhile
        total += next(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))
    return total / 1024


def timed(export, *, cold: Path | None = None) -> tuple[int, float, float, float]:
    """(articles, wall s, CPU s of this process and its workers, peak MB of them all)."""
    if cold:
        drop_from_page_cache(cold)
    peak, done = [tree_pss_mb()], threading.Event()

    def watch() -> None:
        while not done.wait(0.2):
            peak.append(tree_pss_mb())

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    count = export()
    elapsed = time.perf_counter() - t
    own2, kids2 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    done.set()
    watcher.join()
    cpu = sum(getattr(b, f) - getattr(a, f) for a, b in ((own, own2), (kids, kids2))
              for f in ("ru_utime", "ru_stime"))
    return count, elapsed, cpu, max(peak)


def time_exports(archive: Archive) -> None:
    """Export the whole archive in one process and with worker processes, side by side, each
    from the disk (the archive dropped from the page cache) and from memory; then a filtered
    gzip export both ways."""
    jobs = export_jobs("auto", archive.count())
    rates = {}
    for cold in (True, False):
        for n in dict.fromkeys((0, jobs)):
            with open(os.devnull, "w", encoding="utf-8") as out:
                count, elapsed, cpu, peak = timed(lambda: export_jsonl(archive, out, jobs=n),  # noqa: B023
                                                  cold=archive.path if cold else None)
            rates[(cold, n)] = count / elapsed
            print(f"export {'from disk' if cold else 'in memory'}, {n or 1} process{'es' if n else ''}"
                  f"{' (workers)' if n else '':10}: {count / elapsed:8,.0f} articles/s "
                  f"({count:,} in {elapsed:,.1f} s; {cpu / count * 1e6:.1f} µs CPU an article; "
                  f"peak {peak:.0f} MB, all processes)")
        if jobs:
            print(f"  ratio workers / one process: {rates[(cold, jobs)] / rates[(cold, 0)]:.2f}")
    some = ArticleFilter(until="2015-04")  # about 3% of the articles, spread over the file
    for n in dict.fromkeys((0, jobs)):
        with open(os.devnull, "wb") as out:
            count, elapsed, cpu, _ = timed(
                lambda: export_jsonl_gzip(archive, out, filters=some, jobs=n))  # noqa: B023
        print(f"export .gz (level {GZIP_LEVEL}), {n or 1} process{'es' if n else ''}: "
              f"{count / elapsed:,.0f} articles/s, {cpu / count * 1e6:.0f} µs CPU an article "
              f"({count:,} articles published before 2015-05)")
    time_table_exports(archive, rates)


def time_table_exports(archive: Archive, jsonl_rates: dict) -> None:
    """The Parquet export (one process, to a file beside the archive) from disk and from
    memory, beside the JSON Lines export of the same run; then CSV from memory."""
    from newscrawler.archive.export_formats import export_csv
    from newscrawler.archive.export_parquet import ROW_GROUP, export_parquet

    target = archive.path.with_name(archive.path.name + ".export.parquet")
    for cold in (True, False):
        count, elapsed, cpu, peak = timed(lambda: export_parquet(archive, str(target)),
                                          cold=archive.path if cold else None)
        size = target.stat().st_size
        print(f"export .parquet {'from disk' if cold else 'in memory'}, 1 process: "
              f"{count / elapsed:8,.0f} articles/s ({count:,} in {elapsed:,.1f} s; "
              f"{cpu / count * 1e6:.1f} µs CPU an article; peak {peak:.0f} MB; file {size / 1e6:,.0f} "
              f"MB, {size / count:,.0f} bytes an article; row groups of {ROW_GROUP:,})")
        print(f"  ratio Parquet / JSON Lines, one process: "
              f"{count / elapsed / jsonl_rates[(cold, 0)]:.2f}")
    target.unlink()
    with open(os.devnull, "wb") as out:
        count, elapsed, cpu, peak = timed(lambda: export_csv(archive, out))
    print(f"export .csv in memory, 1 process: {count / elapsed:8,.0f} articles/s ({count:,} in "
          f"{elapsed:,.1f} s; {cpu / count * 1e6:.1f} µs CPU an article; peak {peak:.0f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=1_000_000, help="articles (default 1,000,000)")
    parser.add_argument("--db", type=Path, default=Path("/tmp/newscrawler-bench.db"))
    parser.add_argument("--batch", type=int, default=2000, help="batch size of the bulk build")
    parser.add_argument("--sample", type=int, default=2000,
                        help="articles written the crawl's way before each checkpoint")
    parser.add_argument("--reuse", action="store_true",
                        help="measure search and export on an existing --db, do not build")
    parser.add_argument("--resume", action="store_true",
                        help="keep an existing --db and build on from its last article up to -n")
    args = parser.parse_args()
    words, weights = vocabulary(random.Random(7))
    if not args.reuse and not args.resume:
        for suffix in ("", "-wal", "-shm"):
            Path(str(args.db) + suffix).unlink(missing_ok=True)
    with open_archive(args.db) as archive:
        if args.reuse:
            args.n = archive.count()
        print(f"archive benchmark: {args.n:,} articles, 400–800 words each, db {args.db}")
        if not args.reuse:
            build(archive, args, words, weights)

        search(archive, "الحكومة")
        for label, queries in (("common", COMMON), ("rare", RARE)):
            cpu: list[float] = []
            times = time_searches(archive, queries, cpu=cpu)
            print(f"search {label:6}: p50 {statistics.median(times):6.1f} ms, "
                  f"p95 {percentile(times, 95):6.1f} ms ({len(times)} queries, top 20; CPU p50 "
                  f"{statistics.median(cpu):.1f} ms, p95 {percentile(cpu, 95):.1f} ms)")

        time_exports(archive)
    print(f"peak RSS: {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
