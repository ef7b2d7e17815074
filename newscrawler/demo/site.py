"""The bundled demo news site: every page built in memory from the articles of ``content.py``.

The markup (``templates/site/*.html``) copies the habits of a real Arabic WordPress news theme
(TieLabs Jannah, as run by Moroccan sites): Moroccan month names, ``/archives/<id>``
permalinks, percent-encoded Arabic category slugs, breaking-news tickers, sidebars and
related-article blocks full of other headlines. It is a crawl target with a known answer:
:func:`articles` gives the ground truth, so tests and ``newscrawler demo`` can compare what was
extracted with what was published. No page depends on today's date.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from importlib import resources
from string import Template
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from newscrawler.demo.content import (
    AUTHORS,
    MONTHS,
    SECTIONS,
    SITE_NAME,
    SITE_TAGLINE,
    WEEKDAYS,
    SiteArticle,
    TruthArticle,
    articles,
    author_path,
    moroccan_date,
    newest_first,
    section_path,
    site_articles,
    tag_path,
)

__all__ = [
    "DEFAULT_BASE_URL", "HTML_TYPE", "MONTHS", "SECTIONS", "WEEKDAYS", "DemoSite", "TruthArticle",
    "articles", "build_site", "fill", "normalize_path", "not_found_page", "section_path",
]  # fmt: skip

PER_PAGE = 6
DEFAULT_BASE_URL = "http://127.0.0.1"
HTML_TYPE = "text/html; charset=UTF-8"


# --- rendering --------------------------------------------------------------------------------
# The markup lives in templates/site/*.html (string.Template, ``$name`` slots); every value put
# into a slot is escaped here, so the templates hold nothing but HTML.

e = html.escape


@cache
def _template(name: str) -> Template:
    path = resources.files("newscrawler.demo").joinpath(f"templates/{name}")
    return Template(path.read_text("utf-8"))


def fill(name: str, /, **values: object) -> str:
    """The template ``templates/<name>`` with its slots filled (values already escaped)."""
    return _template(name).substitute(values)


def _site(name: str, /, **values: object) -> str:
    return fill(f"site/{name}.html", **values)


def _url(base: str, path: str) -> str:
    return base + path


def _head(
    base: str, title: str, canonical: str, description: str,
    og_type: str = "website", extra: str = "", prev_next: tuple[str | None, str | None] = (None, None),
) -> str:  # fmt: skip
    links = "".join(
        _site("link_rel", rel=rel, href=e(_url(base, path)))
        for rel, path in zip(("prev", "next"), prev_next, strict=True)
        if path
    )
    return _site(
        "head", title=e(title), description=e(description), canonical=e(_url(base, canonical)),
        links=links, og_type=og_type, site_name=e(SITE_NAME), extra=extra,
        feed=e(_url(base, "/feed")),
    )  # fmt: skip


def _ld_json(data: dict[str, Any]) -> str:
    """JSON-LD the way WordPress prints it: ``wp_json_encode`` escapes Unicode and slashes."""
    return _site("ld_json", json=json.dumps(data, ensure_ascii=True).replace("/", "\\/"))


def _header(base: str, is_home: bool, current_section: str | None) -> str:
    home = e(_url(base, "/"))
    current = " current-menu-item" if is_home else ""
    menu = [
        _site("menu_item", css=f"menu-item menu-item-home{current}", href=home, label="الرئيسية")
    ]
    for name, path in SECTIONS.items():
        current = " current-menu-item" if name == current_section else ""
        css = f"menu-item menu-item-type-taxonomy menu-item-object-category{current}"
        menu.append(_site("menu_item", css=css, href=e(_url(base, path)), label=e(name)))
    ticker = "".join(
        _site("ticker_item", href=e(_url(base, a.truth.path)), title=e(a.truth.title))
        for a in newest_first(list(site_articles()))[:6]
    )
    # Jannah prints the site name in an <h1> only on the home page; elsewhere it is a <div>.
    tag, css = ("h1", "h1-off") if is_home else ("div", "logo-text")
    name_tag = _site("site_name", tag=tag, css=css, site_name=e(SITE_NAME))
    return _site(
        "header", ticker=ticker, site_name=e(SITE_NAME), home=home, name_tag=name_tag,
        logo=e(_url(base, "/wp-content/uploads/logo.png")), menu="".join(menu),
    )  # fmt: skip


def _most_read() -> list[SiteArticle]:
    """A fixed "most read" list: the sidebar links other articles from every page."""
    return sorted(site_articles(), key=lambda a: (a.truth.id * 37) % 101)[:5]


def _card(template: str, base: str, article: SiteArticle) -> str:
    """A link to another article with its picture and date (sidebar, related posts)."""
    return _site(
        template,
        title=e(article.truth.title),
        href=e(_url(base, article.truth.path)),
        image=e(_url(base, article.truth.image)),
        date=e(moroccan_date(article.published, weekday=False)),
    )


def _sidebar_and_footer(base: str) -> str:
    items = "".join(_card("most_read_item", base, a) for a in _most_read())
    return _site("sidebar_and_footer", most_read=items, site_name=e(SITE_NAME),
                 tagline=e(SITE_TAGLINE), home=e(_url(base, "/")))  # fmt: skip


def _breadcrumb(base: str, trail: list[tuple[str, str | None]]) -> str:
    crumbs = "".join(
        _site("crumb_current", label=e(label)) if path is None
        else _site("crumb", href=e(_url(base, path)), label=e(label))
        for label, path in trail
    )  # fmt: skip
    return _site("breadcrumb", home=e(_url(base, "/")), trail=crumbs)


def _author_links(base: str, article: SiteArticle) -> str:
    links = [
        _site("author_link", href=e(_url(base, author_path(slug))), name=e(AUTHORS[slug]["name"]))
        for slug in article.raw["authors"]
    ]
    return e(article.raw.get("prefix", "")) + " و ".join(links)


def _views(article: SiteArticle) -> int:
    return (article.truth.id * 53) % 900 + 100


def _post_item(base: str, article: SiteArticle) -> str:
    """One entry of a listing (archive, home block), as Jannah's ``posts-items`` list has it."""
    t = article.truth
    return _site(
        "post_item", id=t.id, title=e(t.title), link=e(_url(base, t.path)),
        section_index=_section_index(t.section), section=e(t.section),
        image=e(_url(base, t.image)), authors=_author_links(base, article),
        date=e(moroccan_date(article.published, weekday=False)), views=_views(article),
        excerpt=e(t.first_sentence),
    )  # fmt: skip


