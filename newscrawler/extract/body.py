"""Main-content detection: every paragraph of the article, none of the page furniture.

Two passes over one tree. First, furniture is recognised by tag and by class/id words and
fenced off (``furniture.py``). Then the article container is chosen (``container.py``), and its
blocks are read here in document order, without teaser lists, other posts and boilerplate lines
(``boilerplate.py``).
"""

from __future__ import annotations

import itertools
import re
from urllib.parse import urljoin, urlsplit

from lxml import etree

from newscrawler.extract.boilerplate import is_boilerplate, is_stamp, without_repeats
from newscrawler.extract.container import find_container
from newscrawler.extract.furniture import DROP_TAGS, embedded_posts, form_boxes, text_shorter
from newscrawler.extract.html import parse_html, squash
from newscrawler.extract.structured import script_html

__all__ = ["extract_body", "find_container", "is_boilerplate", "scripted_body"]

BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5",
    "h6", "table", "tbody", "thead", "tr", "td", "th", "blockquote", "pre", "figure",
    "figcaption", "header", "dl", "dt", "dd", "center", "address", "hr",
}  # fmt: skip
HEADINGS = {"h2", "h3", "h4", "h5", "h6"}


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
    # A block whose own text (outside links) is far more than its teasers' is part of the story
    # (a body split in sections beside a rail of teasers, a story with two related links).
    return {
        el
        for el, n in counts.items()
        if n >= 2 and _unlinked_len(el) <= _TEASER_TEXT * n
    }


_TEASER_TEXT = 300  # characters of summary, date and kicker a teaser may carry outside its link


def _unlinked_len(el: etree._Element) -> int:
    return len(squash("".join(el.itertext()))) - _link_text_len(el)


def _links_a_page(href: str | None) -> bool:
    """An href to another page (not a script, a mail address or an anchor of this one)."""
    href = (href or "").strip().lower()
    return bool(href) and not href.startswith(("javascript:", "mailto:", "#", "tel:"))


_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


def has_sentence(body: str, words: int = 4) -> bool:
    """Whether any block of a body has ``words`` words (for scripts written without spaces,
    ``3 * words`` of their letters): a real text does, even a one-line item, while the labels,
    dates and names around a post that has no text do not."""
    return any(len(block.split()) >= words or len(_UNSPACED.findall(block)) >= 3 * words
               for block in body.split("\n\n"))


