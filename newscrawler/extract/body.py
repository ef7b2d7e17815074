"""Main-content detection: every paragraph of the article, none of the page furniture.

Two passes over one tree. First, furniture (navigation, share bars, related posts, comments,
newsletter boxes, footers) is recognised by tag and by class/id words and fenced off. Then the
article container is the explicit body markup when the page has it, otherwise the element whose
paragraphs carry the most text, and its blocks are read in document order.
"""

from __future__ import annotations

import functools
import itertools
import re

from lxml import etree

from newscrawler.extract.html import squash

DROP_TAGS = {
    "script", "style", "noscript", "template", "svg", "iframe", "form", "button", "select",
    "nav", "footer", "aside", "input", "textarea", "object", "embed", "canvas", "video", "audio",
    "menu", "dialog", "figcaption",
}  # fmt: skip
BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5",
    "h6", "table", "tbody", "thead", "tr", "td", "th", "blockquote", "pre", "figure",
    "figcaption", "header", "dl", "dt", "dd", "center", "address", "hr",
}  # fmt: skip
HEADINGS = {"h2", "h3", "h4", "h5", "h6"}

# Class/id words naming furniture. Strong words mark it whatever it holds; weak words (a
# wrapper called "share-zone" or "field--label-hidden") lose to a subtree full of paragraphs.
_STRONG = (
    r"comments?|commentlist|comment-list|respond|reply|replies|disqus|related|relatedposts|"
    r"yarpp|recommended|recommendations?|newsletter|subscribe|subscription|signup|sidebar|"
    r"footer|menu|navbar|nav|navigation|breadcrumbs?|tagcloud|author-?bio|about-?author|"
    r"cookies?|consent|pagination|pager|more-?stories|most-?read|popular|trending|ticker|"
    r"outbrain|taboola|read-?more|readmore|see-?also|next-?post|prev-?post|post-?navigation|"
    r"go-?to-?top|back-?to-?top|scroll-?top|login|masthead|topbar|jp-relatedposts|sharedaddy|"
    r"share-?buttons?|social-?share|sharing|sharer|addthis|shariff|social|sociable|"
    r"advertisement|adsbygoogle|ad-?slot|ad-?container|banner|popup|modal|"
    r"disclaimer|disclosure|license|upsell|buybox|flyout|news-?letter|toc|toc_container|paywall"
)
_TAXONOMY = re.compile(r"(?:tag|category|categories|post_tag|format)-", re.IGNORECASE)
_LAYOUT = re.compile(r"sidebar|banner|header|layout|social|paywall", re.IGNORECASE)
# Furniture words that never name a wrapper of the article.
_JUNK_CONTENT = re.compile(
    r"comment|respond|reply|related|recommend|newsletter|subscribe|footer|menu|nav|popular|"
    r"trending|outbrain|taboola|cookie|consent|advert|widget",
    re.IGNORECASE,
)
# Compound class words that start furniture names ("relatedArticlesTextContainer",
# "ArticlePage-authorInfo-bio", "NewsletterModule", "mntl-author-tooltip").
_JUNK_PREFIX = re.compile(
    r"(?:^|[\s_\-])(?:related|newsletter|disclaimer|author[-_]*(?:bio|box|info|tooltip|card|"
    r"description|details|profile|position))",
    re.IGNORECASE,
)
_WEAK = (
    r"share|shares|widget|widgets|tags|post-tags|promo|advert|ads|ad|print|rating|toolbar|"
    r"skip|also|meta|byline|dateline|entry-meta|post-meta|caption|wp-caption-text|credit|"
    r"hidden|search|header-top|infobox|more"
)
_JUNK_STRONG = re.compile(rf"(?:^|\s|[_\-])(?:{_STRONG})(?:$|\s|[_\-])", re.IGNORECASE)
_JUNK_WEAK = re.compile(rf"(?:^|\s)(?:{_WEAK})(?:$|\s|[_\-])|[_\-](?:{_WEAK})(?:$|\s)", re.I)
_BODY_WORDS = (
    "entry-content|post-content|article-body|article-content|articlebody|article__body|"
    "article-text|articletext|story-body|storybody|story-content|post-body|postbody|post-entry|"
    "entry-body|single-content|content-body|news-text|news-body|news-content|the-content|"
    "text-content|td-post-content|field-+name-+body|body-text|article__content|articlecontent|"
    "post-text|blog-content|main-text|story-text"
)
# "post_content" and "post-content" are the same mark in different naming conventions.
_BODY_MARK = re.compile(
    r"(?:^|[\s_\-])(?:" + _BODY_WORDS.replace("-", "[-_]") + r")(?:$|[\s_\-])", re.IGNORECASE
)
_FURNITURE_TEXT = re.compile(
    r"^(?:مقالات ذات صلة|اقرأ أيضا|اقرأ أيضاً|اقرأ ايضا|اترك تعليقا|اترك تعليقاً|اترك ردا|"
    r"زر الذهاب إلى الأعلى|شارك|شارك هذا|مشاركة|التعليقات|تعليقات|related( posts| articles)?|"
    r"share( this)?|read more|leave a (reply|comment)|comments?|advertisement|anzeige|"
    r"werbung|publicité|teilen)\s*:?$",
    re.IGNORECASE,
)


