"""Extraction benchmark: newscrawler vs trafilatura vs htmldate on ../shared/corpus.

Run: ``.venv/bin/python benchmarks/extraction.py [--corpus DIR] [--show-misses FIELD]``.

Every tool gets the same page bytes and URL. Titles compare exactly after whitespace
normalization, authors as sets of names (people only for newscrawler; an Arabic row whose author
is null expects no person), dates by day, sections against the truth's section or categories,
body snippets by containment after whitespace normalization. The trafilatura rows credit
whatever the page credits (people or a desk such as "Redaktion"), so all names count there; the
Arabic rows mark an outlet byline as "no author", so only people count there. Time is wall-clock per page.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIELDS = ("title", "author", "date", "section", "body+", "body-")
_SPLIT = re.compile(r"\s*(?:;|,|\band\b|\bund\b|&)\s*", re.IGNORECASE)


def squash(text: str | None) -> str:
    text = unicodedata.normalize("NFC", text or "").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def names(value: str | list[str] | None) -> set[str]:
    items = [value] if isinstance(value, str) else list(value or [])
    out = set()
    for item in items:
        for name in _SPLIT.split(item or ""):
            name = squash(name).casefold()
            if name:
                out.add(name)
    return out


def day(value: str | None) -> str | None:
    return value[:10] if value and len(value) >= 10 else None


class Score:
    def __init__(self) -> None:
        self.ok: dict[str, int] = defaultdict(int)
        self.known: dict[str, int] = defaultdict(int)
        self.ms: list[float] = []
        self.misses: dict[str, list] = defaultdict(list)

    def add(self, field: str, correct: bool, row: dict, got: object = None, n: int = 1,
            k: int = 1) -> None:  # fmt: skip
        self.known[field] += k
        self.ok[field] += n if correct is None else (k if correct else 0)
        if correct is False:
            self.misses[field].append((row["id"], row["url"], got))

    def rate(self, field: str) -> str:
        if not self.known[field]:
            return "—"
        return (
            f"{self.ok[field]}/{self.known[field]} {100 * self.ok[field] / self.known[field]:.1f}%"
        )


def judge(score: Score, row: dict, pred: dict) -> None:
    """Compare one tool's prediction (title, authors, date, section, body) with the truth."""
    arabic = row["benchmark"] == "arabic"
    if "title" in pred and row.get("title"):
        score.add("title", squash(pred["title"]) == squash(row["title"]), row, pred["title"])
    if "authors" in pred and ("author" in row or arabic):
        truth = names(row.get("author"))
        if row.get("author") is not None or arabic:
            # The Arabic rows state "no author" when the byline is the outlet: people only there.
            found = pred.get("people", pred["authors"]) if arabic else pred["authors"]
            got = {n.casefold() for n in found} if found else set()
            got = {squash(n) for n in got}
            score.add("author", got == truth, row, sorted(got))
    if "date" in pred and row.get("date"):
        score.add("date", day(pred["date"]) == row["date"][:10], row, pred["date"])
    if "section" in pred:
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


def run_newscrawler(html: bytes, url: str) -> dict:
    from newscrawler.extract import extract_article

    article = extract_article(html, url)
    return {
        "title": article.title,
        "authors": [a.name for a in article.authors],
        "people": [a.name for a in article.authors if a.kind == "person"],
        "date": article.published,
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument("--show-misses", default="", help="comma-separated fields (newscrawler)")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in (args.corpus / "truth.jsonl").open(encoding="utf-8")]
    tools = [t for t in args.tools.split(",") if t in TOOLS]
    scores = {tool: Score() for tool in tools}
    arabic = {tool: Score() for tool in tools}
    pages = [(row, gzip.decompress((args.corpus / row["file"]).read_bytes())) for row in rows]
    for tool in tools:  # warm-up: imports and lazy tables are not per-page cost
        TOOLS[tool](pages[0][1], pages[0][0]["url"])
    for row, html in pages:
        for tool in tools:
            start = time.perf_counter()
            pred = TOOLS[tool](html, row["url"])
            scores[tool].ms.append(1000 * (time.perf_counter() - start))
            judge(scores[tool], row, pred)
            if row["benchmark"] == "arabic":
                judge(arabic[tool], row, pred)
    print(f"{len(rows)} pages from {args.corpus}\n")
    header = (
        f"| {'tool':<12} | " + " | ".join(f"{f:<15}" for f in FIELDS) + " | ms/page median (mean) |"
    )
    print(header)
    print("|" + "|".join("-" * len(c) for c in header.split("|")[1:-1]) + "|")
    for tool in tools:
        s = scores[tool]
        cells = " | ".join(f"{s.rate(f):<15}" for f in FIELDS)
        timing = f"{statistics.median(s.ms):.1f} ({statistics.mean(s.ms):.1f})"
        print(f"| {tool:<12} | {cells} | {timing:<21} |")
    print("\nArabic pages only:\n")
    short = header.replace(" ms/page median (mean) |", "")
    print(short)
    print("|" + "|".join("-" * len(c) for c in short.split("|")[1:-1]) + "|")
    for tool in tools:
        s = arabic[tool]
        print(f"| {tool:<12} | " + " | ".join(f"{s.rate(f):<15}" for f in FIELDS) + " |")
    for field in filter(None, args.show_misses.split(",")):
        print(f"\nnewscrawler misses on {field}:")
        by_id = {r["id"]: r for r in rows}
        for ident, url, got in scores["newscrawler"].misses[field]:
            truth = by_id[ident].get(
                {"body+": "with_text", "body-": "without_text"}.get(field, field)
            )
            if field == "section":
                truth = by_id[ident].get("section") or by_id[ident].get("categories")
            print(f"  {ident} {url[:70]}\n     got={got!r}\n     want={truth!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
