"""Author candidates, structured first, each group judged by the byline normalizer.

A group that cleans to nothing but organizations (the outlet in meta author, an agency in
JSON-LD) does not stop the search: a person's byline further down the list is preferred. An
organization the page credits beside a person (JSON-LD's typed Organization, "Name, dpa") is
kept beside the person, as an organization; none is inferred from the site's name alone.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator

from lxml import etree

from newscrawler.extract.html import following, squash
from newscrawler.extract.structured import ORG_TYPES, Structured, text_of, types_of
from newscrawler.extract.title import key
from newscrawler.normalize.bylines import clean_authors, is_agency

_BYLINE_CLASS = re.compile(
    r"(?:^|[\s_\-])(?:author|authors|author[-_]?name|byline|by[-_]?line|writer|writers|"
    r"reporter|posted[-_]?by|written[-_]?by|contributor|autor|autoren|auteurs?|fn)(?:$|[\s_\-])",
    re.IGNORECASE,
)
_NOT_BYLINE = re.compile(
    r"comment|bio|about|avatar|description|box|related|widget|sidebar|footer|social",
    re.IGNORECASE,
)
_TEXT_BYLINE = re.compile(
    r"^\s*(?:كتب|كتبت|بقلم|حوار|تقرير|إعداد|اعداد|كتبه|by|von|par|texte|text|autor|author"
    r"|(?:written|posted|reported|story|words|text) by|escrit[oa] por|publicado por|écrit par"
    r"|publié par|scritto da|geschrieben von|verfasst von)"
    r"\s*[:：\-]?\s*\S",
    re.IGNORECASE,
)
# The post's own meta blocks ("entry-footer", "post-meta") are not page furniture.
_ARTICLE_META = re.compile(r"(?:entry|post|article|story)[-_]?(?:footer|meta)", re.IGNORECASE)
_LABEL_ONLY = re.compile(r"^(?:by|von|par|text|texte|autor|author|بقلم|كتب)\s*:?$", re.I)
_URLISH = re.compile(r"^(?:https?:|www\.|/|@)")


def _jsonld_authors(data: Structured) -> tuple[list[str], list[str]]:
    """Every author the article's structured data lists, in order, and the organizations among
    them (typed Organization: an agency or the outlet itself, which the page states)."""
    names: list[str] = []
    orgs: list[str] = []
    article = data.article()
    if not article:
        return names, orgs
    raw = article.get("author") or article.get("creator")
    items = raw if isinstance(raw, list) else [raw]
    for item in items:
        item = data.resolve(item)
        name = text_of(item) or _given_and_family(item)
        if not name or _URLISH.match(name):
            continue
        names.append(name)
        if isinstance(item, dict) and types_of(item) & ORG_TYPES:
            orgs.append(name)
    return names, orgs


def _given_and_family(item: object) -> str | None:
    """schema.org's Person may give only ``givenName`` and ``familyName``."""
    if not isinstance(item, dict):
        return None
    parts = [text_of(item.get(k)) for k in ("givenName", "familyName")]
    return " ".join(p for p in parts if p) or None


_INNER_NAME = etree.XPath(".//*[@itemprop='name']")


def _itemprop_bylines(data: Structured) -> list[str]:
    """Microdata/rel=author names: several are several authors."""
    out: list[str] = []
    for el in data.props:
        if el.get("itemprop") not in ("author", "creator") and el.get("rel") != "author":
            continue
        if _in_comments(el):
            continue
        inner = _INNER_NAME(el)
        target = inner[0] if inner else el
        value = target.get("content") or squash("".join(target.itertext()))
        if value and len(value) < 120:
            out.append(value)
    return _outermost(out)


def _outermost(values: list[str]) -> list[str]:
    """Drop a value that merely repeats another one ("Adam A." inside "By Adam A., Staff")."""
    keys = [squash(v).casefold() for v in values]
    kept = []
    for i, k in enumerate(keys):
        if k in keys[:i]:
            continue
        if any(j != i and k != other and k in other for j, other in enumerate(keys)):
            continue
        kept.append(values[i])
    return kept


def _near_headline(root: etree._Element, title_node: etree._Element | None) -> list:
    """Elements after the headline, then the rest of its block (where bylines sit)."""
    if title_node is None:
        return list(itertools.islice(root.iter(), 3000))
    els = following(title_node, 150)
    parent = title_node.getparent()
    if parent is not None:
        els = els + [el for el in parent.iter() if el is not title_node][:20]
    return els


