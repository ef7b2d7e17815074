"""The article page object: one parsed page in, one raw ``Article`` out.

Field logic lives in small modules (title, authors, dates, section, body); this class only
orders their candidates into an ``ItemLoader`` whose processors clean and pick the first value.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from itemloaders import ItemLoader
from itemloaders.utils import arg_to_iter
from lxml import etree

from newscrawler.extract._index import forget, index_of
from newscrawler.extract.authors import choose_authors
from newscrawler.extract.body import (
    extract_body,
    has_sentence,
    scripted_body,
    without_author_notes,
)
from newscrawler.extract.date_choice import choose_dates
from newscrawler.extract.html import arabic_ratio, squash
from newscrawler.extract.section import PSEUDO, choose_section, choose_tags
from newscrawler.extract.structured import Structured, read_structured, text_of
from newscrawler.extract.title import TitleChooser, host_words, key
from newscrawler.items import Article
from newscrawler.normalize.bylines import clean_authors
from newscrawler.normalize.text import clean_text
from newscrawler.normalize.urls import canonical_is_sane


def _strip(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return squash(value.replace("\x00", "")) or None


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _strip_all(values: list) -> list[str]:
    """Input: every candidate whitespace-squashed, the empty and the non-strings dropped."""
    return [s for s in map(_strip, values) if s is not None]


# Soft hyphens, zero-width spaces, word joiners, BOMs and bidi marks: invisible in a headline,
# but they split its words for search and comparison. (ZWJ/ZWNJ stay: they shape some scripts.)
_TITLE_INVISIBLE = re.compile("[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def _title_all(values: list) -> list[str]:
    """A title candidate without invisible marks, whitespace-squashed."""
    return _strip_all([_TITLE_INVISIBLE.sub("", v) if isinstance(v, str) else v for v in values])


def _clean_all(values: list) -> list[str]:
    return [clean_text(v) for v in values if isinstance(v, str)]


def _first(values: list) -> object:
    """Output: the first non-empty candidate (``TakeFirst``)."""
    for value in values:
        if value is not None and value != "":
            return value
    return None


def _identity(values: list) -> list:
    return values


class ArticleLoader(ItemLoader):
    """Whitespace cleanup on the way in, first candidate on the way out.

    Every field names its processors here, as plain one-call functions over the whole value
    list, so the loader never looks them up in the item's field metadata.
    """

    default_item_class = Article
    default_input_processor = _strip_all
    default_output_processor = _first
    authors_raw_out = _unique
    tags_out = _unique
    authors_in = _identity
    authors_out = _identity
    body_in = _clean_all
    title_in = _title_all

    def add_value(self, field_name, value, *processors, re=None, **kw):  # noqa: D102
        # The common call (a field, its candidates, nothing else) goes straight to the field's
        # declared input processor: ItemLoader's per-call processor lookup and loader-context
        # wrapping cost more than the processors themselves. Same values collected.
        # Measured: 0.25-0.34 ms of 6.5-8 ms CPU a corpus page, 3-5% (benchmarks/library_bypass.py).
        proc = self._input.get(field_name) if type(self) is ArticleLoader else None
        if processors or re or kw or proc is None:
            return super().add_value(field_name, value, *processors, re=re, **kw)
        if value is not None:
            processed = proc(arg_to_iter(value))
            if processed:
                self._values.setdefault(field_name, [])
                self._values[field_name] += arg_to_iter(processed)
        return self

    def get_output_value(self, field_name: str):  # noqa: D102
        proc = self._output.get(field_name)
        if proc is None or type(self) is not ArticleLoader:
            return super().get_output_value(field_name)
        return proc(self._values.get(field_name, []))

    def load_item(self):  # noqa: D102
        item = self.item
        if type(item) is not Article or type(self) is not ArticleLoader:
            return super().load_item()
        for field_name in tuple(self._values):
            value = self.get_output_value(field_name)
            if value is not None:
                setattr(item, field_name, value)
        return item


for _name in (f.name for f in dataclasses.fields(Article)):
    if f"{_name}_in" not in vars(ArticleLoader):
        setattr(ArticleLoader, f"{_name}_in", _strip_all)
    if f"{_name}_out" not in vars(ArticleLoader):
        setattr(ArticleLoader, f"{_name}_out", _first)
# The processors as plain functions, by field (none of them takes a loader context).
ArticleLoader._input = {
    f.name: vars(ArticleLoader)[f"{f.name}_in"] for f in dataclasses.fields(Article)
}
ArticleLoader._output = {
    f.name: vars(ArticleLoader)[f"{f.name}_out"] for f in dataclasses.fields(Article)
}


_FEED_WORDS = re.compile(r"(?:\s*(?:rss|atom|rss 2\.0|kommentar-?|comments?)?\s*feed)$", re.I)
_LOGO_WORD = re.compile(r"(?:^|[\s\-_])logo(?:$|[\s\-_])", re.I)
_LANG = re.compile(r"^[a-zA-Z]{2,3}")


def _language(tag: str | None) -> str | None:
    match = _LANG.match((tag or "").strip())
    return match.group(0).lower() if match else None


def _attached(el: etree._Element, root: etree._Element) -> bool:
    """Still in the tree (not inside a stripped <noscript> or <template>)."""
    ancestors = list(el.iterancestors())
    return (ancestors[-1] if ancestors else el) is root


def _link_hrefs(root: etree._Element, rel: str) -> list[str]:
    """``//link[@rel=$rel]/@href``."""
    return [
        href
        for link in index_of(root).links
        if link.get("rel") == rel and (href := link.get("href")) is not None
    ]