# Lines that are about the page, not the story: photo credits, "see also" pointers, and calls
# to subscribe or follow (a verb of joining and a channel, in a short paragraph).
_CREDIT_LINE = re.compile(
    r"^\(?\s*(?:photo ?credits?|credits? photos?|crédits? photos?|credit|foto|fotos|photo|"
    r"bild|bildquelle|image|quelle foto)\s*:",
    re.IGNORECASE,
)
_SEE_ALSO = re.compile(
    r"^(?:mire|lea también|lee también|read (?:also|more)|see also|lesen sie auch|lies auch|"
    r"mehr zum thema|à lire aussi|lire aussi|voir aussi|leggi anche|اقرأ أيضا|اقرأ أيضاً)\b.{0,6}:",
    re.IGNORECASE,
)
_CTA_VERB = re.compile(
    r"\b(?:subscribe|sign up|follow|download|join|submit|únete|síguenos|suscríbete|mira|"
    r"registrarte|abonnier\w*|folg\w*|abonne[zr]?|inscri\w*)\b",
    re.IGNORECASE,
)
_CTA_CHANNEL = re.compile(
    r"\b(?:subscription|subscribers?|newsletter|edition|twitter|instagram|facebook|"
    r"whatsapp|telegram|youtube|apps?|ios|android|canal|kanal|this form|full story|"
    r"e-?paper|registrarte)\b",
    re.IGNORECASE,
)
_READER = re.compile(
    r"\b(?:you|your|our|please|du|dich|dir|dein\w*|unser\w*|bitte|tu|tus|debes|puedes|vous|"
    r"votre|nos|nuestr[oa]s?)\b",
    re.I,
)


def is_boilerplate(text: str) -> bool:
    """A credit line, a "see also" pointer or a call to subscribe/follow."""
    if _FURNITURE_TEXT.match(text):
        return True
    if len(text) < 120 and (_CREDIT_LINE.match(text) or _SEE_ALSO.match(text)):
        return True
    if len(text) >= 260 or not _CTA_CHANNEL.search(text):
        return False
    verb = _CTA_VERB.search(text)
    # Addressed to the reader: the verb opens the line, or the line says "you"/"our".
    return bool(verb) and (verb.start() < 15 or bool(_READER.search(text)))


