"""Extraction benchmark: newscrawler vs trafilatura vs htmldate, per source of ../shared/corpus.

Run: ``NEWSCRAWLER_CORPUS=/work/shared/corpus .venv/bin/python benchmarks/extraction.py``
(``--corpus DIR`` overrides; ``--sources trafilatura,arabic,fundus``; ``--show-misses FIELD``).

Three sources, each beside trafilatura (and htmldate for dates): the trafilatura evaluation pages
(non-Arabic rows of truth.jsonl), the Arabic rows of truth.jsonl, and truth-fundus.jsonl. Every
tool gets the same page bytes and URL. Titles: exact after whitespace normalization on
truth.jsonl (as documented since session 1); after NFKC, without soft hyphens, invisible marks or
case on fundus. Authors as sets of names (people only on the Arabic rows, whose truth marks an
outlet byline as "no author"). Dates by day. Body: must-contain / must-not-contain snippets on
truth.jsonl, and on fundus F1 over word 4-shingles (the Article Extraction Benchmark's metric:
tokens ``\\w+`` lowercased, precision and recall over the shingles in common, per page, then
averaged over pages). Time is wall-clock per page; only the ratio within one run means anything.
Misses are then counted by cause, not listed page by page (``extraction_causes``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from extraction_causes import causes_table  # noqa: E402

SOURCES = ("trafilatura", "arabic", "fundus")
FIELDS = ("title", "author", "date", "section", "body+", "body-", "body F1")
_SPLIT = re.compile(r"\s*(?:;|,|\band\b|\bund\b|&)\s*", re.IGNORECASE)
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_WORD = re.compile(r"\w+")


def squash(text: str | None) -> str:
    text = unicodedata.normalize("NFC", text or "").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def title_key(text: str | None) -> str:
    """The fundus comparison: NFKC, no soft hyphens or invisible marks, no case."""
    return squash(_INVISIBLE.sub("", unicodedata.normalize("NFKC", text or ""))).casefold()


def names(value: str | list[str] | None) -> set[str]:
    items = [value] if isinstance(value, str) else list(value or [])
    out = set()
    for item in items:
        for name in _SPLIT.split(item or ""):
            name = squash(unicodedata.normalize("NFKC", name)).casefold()
            if name:
                out.add(name)
    return out


def day(value: str | None) -> str | None:
    return value[:10] if value and len(value) >= 10 else None


def shingles(text: str | None) -> Counter:
    # Invisible marks out first: a soft hyphen inside a word would split it in two. NFC as the
    # snippets are compared: a decomposed "u" + U+0308 would split "Südtiroler" at its mark.
    words = _WORD.findall(unicodedata.normalize("NFC", _INVISIBLE.sub("", text or "")).lower())
    return Counter(tuple(words[i : i + 4]) for i in range(max(0, len(words) - 3)))


def shingle_prf(pred: str | None, truth: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of ``pred``'s word 4-shingles against ``truth``'s, for one page."""
    got, want = shingles(pred), shingles(truth)
    if not want:
        return (1.0, 1.0, 1.0) if not got else (0.0, 1.0, 0.0)
    common = sum((got & want).values())
    p = common / sum(got.values()) if got else 0.0
    r = common / sum(want.values())
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