def _section_index(name: str) -> int:
    return list(SECTIONS).index(name) + 2


def _page_path(base_path: str, number: int) -> str:
    return base_path if number == 1 else f"{base_path}/page/{number}"


def _pagination(base: str, base_path: str, number: int, total: int) -> str:
    def href(n: int) -> str:
        return e(_url(base, _page_path(base_path, n)))

    items = [_site("page_prev", href=href(number - 1))] if number > 1 else []
    for n in range(1, total + 1):
        if n == number:
            items.append(_site("page_current", number=n))
        else:
            items.append(_site("page_link", href=href(n), number=n))
    if number < total:
        items.append(_site("page_next", href=href(number + 1)))
    return _site("pagination", items="".join(items))


def _listing_pages(
    base: str, title: str, base_path: str, items: list[SiteArticle], section: str | None = None,
    kind: str = "category",
) -> dict[str, str]:  # fmt: skip
    """An archive (category, tag or author), split into pages of ``PER_PAGE`` like WordPress."""
    items = newest_first(items)
    total = max(1, -(-len(items) // PER_PAGE))
    pages = {}
    for number in range(1, total + 1):
        path = _page_path(base_path, number)
        chunk = items[(number - 1) * PER_PAGE : number * PER_PAGE]
        page_title = title if number == 1 else f"{title} - الصفحة {number} من {total}"
        prev_path = _page_path(base_path, number - 1) if number > 1 else None
        next_path = _page_path(base_path, number + 1) if number < total else None
        head = _head(base, f"{page_title} - {SITE_NAME}", path, f"{title} - {SITE_NAME}",
                     prev_next=(prev_path, next_path))  # fmt: skip
        label = {"category": "", "tag": "الوسم: ", "author": "الكاتب: "}[kind]
        listing = _site(
            "listing", breadcrumb=_breadcrumb(base, [(title, None)]), heading=e(label + title),
            items="".join(_post_item(base, a) for a in chunk),
            pagination=_pagination(base, base_path, number, total),
        )  # fmt: skip
        pages[path] = head + _header(base, False, section) + listing + _sidebar_and_footer(base)
    return pages


def _article_ld(base: str, article: SiteArticle) -> str:
    """The article's JSON-LD (NewsArticle and BreadcrumbList), as Jannah prints it."""
    t = article.truth
    url = _url(base, t.path)
    authors_ld = [
        {"@type": "Organization" if kind == "organization" else "Person", "name": name,
         "url": _url(base, author_path(slug))}
        for name, kind, slug in zip(t.authors, t.author_kinds, article.raw["authors"], strict=True)
    ]  # fmt: skip
    ld = {
        "@context": "http://schema.org",
        "@type": "NewsArticle",
        "dateCreated": t.published,
        "datePublished": t.published,
        "dateModified": t.modified,
        "headline": t.title,
        "name": t.title,
        "keywords": ",".join(t.tags),
        "url": url,
        "description": t.first_sentence,
        "copyrightYear": str(article.published.year),
        "articleSection": t.section,
        "articleBody": t.body,
        "inLanguage": "ar",
        "publisher": {
            "@id": "#Publisher", "@type": "Organization", "name": SITE_NAME,
            "logo": {"@type": "ImageObject", "url": _url(base, "/wp-content/uploads/logo.png")},
        },
        "sourceOrganization": {"@id": "#Publisher"},
        "copyrightHolder": {"@id": "#Publisher"},
        "mainEntityOfPage": {"@type": "WebPage", "@id": url, "breadcrumb": {"@id": "#Breadcrumb"}},
        "author": authors_ld[0] if len(authors_ld) == 1 else authors_ld,
        "image": {"@type": "ImageObject", "url": _url(base, t.image), "width": 1200, "height": 675},
    }  # fmt: skip
    crumbs = {
        "@context": "http://schema.org", "@type": "BreadcrumbList", "@id": "#Breadcrumb",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "item": {"name": "الرئيسية", "@id": _url(base, "/")}},
            {"@type": "ListItem", "position": 2, "item": {"name": t.section, "@id": _url(base, SECTIONS[t.section])}},
        ],
    }  # fmt: skip
    return _ld_json(ld) + _ld_json(crumbs)


