"""The headline: structured titles weighed against the article's ``<h1>``, site names removed.

``<title>`` and og:title often carry " - Site" and the first ``<h1>`` is often the logo, so no
single source is trusted. A heading that agrees with a structured title wins; otherwise the
structured title wins with the site name cut off.
"""

from __future__ import annotations

import functools
import html
import itertools
import re
from collections import Counter
from urllib.parse import urlsplit

from lxml import etree

from newscrawler.extract._index import index_of
from newscrawler.extract.html import squash
from newscrawler.extract.structured import Structured, text_of

# Guillemets separate only with spaces around them: "Widerstand» gegen" closes a quotation.
_SEPARATORS = re.compile(r"\s+[|\-–—:·•»«/]{1,2}\s+|\s*[|–—•]\s*|\s+::\s+")
_KEY = re.compile(r"[\W_]+", re.UNICODE)
_WORD = re.compile(r"[^\W_]+")
# Page labels that stand where a headline would ("News", "Aktuelles", "Blog").
_LABELS = {
    "news", "aktuelles", "aktuell", "nachrichten", "blog", "actualites", "noticias", "notizie",
    "presse", "pressemitteilungen", "magazin", "artikel", "article", "home", "startseite",
    "blogarchive", "blogarchiv", "archive", "archiv", "archives",
}  # fmt: skip


def clean_title(text: str) -> str:
    """Whitespace squashed and stray entities (``&#038;``) decoded."""
    return squash(html.unescape(text)) if "&" in text else squash(text)


@functools.lru_cache(maxsize=8192)
def _key(text: str) -> str:
    return _KEY.sub("", text).casefold()


def key(text: str | None) -> str:
    """Comparison key: case, punctuation and spacing ignored.

    Cached: site names, section and tag names, menu labels repeat on every page of a site.
    """
    # str(): a smart string from XPath would keep its whole tree alive in the cache.
    return _key(str(text)) if text else ""


def host_words(url: str) -> set[str]:
    """Comparison keys of the host's name parts ("example", "examplecom")."""
    return set(_host_words(url))


@functools.lru_cache(maxsize=256)  # the extractors ask several times per page
def _host_words(url: str) -> frozenset[str]:
    host = urlsplit(url).hostname or ""
    parts = [p for p in host.split(".") if p not in ("www", "m", "amp")]
    words = {key(p) for p in parts if len(p) > 2}
    if len(parts) >= 2:
        words.add(key(".".join(parts)))
        words.add(key(parts[-2]))
    return frozenset(words)


def strip_site(title: str, site_names: list[str], url: str) -> str:
    """Drop leading or trailing " | Site" parts naming the site."""
    title = squash(title)
    pieces = _SEPARATORS.split(title)
    if len(pieces) < 2:
        return title
    names = {key(n) for n in site_names if n} | host_words(url)
    names.discard("")

    def is_site(piece: str) -> bool:
        k = key(piece)
        if not k:
            return True
        return any(k == n or (len(n) > 3 and (n in k or k in n)) for n in names)

    # Keep the separators: rebuild from spans so that inner " - " survive. A site name may hold
    # a separator itself ("AOC media - Analyse Opinion Critique"), so whole tails are tried.
    spans = [m.span() for m in _SEPARATORS.finditer(title)]
    start, end = 0, len(title)

    def names_site(part: str, last: bool, front: bool) -> bool:
        # One piece may merely contain the name ("Foo.de"); several pieces must begin with it.
        if last:
            return is_site(part)
        k = key(part)
        return any(len(n) > 3 and (k.startswith(n) if front else k.endswith(n)) for n in names)

    for i, (sep_start, sep_end) in enumerate(spans):
        if names_site(title[sep_end:], i == len(spans) - 1, True):
            end = sep_start
            break
    else:
        for i, (sep_start, sep_end) in enumerate(reversed(spans)):
            if names_site(title[:sep_start], i == len(spans) - 1, False):
                start = sep_end
                break
    result = title[start:end].strip()
    return _drop_labels(result) or title


def _drop_labels(title: str) -> str:
    """A leading or trailing piece that is a page label ("Blog Archive » Headline")."""
    spans = [m.span() for m in _SEPARATORS.finditer(title)]
    if spans and key(title[: spans[0][0]]) in _LABELS:
        return title[spans[0][1] :].strip()
    if spans and key(title[spans[-1][1] :]) in _LABELS:
        return title[: spans[-1][0]].strip()
    return title


_TAIL_SEPARATORS = re.compile(r"\s+[|\-–—:·•»«/]{1,2}\s+|\s*[|–—•]\s*|:\s+")


