"""A site's sections found without a profile: its menus, the category links on its home page,
and WordPress's REST categories; and a section chosen by its name.

Pure functions over fetched bytes (``crawl.section_finder`` fetches them), so that
``newscrawler crawl https://site.example --section مجتمع`` needs no profile.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

from lxml import html as lxml_html

from newscrawler.extract.html import decode_html, parse_html, squash
from newscrawler.extract.section import is_real_section
from newscrawler.extract.title import key
from newscrawler.normalize.text import normalize_arabic

# How a section was found, most trusted first.
WAYS = ("wp-rest", "category-link", "menu")
_CATEGORY_PATH = re.compile(
    r"/(?:category|categories|categorie|kategorie|section|sections|rubrique|cat)/[^/?#]+", re.I
)
_PAGINATION = re.compile(r"/page/\d+/?$|[?&]page=\d", re.I)
_MENU = re.compile(r"menu|nav", re.I)
_ARTICLE_PATH = re.compile(r"/\d{4,}(?:[/.-]|$)|/\d{4}/\d{1,2}/\d{1,2}/|\.html?$", re.I)


@dataclass
class SectionLink:
    """A section of a site: its printed name, its listing URL, and every way it was found."""

    name: str
    url: str
    how: list[str] = field(default_factory=list)


class SectionNotFound(ValueError):
    """No section, or more than one, answers to a name; the message lists the candidates."""


def name_key(name: str) -> str:
    """Names compared as a reader would: spelling variants, case and punctuation aside."""
    return key(normalize_arabic(name))


def _same_site(url: str, base: str) -> bool:
    a, b = urlsplit(url), urlsplit(base)
    strip = lambda h: (h or "").lower().removeprefix("www.")  # noqa: E731
    return a.scheme in ("http", "https") and strip(a.hostname) == strip(b.hostname) \
        and a.port == b.port


def home_page_sections(body: bytes, base_url: str) -> list[SectionLink]:
    """Sections linked from a home page: category links anywhere, and menu entries."""
    doc = parse_html(decode_html(body))
    if doc is None:
        return []
    found: list[SectionLink] = []
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        name = squash("".join(a.itertext()))
        if not href or href.startswith(("#", "javascript:", "mailto:")) or not is_real_section(name):
            continue
        url = urljoin(base_url, href).split("#")[0]
        if not _same_site(url, base_url):
            continue
        path = urlsplit(url).path
        rel = (a.get("rel") or "").split()
        if "next" in rel or "prev" in rel or _PAGINATION.search(path):
            continue
        how = []
        if "category" in rel or _CATEGORY_PATH.search(path):
            how.append("category-link")
        if path.strip("/") and not _ARTICLE_PATH.search(path) and _in_menu(a):
            how.append("menu")
        if how:
            found.append(SectionLink(name, url, how))
    return merge(found)


def _in_menu(a) -> bool:
    for el in a.iterancestors():
        if el.tag == "nav" or _MENU.search(f"{el.get('class', '')} {el.get('id', '')}"):
            return True
        if el.tag in ("main", "article", "footer"):
            return False
    return False


def wp_rest_sections(body: bytes) -> list[SectionLink]:
    """``/wp-json/wp/v2/categories``: each category's name and archive link."""
    try:
        items = json.loads(body)
    except ValueError:
        return []
    found = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("link"), str):
            name = squash(lxml_html.fromstring(f"<p>{item.get('name') or ''}</p>").text_content())
            if is_real_section(name):
                found.append(SectionLink(name, item["link"], ["wp-rest"]))
    return found


def merge(*groups: list[SectionLink]) -> list[SectionLink]:
    """One entry per listing URL (its first name, every way it was found), in order found."""
    by_url: dict[str, SectionLink] = {}
    for link in (link for group in groups for link in group):
        url_key = unquote(link.url).rstrip("/").lower()
        known = by_url.get(url_key)
        if known is None:
            by_url[url_key] = SectionLink(link.name, link.url, list(link.how))
        else:
            known.how += [h for h in link.how if h not in known.how]
    return sorted(by_url.values(), key=lambda s: min(WAYS.index(h) for h in s.how))


def choose(sections: list[SectionLink], name: str) -> SectionLink:
    """The section called ``name``, or a SectionNotFound listing what there is."""
    wanted = name_key(name)
    matches = [s for s in sections if name_key(s.name) == wanted]
    if len(matches) > 1:  # the same name in a menu and as a category: trust the category
        best = min(min(WAYS.index(h) for h in s.how) for s in matches)
        matches = [s for s in matches if min(WAYS.index(h) for h in s.how) == best]
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = "; ".join(f"{s.name} ({s.url})" for s in matches)
        raise SectionNotFound(f"more than one section is called {name!r}: {listed}")
    names = ", ".join(dict.fromkeys(s.name for s in sections)) or "none found"
    raise SectionNotFound(f"no section called {name!r}; the site's sections: {names}")