def _content(article: SiteArticle) -> str:
    """The article's text blocks, with the theme's in-text ad slot after the second one."""
    content = []
    for index, block in enumerate(article.blocks):
        if block.kind == "ul":
            items = "".join(_site("element", tag="li", text=e(item)) for item in block.texts)
            content.append(_site("element", tag="ul", text=items))
        else:
            content.append(_site("element", tag=block.kind, text=e(block.texts[0])))
        if index == 1:
            content.append(_site("ad_slot"))
    return "\n".join(content)


def _article_page(base: str, article: SiteArticle) -> str:
    t = article.truth
    image = _url(base, t.image)
    cat_path = SECTIONS[t.section]
    meta = _site(
        "article_meta", section=e(t.section),
        tags="".join(_site("meta_tag", tag=e(tag)) for tag in t.tags),
        published=t.published, modified=t.modified, image=e(image),
        authors=e("، ".join(t.authors)), json_ld=_article_ld(base, article),
    )  # fmt: skip
    head = _head(base, f"{t.title} - {SITE_NAME}", t.path, t.first_sentence, "article", meta)
    updated = ""
    if article.modified != article.published:
        updated = _site("updated", date=e(moroccan_date(article.modified)))
    siblings = [a for a in site_articles() if a.truth.section == t.section]
    position = siblings.index(article)
    related = [siblings[(position + step) % len(siblings)] for step in (1, 2, 3)]
    related_html = "".join(_card("related_item", base, r) for r in related)
    avatar_slug = article.raw["authors"][0]
    body = _site(
        "article",
        breadcrumb=_breadcrumb(base, [(t.section, cat_path), (t.title, None)]),
        section_index=_section_index(t.section), section_href=e(_url(base, cat_path)),
        section=e(t.section), title=e(t.title),
        author_index=list(AUTHORS).index(avatar_slug) + 1,
        author_href=e(_url(base, author_path(avatar_slug))),
        author_name=e(AUTHORS[avatar_slug]["name"]),
        avatar=e(_url(base, "/wp-content/uploads/avatar.png")),
        authors=_author_links(base, article), published=t.published,
        published_display=e(t.published_display), updated=updated, views=_views(article),
        image=e(image), caption=_site("caption") if t.id % 2 == 0 else "",
        share_url=quote(_url(base, t.path), safe=""), share_title=quote(t.title),
        content=_content(article),
        tags="".join(_site("tag_link", href=e(_url(base, tag_path(tag))), tag=e(tag))
                     for tag in t.tags),
        related=related_html, comment_action=e(_url(base, "/wp-comments-post.php")), id=t.id,
    )  # fmt: skip
    return head + _header(base, False, t.section) + body + _sidebar_and_footer(base)


