"""Stories benchmark: how well copies are found (pairs), and what a new article costs.

Run: ``.venv/bin/python benchmarks/stories.py [--corpus DIR] [--sizes 10000,100000]``.

**Quality.** There is no labelled set of Arabic copies to download here (no network), so the
pairs are built, and ``docs/benchmarks.md`` says how:

- base texts: the article bodies of the Arabic pages of ``../shared/corpus`` (``truth.jsonl``,
  ``benchmark: arabic``; extracted by newscrawler from the stored pages), the 257 whole bodies of
  ``truth-fundus.jsonl`` (real articles of 180 publishers, most not Arabic), and the demo
  site's 48 Arabic articles (written for this project from per-section pools of stock
  sentences: same-section articles share whole sentences, the hardest non-copies here);
- copies (positives): each real base text edited the ways sites republish a dispatch (agency
  dateline added or cut, a paragraph or two dropped, the end cut, boilerplate around, a few
  words changed, several at once), and pairs of two edited copies of one text;
- non-copies (negatives): every pair of base texts of the same group that share a topic, a
  publisher or a section, plus the demo mirror's own reports of the demo's events (same
  places and figures, written independently) against the articles they report on.

A pair is predicted a copy when the two signatures share an LSH band and ``copies.is_copy``
holds: what the archive does for one pair (``archive/stories.py``).

**Cost.** Archives of each size are generated (bulk rows with random band keys, as distinct
texts have, and 2,000 articles stored through ``ArchiveWriter``); then 1,000 new articles, a
fifth of them edited copies of stored ones, are written in batches of 50 with story placement
and without it (the writer with ``place`` replaced by a no-op). Beside it, the alternative the
stored bands avoid: datasketch's in-memory ``MinHashLSH`` rebuilt from the stored signatures at
the start of each crawl.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newscrawler.archive.copies import body_words, is_copy, signature  # noqa: E402

AGENCY = {"ar": "الرباط (و م ع) - ", "other": "(AFP) - "}
BOILERPLATE = {
    "ar": ("اقرأ أيضا: آخر المستجدات في الموضوع", "تابعونا على فيسبوك وتويتر لمتابعة آخر الأخبار."),
    "other": ("Read more: latest updates on this story", "Follow us on Facebook and Twitter."),
}


# --- the labelled pairs --------------------------------------------------------------------


def arabic_corpus(corpus: Path) -> list[dict]:
    from newscrawler.extract import extract_raw

    out = []
    for line in (corpus / "truth.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        if row.get("benchmark") != "arabic":
            continue
        article = extract_raw(gzip.decompress((corpus / row["file"]).read_bytes()), row["url"])
        out.append({"group": "arabic corpus", "lang": "ar", "topic": None, "key": row["id"],
                    "paragraphs": [p for p in (article.body or "").split("\n\n") if p.strip()]})
    return out


def fundus_corpus(corpus: Path) -> list[dict]:
    out = []
    for line in (corpus / "truth-fundus.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        out.append({"group": "fundus", "lang": "other", "key": row["id"],
                    "topic": {*(t.lower() for t in row.get("topics") or []), row.get("publisher")},
                    "paragraphs": [p for p in row.get("paragraphs") or [] if p.strip()]})
    return out


def demo_texts() -> list[dict]:
    from newscrawler.demo import articles

    return [{"group": "demo", "lang": "ar", "topic": {a["section"]}, "key": str(a["id"]),
             "paragraphs": a["body"].split("\n\n"), "synthetic": True} for a in articles()]


def edits(base: dict, rng: random.Random, other_lead: str) -> list[tuple[str, list[str]]]:
    """The edited copies of one text: (edit, paragraphs)."""
    p, lang = base["paragraphs"], base["lang"]
    agency = AGENCY[lang]
    read_more, closing = BOILERPLATE[lang]
    out = [("agency line added", [agency + p[0], *p[1:]]),
           ("boilerplate around", [read_more, *p, closing])]
    if len(p) >= 3:
        drop = rng.randrange(1, len(p))
        out.append(("a paragraph dropped", p[:drop] + p[drop + 1:]))
        out.append(("end cut, closing line", [*p[:-1], closing]))
    if len(p) >= 6:
        a, b = sorted(rng.sample(range(1, len(p)), 2))
        out.append(("two paragraphs dropped", [x for i, x in enumerate(p) if i not in (a, b)]))
    words = " ".join(p).split()
    changed = list(words)
    for i in rng.sample(range(len(words)), max(1, len(words) // 40)):  # 2.5% of the words
        changed[i] = rng.choice(words)
    out.append(("a few words changed", [" ".join(changed)]))
    if len(p) >= 4:
        drop = rng.randrange(1, len(p))
        out.append(("agency + paragraph dropped + boilerplate",
                    [agency + p[0], *p[1:drop], *p[drop + 1:], closing]))
        out.append(("its own lead, the rest copied", [other_lead, *p[1:]]))
    if len(p) >= 8:
        kept = sorted(rng.sample(range(1, len(p)), len(p) - 4))
        out.append(("three paragraphs dropped", [p[0], *(p[i] for i in kept)]))
    return out


def labelled_pairs(bases: list[dict], mirror: list[tuple[str, str]]) -> list[tuple]:
    """(group, label, kind, text a, text b)."""
    rng = random.Random(19)
    pairs = []
    for n, base in enumerate(bases):
        if base.get("synthetic"):
            continue  # demo texts are negatives only (their copies are the demo crawl's test)
        text = "\n\n".join(base["paragraphs"])
        other = bases[(n + 1) % len(bases)]  # a lead written by the site: another text's
        copies = edits(base, rng, other["paragraphs"][0])
        pairs += [(base["group"], True, kind, text, "\n\n".join(c)) for kind, c in copies]
        if len(copies) >= 3:
            pairs.append((base["group"], True, "two edited copies", "\n\n".join(copies[0][1]),
                          "\n\n".join(copies[2][1])))
    for a, b in itertools.combinations(bases, 2):
        if a["group"] != b["group"]:
            continue
        related = a["group"] == "arabic corpus" or bool(a["topic"] & b["topic"])
        if related:
            kind = "same section (stock sentences)" if a["group"] == "demo" else "same topic/publisher"
            pairs.append((a["group"], False, kind, "\n\n".join(a["paragraphs"]),
                          "\n\n".join(b["paragraphs"])))
    pairs += [("demo mirror", False, "same event, independent report", a, b) for a, b in mirror]
    return pairs


def mirror_reports() -> list[tuple[str, str]]:
    from newscrawler.demo import articles
    from newscrawler.demo.mirror import _OWN, mirror_articles

    demo = {a["id"]: a["body"] for a in articles()}
    own = {m.title: m.body for m in mirror_articles() if m.source is None}
    return [(demo[topic], own[title]) for title, topic, _, _ in _OWN]


def predict(a: str, b: str) -> tuple[bool, bool]:
    """(candidate by LSH, judged a copy)."""
    wa, wb = body_words(a), body_words(b)
    sa, sb = signature(wa), signature(wb)
    candidate = sa is not None and sb is not None and bool(set(sa.bands) & set(sb.bands))
    return candidate, candidate and is_copy(wa, wb)[0]


def quality(corpus: Path) -> None:
    bases = demo_texts()
    if corpus.exists():
        bases = arabic_corpus(corpus) + fundus_corpus(corpus) + bases
    else:
        print(f"(no corpus at {corpus}: only the demo's texts; pass --corpus)")
    bases = [b for b in bases if len(" ".join(b["paragraphs"]).split()) >= 50]
    # fundus holds a few pages twice (two versions of their truth): one of each
    bases = list({b["key"]: b for b in reversed(bases)}.values())[::-1]
    pairs = labelled_pairs(bases, mirror_reports())
    stats: dict[str, list[int]] = {}
    kinds: dict[tuple, list[int]] = {}
    for group, label, kind, a, b in pairs:
        candidate, copy = predict(a, b)
        for key in (group, "all"):
            s = stats.setdefault(key, [0, 0, 0, 0, 0])  # tp fp fn tn, positives missed by LSH
            s[0 if label and copy else 1 if copy else 2 if label else 3] += 1
            s[4] += label and not candidate
        k = kinds.setdefault((label, kind), [0, 0])
        k[0] += 1
        k[1] += copy == label
    print(f"{len(bases)} base texts, {len(pairs)} labelled pairs\n")
    print("| set | copies | non-copies | precision | recall | false copies | copies missed "
          "| of them missed by LSH |")
    print("|---|---|---|---|---|---|---|---|")
    for key, (tp, fp, fn, tn, lsh) in sorted(stats.items(), key=lambda kv: kv[0] == "all"):
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(f"| {key} | {tp + fn} | {fp + tn} | {precision:.3f} | {recall:.3f} | {fp} | {fn} "
              f"| {lsh} |")
    print("\n| pair | label | pairs | right |")
    print("|---|---|---|---|")
    for (label, kind), (n, right) in sorted(kinds.items(), key=lambda kv: (not kv[0][0], kv[0][1])):
        print(f"| {kind} | {'copy' if label else 'not a copy'} | {n} | {right} |")


# --- cost per new article ------------------------------------------------------------------


def vocabulary() -> list[str]:
    from newscrawler.demo import articles

    return sorted({w for a in articles() for w in a["body"].split()})


def make_body(rng: random.Random, vocab: list[str], words: int = 300) -> str:
    paragraphs = [" ".join(rng.choices(vocab, k=words // 5)) for _ in range(5)]
    return "\n\n".join(paragraphs)


def bulk_fill(path: Path, size: int, rng: random.Random, vocab: list[str]) -> None:
    """``size`` archived articles, written as rows (each with its random band keys)."""
    from newscrawler.archive import open_archive
    from newscrawler.archive.copies import BANDS, NUM_PERM

    open_archive(path).close()
    conn = sqlite3.connect(path)
    filler = " ".join(rng.choices(vocab, k=60))
    with conn:
        for start in range(1, size + 1, 20_000):
            ids = range(start, min(start + 20_000, size + 1))
            conn.executemany(
                "INSERT INTO articles (id, url, site, title, body, published, first_seen, story) "
                "VALUES (?, ?, 'bulk.ma', 'عنوان', ?, '2024-01-01T10:00:00+01:00', "
                "'2024-01-01T10:00:00+00:00', ?)", ((i, f"http://bulk.ma/{i}", filler, i) for i in ids))
            conn.executemany("INSERT INTO stories VALUES (?, ?, 1, 1, '2024-01-01T10:00:00+01:00')",
                             ((i, i) for i in ids))
            conn.executemany("INSERT INTO story_signatures VALUES (?, ?)",
                             ((i, rng.randbytes(4 * NUM_PERM)) for i in ids))
            bands = sorted((rng.getrandbits(64) - 2**63, i) for i in ids for _ in range(BANDS))
            conn.executemany("INSERT INTO story_bands VALUES (?, ?)", bands)
    conn.close()


def write_new(path: Path, articles: list, *, place: bool) -> tuple[float, float]:
    """Seconds per article, wall-clock and CPU of this process, to write ``articles`` in
    batches of 50 (story placement or not)."""
    import newscrawler.archive.store as store
    from newscrawler.archive import open_archive
    from newscrawler.archive.rows import PreparedArticle

    real = store.place_in_story
    if not place:
        store.place_in_story = lambda *a, **k: None
    try:
        prepared = [PreparedArticle(a) for a in articles]  # a worker's part: not timed
        with open_archive(path) as archive:
            writer = store.ArchiveWriter(archive)
            start, cpu = time.perf_counter(), time.process_time()
            for i in range(0, len(prepared), 50):
                writer.write(prepared[i:i + 50], [])
            return ((time.perf_counter() - start) / len(prepared),
                    (time.process_time() - cpu) / len(prepared))
    finally:
        store.place_in_story = real


def new_articles(rng: random.Random, vocab: list[str], stored: list[str], prefix: str,
                 count: int) -> list:
    from newscrawler.items import Article

    out = []
    for n in range(count):
        if n % 5 == 0:  # an edited copy of a stored article
            paragraphs = rng.choice(stored).split("\n\n")
            body = "\n\n".join(["الرباط (و م ع) - " + paragraphs[0], *paragraphs[1:-1]])
        else:
            body = make_body(rng, vocab)
        out.append(Article(url=f"http://new.ma/{prefix}/{n}", site="new.ma", title=f"خبر {n}",
                           body=body, published="2024-02-01T10:00:00+01:00"))
    return out


def lsh_rebuild_seconds(path: Path) -> float:
    """What a crawl would pay at start to rebuild datasketch's in-memory LSH from the stored
    signatures (the alternative to the stored bands)."""
    import numpy as np
    from datasketch import LeanMinHash, MinHashLSH

    from newscrawler.archive.copies import LSH_THRESHOLD, LSH_WEIGHTS, NUM_PERM, SCHEME

    start = time.perf_counter()
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM, weights=LSH_WEIGHTS)
    conn = sqlite3.connect(path)
    with lsh.insertion_session() as session:
        for article_id, blob in conn.execute("SELECT article_id, minhash FROM story_signatures"):
            values = np.frombuffer(blob, dtype="<u4").astype(np.uint64)
            session.insert(article_id, LeanMinHash(seed=1, hashvalues=values, scheme=SCHEME),
                           check_duplication=False)
    conn.close()
    return time.perf_counter() - start


def cost(sizes: list[int], keep: bool, lsh_max: int) -> None:
    from newscrawler.items import Article

    rng = random.Random(7)
    vocab = vocabulary()
    print("\n| archived articles | write, ms/article: with stories | without | stories' share "
          "| same in CPU ms: with | without | share | story tables, MB "
          "| in-memory LSH rebuilt per run, s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for size in sizes:
        with tempfile.TemporaryDirectory(dir=ROOT.parent if keep else None) as tmp:
            path = Path(tmp) / f"archive-{size}.db"
            started = time.perf_counter()
            bulk_fill(path, size, rng, vocab)
            stored = [make_body(rng, vocab) for _ in range(2000)]
            seeds = [Article(url=f"http://seed.ma/{n}", site="seed.ma", title="خبر", body=b,
                             published="2024-01-15T10:00:00+01:00") for n, b in enumerate(stored)]
            write_new(path, seeds, place=True)
            filled = time.perf_counter() - started
            runs = []
            for round_ in range(3):  # alternate, so the page cache warms both alike
                with_ = write_new(path, new_articles(rng, vocab, stored, f"p{round_}", 1000), place=True)
                without = write_new(path, new_articles(rng, vocab, stored, f"n{round_}", 1000),
                                    place=False)
                runs.append((with_, without))
            wall = [statistics.median(r[k][0] for r in runs) * 1000 for k in (0, 1)]
            cpu = [statistics.median(r[k][1] for r in runs) * 1000 for k in (0, 1)]
            conn = sqlite3.connect(path)
            mb = sum(conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE ?", [name]).fetchone()[0]
                     or 0 for name in ("story_%", "stories", "sqlite_autoindex_story_%")) / 1e6
            conn.close()
            rebuild = lsh_rebuild_seconds(path) if size <= lsh_max else float("nan")
            print(f"| {size:,} | {wall[0]:.2f} | {wall[1]:.2f} | {wall[0] - wall[1]:.2f} | "
                  f"{cpu[0]:.2f} | {cpu[1]:.2f} | {cpu[0] - cpu[1]:.2f} | {mb:.0f} | "
                  f"{rebuild:.1f} |  (archive made in {filled:.0f} s)", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--sizes", default="10000,100000",
                        help="archive sizes for the cost per new article (comma-separated)")
    parser.add_argument("--lsh-max", type=int, default=100_000,
                        help="largest archive to time the in-memory LSH rebuild on (it is linear)")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--skip-cost", action="store_true")
    parser.add_argument("--tmp-beside-repo", action="store_true",
                        help="make the archives beside the repository instead of in /tmp")
    args = parser.parse_args(argv)
    if not args.skip_quality:
        quality(args.corpus)
    if not args.skip_cost:
        cost([int(s) for s in args.sizes.split(",") if s.strip()], args.tmp_beside_repo,
             args.lsh_max)
    return 0


if __name__ == "__main__":
    sys.exit(main())
