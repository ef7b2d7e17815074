"""What the demo site publishes: its articles, authors, sections and dates, and so the answer.

Built from ``data/articles.json``; everything is deterministic: the article bodies are composed
from sentence pools with a random generator seeded by the article id, and nothing depends on
today's date. ``site.py`` renders these articles as pages; :func:`articles` is the ground truth
that tests and ``newscrawler demo`` compare a crawl with.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو",
          "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"]  # fmt: skip
WEEKDAYS = ["الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
FIRST_ID = 1001


@dataclass(frozen=True)
class TruthArticle:
    """What the demo site published for one article: the answer a correct crawl must find."""

    id: int
    path: str
    section: str
    title: str
    authors: list[str]
    author_kinds: list[str]
    byline: str
    published: str
    published_display: str
    modified: str
    first_sentence: str
    body: str
    tags: list[str]
    image: str


# --- data -------------------------------------------------------------------------------------


@cache
def _data() -> dict[str, Any]:
    text = resources.files("newscrawler.demo").joinpath("data/articles.json").read_text("utf-8")
    return json.loads(text)


def _encode(slug: str) -> str:
    """Percent-encode a slug the way WordPress stores it (lowercase hex)."""
    return re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), quote(slug, safe="-"))


def _slugify(name: str) -> str:
    return "-".join(name.split())


def section_path(name: str) -> str:
    """Listing path of a section, as the menu links it."""
    return f"/archives/category/{_encode(_slugify(name))}"


def tag_path(name: str) -> str:
    return f"/archives/tag/{_encode(_slugify(name))}"


def author_path(slug: str) -> str:
    return f"/archives/author/{slug}"


SITE_NAME: str = _data()["site"]["name"]
SITE_TAGLINE: str = _data()["site"]["tagline"]
SECTIONS: dict[str, str] = {s["name"]: section_path(s["slug"]) for s in _data()["sections"]}
AUTHORS: dict[str, dict[str, str]] = {a["slug"]: a for a in _data()["authors"]}


def moroccan_date(moment: datetime, weekday: bool = True) -> str:
    """``الأربعاء 17 غشت 2022``: how Moroccan sites print dates (weekday optional)."""
    day = f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"
    return f"{WEEKDAYS[moment.weekday()]} {day}" if weekday else day


def _local(stamp: str) -> datetime:
    """A naive local time from the data file, with Casablanca's offset attached."""
    zone = ZoneInfo(_data()["site"]["timezone"])
    return datetime.fromisoformat(stamp).replace(tzinfo=zone)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


# --- ground truth -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Block:
    kind: str  # "p", "h3" or "ul"
    texts: tuple[str, ...]


@dataclass(frozen=True)
class SiteArticle:
    """One article as the site renders it: its truth, its data row, its dates and text blocks."""

    truth: TruthArticle
    raw: dict[str, Any]
    published: datetime
    modified: datetime
    blocks: tuple[_Block, ...]


def _compose_body(article_id: int, section: str, lead: str) -> tuple[_Block, ...]:
    """4-8 paragraphs from the section's pool; seeded by the id so every run agrees."""
    pool = _data()["pools"][section]
    rng = random.Random(article_id)
    extra = rng.randint(3, 7)
    sentences = rng.sample(pool["sentences"], extra * 2 + 1)
    blocks = [_Block("p", (f"{lead} {sentences.pop()}",))]
    for _ in range(extra):
        count = 2 if rng.random() < 0.7 else 1
        blocks.append(_Block("p", (" ".join(sentences.pop() for _ in range(count)),)))
    if article_id % 3 == 0 and len(blocks) >= 4:
        blocks.insert(2, _Block("h3", (rng.choice(pool["subheadings"]),)))
    if article_id % 4 == 1:
        blocks.insert(len(blocks) - 1, _Block("ul", tuple(rng.choice(pool["lists"]))))
    return tuple(blocks)


def _block_text(block: _Block) -> str:
    return "\n".join(block.texts)


@cache
def site_articles() -> tuple[SiteArticle, ...]:
    rows = sorted(_data()["articles"], key=lambda row: row["date"])
    built = []
    for index, row in enumerate(rows):
        article_id = FIRST_ID + index
        published = _local(row["date"])
        # Some posts were edited later, as on any real site; the theme then shows both dates.
        modified = (
            published + timedelta(days=1, hours=2, minutes=30) if index % 5 == 2 else published
        )
        authors = [AUTHORS[slug] for slug in row["authors"]]
        names = [a["name"] for a in authors]
        blocks = _compose_body(article_id, row["section"], row["lead"])
        truth = TruthArticle(
            id=article_id,
            path=f"/archives/{article_id}",
            section=row["section"],
            title=row["title"],
            authors=names,
            author_kinds=[a["kind"] for a in authors],
            byline=row.get("prefix", "") + " و ".join(names),
            published=_iso(published),
            published_display=moroccan_date(published),
            modified=_iso(modified),
            first_sentence=row["lead"],
            body="\n\n".join(_block_text(b) for b in blocks),
            tags=list(row["tags"]),
            image=f"/wp-content/uploads/{published:%Y/%m}/demo-{article_id}.png",
        )
        built.append(SiteArticle(truth, row, published, modified, blocks))
    return tuple(built)


def articles() -> list[dict[str, Any]]:
    """The ground truth, oldest first: one dict per article (the fields of ``TruthArticle``)."""
    return [asdict(a.truth) for a in site_articles()]


def newest_first(items: list[SiteArticle]) -> list[SiteArticle]:
    return sorted(items, key=lambda a: a.truth.id, reverse=True)
