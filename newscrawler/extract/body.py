"""Main-content detection: every paragraph of the article, none of the page furniture.

Two passes over one tree. First, furniture (navigation, share bars, related posts, comments,
newsletter boxes, footers) is recognised by tag and by class/id words and fenced off. Then the
article container is the explicit body markup when the page has it, otherwise the element whose
paragraphs carry the most text, and its blocks are read in document order.
"""

from __future__ import annotations

import re

from lxml import etree

from newscrawler.extract.html import squash

DROP_TAGS = {
    "script", "style", "noscript", "template", "svg", "iframe", "form", "button", "select",
    "nav", "footer", "aside", "input", "textarea", "object", "embed", "canvas", "video", "audio",
    "menu", "dialog",
}  # fmt: skip
BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5",
    "h6", "table", "tbody", "thead", "tr", "td", "th", "blockquote", "pre", "figure",
    "figcaption", "header", "dl", "dt", "dd", "center", "address", "hr",
}  # fmt: skip
HEADINGS = {"h2", "h3", "h4", "h5", "h6"}

_JUNK = re.compile(
    r"(?:^|[\s_\-])(?:comments?|commentlist|respond|reply|disqus|share|sharing|sharer|shares|"
    r"social|sociable|addthis|sharedaddy|related|relatedposts|yarpp|recommended|recommend|"
    r"newsletter|subscribe|subscription|signup|sidebar|widget|widgets|footer|menu|navbar|nav|"
    r"navigation|breadcrumbs?|tagcloud|tags|post-tags|author-?bio|about-?author|promo|advert|"
    r"advertisement|ads|ad|banner|popup|modal|cookies?|consent|pagination|pager|print|"
    r"rating|toolbar|skip|more-?stories|most-?read|popular|trending|ticker|outbrain|taboola|"
    r"read-?more|readmore|also|see-?also|next-?post|prev-?post|post-?navigation|meta|"
    r"byline|dateline|entry-meta|post-meta|caption|wp-caption-text|credit|hidden|"
    r"go-?to-?top|back-?to-?top|scroll-?top|login|search|masthead|header-top|topbar)"
    r"(?:$|[\s_\-])",
    re.IGNORECASE,
)
_BODY_MARK = re.compile(
    r"(?:^|[\s_\-])(?:entry-content|post-content|article-body|article-content|articlebody|"
    r"article__body|article-text|articletext|story-body|storybody|story-content|post-body|"
    r"postbody|post-entry|entry-body|single-content|content-body|news-text|news-body|"
    r"news-content|the-content|text-content|td-post-content|field-name-body|body-text|"
    r"article__content|articlecontent|post-text|blog-content|main-text|story-text)"
    r"(?:$|[\s_\-])",
    re.IGNORECASE,
)
_FURNITURE_TEXT = re.compile(
    r"^(?:مقالات ذات صلة|اقرأ أيضا|اقرأ أيضاً|اقرأ ايضا|اترك تعليقا|اترك تعليقاً|اترك ردا|"
    r"زر الذهاب إلى الأعلى|شارك|شارك هذا|مشاركة|التعليقات|تعليقات|related( posts| articles)?|"
    r"share( this)?|read more|leave a (reply|comment)|comments?|advertisement|anzeige|"
    r"werbung|publicité|teilen)\s*:?$",
    re.IGNORECASE,
)


def _classes(el: etree._Element) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''} {el.get('role') or ''}"


def _is_junk(el: etree._Element) -> bool:
    tag = el.tag
    if not isinstance(tag, str):
        return True
    if tag in DROP_TAGS:
        return True
    attrs = _classes(el)
    if attrs.strip() and _JUNK.search(attrs) and not _BODY_MARK.search(attrs):
        return el.get("itemprop") != "articleBody"
    return el.get("hidden") is not None or "display:none" in (el.get("style") or "").replace(
        " ", ""
    )


def _junk_set(root: etree._Element, keep: etree._Element | None) -> set[etree._Element]:
    """Elements whose subtrees are furniture; never an ancestor of ``keep``."""
    protected: set[etree._Element] = set()
    if keep is not None:
        protected.update(keep.iterancestors())
        protected.add(keep)
    junk = set()
    for el in root.iter():
        if el.tag in ("html", "body", "main") or el in protected:
            continue
        if _is_junk(el):
            junk.add(el)
    return junk


