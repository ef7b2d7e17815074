"""Structured data first: JSON-LD objects and meta tags, read once per page.

Publishers write JSON-LD by hand and break it in every way (trailing commas, several objects in
one block, HTML comments, raw newlines in strings), so parsing is forgiving and a broken block
costs only itself. ``@graph`` is flattened and ``@id`` references are resolved so that callers see
plain objects.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "blogposting",
    "reportagenews",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "report",
    "scholarlyarticle",
    "techarticle",
    "liveblogposting",
    "posting",
    "socialmediaposting",
    "discussionforumposting",
    "review",
    "creativework",
}
ORG_TYPES = {"organization", "newsmediaorganization", "corporation", "website", "brand"}

_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")
_HTML_COMMENT = re.compile(r"^\s*<!--|-->\s*$")
_SCRIPT_DATE = re.compile(
    r'"(?:datePublished|publishedDate|publishDate|published_at|publishedAt|date_published|'
    r'firstPublished|pubDate|publicationDate|createdDateTime)"\s*:\s*"([^"]{8,40})"'
)
# Any other key that names the publication ("PublishedDate", "page_datePublication",
# "spt:published", ct_postDate: …), quoted or not, with an ISO value; not a last/re-publication.
# The match starts at the keyword (a scan from every word start backtracks for seconds on large
# scripts); the rest of the key before it is read back from the text.
_SCRIPT_KEYED = re.compile(
    r"""((?:[Pp]ublish|[Pp]ub[Dd]ate|[Pp]ublication|[Pp]ost[Dd]ate)\w*)["']?\s*:\s*"""
    r"""["']((?:19|20)\d{2}-\d{2}-\d{2}[^"'<>]{0,30})["']"""
)
_KEY_START = re.compile(r"[\w:.]*$")
_NOT_FIRST = re.compile(r"last|updat|modif|expir|unpub|repub|embargo", re.IGNORECASE)


def _keyed_dates(text: str) -> list[str]:
    """ISO values of the publication keys in a script, the last/updated/republished ones left out."""
    out = []
    for match in itertools.islice(_SCRIPT_KEYED.finditer(text, 0, 500_000), 8):
        before = _KEY_START.search(text, max(0, match.start() - 40), match.start())
        if not _NOT_FIRST.search((before.group() if before else "") + match.group(1)):
            out.append(match.group(2))
    return out[:5]


def _loads_all(text: str) -> list[Any]:
    """Every JSON value in ``text``, tolerating the usual hand-written breakage."""
    # The wrappers are rare, and these patterns scan slowly (no literal to skip to): look first.
    if "CDATA[" in text or "]]>" in text:
        text = _CDATA.sub("", text)
    if "<!--" in text or "-->" in text:
        text = _HTML_COMMENT.sub("", text)
    text = text.strip().rstrip(";")
    if not text:
        return []
    decoder = json.JSONDecoder(strict=False)
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", text)):
        values: list[Any] = []
        pos = 0
        try:
            while pos < len(attempt):
                while pos < len(attempt) and attempt[pos] in " \t\r\n,;":
                    pos += 1
                if pos >= len(attempt):
                    break
                value, pos = decoder.raw_decode(attempt, pos)
                values.append(value)
        except (ValueError, RecursionError):
            if values:
                return values
            continue
        return values
    return []


def types_of(obj: dict) -> set[str]:
    """The lower-cased schema.org types of a JSON-LD object, without prefixes."""
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower() for k in kinds if k}


def _flatten(value: Any, out: list[dict], depth: int = 0) -> None:
    if depth > 20:
        return
    if isinstance(value, list):
        for item in value:
            _flatten(item, out, depth + 1)
    elif isinstance(value, dict):
        out.append(value)
        graph = value.get("@graph")
        if graph is not None:
            _flatten(graph, out, depth + 1)
        for key in ("mainEntity", "mainEntityOfPage", "itemListElement"):
            inner = value.get(key)
            if isinstance(inner, dict | list):
                _flatten(inner, out, depth + 1)