def shared_tail(titles: list[str]) -> str | None:
    """The longest separator-aligned ending two differing titles share (at least two words).

    "Kicker: Headline" in og:title and "Rubrik: Headline" in ``<title>`` agree on the headline.
    """
    distinct = list(dict.fromkeys(t for t in titles if t))
    if len(distinct) < 2:
        return None
    first, second = distinct[0], distinct[1]
    ends = {m.end() for m in _TAIL_SEPARATORS.finditer(second)}
    for m in _TAIL_SEPARATORS.finditer(first):
        tail = first[m.end() :].strip()
        if len(tail.split()) < 2:
            break
        if second.endswith(tail) and len(second) - len(tail) in ends:
            return tail
    return None


def _kicker_split(heading: etree._Element) -> bool:
    """``<h1><span>Kicker</span>Headline</h1>``: a leading element, then more text."""
    if squash(heading.text):
        return False
    first = next((c for c in heading if isinstance(c.tag, str)), None)
    if first is None or first.tag not in ("span", "small", "strong", "em", "b", "i", "div"):
        return False
    rest = (first.tail or "") + "".join("".join(s.itertext()) for s in first.itersiblings())
    return bool(squash("".join(first.itertext()))) and bool(squash(rest))


def _after_kicker(heading: etree._Element, structured_keys: list[str]) -> str | None:
    """``<h1><span>Kicker</span> Headline</h1>``: the headline, when a structured title
    (``"Kicker - …"``) confirms that the first element is a kicker."""
    if squash(heading.text):
        return None
    first = next((c for c in heading if isinstance(c.tag, str)), None)
    if first is None or first.tag not in ("span", "small", "strong", "em", "b", "i", "div"):
        return None
    kicker = key("".join(first.itertext()))
    rest = squash((first.tail or "") + "".join("".join(s.itertext()) + (s.tail or "")
                                              for s in first.itersiblings()))  # fmt: skip
    if len(kicker) < 3 or len(rest.split()) < 3:
        return None
    if any(k.startswith(kicker) and k != kicker + key(rest) for k in structured_keys if k):
        return rest
    return None


def _drop_site_tails(titles: list[str], site_keys: set[str]) -> list[str]:
    """A title that is another one plus a tail ending with the site's name is that other one.

    Catches suffixes after separators nobody lists ("…커졌다-정치ㅣ한국일보" beside the bare
    headline in another source).
    """
    out = []
    for title in titles:
        for other in titles:
            if len(other) < len(title) and title.startswith(other) and len(key(other)) >= 10:
                tail = key(title[len(other) :])
                if any(len(n) > 3 and tail.endswith(n) for n in site_keys):
                    title = other
                    break
        out.append(title)
    return out


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