def _class_byline(
    root: etree._Element, title_node: etree._Element | None, site_name: str | None = None
) -> list[str]:
    """The first byline-classed element near the headline that names a person.

    One element is one byline; when none names a person the first one is kept as a fallback.
    """
    first: list[str] = []
    tried = 0
    for el in _near_headline(root, title_node):
        if not isinstance(el.tag, str) or el.tag in ("img", "meta", "link", "script", "style"):
            continue
        attrs = _attrs(el)
        if not _BYLINE_CLASS.search(attrs) or _NOT_BYLINE.search(attrs) or _in_comments(el):
            continue
        value = squash(" ".join(el.itertext()))  # "Name<span>Korrespondent</span>": two words
        if not value or not 2 < len(value) < 120:
            continue
        if _names_a_person(value, site_name):
            return [value]
        first = first or [value]
        tried += 1
        if tried >= 6:
            break
    return first


def _attrs(el: etree._Element) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


_FURNITURE = re.compile(r"comment|respond|related|footer|sidebar|widget", re.I)


def _in_comments(el: etree._Element) -> bool:
    """Inside comments or page furniture; the article's own block (and its footer) is not."""
    node = el
    for _ in range(12):
        if node is None:
            return False
        attrs = _attrs(node)
        if _ARTICLE_META.search(attrs):
            return False
        if _FURNITURE.search(attrs) or node.tag in ("aside", "nav"):
            return True
        if node.tag in ("article", "main"):
            return False
        node = node.getparent()
    return False


_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _first_line(text: str | None, scan: int = 400) -> str:
    """The first non-blank line, squashed; only the first ``scan`` characters after leading
    blanks are looked at (bylines are short, and texts near a headline can be whole paragraphs)."""
    if not text:
        return ""
    head = text.lstrip()[:scan]
    match = _LINE_BREAK.search(head)
    return squash(head[: match.start()] if match else head)


def _near_text_bylines(root: etree._Element, title_node: etree._Element | None) -> list[str]:
    """Plain-text bylines ("Von X", "By X", "Text: X") right around the headline."""
    if title_node is None:
        return []
    for el in _near_headline(root, title_node)[:120]:
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "option"):
            continue
        for text in (el.text, el.tail):
            line = _first_line(text)
            if line and len(line) < 80 and _TEXT_BYLINE.match(line) and not _in_comments(el):
                return [line]
        label = _labelled_name(el)
        if label:
            return [label]
    return []


# A link to the author's page: "/author/name", "/autoren/name", "/kuttab/name" (one more segment
# or a query after the word; the word alone is an index of all authors).
_AUTHOR_HREF = re.compile(
    r"/(?:authors?|autor(?:es|en|in)?|auteurs?|autori?|autore|journalists?|journalisten|reporters?"
    r"|writers?|columnists?|yazarlar|yazar|kuttab|kottab|katib|kotab|redaktor|skribent|forfatter)"
    r"(?:/|\.php\?|\?)[^/?#\s]",
    re.IGNORECASE,
)


def _author_links(
    root: etree._Element, title_node: etree._Element | None, site_name: str | None
) -> list[str]:
    """Names in links to author pages near the headline: the first such link and the ones
    right after it (a shared byline), each naming a person."""
    if title_node is None:
        return []
    found: list[str] = []
    last = -1
    for i, el in enumerate(_near_headline(root, title_node)[:150]):
        if el.tag != "a" or not _AUTHOR_HREF.search(el.get("href") or ""):
            continue
        if found and i - last > 12:
            break
        value = squash("".join(el.itertext()))
        if (
            2 < len(value) < 60
            and value not in found
            and not _in_comments(el)
            and _names_a_person(value, site_name)
        ):
            found.append(value)
            last = i
    return found


def _labelled_name(el: etree._Element) -> str | None:
    """A label ("Autor", "By", "بقلم") and the name after it, joined as one byline: the name in
    the next element (a heading or cell that is only the label), or in the element's own
    children ("By <a href=/reporters/x>Name</a>", whatever the element's class)."""
    label = (el.text or "").strip()
    if not label or len(label) > 12 or not _LABEL_ONLY.match(label):
        return None  # the label is the element's own short text (cheap test first)
    if _in_comments(el):
        return None
    if len(el):
        name = squash("".join(el.itertext()))[len(label) :].strip()
    else:
        nxt = el.getnext()
        name = (
            squash("".join(nxt.itertext())) if nxt is not None and isinstance(nxt.tag, str) else ""
        )
    return f"{label} {name}" if 2 < len(name) < 80 else None


def _text_bylines(body: str | None) -> Iterator[str]:
    """A byline paragraph at the top or the bottom of the body ("Von X", "Text: X")."""
    if not body:
        return
    paras = body.split("\n\n")
    head, tail = paras[:4], paras[max(4, len(paras) - 3) :]
    for part in (head, tail):
        for i, para in enumerate(part):
            line = _first_line(para)
            if _LABEL_ONLY.match(line) and i + 1 < len(part):
                line = f"{line} {_first_line(part[i + 1])}"  # "Von:" above the name
            if len(line) < 60 and _TEXT_BYLINE.match(line):
                yield line
                return