@functools.lru_cache(maxsize=4096)
def _verdict(attrs: str) -> int:
    """2 furniture, 3 layout (furniture unless it holds paragraphs), 1 maybe furniture, 0 not.

    Cached because class strings repeat a lot.

    A class naming the body wins; one that also names furniture ("related-post-content")
    is furniture only when it holds no real paragraphs.
    """
    strong = mixed = False
    for token in attrs.split():
        kind = _token_kind(token)
        if kind is None:
            continue  # WordPress "tag-…"/"category-…" classes carry the post's own slugs
        junk, body = kind
        if body:
            if not junk:
                return 0
            mixed = True  # "related-post-content", "sidebar-and-content-body": let it hold text
        else:
            strong = strong or junk
    if strong:
        # Page-layout words ("layout-with-sidebar", "header banner") also name wrappers.
        return 3 if _LAYOUT.search(attrs) and not _JUNK_CONTENT.search(attrs) else 2
    return 1 if mixed or _JUNK_WEAK.search(attrs) else 0


@functools.lru_cache(maxsize=16384)
def _token_kind(token: str) -> tuple[bool, bool] | None:
    """(names furniture, names the body) for one class token; None for a taxonomy class.

    Cached on its own: tokens repeat across pages far more than whole class strings do.
    """
    if _TAXONOMY.match(token):
        return None
    junk = bool(_JUNK_STRONG.search(token) or _JUNK_PREFIX.search(token))
    return junk, bool(_BODY_MARK.search(token))


@functools.lru_cache(maxsize=4096)
def _body_marked(cls: str) -> bool:
    return bool(_BODY_MARK.search(cls))


def _holds_paragraphs(el: etree._Element, wanted: int = 1) -> bool:
    found = 0
    for p in el.iter("p"):
        if len("".join(p.itertext())) > 100:
            found += 1
            if found >= wanted:
                return True
    return False


_CANDIDATE_ATTRS = frozenset(("class", "id", "role", "hidden", "style"))
_NEVER_JUNK = ("html", "body", "main")


def _junk_set(root: etree._Element, keep: list[etree._Element]) -> set[etree._Element]:
    """Every element inside furniture; never an ancestor of one of ``keep``."""
    protected: set[etree._Element] = set()
    for el in keep:
        protected.update(el.iterancestors())
        protected.add(el)
    fenced: set[etree._Element] = set()
    # One walk in document order (outer furniture first) over the elements that carry a
    # class/id/role/hidden/style attribute or a furniture tag; only the attributes an element
    # has are read (most carry a class and nothing else).
    disjoint = _CANDIDATE_ATTRS.isdisjoint
    for el in root.iterdescendants():
        if el in fenced:
            continue
        tag = el.tag
        if tag.__class__ is not str:
            continue
        if tag in DROP_TAGS:
            if el not in protected:
                fenced.update(el.iter())
            continue
        keys = el.keys()
        if disjoint(keys) or el in protected or tag in _NEVER_JUNK:
            continue
        get = el.get
        # Custom elements name themselves (<ps-newsletter-module>): the tag counts as a class.
        custom = tag if "-" in tag else ""
        attrs = (
            f"{(get('class') or '') if 'class' in keys else ''} "
            f"{(get('id') or '') if 'id' in keys else ''} "
            f"{(get('role') or '') if 'role' in keys else ''} {custom}"
        )
        verdict = _verdict(attrs) if len(attrs) > 2 else 0
        if verdict and ("itemprop" not in keys or get("itemprop") != "articleBody"):
            # A wrapper with a weak name ("share-zone") that holds the article is not furniture,
            # nor one with a layout name ("…-and-sidebar") that holds several real paragraphs.
            if verdict == 3:
                junk = not _holds_paragraphs(el, 3)
            else:
                junk = verdict == 2 or not _holds_paragraphs(el)
        elif "hidden" in keys:
            junk = True
        elif "style" in keys:
            style = get("style")
            junk = bool(style) and "display:none" in style.replace(" ", "")
        else:
            junk = False
        if junk:
            fenced.update(el.iter())
    return fenced


def _text_len(el: etree._Element) -> tuple[int, int]:
    text = len("".join(el.itertext()).strip())
    links = sum(len("".join(a.itertext()).strip()) for a in el.iter("a")) if text else 0
    return text, links


