"""Section and tags: structured values, breadcrumbs, category links; pseudo-categories dropped.

"Featured", "Uncategorized" or "Home" describe the site's layout, not the article's subject, so
they never count as a section; nor do navigation labels ("المزيد") or the site's own name. An
archive page's title loses its "Category:" / "التصنيف:" prefix before it serves as a hint.
"""

from __future__ import annotations

import functools
import html
import itertools
import re
from collections.abc import Collection, Iterator
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

from newscrawler.extract._index import index_of
from newscrawler.extract.html import following, squash
from newscrawler.extract.structured import Structured, text_of
from newscrawler.extract.title import key

PSEUDO = {
    key(w)
    for w in (
        "featured", "uncategorized", "uncategorised", "home", "homepage", "start", "startseite",
        "accueil", "inicio", "main", "news", "top", "top stories", "slider", "sticky", "breaking",
        "breaking news", "headlines", "non classé", "allgemein", "general", "misc", "other",
        "blog", "article", "articles", "الرئيسية", "الصفحة الرئيسية", "رئيسية", "عاجل", "مميز",
        "مميزة", "أخبار مميزة", "سلايدر", "غير مصنف", "أخبار", "الأخبار", "أهم الأخبار",
        "آخر الأخبار", "اخر الاخبار", "more", "all", "المزيد", "اقرأ المزيد", "اقرا ايضا",
        "المزيد من الأخبار", "كل الأخبار", "جميع الأخبار", "read more", "see more", "menu",
        "القائمة", "تصنيفات", "categories", "sections", "الأقسام",
    )
}  # fmt: skip
_CATEGORY_ONLY = re.compile(r"/(?:category|categorie|kategorie|categories|section|rubrique)/", re.I)
_CATEGORY_HREF = re.compile(
    r"/(?:category|categorie|kategorie|categories|section|rubrique|ressort|tag/)/?", re.I
)
# A category archive's printed title: "Category: X", "التصنيف: X", "أرشيف X", "Archives: X".
_ARCHIVE_PREFIX = re.compile(
    r"^\s*(?:(?:(?:ال)?(?:تصنيف|أرشيف|ارشيف|إرشيف|قسم|وسم|فئة)(?:ات)?|category|categories|"
    r"archives?|tag|section|rubrique|catégorie|kategorie|topic)\s*[:：\-–—|»]"
    r"|(?:ال)?(?:أرشيف|ارشيف)\s+(?:(?:ال)?(?:تصنيف|قسم|وسم)\s*[:：]?)?|archives?\s+(?:of\s+)?)\s*",
    re.I,
)
# A term list of the article's own categories: WordPress block themes print them as
# ``<div class="taxonomy-category wp-block-post-terms"><a rel="tag">``, classic ones
# ``<span class="cat-links">``.
_TERM_LIST = re.compile(r"taxonomy-category|cat-links|post-categor|entry-categor|categories-links")


def strip_archive_prefix(title: str | None) -> str | None:
    """``"التصنيف: مجتمع"`` -> ``"مجتمع"``: a listing's title as a section name."""
    if not title:
        return title
    stripped = title
    for _ in range(2):  # "أرشيف التصنيف: مجتمع"
        shorter = _ARCHIVE_PREFIX.sub("", stripped, count=1).strip()
        if not shorter or shorter == stripped:
            break
        stripped = shorter
    return stripped


_ACTIVE = re.compile(
    r"(?:^|[\s_\-])(?:active|current|selected|on|current-menu-item)(?:$|[\s_\-])", re.I
)