@dataclass
class Structured:
    """What a page says about itself in JSON-LD and meta tags."""

    objects: list[dict] = field(default_factory=list)
    by_id: dict[str, dict] = field(default_factory=dict)
    meta: dict[str, list[str]] = field(default_factory=dict)
    # "datePublished": "…" pairs from other scripts (app state, analytics): a last resort.
    script_dates: list[str] = field(default_factory=list)
    script_keyed: list[str] = field(default_factory=list)  # other publication keys, ISO values
    # Elements with microdata properties, rel=author or property=articleBody, found once for
    # dates, bylines and the body.
    props: list = field(default_factory=list)
    # Other scripts that may hold HTML paragraphs (app state): read only when the HTML has no body.
    state_scripts: list[str] = field(default_factory=list)

    def resolve(self, value: Any) -> Any:
        """Follow an ``{"@id": ...}`` reference to the full object when the page has it."""
        if isinstance(value, dict) and "@id" in value and len(value) <= 2:
            return self.by_id.get(str(value["@id"]), value)
        return value

    def article(self) -> dict | None:
        """The JSON-LD object describing this article, if any."""
        typed = headed = None
        for obj in self.objects:
            kinds = types_of(obj)
            if kinds & ARTICLE_TYPES:
                if "headline" in obj or "datePublished" in obj:
                    return obj
                typed = typed or obj
            elif headed is None and "headline" in obj:
                headed = obj
        return typed or headed

    def of_type(self, *names: str) -> list[dict]:
        wanted = {n.lower() for n in names}
        return [obj for obj in self.objects if types_of(obj) & wanted]

    def first(self, *keys: str) -> str | None:
        """The first non-empty meta value among ``keys`` (names, properties or itemprops)."""
        for key in keys:
            for value in self.meta.get(key, ()):
                if value.strip():
                    return value.strip()
        return None

    def all(self, *keys: str) -> list[str]:
        return [v.strip() for k in keys for v in self.meta.get(k, ()) if v.strip()]


# property="articleBody" (RDFa's body mark) rides along for the body finder.
# ("//*/@a" walks elements only; "//@a" also visits every text node.)
_PROPS = etree.XPath(
    "//*/@itemprop/.. | //*/@rel[. = 'author']/.. | //*/@property[. = 'articleBody']/.."
)
_CONTENT = etree.XPath("//*/@content/parent::*[self::meta or @property or @itemprop]")


def read_structured(root: etree._Element) -> Structured:
    """Collect JSON-LD objects and meta tags from the tree (no second parse)."""
    data = Structured()
    for script in root.iter("script"):
        text = script.text  # read once: each read copies the text out of the tree
        if not text:
            continue
        if "ld+json" not in (script.get("type") or "").lower():
            if len(data.script_dates) < 5 and ("ublish" in text or "pubDate" in text
                                                or "createdDate" in text):  # fmt: skip
                data.script_dates += _SCRIPT_DATE.findall(text, 0, 500_000)[:5]
            if "u003cp" in text or "<p" in text:
                data.state_scripts.append(text)
            if len(data.script_keyed) < 5 and ("ublic" in text or "ublish" in text
                                               or "ostDate" in text):  # fmt: skip
                data.script_keyed += _keyed_dates(text)
            continue
        for value in _loads_all(text):
            _flatten(value, data.objects)
    for obj in data.objects:
        ident = obj.get("@id")
        if isinstance(ident, str) and (len(obj) > 2 or ident not in data.by_id):
            data.by_id[ident] = obj
    # Found through their attribute nodes: an XPath predicate on every element costs 3-4x more.
    data.props = _PROPS(root)
    # <meta> tags, and RDFa/microdata attributes on any element (<span property=... content=...>)
    for meta in _CONTENT(root):
        content = meta.get("content")
        if content is None:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = meta.get(attr)
            if key:
                data.meta.setdefault(key.strip().lower(), []).append(content)
    return data


# A JSON string of 400+ characters in a script ("contentHtml": "\u003cp>…"), and the paragraphs
# it must hold once decoded to be an article's HTML.
_JSON_STRING = re.compile(r'"((?:[^"\\]|\\.){400,})"')
_PARAGRAPH = re.compile(r"<p[\s>]")


def script_html(scripts: list[str]) -> list[str]:
    """HTML with paragraphs held as JSON strings in a page's script state (app data, not
    JSON-LD), longest first: where a page rendered by script keeps its article while its HTML
    shows a loading spinner."""
    found = []
    for text in scripts:
        for match in _JSON_STRING.finditer(text):
            raw = match.group(1)
            if "u003cp" not in raw and "<p" not in raw:
                continue
            try:
                value = json.loads(f'"{raw}"')
            except ValueError:
                continue
            if len(_PARAGRAPH.findall(value)) >= 3:
                found.append(value)
    return sorted(found, key=len, reverse=True)


def text_of(value: Any) -> str | None:
    """A JSON-LD value as one string (``{"name": ...}``, ``{"@value": ...}``, lists)."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict):
        for key in ("name", "@value", "headline", "text"):
            if key in value:
                return text_of(value[key])
    if isinstance(value, list):
        for item in value:
            text = text_of(item)
            if text:
                return text
    return None