_MARKED = etree.XPath(
    "//@itemprop[. = 'articleBody' or . = 'articlebody']/.. | //@property[. = 'articleBody']/.."
)
_TEXT_DIVS = etree.XPath(".//div[not(p)][string-length(normalize-space(text())) > 80]")


def find_container(
    root: etree._Element, title_node: etree._Element | None, props: list | None = None
) -> tuple[etree._Element, etree._Element, set[etree._Element]]:
    """The article's core text element, the article around it, and the furniture to skip.

    ``props``: the page's elements with an itemprop or property attribute, when the caller has
    them (``Structured.props``), in document order.
    """
    body = root.find("body")
    if body is None:
        body = root
    if props is None:
        marked = _MARKED(root)
    else:  # the page's microdata elements, found once for every field
        marked = [
            el
            for el in props
            if el.get("itemprop") in ("articleBody", "articlebody")
            or el.get("property") == "articleBody"
        ]
    if not marked:
        marked = [
            el
            for el in body.iter("div", "section", "article", "main", "td")
            if (cls := el.get("class")) and _body_marked(cls)
        ]
    junk = _junk_set(body, [title_node, *marked] if title_node is not None else marked)
    scores: dict[etree._Element, float] = {}
    weights: dict[etree._Element, float] = {}
    totals = _Totals(weights)
    for p in body.iter("p", "pre", "blockquote", "br", "h2", "h3", "h4", "li"):
        if p not in junk:
            _weigh(p, junk, scores, weights)
    if not scores or max(scores.values()) < 400:
        # Little text in <p>s: on sites that never use them a <div> holding a long run of its
        # own text is the paragraph.
        for div in _TEXT_DIVS(body):
            _weigh(div, junk, scores, weights)
    best = None
    best_len = 0.0
    marked = [
        el for el in marked
        if el not in junk and not any(a.tag == "a" for a in el.iterancestors())
    ]  # not furniture, nor a teaser card (a body mark inside a link)
    for el in _near_title(marked, title_node, totals):
        if totals.get(el, 0) > best_len:
            best, best_len = el, totals.get(el, 0)
    if best is None or best_len < 200:
        if not scores:
            return body, body, junk
        best = max(scores, key=scores.__getitem__)
    container = _widen(best, title_node, totals, body)
    return best, _within_article(container, title_node, totals), junk


def _near_title(marked: list, title_node, totals) -> list:
    """The body-marked elements nearest the headline: those under its closest ancestor that
    holds one with text. A page can mark its teaser lists with the same class as its body."""
    if title_node is None or len(marked) < 2:
        return marked
    for anc in itertools.islice(title_node.iterancestors(), 10):
        if anc.tag in ("body", "html"):
            break
        inside = [el for el in marked if el is not anc and anc in el.iterancestors()]
        if any(totals.get(el, 0) >= 200 for el in inside):
            return inside
    return marked


def _weigh(
    p: etree._Element,
    junk: set[etree._Element],
    scores: dict[etree._Element, float],
    weights: dict[etree._Element, float],
) -> None:
    """Credit one paragraph's text to its parent (fully) and grandparent (half)."""
    if p in junk:
        return
    if p.tag == "br":
        parent = p.getparent()
        if parent is None or parent in scores:
            return
        text = squash(parent.text) + squash(p.tail)
        if len(text) < 40:
            return
        length, links = len(text), 0
        node = parent
    else:
        length, links = _text_len(p)
        node = p.getparent()
    if length < 25 or links > 0.5 * length or node is None:
        return
    score = length - links
    if p.tag in ("p", "pre", "br", "div"):
        score += 10 * min(3, squash(p.text if p.tag != "br" else "").count(","))
        scores[node] = scores.get(node, 0) + score
        grand = node.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0) + score / 2
    weights[p] = score