def _holds_page(noscript: etree._Element) -> bool:
    """``.//h1 or count(.//p) > 3``."""
    if noscript.find(".//h1") is not None:
        return True
    return sum(1 for _ in itertools.islice(noscript.iter("p"), 4)) > 3


def site_of(url: str) -> str | None:
    host = urlsplit(url or "").hostname
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


class ArticlePage:
    """Everything one page says about its article, before normalization."""

    def __init__(self, root: etree._Element | None, url: str) -> None:
        self.root = root
        self.url = url or ""
        self._site_names: list[str] | None = None
        if root is not None:
            wrappers = [n for n in root.iter("noscript") if _holds_page(n)]
            for wrapper in wrappers:
                # An unclosed <noscript> in <head> swallows the whole page: keep what it holds.
                wrapper.tag = "div"
        self.data = read_structured(root) if root is not None else Structured()
        if root is not None:
            # Structured data is read; script text must not leak into any field after this.
            etree.strip_elements(root, "script", "style", "noscript", "template", with_tail=False)
            self.data.props = [el for el in self.data.props if _attached(el, root)]
            forget()  # an index of this tree from before the strip is stale

    def site_names(self) -> list[str]:
        """Names the site goes by, for stripping titles and telling outlets from people."""
        if self._site_names is None:
            self._site_names = self._collect_site_names()
        return self._site_names

    def _collect_site_names(self) -> list[str]:
        names = self.data.all("og:site_name", "application-name", "twitter:site", "publisher")
        for obj in self.data.of_type("Organization", "NewsMediaOrganization", "WebSite"):
            name = text_of(obj.get("name"))
            if name:
                names.append(name)
        article = self.data.article() or {}
        publisher = self.data.resolve(article.get("publisher"))
        if text_of(publisher):
            names.append(text_of(publisher))
        names += self._home_link_names() + self._feed_names()
        # A long "name" is a page title that leaked into WebSite/Organization markup.
        return [
            n.lstrip("@")
            for n in _unique(names)
            if not n.startswith("http") and len(n) <= 40 and len(n.split()) <= 5
        ]

    def _home_link_names(self) -> list[str]:
        """What the links to the home page say (logo alt, site title): the site's own name."""
        if self.root is None:
            return []
        parts = urlsplit(self.url)
        if not parts.hostname:
            return []
        origin = f"{parts.scheme}://{parts.netloc}"
        out = []
        homes = ("/", origin, origin + "/")
        for a in [a for a in index_of(self.root).anchors if a.get("href") in homes][:6]:
            text = squash("".join(a.itertext())) or squash(" ".join(a.xpath(".//img/@alt")))
            text = squash(_LOGO_WORD.sub(" ", text))
            if text and len(text) <= 40 and len(key(text)) >= 4 and key(text) not in PSEUDO:
                out.append(text)  # "Home", "Start" are link labels, not names
        return out

    def _feed_names(self) -> list[str]:
        """The site's feed titles ("Site » Feed", "Site RSS Feed") name the site."""
        if self.root is None:
            return []
        titles = [
            title
            for link in index_of(self.root).links
            if link.get("rel") == "alternate"
            and ("rss" in (link.get("type") or "") or "atom" in (link.get("type") or ""))
            and (title := link.get("title")) is not None
        ]
        out = []
        for title in titles[:2]:
            name = _FEED_WORDS.sub("", re.split(r"\s+[»|–—-]\s+", title.strip())[0]).strip()
            if name and len(name) <= 40:
                out.append(name)
        return out

    def site_name(self) -> str | None:
        names = self.site_names()
        return names[0] if names else None

    def to_article(self) -> Article:
        loader = ArticleLoader()
        loader.add_value("url", self.url or None)
        loader.add_value("site", site_of(self.url))
        loader.add_value("crawled_at", datetime.now(UTC).isoformat(timespec="seconds"))
        if self.root is None:
            return loader.load_item()
        root, data = self.root, self.data
        names = self.site_names()
        chooser = TitleChooser(root, data, self.url, names)
        loader.add_value("title", chooser.choose())
        title_node = chooser.node

        body = extract_body(root, title_node, data.props, self.url)
        if not body or not has_sentence(body):
            # A meta line ("Posted · date · in · by · name") of a post without text is no body;
            # a page rendered by script may keep its article's HTML in its app state.
            body = scripted_body(data.state_scripts, self.url)
        loader.add_value("body", body)
        body = loader.get_output_value("body")

        dates = choose_dates(root, data, self.url, title_node)
        loader.add_value("published_raw", dates.published_raw)
        loader.add_value("published_source", dates.published.source if dates.published else None)
        loader.add_value("modified_raw", dates.modified_raw)

        site_keys = {key(n) for n in names} | host_words(self.url)
        site_keys.discard("")
        authors = choose_authors(root, data, title_node, body, self.site_name(), site_keys)
        loader.add_value("authors_raw", authors)
        tail = body.rsplit("\n\n", 4)[-4:] if body else []
        if any(a.split()[-1] in b for a in authors if a.split() for b in tail):
            # an author's name near the end: a note on them may close the text (cheap test first)
            people = clean_authors(authors, site_name=self.site_name())
            names = [a.name for a in people if a.kind == "person"]
            loader.replace_value("body", without_author_notes(body, names))
        title = loader.get_output_value("title")
        # Not what the home links say: a blog's home link may read "Aktuelles", a real section.
        homes = {key(n) for n in self._home_link_names()}
        named = {k for k in site_keys if k not in homes}
        loader.add_value("section", choose_section(root, data, title, title_node, self.url, named))
        loader.add_value("tags", choose_tags(root, data))

        article = data.article() or {}
        # <link rel=canonical>, else og:url; a sane one first (a theme may point the one at
        # the home page and get the other right): the archive keys the article by it.
        named = [urljoin(self.url, c) for c in _link_hrefs(root, "canonical")[:1]]
        named += [urljoin(self.url, u) for u in [data.first("og:url")] if isinstance(u, str) and u]
        sane = [c for c in named if canonical_is_sane(c, self.url)]
        loader.add_value("canonical_url", sane[:1] + named + [self.url])

        image = article.get("image")
        image = data.resolve(image[0] if isinstance(image, list) and image else image)
        if isinstance(image, dict):
            image = image.get("url") or image.get("contentUrl")
        images = [data.first("og:image", "og:image:url", "og:image:secure_url", "twitter:image",
                             "twitter:image:src")]  # fmt: skip
        images += [image if isinstance(image, str) else None]
        images += _link_hrefs(root, "image_src")[:1]
        loader.add_value("image", [urljoin(self.url, i) for i in images if i])

        loader.add_value(
            "summary",
            [
                text_of(article.get("description")),
                data.first("og:description", "description", "twitter:description"),
            ],
        )
        loader.add_value("language", self.language(body, article))
        return loader.load_item()

    def language(self, body: str | None, article: dict) -> str | None:
        """Declared language, overruled when the text is plainly Arabic (or plainly not)."""
        root = self.root
        declared = [
            root.get("lang"),
            root.get("{http://www.w3.org/XML/1998/namespace}lang"),
            self.data.first("content-language", "language", "dc.language", "og:locale"),
            text_of(article.get("inLanguage")),
        ]
        lang = next((_language(d) for d in declared if _language(d)), None)
        sample = body or squash(" ".join(root.xpath("//body//p//text()")[:200]))
        if sample:
            ratio = arabic_ratio(sample)
            if ratio > 0.5:
                return "ar"
            if lang == "ar" and ratio < 0.05 and len(sample) > 500:
                return None
        return lang