class TitleChooser:
    """Collects candidates and picks the headline."""

    def __init__(self, root: etree._Element, data: Structured, url: str, site_names: list[str]):
        self.root = root
        self.data = data
        self.url = url
        self.site_names = site_names
        self.node: etree._Element | None = None
        self._link_keys: set[str] | None = None

    def structured(self) -> list[str]:
        out = []
        article = self.data.article()
        if article:
            for k in ("headline", "name", "alternativeHeadline"):
                text = text_of(article.get(k))
                if text:
                    out.append(clean_title(text))
        for value in self.data.all(
            "og:title", "twitter:title", "headline", "dc.title", "sailthru.title", "title"
        ):
            out.append(clean_title(value))
        title_el = self.root.find(".//title")
        if title_el is not None and title_el.text:
            out.append(clean_title(title_el.text))
        return [t for t in out if t]

    def headings(self, chrome: bool = False) -> list[etree._Element]:
        """``<h1>``s (and microdata headlines) outside the site's header, logo and footer
        (with ``chrome``: only those inside them)."""
        out = []
        microdata = [
            el for el in self.data.props if el.get("itemprop") == "headline" and el.tag != "meta"
        ]
        for h in index_of(self.root).h1s + microdata:
            if not squash("".join(h.itertext())):
                continue
            if self._in_chrome(h) != chrome:
                continue
            out.append(h)
        return out

    @staticmethod
    def _in_chrome(h: etree._Element) -> bool:
        """In the page's footer, menus, sidebar or logo; the ``<article>`` is never chrome."""
        for a in itertools.chain([h], itertools.islice(h.iterancestors(), 6)):
            if a.tag in ("body", "html", "main"):
                return False  # the page's own classes ("wp-custom-logo") say nothing about chrome
            if a.tag in ("footer", "nav", "aside"):
                return True
            if _CHROME.search(f"{a.get('class') or ''} {a.get('id') or ''}"):
                return True
            if a.tag == "article":
                return False
        return False

    def _is_label(self, heading: etree._Element, k: str) -> bool:
        """A short heading that is a link or also a menu entry is a section label."""
        if heading.find(".//a") is not None:
            return True
        if self._link_keys is None:
            menus = self.root.xpath(
                "//nav//a | //@class[contains(., 'menu') or contains(., 'nav')]/..//a"
                " | //@id[contains(., 'menu') or contains(., 'nav')]/..//a"
            )
            self._link_keys = {key("".join(a.itertext())) for a in menus}
        return k in self._link_keys or k in _LABELS

    def _is_site(self, k: str, site_keys: set[str]) -> bool:
        return not k or any(k == n or (len(k) >= 3 and k in n) for n in site_keys if n)

    def choose(self) -> str | None:
        candidates = self.structured()
        keys = [key(c) for c in candidates]
        site_keys = {key(n) for n in self.site_names} | host_words(self.url)
        site_keys.discard("")
        stripped = [strip_site(c, self.site_names, self.url) for c in candidates]
        stripped = _drop_site_tails(stripped, site_keys)
        stripped_keys = [key(s) for s in stripped]
        headings = []
        for h in self.headings():
            text = squash("".join(h.itertext()))
            k = key(text)
            if not self._is_site(k, site_keys) and len(k) >= 3:
                headings.append((h, text, k))
        # 1. a heading equal to a (site-stripped) structured title; a heading built of a kicker
        # element and the headline has no separator between them, the structured title has
        for h, text, k in headings:
            if k in keys or k in stripped_keys:
                self.node = h
                if _kicker_split(h):
                    return next((s for s in stripped if key(s) == k), text)
                return text
        # 2. a heading that a structured title starts or ends with (site name around it)
        for h, text, k in headings:
            if len(k) >= 10 and any(c.startswith(k) or c.endswith(k) for c in keys if c):
                self.node = h
                return text
        # 2b. a heading that opens with a kicker element the structured title also opens with
        for h, _text, _k in headings:
            rest = _after_kicker(h, keys)
            if rest:
                self.node = h
                return rest
        # 2c. a heading that holds a structured title plus a kicker or a date line: the title
        for h, _text, k in headings:
            for s, sk in zip(stripped, stripped_keys, strict=True):
                if len(sk) >= 15 and len(s.split()) >= 3 and (k.startswith(sk) or k.endswith(sk)):
                    self.node = h
                    return s
        # 3. the article's own heading, unless it is a bare label ("News", "Aktuelles")
        structured = next((s for s in stripped if key(s) and key(s) not in site_keys), None)
        for h, text, k in headings:
            if structured and len(text.split()) <= 2 and len(structured.split()) > 3:
                if self._is_label(h, k) or not _words(text) & _words(structured):
                    continue
            self.node = h
            return text
        # 4. the structured title, site removed; prefer JSON-LD/og over <title>. Two titles that
        # differ only in what stands before a separator share the headline after it.
        if common := shared_tail(stripped):
            # unless most sources give one whole title: then the tail is a part they share
            votes = Counter(k for k in stripped_keys if k and k not in site_keys).most_common(2)
            if votes[0][1] >= 2 and (len(votes) == 1 or votes[0][1] > votes[1][1]):
                common = next(
                    s for s, k in zip(stripped, stripped_keys, strict=True) if k == votes[0][0]
                )
            structured = common
        if structured:
            wanted = key(structured)
            for h in self.root.iter("h2", "h3"):
                if key("".join(h.itertext())) == wanted:
                    self.node = h  # the headline, marked up as a lower heading
                    break
            else:
                h2 = None if headings or self.headings(True) else self._h2_headline(structured)
                if h2 is not None:  # not the node: dates and body keep to the page's layout
                    return squash("".join(h2.itertext()))
        return structured

    def _h2_headline(self, structured: str) -> etree._Element | None:
        """On a page with no ``<h1>``, the first ``<h2>`` outside chrome is the headline when at
        least half of its words (two or more) are in the structured title ("Der historische
        Purzelbaum" under "Der historische Purzelbaum (2021/5)")."""
        wanted = _words(structured)
        for h in self.root.iter("h2"):
            words = _words("".join(h.itertext()))
            if not words or self._in_chrome(h):
                continue
            if len(words) >= 2 and 2 * len(words & wanted) >= len(words):
                return h
            return None
        return None


_CHROME = re.compile(
    r"(?:^|[\s_\-])(?:logo|brand|site-?title|site-?name|masthead|navbar|footer|copyright|"
    r"sidebar|widget|ticker|breaking|related|teaser-list)(?:$|[\s_\-])",
    re.IGNORECASE,
)