_WEIGHED = ("p", "pre", "blockquote", "br", "h2", "h3", "h4", "li", "div")


class _Totals(dict):
    """Paragraph weight under an element, summed on demand (only a few are ever asked)."""

    def __init__(self, weights: dict[etree._Element, float]) -> None:
        super().__init__()
        self.weights = weights

    def __missing__(self, el: etree._Element) -> float:
        weights = self.weights
        value = sum(map(weights.get, el.iter(*_WEIGHED), itertools.repeat(0)))
        self[el] = value
        return value

    def get(self, el, default=0.0):  # noqa: D102 - dict.get does not call __missing__
        return self[el]


def _widen(
    best: etree._Element,
    title_node: etree._Element | None,
    totals: dict[etree._Element, float],
    body: etree._Element,
) -> etree._Element:
    """Grow the container to the article around it: the lead, a second text block."""
    own = totals.get(best, 0)
    if title_node is not None:
        ancestors = set(title_node.iterancestors())
        for anc in best.iterancestors():
            if anc is body or anc.tag in ("html", "body"):
                break
            if anc in ancestors:
                if totals.get(anc, 0) <= 1.6 * own + 400:
                    return anc
                break
    # No headline nearby: take in siblings' paragraphs when they are a small addition, counting
    # siblings built like the container (CMS text modules of one article) as part of it.
    node = best
    for anc in best.iterancestors():
        if anc is body or anc.tag in ("html", "body"):
            break
        kin = _kin_weight(node, anc, totals)
        if totals.get(anc, 0) - kin <= 1.25 * own + 150:
            node = anc
            own += kin
        else:
            break
    return node


def _signature(el: etree._Element) -> tuple:
    """Tag and class of an element, or of its first child when it has no class itself."""
    cls = el.get("class")
    if cls:
        return (el.tag, *cls.split()[:2])  # the component's type, not its modifiers
    child = next((c for c in el if isinstance(c.tag, str)), None)
    if child is None or not child.get("class"):
        return (el.tag, None, id(el))  # nothing to compare: unique
    return (el.tag, None, child.tag, child.get("class"))


def _within_article(
    node: etree._Element, title_node: etree._Element | None, totals: dict
) -> etree._Element:
    """The whole ``<article>`` around the container when the story is split into sections.

    Only the ``<article>`` that also holds the headline is the story (furniture inside it is
    fenced off already); without a headline, one with far more text is a page wrapper.
    """
    own = totals.get(node, 0)
    for anc in itertools.islice(node.iterancestors(), 8):
        if anc.tag != "article":
            continue
        if title_node is not None:
            return anc if anc in title_node.iterancestors() else node
        return anc if totals.get(anc, 0) <= 1.5 * own + 300 else node
    return node


def _kin_weight(node: etree._Element, parent: etree._Element, totals) -> float:
    """Paragraph weight of ``node``'s siblings built like it (more of the same text)."""
    if node.getparent() is not parent:
        return 0.0
    mine = _signature(node)
    return sum(totals.get(s, 0) for s in parent if s is not node and _signature(s) == mine)


def _has_block_child(el: etree._Element) -> bool:
    for child in el:
        if child.tag in BLOCK_TAGS:  # a comment's tag is a function: never in the set
            return True
    return False


def _block_text(el: etree._Element) -> list[str]:
    for br in el.iter("br"):
        br.tail = "\n" + (br.tail or "")
    raw = "".join(el.itertext())
    parts = [squash(part) for part in raw.split("\n\n")] if "\n" in raw else [squash(raw)]
    if "\n" in raw and len(parts) == 1:
        parts = [squash(line) for line in raw.split("\n")]
    return [p for p in parts if p]


def _link_text_len(el: etree._Element) -> int:
    return sum(len(squash("".join(a.itertext()))) for a in el.iter("a"))


class _Tail:
    """Tail text queued between siblings so that it keeps its place."""

    tag = "#tail"

    def __init__(self, text: str) -> None:
        self.text = text


