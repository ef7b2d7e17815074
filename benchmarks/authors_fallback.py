"""Authors with the author metadata taken away: newscrawler vs trafilatura on the visible bylines.

Run: ``NEWSCRAWLER_CORPUS=/work/shared/corpus .venv/bin/python benchmarks/authors_fallback.py``
(``--sources trafilatura,arabic,fundus``; ``--stages 0,a,b``; ``--tools newscrawler,trafilatura``;
``--show-misses a,b`` lists newscrawler's misses at those stages).

Pages held out from tuning often name no author in their metadata, so the visible byline carries
the field there. Here every corpus page the ordinary benchmark judges for authors (the same
truth, the same comparison: sets of names, people only on the Arabic rows) is read by both tools
after its author metadata is removed in stages:

- **0**: the page as it is (the figures of ``extraction.py``, for reference);
- **a**: without ``author``/``creator`` keys anywhere in JSON-LD (the rest of the JSON-LD stays;
  a block that does not parse as JSON is removed whole), without author ``<meta>`` tags (any
  ``name``/``property``/``itemprop`` naming an author, creator, writer or byline) and without
  ``rel=author`` link elements;
- **b**: also without ``rel=author`` and ``itemprop=author|creator`` attributes in the body (the
  elements and their text stay: a byline link is still a link to the author's page).

Misses are counted by cause per tool: none found (apart: where the truth names only the outlet,
its convention when the page credits nobody); an outlet or agency instead of the person(s);
names found where the truth has none; one of several missing; extra names; other wrong names.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from extraction import _SPLIT, Score, judge, load, names, run_trafilatura  # noqa: E402
from extraction_causes import ablation_arguments, print_causes  # noqa: E402
from lxml import etree  # noqa: E402
from lxml import html as lxml_html  # noqa: E402

STAGES = ("0", "a", "b")
_AUTHOR_NAME = re.compile(r"author|creator|writer|byl\b|byline", re.I)
_AUTHOR_PROP = re.compile(r"^(?:author|creator)$", re.I)


def _drop_authors(data: object) -> object:
    """The JSON-LD value without any ``author``/``creator`` key, at any depth."""
    if isinstance(data, dict):
        return {k: _drop_authors(v) for k, v in data.items() if k not in ("author", "creator")}
    if isinstance(data, list):
        return [_drop_authors(v) for v in data]
    return data


def strip(page: bytes, stage: str) -> bytes:
    """The page with the author metadata of ``stage`` and every stage before it removed."""
    if stage == "0":
        return page
    from newscrawler.extract.html import decode_html

    text = re.sub(r"^\s*<\?xml[^>]*>", "", decode_html(page))
    root = lxml_html.document_fromstring(text)
    for el in root.xpath("//script[contains(translate(@type, 'LDJSON', 'ldjson'), 'ld+json')]"):
        try:
            data = json.loads(el.text or "")
        except ValueError:
            el.getparent().remove(el)
            continue
        el.text = json.dumps(_drop_authors(data), ensure_ascii=False)
    for el in root.xpath("//meta"):
        keys = " ".join(el.get(k) or "" for k in ("name", "property", "itemprop"))
        if _AUTHOR_NAME.search(keys) or el.get("charset") or "content-type" in (el.get("http-equiv") or "").lower():
            el.getparent().remove(el)
    for el in root.xpath("//link[@rel]"):
        if "author" in el.get("rel").lower().split():
            el.getparent().remove(el)
    if stage == "b":
        for el in root.xpath("//*[@rel or @itemprop]"):
            if "author" in (el.get("rel") or "").lower().split():
                del el.attrib["rel"]
            if _AUTHOR_PROP.match(el.get("itemprop") or ""):
                del el.attrib["itemprop"]
    head = root.find("head")
    if head is not None:
        head.insert(0, etree.Element("meta", charset="utf-8"))
    return lxml_html.tostring(root, encoding="utf-8", method="html", doctype="<!DOCTYPE html>")


def run_newscrawler(page: bytes, url: str) -> dict:
    from newscrawler.extract import extract_article

    article = extract_article(page, url)
    return {
        "authors": [a.name for a in article.authors],
        "people": [a.name for a in article.authors if a.kind == "person"],
        "orgs": [a.name for a in article.authors if a.kind != "person"],
    }


TOOLS = {"newscrawler": run_newscrawler, "trafilatura": lambda page, url: {"authors": run_trafilatura(page, url)["authors"]}}


def truth_of(row: dict) -> set[str]:
    return names(row.get("authors") if row["benchmark"] == "fundus" else row.get("author"))


def _outlet_truth(row: dict) -> bool:
    """The truth names only the outlet (an organization to the byline normalizer, or the host
    unless it reads as a person's full name, a personal site): a convention of the truth when
    the page credits nobody."""
    from newscrawler.normalize.bylines import clean_authors

    raw = row.get("authors") if row["benchmark"] == "fundus" else row.get("author")
    items = [raw] if isinstance(raw, str) else list(raw or [])
    parts = [p.strip() for item in items for p in _SPLIT.split(item or "") if p.strip()]
    host = re.sub(r"^www\.", "", urlsplit(row["url"]).hostname or "")
    flat = re.sub(r"[.\-]", "", host)
    labels = [w for w in re.split(r"[.\-]", host) if len(w) >= 3]
    for name in parts:
        k = re.sub(r"\W", "", name.casefold())
        cleaned = clean_authors([name])
        person = any(a.kind == "person" for a in cleaned)
        on_host = bool(k) and (k in flat or any(w in k for w in labels))
        if not ((cleaned and not person) or (on_host and not (person and " " in name))):
            return False
    return bool(parts)


def author_cause(pred: dict, row: dict) -> str:
    """Why a prediction misses the truth's set of names."""
    truth = truth_of(row)
    found = pred.get("people", pred["authors"]) if row["benchmark"] == "arabic" else pred["authors"]
    got = names(list(found or []))
    if not got:
        return "none found (the truth names the outlet)" if _outlet_truth(row) else "none found"
    if not truth:
        return "names where the truth has none"
    if "orgs" in pred and pred["orgs"] and not pred["people"]:
        return "an outlet or agency instead of a person"
    if got < truth:
        return "one of several missing"
    if got > truth:
        return "extra names beside the right ones"
    return "other wrong names"


def main(argv: list[str] | None = None) -> int:
    corpus, sources, stages, tools, show = ablation_arguments(__doc__, STAGES, TOOLS, argv)
    pages = load(corpus, sources)
    for tool in tools:
        TOOLS[tool](pages[0][1], pages[0][0]["url"])
    print(f"{len(pages)} pages from {corpus}\n")
    print("| source | stage | " + " | ".join(tools) + " | both wrong | ms median (" + "/".join(tools) + ") |")
    print("|---|---|" + "---|" * (len(tools) + 2))
    causes: dict[tuple[str, str, str], Counter] = {}
    listed: list[str] = []
    for src in sources:
        rows = [(row, page) for row, page in pages if row["benchmark"] == src]
        for stage in stages:
            scores = {t: Score() for t in tools}
            both = judged = 0
            ms: dict[str, list[float]] = {t: [] for t in tools}
            for row, page in rows:
                body = strip(page, stage)
                wrong = 0
                for tool in tools:
                    start = time.perf_counter()
                    pred = TOOLS[tool](body, row["url"])
                    ms[tool].append(1000 * (time.perf_counter() - start))
                    judge(scores[tool], row, pred)
                    outcome = scores[tool].pages.get(row["id"], {}).get("author")
                    if outcome is not False:
                        continue
                    wrong += 1
                    cause = author_cause(pred, row)
                    causes.setdefault((src, stage, tool), Counter())[cause] += 1
                    if tool == "newscrawler" and stage in show.split(","):
                        listed.append(
                            f"  {src}/{stage} {row['id']} {row['url'][:70]}\n"
                            f"     got={pred['authors']!r} want={sorted(truth_of(row))!r} ({cause})"
                        )
                both += wrong == len(tools)
                judged += "author" in scores[tools[0]].pages.get(row["id"], {})
            if not judged:
                continue
            cells = " | ".join(scores[t].rate("author") for t in tools)
            times = "/".join(f"{statistics.median(ms[t]):.1f}" for t in tools)
            print(f"| {src} | {stage} | {cells} | {both} | {times} |")
    print_causes(causes, listed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
