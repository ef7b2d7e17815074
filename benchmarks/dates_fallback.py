"""Dates with the metadata taken away: newscrawler vs htmldate on the visible-date fallbacks.

Run: ``NEWSCRAWLER_CORPUS=/work/shared/corpus .venv/bin/python benchmarks/dates_fallback.py``
(``--sources trafilatura,arabic,fundus``; ``--stages 0,a,b,c``; ``--show-misses a,b`` lists
newscrawler's misses at those stages).

The corpus pages mostly carry good metadata, so the ordinary benchmark hardly reaches the
fallbacks that pages without it depend on (the held-out set of issue 15, where most misses were
"no date at all" or "an earlier date from the text"). Here every corpus page with a truth date is
read by both tools after its metadata is removed in stages, truth = the corpus truth day:

- **0**: the page as it is (the same figures as ``extraction.py``, for reference);
- **a**: without JSON-LD, without date ``<meta>`` tags (any ``name``/``property``/``itemprop``/
  ``http-equiv`` naming a date or time) and without microdata date properties (the ``itemprop``
  attribute is removed, the element and its text stay);
- **b**: also without ``datetime`` attributes (``<time>`` keeps only its visible text);
- **c**: also with date paths hidden in the page URL, the canonical/``og:url`` links and the
  share image URL (``/2023/11/25/``, ``/20231125-`` segments removed).

Other scripts stay (application state is part of what a page without metadata may still have).
Each stage re-serializes the page as UTF-8 through lxml (stage 0 is the original bytes). Misses
are counted by cause per tool: no date, one day off, an earlier date (newscrawler: from where),
a later date.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from extraction import load  # noqa: E402
from extraction_causes import ablation_arguments, date_cause, print_causes  # noqa: E402
from lxml import etree  # noqa: E402
from lxml import html as lxml_html  # noqa: E402

STAGES = ("0", "a", "b", "c")
_DATE_NAME = re.compile(r"date|time|publish|modif|created|updated|issued|lastmod", re.I)
_URL_DATE_SEGMENT = re.compile(r"^(?:(?:19|20)\d{2}(?:[-_]?\d{1,2}){0,2}|\d{1,2})$|^(?:19|20)\d{6}(?=\D|$)")
_URL_ATTRS = ("og:url", "og:image", "twitter:image", "og:image:url", "og:image:secure_url")


def hide_url_date(url: str | None) -> str | None:
    """The URL without the path segments that spell a date ("/2023/11/25/", "/20231125-slug")."""
    if not url:
        return url
    parts = urlsplit(url)
    kept = []
    for segment in parts.path.split("/"):
        if _URL_DATE_SEGMENT.match(segment):
            segment = _URL_DATE_SEGMENT.sub("", segment).lstrip("-_")
            if not segment:
                continue
        kept.append(segment)
    return urlunsplit(parts._replace(path="/".join(kept) or "/"))


def strip(page: bytes, url: str, stage: str) -> tuple[bytes, str]:
    """The page and URL with the metadata of ``stage`` and every stage before it removed."""
    if stage == "0":
        return page, url
    from newscrawler.extract.html import decode_html

    root = lxml_html.document_fromstring(decode_html(page))
    for el in root.xpath("//script[contains(translate(@type, 'LDJSON', 'ldjson'), 'ld+json')]"):
        el.getparent().remove(el)
    for el in root.xpath("//meta"):
        keys = " ".join(el.get(k) or "" for k in ("name", "property", "itemprop", "http-equiv"))
        if _DATE_NAME.search(keys) or el.get("charset") or "content-type" in keys.lower():
            el.getparent().remove(el)
    for el in root.xpath("//*[@itemprop]"):
        if _DATE_NAME.search(el.get("itemprop")):
            del el.attrib["itemprop"]
            el.attrib.pop("content", None)
    if stage in ("b", "c"):
        for el in root.xpath("//*[@datetime]"):
            del el.attrib["datetime"]
    if stage == "c":
        url = hide_url_date(url) or url
        for el in root.xpath("//meta[@property or @name]"):
            if (el.get("property") or el.get("name") or "").lower() in _URL_ATTRS:
                el.set("content", hide_url_date(el.get("content")) or "")
        for el in root.xpath("//link[@rel='canonical' or @rel='amphtml']"):
            el.set("href", hide_url_date(el.get("href")) or "")
    head = root.find("head")
    if head is not None:
        head.insert(0, etree.Element("meta", charset="utf-8"))
    return lxml_html.tostring(root, encoding="utf-8", method="html", doctype="<!DOCTYPE html>"), url


def run_newscrawler(page: bytes, url: str) -> dict:
    from newscrawler.extract import extract_article

    article = extract_article(page, url)
    return {"date": article.published, "date_source": article.published_source, "raw": article.published_raw}


def run_htmldate(page: bytes, url: str) -> dict:
    from htmldate import find_date

    return {"date": find_date(page, url=url, extensive_search=True, original_date=True)}


TOOLS = {"newscrawler": run_newscrawler, "htmldate": run_htmldate}


def main(argv: list[str] | None = None) -> int:
    corpus, sources, stages, tools, show = ablation_arguments(__doc__, STAGES, TOOLS, argv)
    pages = [(row, page) for row, page in load(corpus, sources) if row.get("date")]
    for tool in tools:
        TOOLS[tool](pages[0][1], pages[0][0]["url"])
    print(f"{len(pages)} dated pages from {corpus}\n")
    print("| source | stage | " + " | ".join(tools) + " | both wrong | ms median (" + "/".join(tools) + ") |")
    print("|---|---|" + "---|" * (len(tools) + 2))
    causes: dict[tuple[str, str, str], Counter] = {}
    listed: list[str] = []
    for src in sources:
        rows = [(row, page) for row, page in pages if row["benchmark"] == src]
        if not rows:
            continue
        for stage in stages:
            right = Counter()
            both = 0
            ms: dict[str, list[float]] = {t: [] for t in tools}
            for row, page in rows:
                body, url = strip(page, row["url"], stage)
                wrong = 0
                for tool in tools:
                    start = time.perf_counter()
                    pred = TOOLS[tool](body, url)
                    ms[tool].append(1000 * (time.perf_counter() - start))
                    if (pred.get("date") or "")[:10] == row["date"][:10]:
                        right[tool] += 1
                        continue
                    wrong += 1
                    cause = date_cause(pred, row["date"])
                    if tool != "newscrawler":
                        cause = re.sub(r" \(from .*\)", "", cause)
                    causes.setdefault((src, stage, tool), Counter())[cause] += 1
                    if tool == "newscrawler" and stage in show.split(","):
                        listed.append(
                            f"  {src}/{stage} {row['id']} {url[:70]}\n"
                            f"     got={pred.get('raw')!r} ({pred.get('date_source')}) want={row['date'][:10]}"
                        )
                both += wrong == len(tools)
            n = len(rows)
            cells = " | ".join(f"{right[t]}/{n} {100 * right[t] / n:.1f}%" for t in tools)
            times = "/".join(f"{statistics.median(ms[t]):.1f}" for t in tools)
            print(f"| {src} | {stage} | {cells} | {both} | {times} |")
    print_causes(causes, listed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
