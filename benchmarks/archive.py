"""Archive benchmark: insert, search and export on a synthetic archive of Arabic articles.

    .venv/bin/python benchmarks/archive.py                 # 1,000,000 articles
    .venv/bin/python benchmarks/archive.py -n 200000 --db /tmp/bench.db

Articles are drawn from word pools (Zipf-distributed, with the clitic forms news text has:
و-, ال-, بال-, لل-, -ها, -ات…), 400–800 words each, and written through the real
``ArchiveWriter`` (normalization, stemming, FTS5, authors, tags). Prints the insert rate and the
process's memory at several sizes (it should stay flat), search latency p50/p95 for common and
rare words, the export rate, and peak memory.
"""

from __future__ import annotations

import argparse
import io
import random
import resource
import statistics
import time
from pathlib import Path

from newscrawler.archive import open_archive
from newscrawler.archive.export import export_jsonl
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
    words = [p + s + x for s in STEMS for p in PREFIXES for x in SUFFIXES]
    words = list(dict.fromkeys(words))
    rng.shuffle(words)
    words = FUNCTION + words
    weights = [1 / (rank + 1) ** 1.05 for rank in range(len(words))]
    return words, weights


def make_article(n: int, rng: random.Random, words: list[str], weights: list[float]) -> Article:
    length = rng.randint(400, 800)
    text = rng.choices(words, weights, k=length)
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


def time_searches(archive, queries: list[str], repeat: int = 3) -> list[float]:
    times = []
    for _ in range(repeat):
        for q in queries:
            t = time.perf_counter()
            search(archive, q, limit=20)
            times.append((time.perf_counter() - t) * 1000)
    return times


class Null(io.TextIOBase):
    def write(self, s: str) -> int:
        return len(s)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=1_000_000, help="articles (default 1,000,000)")
    parser.add_argument("--db", default="/tmp/newscrawler-bench.db")
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    db = Path(args.db)
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    rng = random.Random(7)
    words, weights = vocabulary(rng)
    checkpoints = sorted({c for c in (10_000, 50_000, 100_000, 200_000, 500_000, 1_000_000, args.n)
                          if c <= args.n})
    print(f"archive benchmark: {args.n:,} articles, 400–800 words each, db {db}")
    print(f"{'articles':>10} {'insert/s':>9} {'RSS MB':>7} {'db MB':>8}")
    with open_archive(db) as archive:
        writer = ArchiveWriter(archive, batch_size=args.batch)
        start = last = time.perf_counter()
        done_before = 0
        for n in range(1, args.n + 1):
            writer.add(make_article(n, rng, words, weights))
            if n in checkpoints:
                writer.flush()
                now = time.perf_counter()
                size = sum(Path(str(db) + s).stat().st_size for s in ("", "-wal") if Path(str(db) + s).exists())
                print(f"{n:>10,} {(n - done_before) / (now - last):>9,.0f} {rss_mb():>7.0f} {size / 1e6:>8,.0f}",
                      flush=True)
                last, done_before = now, n
        writer.flush()
        total = time.perf_counter() - start
        archive.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        print(f"insert: {args.n / total:,.0f} articles/s overall ({total:,.0f} s)")

        common = ["الحكومة", "وزارة", "المدرسة", "الاقتصاد", "الانتخابات", "الرياضة", "المدينة",
                  "الأسعار", "التعليم", "الصحة", "حكومة التعليم", "\"وزارة الصحة\""]
        rare = RARE
        search(archive, "الحكومة")  # warm the page cache once, as a long-running server would be
        for label, queries in (("common", common), ("rare", rare)):
            times = time_searches(archive, queries)
            print(f"search {label:6}: p50 {statistics.median(times):6.1f} ms, "
                  f"p95 {percentile(times, 95):6.1f} ms ({len(times)} queries, top 20 by bm25)")

        before = rss_mb()
        t = time.perf_counter()
        count = export_jsonl(archive, Null())
        elapsed = time.perf_counter() - t
        print(f"export: {count / elapsed:,.0f} articles/s ({count:,} in {elapsed:,.0f} s; "
              f"RSS {before:.0f} -> {rss_mb():.0f} MB)")
    print(f"peak RSS: {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