def extract_body(
    root: etree._Element,
    title_node: etree._Element | None,
    props: list | None = None,
    url: str | None = None,
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
    skip.update(_teaser_cards(container, keep, url or ""))
    skip.update(form_boxes(container, keep))
    skip.update(embedded_posts(container, keep))
    blocks: list[str] = []
    levels: list[int] = []
    for text, inside, level in _iter_blocks(container, junk, skip, core, url or ""):
        if not inside and len(text) < 50:
            continue
        if not blocks or blocks[-1] != text:
            blocks.append(text)
            levels.append(level)
    blocks, levels = without_repeats(blocks, levels)
    blocks, levels = _before_paywall(blocks, levels)
    while blocks and len(blocks[-1]) < 50 and blocks[-1].endswith(":"):
        blocks.pop()  # a label ("Mehr zum Thema:", "Kontakt:") whose list was furniture
        levels.pop()
    return "\n\n".join(_without_empty_sections(blocks, levels)) or None


def scripted_body(scripts: list[str], url: str | None = None) -> str | None:
    """The body of a page rendered by script, read when its HTML has none (a loading spinner,
    a template to fill): the article's HTML kept as a JSON string in the page's app state."""
    for html in script_html(scripts):
        fragment = parse_html(html)
        text = extract_body(fragment, None, None, url) if fragment is not None else None
        if text and has_sentence(text):
            return text
    return None


# A paywall's notice, in the languages of the corpora: the story stops there, and what follows is
# the offer (sign up, log in, the benefits of membership).
_PAYWALL = re.compile(
    r"already a subscriber|subscribe to (?:continue|keep) reading|(?:for|reserved for|exclusive to"
    r"|exclusively for) subscribers only|weiterlesen mit|nur für abonnenten|réservée? aux abonnés"
    r"|exclusivo para suscriptores|riservato agli abbonati|会員限定です|有料会員限定|للمشتركين فقط",
    re.IGNORECASE,
)


def _before_paywall(blocks: list[str], levels: list[int]) -> tuple[list[str], list[int]]:
    """The blocks before a paywall's notice (a short block, after some text), none after it."""
    for i, block in enumerate(blocks[1:], 1):
        if len(block) < 200 and _PAYWALL.search(block):
            return blocks[:i], levels[:i]
    return blocks, levels


_PROSE_WORDS = 8


def _prose_around_links(el: etree._Element) -> bool:
    """Whether the words outside a paragraph's links make a sentence of their own ("Trump
    <a>imposed tariffs…</a>, prompting Mexico to implement a range of…"), unlike a list of
    links with separators or a "Read more:" label."""
    outside = [el.text or ""]
    for d in el.iterdescendants():
        if any(a.tag == "a" for a in d.iterancestors() if a is not el):
            continue  # inside a link: text and tail are link text
        if d.tag != "a":
            outside.append(d.text or "")
        outside.append(d.tail or "")
    return len(_WORDS.findall("".join(outside))) >= _PROSE_WORDS


_WORDS = re.compile(r"\w+")


_LEVEL = {"h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


def _without_empty_sections(blocks: list[str], levels: list[int]) -> list[str]:
    """Headings after the text has begun with no text of their own under them (the next block
    is a heading of the same or a higher rank, or there is none): their section was furniture
    ("Mehr zum Thema", "Empfohlene Beiträge", "Share this article") and is gone already.
    Headings before the first paragraph, or long ones, are a standfirst or a deck, whatever
    follows them."""
    kept = []
    begun = False
    prose = 0  # blocks with a sentence so far: a stamp before the second is in the header
    for i, (text, level) in enumerate(zip(blocks, levels, strict=True)):
        following = levels[i + 1] if i + 1 < len(levels) else 1
        if begun and level and following and following <= level and len(text) < 80:
            continue
        if prose < 2 and is_stamp(text):
            continue  # "Stand: 28.04.2023 17:23 Uhr", "3 Min Lesezeit" by the headline or lead
        begun = begun or not level
        prose += has_sentence(text, 8)
        kept.append(text)
    return kept


def _link_list(el: etree._Element, host: str) -> bool:
    """A list of two or more items that are each mostly link text (the bar of a link-dense
    block) to other pages of this site: other stories ("more on this topic", a teaser
    column), not sentences of the story. Lists of links elsewhere (sources, shops) are the
    text's own."""
    items = [li for li in el if li.tag == "li"]
    if len(items) < 2 or not host:
        return False
    for li in items:
        text = len(squash("".join(li.itertext())))
        if not text or _link_text_len(li) <= 0.5 * text:
            return False
        if not all(_same_site(a.get("href"), host) for a in li.iter("a")):
            return False
    return True


def _host(url: str | None) -> str:
    return (urlsplit(url or "").hostname or "").removeprefix("www.")


def _same_site(href: str | None, host: str) -> bool:
    href = (href or "").strip()
    if not href.startswith(("http:", "https:", "//")):
        return _links_a_page(href)  # a path on this site
    return _host(href) == host


def _linked_headline(el: etree._Element, host: str, here: str) -> bool:
    """A heading that is wholly a link to another page of this site: the headline of another
    story. A subheading of the text does not link away (a permalink to this page is no
    other story)."""
    if not host:
        return False

    def elsewhere(a: etree._Element) -> bool:
        href = a.get("href")
        return _same_site(href, host) and urlsplit(urljoin(here, href or "")).path != urlsplit(here).path

    for anc in itertools.islice(el.iterancestors(), 4):
        if anc.tag == "a":
            return elsewhere(anc)
    links = list(el.iter("a"))
    text = len(squash("".join(el.itertext())))
    return bool(links) and _link_text_len(el) >= 0.9 * text and all(map(elsewhere, links))


def _teaser_cards(container: etree._Element, keep: set, here: str) -> set[etree._Element]:
    """Short blocks that open with another story's linked headline: teaser cards (the headline
    and a line or two of that story), each taken as its largest such block under 400
    characters."""
    host = _host(here)
    cards = set()
    for heading in container.iterdescendants(*_LINKABLE_HEADINGS):
        if not _linked_headline(heading, host, here):
            continue
        card = None
        for anc in heading.iterancestors():
            if anc is container or anc in keep or not text_shorter(anc, 400):
                break
            if not _opens_with(anc, heading):
                break
            card = anc
        if card is not None:
            cards.add(card)
    return cards


def _opens_with(block: etree._Element, heading: etree._Element) -> bool:
    """Whether ``heading`` is the first thing ``block`` shows: no text and no other heading
    before it (a paragraph that holds a linked teaser after its own sentences is no card)."""
    node = heading
    while node is not block:
        parent = node.getparent()
        if squash(parent.text):
            return False
        for sibling in node.itersiblings(preceding=True):
            if squash("".join(sibling.itertext())) or squash(sibling.tail):
                return False
        node = parent
    return True


def _iter_blocks(container, junk, skip, core, here=""):
    host = _host(here)
    stack: list = [(container, container is core)]
    while stack:
        el, inside = stack.pop()
        if isinstance(el, _Tail):
            yield el.text, inside, 0
            continue
        tag = el.tag
        if not isinstance(tag, str) or el in junk or el in skip or tag in DROP_TAGS:
            continue
        if tag == "h1":
            continue
        inside = inside or el is core
        if tag in ("ul", "ol") and _link_list(el, host):
            continue
        if not _has_block_child(el):
            texts = _block_text(el)
            if texts:
                if tag in HEADINGS and _linked_headline(el, host, here):
                    continue
                if (
                    tag in HEADINGS
                    or tag == "li"
                    or _link_text_len(el) <= 0.5 * sum(map(len, texts))
                    or (inside and tag == "p" and _prose_around_links(el))
                ):
                    for text in texts:
                        if not is_boilerplate(text):
                            yield text, inside, _LEVEL.get(tag, 0)
            continue
        stack.extend((item, inside) for item in reversed(_runs(el, junk, skip)))


def _runs(el: etree._Element, junk, skip) -> list:
    """``el``'s children in order, with the text between its block children joined into one
    line each: a paragraph that holds a block (an ad slot, a figure) stays one paragraph with
    its links and emphasis, rather than pieces that each fail the filters."""
    items: list = []
    parts: list[str] = [el.text or ""]
    links = [0, False]  # link characters in the run, whether it holds an inline element

    def flush() -> None:
        text = squash("".join(parts))
        if text and (
            not links[1] or (links[0] <= 0.5 * len(text) and not is_boilerplate(text))
        ):
            items.append(_Tail(text))
        parts.clear()
        links[0], links[1] = 0, False

    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in DROP_TAGS or child in junk or child in skip:
            pass
        elif tag in BLOCK_TAGS or tag == "br" or _holds_block(child):
            flush()
            if tag != "br":
                items.append(child)
        else:
            text = "".join(child.itertext())
            parts.append(text)
            links[0] += len(squash(text)) if tag == "a" else _link_text_len(child)
            links[1] = True
        parts.append(child.tail or "")
    flush()
    return items


def _holds_block(el: etree._Element) -> bool:
    """Whether an inline element holds blocks or line breaks (a card link, a <font> of lines)."""
    return any(d.tag in BLOCK_TAGS or d.tag == "br" for d in el.iterdescendants())


# A copula after the name: "X is a senior researcher", "X ist Korrespondentin", "X est
# journaliste", "X es periodista", "X è giornalista", "X writes about …".
_BIO_VERB = re.compile(
    r"^\W*(?:is|was|has|writes|covers|reports|ist|war|schreibt|berichtet|est|écrit|es|escribe|è|"
    r"scrive|é|jest|er|är|is een)\b",
    re.IGNORECASE,
)


def without_author_notes(body: str | None, authors: list[str]) -> str | None:
    """The body without notes on its authors near its end ("Rachel Riederer is a member of The
    New Yorker's editorial staff.", "Korrespondent Ulrich Exner ist bei WELT für …"): a short
    block among the last few that opens with the full name of one of the page's authors (after
    a word of title at most) and goes on as a sentence about them."""
    names = [squash(n) for n in authors if n and " " in squash(n)]
    if not body or not names:
        return body
    blocks = body.split("\n\n")
    if len(blocks) < 3:
        return body
    tail = len(blocks) - _NOTE_REACH

    def note(i: int, block: str) -> bool:
        if i < tail or len(block) >= 400:
            return False
        for name in names:
            at = block.find(name)
            if 0 <= at <= 20 and " " not in block[:at].strip() and _BIO_VERB.match(
                block[at + len(name):]
            ):
                return True
        return False

    return "\n\n".join(b for i, b in enumerate(blocks) if not note(i, b))


_NOTE_REACH = 4  # blocks from the end where an author's note may stand