def _home_page(base: str) -> str:
    latest = newest_first(list(site_articles()))
    blocks = [_site("home_latest", items="".join(_post_item(base, a) for a in latest[:8]))]
    for name, path in SECTIONS.items():
        items = [a for a in latest if a.truth.section == name][:4]
        blocks.append(_site("home_section", href=e(_url(base, path)), name=e(name),
                            items="".join(_post_item(base, a) for a in items)))  # fmt: skip
    website_ld = {
        "@context": "http://schema.org", "@type": "WebSite", "name": SITE_NAME,
        "url": _url(base, "/"), "inLanguage": "ar",
    }  # fmt: skip
    head = _head(
        base, f"{SITE_NAME} - {SITE_TAGLINE}", "/", SITE_TAGLINE, extra=_ld_json(website_ld)
    )
    return head + _header(base, True, None) + "\n".join(blocks) + "\n" + _sidebar_and_footer(base)


def not_found_page(base: str = DEFAULT_BASE_URL) -> bytes:
    """The theme's 404 page, with the full header, so a crawler sees links even on errors."""
    head = _head(base, f"لم يتم العثور على الصفحة - {SITE_NAME}", "/404", SITE_TAGLINE)
    page = head + _header(base, False, None) + _site("not_found") + _sidebar_and_footer(base)
    return page.encode("utf-8")


def _placeholder_png() -> bytes:
    """A 1x1 grey PNG so the images the pages reference really exist."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xcc")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


# --- the site ---------------------------------------------------------------------------------


def build_site(base_url: str = DEFAULT_BASE_URL) -> dict[str, bytes]:
    """Every HTML page keyed by its path as the pages link it (percent-encoded Arabic).

    Links are absolute, as WordPress prints them, so the pages are built for one ``base_url``.
    """
    base = base_url.rstrip("/")
    pages: dict[str, str] = {"/": _home_page(base)}
    all_articles = list(site_articles())
    for article in all_articles:
        pages[article.truth.path] = _article_page(base, article)
    for name, path in SECTIONS.items():
        items = [a for a in all_articles if a.truth.section == name]
        pages.update(_listing_pages(base, name, path, items, section=name))
    for tag in sorted({tag for a in all_articles for tag in a.truth.tags}):
        items = [a for a in all_articles if tag in a.truth.tags]
        pages.update(_listing_pages(base, tag, tag_path(tag), items, kind="tag"))
    for slug, author in AUTHORS.items():
        items = [a for a in all_articles if slug in a.raw["authors"]]
        pages.update(_listing_pages(base, author["name"], author_path(slug), items, kind="author"))
    return {path: text.encode("utf-8") for path, text in pages.items()}


def normalize_path(path: str) -> str:
    """The lookup key for a request path: decoded Arabic, no query, no trailing slash."""
    path = unquote(urlsplit(path).path) or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return path


class DemoSite:
    """The demo site as a lookup table: ``page(path)`` answers like the web server would."""

    def __init__(self, base_url: str = DEFAULT_BASE_URL) -> None:
        self.base_url = base_url.rstrip("/")
        self.pages = build_site(self.base_url)
        self._lookup: dict[str, tuple[str, bytes]] = {}
        for path, content in self.pages.items():
            self._lookup[normalize_path(path)] = (HTML_TYPE, content)
            if re.match(r"/archives/(category|tag|author)/[^/]+$", path):
                # WordPress answers ".../page/1" with the first page too.
                self._lookup[normalize_path(path + "/page/1")] = (HTML_TYPE, content)
        self._lookup["/robots.txt"] = ("text/plain; charset=utf-8", b"User-agent: *\nAllow: /\n")
        png = _placeholder_png()
        images = {a.truth.image for a in site_articles()}
        images |= {"/wp-content/uploads/logo.png", "/wp-content/uploads/avatar.png"}
        for image in images:
            self._lookup[image] = ("image/png", png)
        self._not_found = not_found_page(self.base_url)

    def page(self, path: str) -> tuple[int, str, bytes]:
        """``(status, content type, body)`` for a request path, raw or percent-encoded."""
        found = self._lookup.get(normalize_path(path))
        if found is None:
            return 404, HTML_TYPE, self._not_found
        return 200, found[0], found[1]

    def url(self, path: str) -> str:
        return self.base_url + path