# Links and labels of a page's furniture, in many languages: what a menu highlights or a trail
# ends with when it is not a category (an account, a language, an action on the page).
NOT_SECTIONS = {
    key(w)
    for w in (
        "sign up", "sign in", "log in", "login", "logout", "register", "subscribe", "subscription",
        "abonnieren", "abo", "anmelden", "abbonati", "abbonamento", "s'abonner", "abonnez-vous",
        "suscríbete", "suscribirse", "hallo", "hello", "welcome", "willkommen", "bienvenue",
        "skip to content", "skip to main content", "skip navigation", "zum inhalt springen",
        "navigation überspringen", "aller au contenu", "تخطى إلى المحتوى", "انتقل إلى المحتوى", "cancel reply",
        "contact", "contact us", "kontakt", "impressum", "about", "about us", "über uns",
        "qui sommes-nous", "quiénes somos", "chi siamo", "privacy", "datenschutz", "sitemap",
        "site map", "mapa de sitio", "mapa del sitio", "plan du site", "print", "drucken",
        "imprimer", "imprimir", "stampa", "mail", "e-mail", "email", "mailen", "share", "teilen",
        "partager", "compartir", "back", "zurück", "retour", "volver", "page", "seite", "detail",
        "details", "current article", "aktueller artikel", "anzeige", "advertisement", "werbung",
        "publicité", "publicidad", "pubblicità", "sponsored", "english", "deutsch", "français",
        "español", "italiano", "العربية", "عربي", "lire la suite", "weiterlesen", "leggi tutto",
        "leer más", "اشترك", "اشترك الآن", "تسجيل الدخول", "دخول", "اتصل بنا", "من نحن",
        "خريطة الموقع", "طباعة", "شارك", "رجوع", "عودة", "إعلان", "اعلان", "مرحبا", "tweet",
        "tweeten", "twittern", "facebook", "whatsapp", "suscríbase", "suscríbete", "newsletter", "contáctenos", "contacto",
    )
}  # fmt: skip
# "المزيد من رياضة", "More from Sport", "Mehr aus Politik": a "more" link naming its section.
_MORE_FROM = re.compile(
    r"^(?:(?:ال)?مزيد\s+(?:من|في)|more\s+(?:from|in|on)|mehr\s+aus(?:\s+dem\s+ressort)?|"
    r"plus\s+(?:de|d'articles)|más\s+de|altro\s+da)\s*[:：]?\s+",
    re.I,
)
_EDGE_MARKS = " /|»«›‹><·•-–—:،,"
_SCREEN_READER = re.compile(r"\s*\((?:current|actuel|aktuell|الحالي)\)\s*$", re.I)
# "17. Februar 2020", "March 3, 2021", "03/02/2020": a date is not a section.
_DATE_LIKE = re.compile(
    r"\b\d{1,2}[./-]\s?\d{1,2}[./-]\s?\d{2,4}\b|\b\d{1,2}\.?\s+\w+\.?,?\s+(?:19|20)\d\d\b"
    r"|\b\w+\.?\s+\d{1,2},\s+(?:19|20)\d\d\b"
)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_HOST_LIKE = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$", re.I)
_WORDS = re.compile(r"\w+")
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)$")


def clean_section(name: str | None) -> str:
    """A candidate as a section name: entities decoded ("Politics &amp; Government"), the
    separators of a trail and a screen reader's "(current)" dropped, a "more from" label or an
    archive prefix ("Kategorie:") reduced to the section it names."""
    if not name:
        return ""
    name = squash(html.unescape(html.unescape(name)) if "&" in name else name)
    name = _SCREEN_READER.sub("", name).strip(_EDGE_MARKS)
    half = len(name) // 2
    if half and name[:half] == name[half:]:
        name = name[:half]  # a label printed twice, once for screen readers
    name = _MORE_FROM.sub("", name)
    return strip_archive_prefix(name) or ""


def _is_headline(name: str, title: str | None) -> bool:
    """A headline, not a section: the page's own (or a shortened form of it: a breadcrumb's
    last crumb, a teaser of the same story), or cut with an ellipsis, or sentence-long."""
    if _ELLIPSIS.search(name) or len(name.split()) > 6:
        return True
    words, heading = _WORDS.findall(name.casefold()), _WORDS.findall((title or "").casefold())
    if not words or not heading:
        return False
    if len(words) > len(heading) >= 2 and words[: len(heading)] == heading:
        return True  # the headline and more: "Der historische Purzelbaum (2021/5)"
    # "Formel 1", "Google Chrome" may open the headline as its section; four words may not.
    return len(words) >= 4 and sum(w in heading for w in words) / len(words) >= 0.6


def is_real_section(name: str | None) -> bool:
    """Not a pseudo-category ("Featured", "الرئيسية"), a page's furniture ("Sign up", "طباعة")
    or a date, and short enough to be a name."""
    k = key(name)
    return (
        bool(k)
        and k not in PSEUDO
        and k not in NOT_SECTIONS
        and len(name or "") <= 60
        and any(c.isalpha() for c in name or "")
        and not _DATE_LIKE.search((name or "").translate(_DIGITS))
        and not _HOST_LIKE.match(name or "")
    )


# "Breadcrumb"/"breadcrumbs" in a class, id or itemtype; libxml walks attribute nodes faster
# than it tests predicates on every element.
_TRAILS = etree.XPath(
    " | ".join(f"//@{a}[contains(., 'readcrumb')]/.." for a in ("class", "id", "itemtype"))
)
_TRAIL_TAGS = {"ol", "ul", "nav", "div", "p"}