_LINKABLE_HEADINGS = ("h1", "h2", "h3", "h4", "h5")


def _has_linked_heading(article: etree._Element) -> bool:
    """A heading inside ``article`` that holds a link or sits in one (``.//h1//a | .//a//h1``…)."""
    for heading in article.iterdescendants(*_LINKABLE_HEADINGS):
        if heading.find(".//a") is not None:
            return True
        for anc in heading.iterancestors():
            if anc is article:
                break
            if anc.tag == "a":
                return True
    return False


def _teaser_lists(
    container: etree._Element, core: etree._Element, keep: set
) -> set[etree._Element]:
    """Blocks beside the core text (inside the container, around neither the core nor the
    headline) that hold two or more headings linking to other pages: other stories."""
    if container is core:
        return set()
    counts: dict[etree._Element, int] = {}
    inner = set(core.iter(*_LINKABLE_HEADINGS))
    for heading in container.iterdescendants(*_LINKABLE_HEADINGS):
        if heading in inner:
            continue
        link = heading.find(".//a[@href]")
        if link is None:
            link = next((a for a in heading.iterancestors("a")), None)
        if link is None or not _links_a_page(link.get("href")):
            continue
        for anc in heading.iterancestors():
            if anc is container or anc in keep:
                break
            counts[anc] = counts.get(anc, 0) + 1
    return {el for el, n in counts.items() if n >= 2}


def _links_a_page(href: str | None) -> bool:
    """An href to another page (not a script, a mail address or an anchor of this one)."""
    href = (href or "").strip().lower()
    return bool(href) and not href.startswith(("javascript:", "mailto:", "#", "tel:"))


def extract_body(
    root: etree._Element, title_node: etree._Element | None, props: list | None = None
) -> str | None:
    """The article text, paragraphs separated by a blank line.

    Around the core container, only real paragraphs are taken in (a lead, a second text block):
    bylines, dates and category labels beside the headline stay out.
    """
    core, container, junk = find_container(root, title_node, props)
    skip = {title_node} if title_node is not None else set()
    # An <article> inside the story that holds neither its core nor its headline, and whose
    # heading is a link, is another post (a teaser list under the text).
    keep = set(core.iterancestors()) | {core}
    if title_node is not None:
        keep.update(title_node.iterancestors())
    skip.update(
        a
        for a in container.iter("article")
        if a is not container and a not in keep and _has_linked_heading(a)
    )
    skip.update(_teaser_lists(container, core, keep))
    blocks: list[str] = []
    for text, inside in _iter_blocks(container, junk, skip, core):
        if not inside and len(text) < 50:
            continue
        if not blocks or blocks[-1] != text:
            blocks.append(text)
    while blocks and len(blocks[-1]) < 50 and blocks[-1].endswith(":"):
        blocks.pop()  # a label ("Mehr zum Thema:", "Kontakt:") whose list was furniture
    return "\n\n".join(blocks) or None


def _iter_blocks(container, junk, skip, core):
    stack: list = [(container, container is core)]
    while stack:
        el, inside = stack.pop()
        if isinstance(el, _Tail):
            yield el.text, inside
            continue
        tag = el.tag
        if not isinstance(tag, str) or el in junk or el in skip or tag in DROP_TAGS:
            continue
        if tag == "h1":
            continue
        inside = inside or el is core
        if not _has_block_child(el):
            texts = _block_text(el)
            if texts:
                if (
                    tag in HEADINGS
                    or tag == "li"
                    or _link_text_len(el) <= 0.5 * sum(map(len, texts))
                ):
                    for text in texts:
                        if not is_boilerplate(text):
                            yield text, inside
            continue
        direct = squash(el.text)
        if direct:
            yield direct, inside
        children = [c for c in el if isinstance(c.tag, str)]
        for child in reversed(children):
            tail = squash(child.tail)
            if tail:
                stack.append((_Tail(tail), inside))
            stack.append((child, inside))
