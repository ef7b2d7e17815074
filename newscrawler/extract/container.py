"""Which element holds the article: the explicit body markup when the page has it, otherwise
the element whose paragraphs carry the most text, grown to the article around it.

What changes here: the scoring of candidates and the rules that widen or narrow the choice.
"""

from __future__ import annotations

import itertools

from lxml import etree

from newscrawler.extract.furniture import body_marked, junk_set
from newscrawler.extract.html import squash


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
            if (cls := el.get("class")) and body_marked(cls)
        ]
    junk = junk_set(body, [title_node, *marked] if title_node is not None else marked)
    scores: dict[etree._Element, float] = {}
    weights: dict[etree._Element, float] = {}
    totals = _Totals(weights)
    for p in body.iter("p", "pre", "blockquote", "br", "h2", "h3", "h4", "li"):
        if p not in junk:
            _weigh(p, junk, scores, weights)
    # A <div> holding a long run of its own text is a paragraph too, also where the page has
    # some <p>s: a promotion box in <p>s must not outweigh a story written in <div>s.
    for div in _TEXT_DIVS(body):
        _weigh(div, junk, scores, weights)
    best = None
    best_len = 0.0
    marked = [
        el for el in marked if el not in junk and not any(a.tag == "a" for a in el.iterancestors())
    ]  # not furniture, nor a teaser card (a body mark inside a link)
    for el in _near_title(marked, title_node, totals):
        if totals.get(el, 0) > best_len:
            best, best_len = el, totals.get(el, 0)
    if best is None or best_len < 200:
        if not scores:
            return body, body, junk
        best = _nearest_title(scores, title_node)
        marked = _same_class(best, body, junk)
    container = _widen(best, title_node, totals, body, marked)
    return best, _within_article(container, title_node, totals), junk


def _same_class(best: etree._Element, body: etree._Element, junk: set) -> list:
    """With no body markup, the elements that carry the best block's own class: the page's
    text modules, whatever the class is called (a story split into several of them)."""
    cls = best.get("class")
    if not cls:
        return []
    return [el for el in body.iter(best.tag) if el.get("class") == cls and el not in junk]


def _nearest_title(scores: dict, title_node) -> etree._Element:
    """The best-scoring text block, unless one nearly as strong shares a closer ancestor with
    the headline: a page can carry a second story (read next, endless scroll) longer than its
    own, while a story's text sits beside its own headline."""
    best = max(scores, key=scores.__getitem__)
    if title_node is None:
        return best
    floor = max(_NEAR_MIN, _NEAR_SHARE * scores[best])
    strong = [el for el in scores if scores[el] >= floor]
    if len(strong) < 2:
        return best
    ancestors = {el: i for i, el in enumerate(title_node.iterancestors())}

    def distance(el: etree._Element) -> int:
        return next((ancestors[a] for a in el.iterancestors() if a in ancestors), len(ancestors))

    nearest = min(map(distance, strong))
    if distance(best) == nearest:
        return best
    return max((el for el in strong if distance(el) == nearest), key=scores.__getitem__)


_NEAR_MIN = 400  # a block's score (characters of text) to be taken for the story's own text
_NEAR_SHARE = 0.3  # ... and its share of the best block's


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
        length, links = _own_text_len(parent)
        if length < 40:
            return
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


_INLINE = {
    "a", "b", "i", "em", "strong", "span", "font", "u", "small", "sup", "sub", "mark", "q",
    "cite", "abbr", "time", "s", "ins", "del", "code", "kbd", "tt", "big",
}  # fmt: skip


def _own_text_len(el: etree._Element) -> tuple[int, int]:
    """Length of the text an element holds itself (its lines between ``<br>``s, with their
    links and emphasis, across comments), not in block children; and of its links in it."""
    parts, links = [el.text or ""], 0
    for child in el:
        if child.tag in _INLINE:
            text = "".join(child.itertext())
            parts.append(text)
            if child.tag == "a":
                links += len(text.strip())
        parts.append(child.tail or "")
    return len(squash("".join(parts))), links


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
    marked: list | None = None,
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
        kin = _kin_weight(node, anc, totals, marked or ())
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


_LINKED_HEADING = etree.XPath(
    "boolean(descendant-or-self::*[self::h1 or self::h2 or self::h3 or self::h4][.//a[@href]])"
)


def _kin_weight(node: etree._Element, parent: etree._Element, totals, marked) -> float:
    """Paragraph weight of ``node``'s siblings built like it (more of the same text), and of
    the body-marked elements inside its other siblings (a body marked paragraph by paragraph,
    some of them wrapped in a teaser or paywall block)."""
    if node.getparent() is not parent:
        return 0.0
    mine = _signature(node)
    kin = [s for s in parent if s is not node and _signature(s) == mine]
    weight = sum(totals.get(s, 0) for s in kin)
    if marked:
        counted = {node, *kin}
        for el in marked:
            ancestors = list(el.iterancestors())
            if parent in ancestors and el not in counted and counted.isdisjoint(ancestors):
                branch = ancestors[ancestors.index(parent) - 1] if ancestors[0] is not parent else el
                # the outermost marks only, and not a post of a listing (a linked heading)
                if not any(m in ancestors for m in marked) and not _LINKED_HEADING(branch):
                    weight += totals.get(el, 0)
    return weight