class Score:
    """Right / known per field for one tool on one source, with each page's outcome kept."""

    def __init__(self) -> None:
        self.ok: dict[str, float] = defaultdict(float)
        self.known: dict[str, int] = defaultdict(int)
        self.ms: list[float] = []
        self.misses: dict[str, list] = defaultdict(list)
        self.prf: list[tuple[float, float, float]] = []
        self.pages: dict[str, dict] = {}  # row id -> {field: correct}

    def add(self, field: str, correct: bool, row: dict, got: object = None) -> None:
        self.known[field] += 1
        self.ok[field] += 1 if correct else 0
        self.pages.setdefault(row["id"], {})[field] = correct
        if not correct:
            self.misses[field].append((row, got))

    def rate(self, field: str) -> str:
        if field == "body F1":
            if not self.prf:
                return "—"
            p, r, f = (statistics.mean(x[i] for x in self.prf) for i in range(3))
            return f"{f:.3f} (P {p:.2f} R {r:.2f})"
        if not self.known[field]:
            return "—"
        return f"{int(self.ok[field])}/{self.known[field]} {100 * self.ok[field] / self.known[field]:.1f}%"

    def share(self, field: str) -> float | None:
        if field == "body F1":
            return statistics.mean(x[2] for x in self.prf) if self.prf else None
        return self.ok[field] / self.known[field] if self.known[field] else None


def judge(score: Score, row: dict, pred: dict) -> None:
    """Compare one tool's prediction (title, authors, date, section, body) with the truth."""
    source = row["benchmark"]
    arabic, fundus = source == "arabic", source == "fundus"
    if "title" in pred and row.get("title"):
        if fundus:
            ok = title_key(pred["title"]) == title_key(row["title"])
        else:
            ok = squash(pred["title"]) == squash(row["title"])
        score.add("title", ok, row, pred["title"])
    if "authors" in pred:
        truth: set[str] | None = None
        if fundus:
            truth = names(row.get("authors"))
        elif row.get("author") is not None or (arabic and "author" in row):
            truth = names(row.get("author"))
        if truth is not None:
            # The Arabic rows state "no author" when the byline is the outlet: people only there.
            found = pred.get("people", pred["authors"]) if arabic else pred["authors"]
            got = names(list(found or []))
            score.add("author", got == truth, row, sorted(got))
    if "date" in pred and row.get("date"):
        score.add("date", day(pred["date"]) == row["date"][:10], row, pred["date"])
    if "section" in pred and not fundus:
        wanted = [row["section"]] if row.get("section") else row.get("categories") or []
        if wanted:
            ok = squash(pred["section"]).casefold() in {squash(w).casefold() for w in wanted}
            score.add("section", ok, row, pred["section"])
    if "body" in pred:
        body = squash(pred["body"])
        must = list(row.get("with_text") or [])
        if row.get("first_sentence"):
            must.append(row["first_sentence"])
        for snippet in must:
            score.add("body+", squash(snippet) in body, row, f"missing {snippet!r}")
        for snippet in row.get("without_text") or []:
            score.add("body-", squash(snippet) not in body, row, f"kept {snippet!r}")
        if fundus and row.get("paragraphs"):
            prf = shingle_prf(pred["body"], "\n".join(row["paragraphs"]))
            score.prf.append(prf)
            score.pages.setdefault(row["id"], {})["prf"] = prf


def run_newscrawler(html: bytes, url: str) -> dict:
    from newscrawler.extract import extract_article

    article = extract_article(html, url)
    return {
        "title": article.title,
        "authors": [a.name for a in article.authors],
        "people": [a.name for a in article.authors if a.kind == "person"],
        "date": article.published,
        "date_raw": article.published_raw,
        "date_source": getattr(article, "published_source", None),
        "section": article.section,
        "body": article.body,
    }


def run_trafilatura(html: bytes, url: str) -> dict:
    from trafilatura import bare_extraction

    doc = bare_extraction(html, url=url, with_metadata=True)
    if doc is None:
        return {"title": None, "authors": [], "date": None, "section": None, "body": None}
    data = doc if isinstance(doc, dict) else doc.as_dict()
    categories = data.get("categories") or []
    if isinstance(categories, str):
        categories = [c for c in categories.split(",") if c.strip()]
    return {
        "title": data.get("title"),
        "authors": sorted(names(data.get("author"))),
        "date": data.get("date"),
        "section": categories[0] if categories else None,
        "body": data.get("text"),
    }


def run_htmldate(html: bytes, url: str) -> dict:
    from htmldate import find_date

    return {"date": find_date(html, url=url, extensive_search=True, original_date=True)}