def _breadcrumb_names(root: etree._Element, data: Structured) -> list[str]:
    for crumbs in data.of_type("BreadcrumbList"):
        items = crumbs.get("itemListElement")
        items = items if isinstance(items, list) else [items]
        names = []
        for item in items:
            if isinstance(item, dict):
                name = text_of(item.get("name")) or text_of(data.resolve(item.get("item")))
                if name:
                    names.append(squash(name))
        if names:
            return names
    trails = [el for el in _TRAILS(root) if el.tag in _TRAIL_TAGS]
    for trail in trails:
        # A crumb to the home page is the site's name or "Home", whatever it says.
        names = [squash("".join(a.itertext())) for a in trail.iter("a") if not _is_home(a)]
        names = [n for n in names if n]
        if names:
            return names
    return []


def _is_home(a: etree._Element) -> bool:
    href = (a.get("href") or "").strip()
    return urlsplit(href).path.strip("/") in ("", "index.html", "index.php", "ar", "en") and (
        not urlsplit(href).query
    )


@functools.lru_cache(maxsize=4096)
def _is_active(cls: str) -> bool:
    """Cached: menus repeat the same few class strings on every entry."""
    return bool(_ACTIVE.search(cls))


_NAV_ITEMS = etree.XPath("//a[@class or @href] | //li[@class]")


_MENU_MARK = re.compile(r"menu|nav", re.I)


def _in_menu(el: etree._Element) -> bool:
    """Inside a ``<nav>`` or an element whose class or id says menu/nav: a highlighted link
    elsewhere is a tab, a pager, a calendar day, a language or an account link."""
    for parent in itertools.islice(el.iterancestors(), 8):
        if parent.tag == "nav" or _MENU_MARK.search(
            (parent.get("class") or "") + " " + (parent.get("id") or "")
        ):
            return True
    return False


