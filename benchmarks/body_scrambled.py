"""How much the body depends on class-name vocabulary: the body benchmark with every class and id scrambled.

Run: ``NEWSCRAWLER_CORPUS=/work/shared/corpus .venv/bin/python benchmarks/body_scrambled.py``
(``--sources fundus,trafilatura``; ``--tools newscrawler`` skips trafilatura; ``--show N`` lists
the N pages that lose the most F1 on fundus).

A proxy for pages from sites nobody tuned for: each page is run twice, as it is and with every
``class`` and ``id`` value replaced by a meaningless token (``z17``). The replacement is consistent
within a page (the same class word -> the same token, word by word; the same id -> the same token),
so structure and repetition survive: sibling blocks that shared a class still share one. Tag
names, ARIA roles, itemprop, rel, microdata, data- attributes and JSON-LD are kept; only the
vocabulary of class and id values goes. The bytes are rewritten in place (no reparse), so the
normal run sees exactly the page of ``extraction.py``. Scored as there: F1 over word 4-shingles on
fundus, must-contain / must-not-contain snippets on the trafilatura corpus; misses counted by cause
(``extraction_causes.body_cause`` on fundus).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from extraction import TOOLS, Score, judge, load  # noqa: E402
from extraction_causes import body_cause  # noqa: E402

# class=/id= inside a tag: preceded by whitespace (not data-id=, not aria-...), any quoting.
_ATTR = re.compile(rb"""(?<=[\s"'])(class|id)(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'=<>`]+)""", re.I)


def scramble(html: bytes) -> bytes:
    """The page with each class word and each id value replaced by a token, the same for the same."""
    tokens: dict[tuple[bytes, bytes], bytes] = {}

    def token(kind: bytes, value: bytes) -> bytes:
        return tokens.setdefault((kind, value), b"z%d" % len(tokens))

    def replace(m: re.Match) -> bytes:
        name, eq, raw = m.group(1), m.group(2), m.group(3)
        quote = raw[:1] if raw[:1] in (b'"', b"'") else b""
        value = raw[1:-1] if quote else raw
        if name.lower() == b"class":
            new = b" ".join(token(b"c", word) for word in value.split())
        else:
            new = token(b"i", value.strip()) if value.strip() else value
        return name + eq + (quote or b'"') + new + (quote or b'"')

    return _ATTR.sub(replace, html)


def causes(src: str, score: Score, preds: dict, rows: list[dict]) -> Counter:
    """Body misses by cause, as in extraction_causes: F1 causes on fundus, snippets on the corpus."""
    out: Counter = Counter()
    for row in rows:
        outcome = score.pages.get(row["id"], {})
        if "prf" in outcome:
            cause = body_cause(outcome["prf"], preds[row["id"]].get("body"))
            if cause:
                out[f"F1<0.95: {cause}"] += 1
    for field in ("body+", "body-"):
        for row, _got in score.misses[field]:
            body = preds[row["id"]].get("body")
            if field == "body-":
                out["body-: boilerplate kept"] += 1
            else:
                out["body+: " + ("empty body" if not body else "snippet missing")] += 1
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("NEWSCRAWLER_CORPUS", ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--corpus", type=Path, default=default)
    parser.add_argument("--tools", default="newscrawler,trafilatura")
    parser.add_argument("--sources", default="fundus,trafilatura")
    parser.add_argument("--show", type=int, default=0, help="list the pages losing most F1")
    args = parser.parse_args(argv)
    tools = [t for t in args.tools.split(",") if t in ("newscrawler", "trafilatura")]
    sources = [s for s in args.sources.split(",") if s in ("fundus", "trafilatura")]
    pages = load(args.corpus, sources)
    variants = {"normal": lambda h: h, "scrambled": scramble}
    scores = {(s, t, v): Score() for s in sources for t in tools for v in variants}
    preds: dict[tuple, dict] = {key: {} for key in scores}
    for tool in tools:
        TOOLS[tool](pages[0][1], pages[0][0]["url"])
    for row, html in pages:
        for vname, change in variants.items():
            page = change(html)
            for tool in tools:
                start = time.perf_counter()
                pred = TOOLS[tool](page, row["url"])
                key = (row["benchmark"], tool, vname)
                scores[key].ms.append(1000 * (time.perf_counter() - start))
                pred = {"body": pred["body"]}
                judge(scores[key], row, pred)
                preds[key][row["id"]] = pred
    print(f"{len(pages)} pages from {args.corpus}")
    for src in sources:
        rows = [row for row, _ in pages if row["benchmark"] == src]
        fields = ("body F1",) if src == "fundus" else ("body+", "body-")
        print(f"\n### {src} ({len(rows)} pages)\n")
        print("| tool | variant | " + " | ".join(fields) + " | ms/page median |")
        print("|---|---|" + "---|" * (len(fields) + 1))
        for tool in tools:
            for vname in variants:
                s = scores[(src, tool, vname)]
                cells = " | ".join(s.rate(f) for f in fields)
                print(f"| {tool} | {vname} | {cells} | {statistics.median(s.ms):.1f} |")
        print("\nmisses by cause | " + " | ".join(f"{t} {v}" for t in tools for v in variants))
        table = {
            (t, v): causes(src, scores[(src, t, v)], preds[(src, t, v)], rows)
            for t in tools
            for v in variants
        }
        for cause in sorted(set().union(*table.values())):
            print(
                f"{cause} | "
                + " | ".join(str(table[(t, v)][cause]) for t in tools for v in variants)
            )
        if args.show and src == "fundus" and "newscrawler" in tools:
            norm, scr = (scores[(src, "newscrawler", v)].pages for v in variants)
            drops = sorted(rows, key=lambda r: scr[r["id"]]["prf"][2] - norm[r["id"]]["prf"][2])
            print("\nlargest F1 drops (newscrawler): id publisher normal -> scrambled (P, R)")
            for row in drops[: args.show]:
                n, c = norm[row["id"]]["prf"], scr[row["id"]]["prf"]
                print(
                    f"  {row['id'][:10]} {row['publisher'][:20]:20} {n[2]:.2f} -> {c[2]:.2f}"
                    f" (P {c[0]:.2f} R {c[1]:.2f}) {row['url'][:70]}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