TOOLS = {"newscrawler": run_newscrawler, "trafilatura": run_trafilatura, "htmldate": run_htmldate}


def load(corpus: Path, sources: list[str]) -> list[tuple[dict, bytes]]:
    rows = [json.loads(line) for line in (corpus / "truth.jsonl").open(encoding="utf-8")]
    fundus = corpus / "truth-fundus.jsonl"
    if fundus.exists():
        rows += [json.loads(line) for line in fundus.open(encoding="utf-8") if line.strip()]
    rows = [r for r in rows if r["benchmark"] in sources]
    return [(row, gzip.decompress((corpus / row["file"]).read_bytes())) for row in rows]


def table(scores: dict[str, Score], fields: tuple[str, ...], timing: bool) -> list[str]:
    cols = [f for f in fields if any(s.known[f] or (f == "body F1" and s.prf) for s in scores.values())]
    head = "| tool | " + " | ".join(cols) + (" | ms/page median (mean) |" if timing else " |")
    lines = [head, "|" + "---|" * (len(cols) + 1 + timing)]
    for tool, s in scores.items():
        cells = " | ".join(s.rate(f) for f in cols)
        extra = f" | {statistics.median(s.ms):.1f} ({statistics.mean(s.ms):.1f})" if timing else ""
        lines.append(f"| {tool} | {cells}{extra} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("NEWSCRAWLER_CORPUS", ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--corpus", type=Path, default=default)
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument("--sources", default=",".join(SOURCES))
    parser.add_argument("--show-misses", default="", help="comma-separated fields (newscrawler)")
    parser.add_argument("--json", type=Path, help="also write the per-source shares here")
    args = parser.parse_args(argv)
    tools = [t for t in args.tools.split(",") if t in TOOLS]
    sources = [s for s in args.sources.split(",") if s in SOURCES]
    pages = load(args.corpus, sources)
    scores = {src: {tool: Score() for tool in tools} for src in sources}
    preds: dict[str, dict[str, dict]] = {tool: {} for tool in tools}
    for tool in tools:  # warm-up: imports and lazy tables are not per-page cost
        TOOLS[tool](pages[0][1], pages[0][0]["url"])
    for row, html in pages:
        for tool in tools:
            start = time.perf_counter()
            pred = TOOLS[tool](html, row["url"])
            scores[row["benchmark"]][tool].ms.append(1000 * (time.perf_counter() - start))
            judge(scores[row["benchmark"]][tool], row, pred)
            preds[tool][row["id"]] = pred
    print(f"{len(pages)} pages from {args.corpus}")
    out: dict[str, dict] = {}
    for src in sources:
        n = sum(1 for row, _ in pages if row["benchmark"] == src)
        print(f"\n### {src} ({n} pages)\n")
        print("\n".join(table(scores[src], FIELDS, timing=True)))
        if "newscrawler" in tools and "trafilatura" in tools:
            ratio = statistics.median(scores[src]["newscrawler"].ms) / statistics.median(
                scores[src]["trafilatura"].ms
            )
            print(f"\ntime: newscrawler / trafilatura = {ratio:.2f}x (medians)")
        out[src] = {t: {f: s.share(f) for f in FIELDS} for t, s in scores[src].items()}
    if "newscrawler" in tools:
        print("\n### newscrawler misses by cause\n")
        print("\n".join(causes_table(pages, scores, preds)))
    for field in filter(None, args.show_misses.split(",")):
        for src in sources:
            print(f"\nnewscrawler misses on {field} ({src}):")
            for row, got in scores[src]["newscrawler"].misses[field]:
                want = row.get({"body+": "with_text", "body-": "without_text"}.get(field, field))
                if field == "author":
                    want = row.get("authors", row.get("author"))
                print(f"  {row['id']} {row['url'][:70]}\n     got={got!r}\n     want={want!r}")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