def _leads_elsewhere(href: str | None, url: str) -> bool:
    """A link to another page: not an anchor, a script, nor the page itself (a highlighted link
    to the page names the page: "About Us", "Über André")."""
    href = (href or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return False
    there, here = urlsplit(urljoin(url or "", href)), urlsplit(url or "")
    return (there.netloc, there.path.rstrip("/")) != (here.netloc, here.path.rstrip("/"))


def _highlighted_nav(root: etree._Element, url: str) -> list[str]:
    """The menu entry the site highlights for this page, or the one its URL path sits under."""
    segments = {
        seg.lower()
        for seg in urlsplit(url or "").path.split("/")
        if len(seg) > 3 and not seg.isdigit()
    }
    active: list[str] = []
    by_path: list[str] = []
    for el in _NAV_ITEMS(root):
        cls = el.get("class")
        if cls and _is_active(cls):
            link = el if el.tag == "a" else el.find(".//a")
            if link is not None and _leads_elsewhere(link.get("href"), url) and _in_menu(el):
                active.append(squash("".join(link.itertext())))
        elif el.tag == "a" and segments:
            href = (el.get("href") or "").lower()
            if not any(seg in href for seg in segments):
                continue  # cheap test before parsing the URL
            path = urlsplit(href).path.strip("/")
            if path and "/" not in path and path in segments:
                by_path.append(squash("".join(el.itertext())))
    return active[:1] + by_path[:1]


def choose_section(
    root: etree._Element,
    data: Structured,
    title: str | None,
    title_node: etree._Element | None,
    url: str = "",
    site_keys: Collection[str] = (),
) -> list[str]:
    """The most trusted real section, as a list of at most one (the loader takes the first).

    Candidates are read in order of trust and the search stops at the first real one, so the
    markup (breadcrumbs, category links, then the menu) is only walked when needed.
    """
    found = section_with_source(root, data, title, title_node, url, site_keys)
    return [found[1]] if found else []


def section_with_source(
    root: etree._Element,
    data: Structured,
    title: str | None,
    title_node: etree._Element | None,
    url: str = "",
    site_keys: Collection[str] = (),
) -> tuple[str, str] | None:
    """``(where it was read, section)``: the first real candidate, cleaned."""
    site = {key(n) for n in data.all("og:site_name", "application-name") if n} | set(site_keys)
    for source, raw in _candidates(root, data, title, title_node, url):
        name = clean_section(raw)
        if is_real_section(name) and key(name) not in site and not _is_headline(name, title):
            return source, name
    return None


def _candidates(
    root: etree._Element,
    data: Structured,
    title: str | None,
    title_node: etree._Element | None,
    url: str,
) -> Iterator[tuple[str, str]]:
    """Section candidates in order of trust, each with where it was read."""
    article = data.article() or {}
    value = article.get("articleSection")
    if isinstance(value, list):
        yield from [("articleSection", squash(str(v))) for v in value if isinstance(v, str)]
    elif isinstance(value, str):
        yield from [("articleSection", squash(v)) for v in value.split(",")]
    for name in data.all("article:section", "og:article:section", "section", "parsely-section"):
        yield "meta", name
    title_key = key(title)
    crumbs = [c for c in _breadcrumb_names(root, data) if key(c) != title_key]
    yield from (("breadcrumb", c) for c in reversed(crumbs))
    # The article's own category term list, whatever rel its links carry.
    terms = [
        a for a in index_of(root).rel_anchors
        if (parent := a.getparent()) is not None and _TERM_LIST.search(parent.get("class") or "")
    ]
    yield from (("term-list", n) for n in _leaves_first(terms))
    anchor = title_node
    links = []
    if anchor is not None:
        links = [el for el in following(anchor, 150) if el.tag == "a"][:40]
        parent = anchor.getparent()
        if parent is not None:
            links += list(itertools.islice(parent.iter("a"), 15))
    links += [a for a in index_of(root).rel_anchors if "category" in a.get("rel")]
    categories = []
    for a in links:
        rel = a.get("rel") or ""
        href = a.get("href") or ""
        if "category" in rel or _CATEGORY_HREF.search(href):
            if "tag" in rel.split() and "category" not in rel and not _CATEGORY_ONLY.search(href):
                continue  # a tag link; a rel="tag" link into /category/ is a term list's
            categories.append(a)
    yield from (("category-link", n) for n in _leaves_first(categories))
    # The menu walk is the costliest source and only a last resort.
    yield from (("menu", n) for n in _highlighted_nav(root, url))
    yield from (("url-path", n) for n in url_sections(url))


def _leaves_first(links: list[etree._Element]) -> list[str]:
    """Category links' names, a parent after its children: WordPress lists a post's
    categories by name, so "رياضة" may precede "كرة القدم" whose URL is /category/رياضة/كرة-القدم/."""
    paths = [unquote(urlsplit(a.get("href") or "").path).rstrip("/") for a in links]

    def is_parent(path: str) -> bool:
        return bool(path) and any(p.startswith(path + "/") for p in paths)

    ordered = sorted(zip(paths, links, strict=True), key=lambda pair: is_parent(pair[0]))
    return [squash("".join(a.itertext())) for _, a in ordered]


# Path segments that say what kind of page this is, not what it is about.
_URL_GENERIC = {
    "article", "articles", "artikel", "story", "stories", "post", "posts", "blog", "blogs",
    "archive", "archives", "category", "categories", "tag", "tags", "topic", "topics", "content",
    "contents", "page", "pages", "node", "item", "items", "detail", "details", "beitrag", "web",
    "wiki", "index", "default", "amp", "print", "cms", "doc", "docs", "html", "inhalt", "media",
    "newsdetail", "meldung", "comments", "comment", "site", "sites", "noticia", "noticias", "nachricht", "haber", "خبر", "اخبار", "مقال",
    "مقالات", "محتوى",
}  # fmt: skip
_URL_WORDS = re.compile(r"[^\W\d_]+(?:[-_][^\W\d_]+){0,2}")


def url_sections(url: str) -> list[str]:
    """The folders an article's URL sits in, deepest first, when they are words ("/sport/",
    "/رياضة/", "/politik/ausland/"): never the slug itself, a date, an id or a language code."""
    segments = [unquote(s) for s in urlsplit(url or "").path.split("/") if s][:-1]
    out = []
    for seg in reversed(segments):
        if 3 <= len(seg) <= 30 and _URL_WORDS.fullmatch(seg) and seg.lower() not in _URL_GENERIC:
            out.append(seg.replace("-", " ").replace("_", " "))
    return out


def choose_tags(root: etree._Element, data: Structured) -> list[str]:
    """Article tags from meta, JSON-LD keywords and rel=tag links."""
    tags: list[str] = []
    for value in data.all("article:tag", "og:article:tag", "news_keywords", "parsely-tags"):
        tags += [t for t in value.split(",")]
    article = data.article() or {}
    keywords = article.get("keywords")
    if isinstance(keywords, str):
        tags += keywords.split(",")
    elif isinstance(keywords, list):
        tags += [k for k in keywords if isinstance(k, str)]
    for a in index_of(root).rel_anchors:
        rel = (a.get("rel") or "").split()
        if "tag" not in rel or "category" in rel or _CATEGORY_ONLY.search(a.get("href") or ""):
            continue
        tags.append("".join(a.itertext()))
    seen: dict[str, str] = {}
    for tag in tags:
        tag = squash(tag).lstrip("#")
        if tag and key(tag) not in seen and len(tag) <= 80:
            seen[key(tag)] = tag
    return list(seen.values())