# A dateline that credits the outlet: "(أبوظبي - البيان)", "الرباط - هسبريس:".
_DATELINE = re.compile(
    r"^\(?\s*[^\s()\-–—:]+(?:\s[^\s()\-–—:]+)?\s*[-–—]\s*([^()\-–—:\n]{2,30}?)\s*(?:\)|[:：\-–—])"
)
# A place and the agency in brackets: "الرباط (و م ع) -", "BERLIN (dpa) -", "(AFP) -".
_AGENCY_DATELINE = re.compile(
    r"^(?:[^\s()\-–—:]+(?:[\s/][^\s()\-–—:]+){0,2}\s*)?\(([^()\n]{2,25})\)\s*[-–—:]"
)
# The body's closing credit: a last line "(و.م.ع)" or "وكالات", or "... (dpa)" ending it.
_CLOSING_CREDIT = re.compile(r"\(([^()\n]{2,25})\)\s*$")


def _dateline_outlet(
    body: str | None, site_keys: set[str] | frozenset[str], site_name: str | None = None
) -> list[str]:
    """The outlet a body's opening dateline names: this site, or an agency. Stated by the
    page, so kept as the author (an organization), unlike a name only the site's metadata
    gives."""
    body = body or ""
    match = _DATELINE.match(body)
    if match and _names_the_site(match.group(1), site_keys):
        return [match.group(1).strip()]
    for found in (match, _AGENCY_DATELINE.match(body)):
        if found and _only_organizations(found.group(1), site_name):
            return [found.group(1).strip()]
    return []


def _closing_credit(body: str | None, site_name: str | None) -> list[str]:
    """The agency or outlet a body's last line credits: "(و.م.ع)", "وكالات", "... (dpa)"."""
    last = _first_line((body or "").rstrip().rsplit("\n", 1)[-1])
    match = _CLOSING_CREDIT.search(last)
    credit = match.group(1) if match else last if len(last) <= 30 and is_agency(last) else ""
    return [credit.strip()] if credit and _only_organizations(credit, site_name) else []


def _names_a_person(value: str, site_name: str | None) -> bool:
    return any(a.kind == "person" for a in clean_authors([value], site_name=site_name))


def _only_organizations(value: str, site_name: str | None) -> bool:
    cleaned = clean_authors([value], site_name=site_name)
    return bool(cleaned) and all(a.kind == "organization" for a in cleaned)


def _names_the_site(value: str, site_keys: set[str] | frozenset[str]) -> bool:
    k = key(value)
    return bool(k) and any(k == n or (len(n) >= 4 and k.startswith(n)) for n in site_keys)


def choose_authors(
    root: etree._Element,
    data: Structured,
    title_node: etree._Element | None,
    body: str | None,
    site_name: str | None,
    site_keys: set[str] | frozenset[str] = frozenset(),
) -> list[str]:
    """The raw byline strings of the best candidate group.

    ``site_keys`` (comparison keys of the site's names and host) mark bylines that only name
    the outlet itself ("LAOLA1.at", "L-MAG – Das Magazin …"): a person further down wins.
    """
    listed, orgs = _jsonld_authors(data)
    # Visible bylines sit by the page's headline even when the title was taken from metadata.
    anchor = title_node if title_node is not None else next(root.iter("h1"), None)
    # The structured list is read as one group only when it has someone who is not typed an
    # organization: then its organizations stand beside the people, as the page states them.
    named = listed if len(orgs) < len(listed) else []
    meta = [
        v
        for v in data.all(
            "author", "article:author", "dc.creator", "dcterms.creator", "sailthru.author",
            "parsely-author", "byl", "citation_author", "og:article:author",
        )
        if not _URLISH.match(v)
    ]  # fmt: skip
    # Each group is read only when the ones before it named no person (the markup walks of the
    # later groups cost the most).
    groups: tuple[Callable[[], list[str]], ...] = (
        lambda: named,
        lambda: _itemprop_bylines(data),
        lambda: _class_byline(root, title_node, site_name),
        lambda: list(dict.fromkeys(meta)),
        lambda: _near_text_bylines(root, anchor),
        lambda: _author_links(root, anchor, site_name),
        lambda: list(_text_bylines(body)),
        lambda: orgs,
        lambda: _dateline_outlet(body, site_keys, site_name),
        lambda: _closing_credit(body, site_name),
    )
    fallback: list[str] = []
    for index, read in enumerate(groups):
        group = [g for g in read() if g]
        stated = orgs if index == 0 else []  # the structured data types it: kept as stated
        people = [g for g in group if g in stated or not _names_the_site(g, site_keys)]
        if not group:
            continue
        cleaned = clean_authors(people, site_name=site_name) if people else []
        if any(a.kind == "person" for a in cleaned):
            # A long list of names found in markup is a list of other posts' bylines; the
            # article's own structured data lists every author it has.
            if len(people) > 3 and index > 0:
                return [next(g for g in people if _names_a_person(g, site_name))]
            return people
        if not fallback and (cleaned or len(people) < len(group)):
            fallback = group  # the outlet credits itself: kept unless a person turns up
    return fallback
