"""What the body keeps that it should not, block by block, with the element each block came from.

Run: ``NEWSCRAWLER_CORPUS=/work/shared/corpus .venv/bin/python benchmarks/body_extra.py``
(``--source fundus`` or ``trafilatura``; ``--limit N`` blocks listed, ``--publisher NAME``).

fundus: every body block not in the truth's paragraphs (under half of its word 4-shingles there;
a block of under four words, when its words are not in the truth), with its element path and link
density, then the kinds counted by the share of the body's words they take (averaged over pages).
trafilatura: every must-not-contain snippet the body keeps, with the element of its block.
The kinds are a rough reading aid for finding general rules, not a measure: the benchmark's
figures come from ``extraction.py``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newscrawler.extract import body as body_module  # noqa: E402
from newscrawler.extract import extract_article  # noqa: E402
from newscrawler.extract.html import squash  # noqa: E402

_WORD = re.compile(r"\w+")
_ORIGIN: dict[str, object] = {}
_block_text = body_module._block_text


def _traced(el):  # every leaf block's text, with the element it was read from
    texts = _block_text(el)
    for text in texts:
        _ORIGIN[text] = el
    return texts


body_module._block_text = _traced

KINDS = [  # (kind, test on "path | text"), first match wins
    ("caption/credit", re.compile(r"caption|credit|figure|image|photo|foto|bild|\(image:", re.I)),
    ("fact box / box", re.compile(r"fact|infobox|info-box|\bbox", re.I)),
    ("promotion/newsletter", re.compile(r"newsletter|subscri|abonn|donat|promo|paywall|signup", re.I)),
    ("share/comments", re.compile(r"share|social|teilen|comment|kommentar", re.I)),
    ("author/byline", re.compile(r"author|byline|autor", re.I)),
    ("live blog", re.compile(r"live|ticker", re.I)),
    ("subheading", re.compile(r"^h[2-6]\b", re.I)),
    ("list item", re.compile(r"^li\b", re.I)),
]


def _path(el, depth: int = 6) -> str:
    parts = []
    while el is not None and isinstance(el.tag, str) and len(parts) < depth:
        cls = ".".join((el.get("class") or "").split())[:40]
        parts.append(el.tag + (f".{cls}" if cls else "") + (f"[{el.get('role')}]" if el.get("role") else ""))
        el = el.getparent()
    return " < ".join(parts)


def _link_density(el) -> float:
    text = len(squash("".join(el.itertext())))
    links = sum(len(squash("".join(a.itertext()))) for a in el.iter("a"))
    return links / text if text else 0.0


def _kind(path: str, text: str, density: float) -> str:
    if density > 0.5:
        return "links (teasers, related)"
    for kind, pattern in KINDS:
        if pattern.search(path if kind in ("subheading", "list item") else f"{path} | {text}"):
            return kind
    return "other"


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + 4]) for i in range(len(words) - 3)}


def fundus(corpus: Path, limit: int, publisher: str | None) -> None:
    rows = [json.loads(line) for line in (corpus / "truth-fundus.jsonl").open() if line.strip()]
    cost: Counter = Counter()
    count: Counter = Counter()
    listed = 0
    for row in rows:
        if publisher and row["publisher"] != publisher:
            continue
        _ORIGIN.clear()
        html = gzip.decompress((corpus / row["file"]).read_bytes())
        body = extract_article(html, row["url"]).body or ""
        truth_words = _WORD.findall(" ".join(row["paragraphs"]).lower())
        truth, joined = _shingles(truth_words), f" {' '.join(truth_words)} "
        total = max(1, len(_WORD.findall(body)))
        for block in body.split("\n\n"):
            words = _WORD.findall(block.lower())
            if not words:
                continue
            if len(words) >= 4:
                mine = _shingles(words)
                inside = len(mine & truth) / len(mine) >= 0.5
            else:
                inside = f" {' '.join(words)} " in joined
            if inside:
                continue
            el = _ORIGIN.get(block)
            path = _path(el) if el is not None else "?"
            kind = _kind(path, block, _link_density(el) if el is not None else 0.0)
            cost[kind] += len(words) / total
            count[kind] += 1
            if listed < limit:
                listed += 1
                print(f"{row['publisher'][:14]:14} {kind[:14]:14} | {block[:70]} | {path[:110]}")
    print("\nkind | blocks | share of the body's words, averaged over pages")
    for kind, share in cost.most_common():
        print(f"{kind} | {count[kind]} | {share / len(rows):.4f}")


def trafilatura(corpus: Path, limit: int) -> None:
    rows = [json.loads(line) for line in (corpus / "truth.jsonl").open()]
    kept = 0
    for row in rows:
        if row["benchmark"] != "trafilatura" or not row.get("without_text"):
            continue
        _ORIGIN.clear()
        body = extract_article(gzip.decompress((corpus / row["file"]).read_bytes()), row["url"]).body
        blocks = (body or "").split("\n\n")
        for snippet in row["without_text"]:
            if squash(snippet) not in squash(body or ""):
                continue
            kept += 1
            block = next((b for b in blocks if squash(snippet) in squash(b)), None)
            el = _ORIGIN.get(block) if block else None
            if kept <= limit:
                print(f"{row['id'][:8]} | {snippet[:45]} | {_path(el)[:120] if el is not None else '?'}")
    print(f"\n{kept} must-not-contain snippets kept")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("NEWSCRAWLER_CORPUS", ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--corpus", type=Path, default=default)
    parser.add_argument("--source", choices=("fundus", "trafilatura"), default="fundus")
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--publisher")
    args = parser.parse_args(argv)
    if args.source == "fundus":
        fundus(args.corpus, args.limit, args.publisher)
    else:
        trafilatura(args.corpus, args.limit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
