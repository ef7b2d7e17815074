"""newscrawler's misses in the extraction benchmark, counted by cause per source.

A rule is judged by the causes it removes on every source, not by the pages it fixes: the
table says whether misses are "no date at all" or "an earlier date from the text", "body cut
short" or "boilerplate kept", which is what a general rule can address.
"""

from __future__ import annotations

import argparse
import os
import re
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_WS = re.compile(r"\s+")


def _key(text: str | None) -> str:
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text or ""))
    return _WS.sub(" ", text).strip().casefold()


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def date_cause(pred: dict, truth: str) -> str:
    got, want = _day(pred.get("date")), _day(truth)
    if got is None:
        return "no date"
    source = pred.get("date_source") or "?"
    if want is not None and abs((got - want).days) == 1:
        return "one day off (UTC vs local day)"
    if want is not None and got < want:
        return f"earlier date (from {source})"
    return f"later date (from {source})"


def stated_titles(html: bytes | None) -> tuple[set[str], set[str]]:
    """The titles a page states itself, as comparison keys: (structured ones: og:title,
    twitter:title, the article's JSON-LD headline, <title>; its first <h1>)."""
    from newscrawler.extract.html import parse_html, to_text
    from newscrawler.extract.structured import read_structured

    root = parse_html(to_text(html)) if html else None
    if root is None:
        return set(), set()
    data = read_structured(root)
    stated = [*data.all("og:title", "twitter:title"), *root.xpath("//head/title/text()")]
    stated += [o.get("headline") for o in data.objects if isinstance(o.get("headline"), str)]
    h1 = root.xpath("(//h1)[1]")
    first_h1 = {_key("".join(h1[0].itertext()))} if h1 else set()
    return {_key(t) for t in stated if t} - {""}, first_h1 - {""}


def title_cause(pred: dict, truth: str, html: bytes | None = None) -> str:
    got = pred.get("title")
    if not got or not got.strip():
        return "empty title"
    g, t = _key(got), _key(truth)
    if g == t:
        return "invisible marks or case only"
    if t.endswith(g) or t.startswith(g):
        return "kicker joined to the headline in the truth (convention)"
    structured, first_h1 = stated_titles(html)
    if t in structured and (g in first_h1 or g in structured):
        return "the page states both titles, the truth took the other (convention)"
    if g.endswith(t) or g.startswith(t):
        return "site name or kicker kept"
    return "other element chosen"


def body_cause(prf: tuple[float, float, float], body: str | None) -> str | None:
    p, r, f = prf
    if not body or not body.strip():
        return "empty body"
    if f >= 0.95:
        return None
    if r < 0.5 and p < 0.5:
        return "wrong container"
    if r < 0.9 and p >= 0.9:
        return "body cut short"
    if p < 0.9 and r >= 0.9:
        return "boilerplate kept"
    return "cut short and boilerplate kept"


def causes_table(pages: list, scores: dict, preds: dict) -> list[str]:
    """Markdown rows: field, cause, then the count on each source (htmldate right in brackets)."""
    sources = list(scores)
    counts: dict[tuple[str, str], Counter] = {}

    def count(field: str, cause: str, src: str, n: int = 1) -> None:
        counts.setdefault((field, cause), Counter())[src] += n

    ours = preds["newscrawler"]
    other = preds.get("htmldate", {})
    for row, html in pages:
        src, pred = row["benchmark"], ours[row["id"]]
        outcome = scores[src]["newscrawler"].pages.get(row["id"], {})
        if outcome.get("date") is False:
            cause = date_cause(pred, row["date"])
            count("date", cause, src)
            if other and (other[row["id"]].get("date") or "")[:10] == row["date"][:10]:
                count("date", cause + " — htmldate right", src)
        if outcome.get("title") is False:
            count("title", title_cause(pred, row["title"], html), src)
        if outcome.get("author") is False:
            count("author", "none found" if not pred.get("authors") else "wrong names", src)
        if "prf" in outcome:
            cause = body_cause(outcome["prf"], pred.get("body"))
            if cause:
                count("body F1 < 0.95", cause, src)
    for src in sources:
        for field in ("body+", "body-"):
            for row, _got in scores[src]["newscrawler"].misses[field]:
                body = ours[row["id"]].get("body")
                cause = "boilerplate kept" if field == "body-" else (
                    "empty body" if not body else "snippet missing (cut short or wrong container)")
                count(field, cause, src)
    lines = ["| field | cause | " + " | ".join(sources) + " |", "|---|---|" + "---|" * len(sources)]
    for (field, cause), c in sorted(counts.items()):
        lines.append(f"| {field} | {cause} | " + " | ".join(str(c[s]) for s in sources) + " |")
    return lines


def print_causes(causes: dict[tuple[str, str, str], Counter], listed: list[str]) -> None:
    """The ablation benchmarks' tail: misses by cause per (source, stage, tool), then the
    listed misses of newscrawler."""
    print("\nmisses by cause (source, stage, tool: cause count; ...)\n")
    for (src, stage, tool), counter in causes.items():
        text = "; ".join(f"{cause} {k}" for cause, k in counter.most_common())
        print(f"- {src} {stage} {tool}: {text}")
    if listed:
        print("\nnewscrawler misses:")
        print("\n".join(listed))


def ablation_arguments(
    doc: str, stages: tuple[str, ...], tools: dict, argv: list[str] | None
) -> tuple[Path, list[str], list[str], list[str], str]:
    """The ablation benchmarks' command line: (corpus, sources, stages, tools, stages whose
    newscrawler misses to list)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    root = Path(__file__).resolve().parents[1]
    default = Path(os.environ.get("NEWSCRAWLER_CORPUS", root.parent / "shared" / "corpus"))
    parser.add_argument("--corpus", type=Path, default=default)
    parser.add_argument("--sources", default="trafilatura,arabic,fundus")
    parser.add_argument("--stages", default=",".join(stages))
    parser.add_argument("--tools", default=",".join(tools))
    parser.add_argument("--show-misses", default="", help="stages whose newscrawler misses to list")
    args = parser.parse_args(argv)
    return (
        args.corpus,
        args.sources.split(","),
        [s for s in args.stages.split(",") if s in stages],
        [t for t in args.tools.split(",") if t in tools],
        args.show_misses,
    )