def _inside(el: etree._Element, junk: set[etree._Element], stop: etree._Element) -> bool:
    node = el
    while node is not None and node is not stop:
        if node in junk:
            return True
        node = node.getparent()
    return False


def _text_len(el: etree._Element) -> tuple[int, int]:
    text = len(squash("".join(el.itertext())))
    links = sum(len(squash("".join(a.itertext()))) for a in el.iter("a"))
    return text, links


def find_container(
    root: etree._Element, title_node: etree._Element | None
) -> tuple[etree._Element, set[etree._Element]]:
    """The article's container element and the furniture to skip inside it."""
    body = root.find("body")
    if body is None:
        body = root
    marked = [
        el
        for el in root.xpath(
            "//*[@itemprop='articleBody' or @itemprop='articlebody' or @property='articleBody']"
        )
    ]
    if not marked:
        marked = [
            el
            for el in body.iter("div", "section", "article", "main", "td")
            if el.get("class") and _BODY_MARK.search(el.get("class") or "")
        ]
    junk = _junk_set(body, title_node)
    best, best_len = None, 0
    for el in marked:
        if _inside(el, junk, body):
            continue
        length, links = _text_len(el)
        if length - links > best_len:
            best, best_len = el, length - links
    if best is not None and best_len > 200:
        junk = _junk_set(best, None) - {best}
        return best, junk
    scores: dict[etree._Element, float] = {}
    for p in body.iter("p", "pre", "blockquote", "br"):
        if p.tag == "br":
            parent = p.getparent()
            if parent is None or parent in scores:
                continue
            text = squash(parent.text) + squash(p.tail)
            if len(text) < 40:
                continue
            length, links = len(text), 0
            node = parent
        else:
            length, links = _text_len(p)
            node = p.getparent()
        if length < 25 or links > 0.5 * length or node is None:
            continue
        if _inside(p, junk, body):
            continue
        score = length - links + 10 * min(3, squash(p.text if p.tag != "br" else "").count(","))
        scores[node] = scores.get(node, 0) + score
        grand = node.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0) + score / 2
    if not scores:
        return body, junk
    best = max(scores, key=scores.__getitem__)
    return best, junk


def _has_block_child(el: etree._Element) -> bool:
    return any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in el)


def _block_text(el: etree._Element) -> list[str]:
    for br in el.iter("br"):
        br.tail = "\n" + (br.tail or "")
    raw = "".join(el.itertext())
    parts = [squash(part) for part in raw.split("\n\n")] if "\n" in raw else [squash(raw)]
    if "\n" in raw and len(parts) == 1:
        parts = [squash(line) for line in raw.split("\n")]
    return [p for p in parts if p]


class _Tail:
    """Tail text queued between siblings so that it keeps its place."""

    tag = "#tail"

    def __init__(self, text: str) -> None:
        self.text = text


def extract_body(root: etree._Element, title_node: etree._Element | None) -> str | None:
    """The article text, paragraphs separated by a blank line."""
    container, junk = find_container(root, title_node)
    skip = {title_node} if title_node is not None else set()
    blocks = []
    for item in _iter_blocks(container, junk, skip):
        if not blocks or blocks[-1] != item:
            blocks.append(item)
    return "\n\n".join(blocks) or None


def _iter_blocks(container, junk, skip):
    stack: list = [container]
    while stack:
        el = stack.pop()
        if isinstance(el, _Tail):
            yield el.text
            continue
        tag = el.tag
        if not isinstance(tag, str) or el in junk or el in skip or tag in DROP_TAGS:
            continue
        if el is not container and _is_junk(el):
            continue
        if tag == "h1":
            continue
        if not _has_block_child(el):
            texts = _block_text(el)
            if texts:
                total = sum(len(t) for t in texts)
                links = sum(len(squash("".join(a.itertext()))) for a in el.iter("a"))
                if tag in HEADINGS or tag == "li" or links <= 0.5 * total:
                    for text in texts:
                        if not _FURNITURE_TEXT.match(text):
                            yield text
            continue
        direct = squash(el.text)
        if direct:
            yield direct
        children = [c for c in el if isinstance(c.tag, str)]
        for child in reversed(children):
            tail = squash(child.tail)
            if tail:
                stack.append(_Tail(tail))
            stack.append(child)
