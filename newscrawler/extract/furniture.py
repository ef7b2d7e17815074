"""Page furniture (navigation, share bars, related posts, comments, newsletter boxes, footers),
recognised by tag and by class/id words, so that the body never reads it.

What changes here: the words themes and CMSs give their furniture.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable

from lxml import etree

DROP_TAGS = {
    "script", "style", "noscript", "template", "svg", "iframe", "form", "button", "select",
    "nav", "footer", "aside", "input", "textarea", "object", "embed", "canvas", "video", "audio",
    "menu", "dialog", "figcaption",
}  # fmt: skip

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
    r"disclaimer|disclosure|license|upsell|buybox|flyout|news-?letter|toc|toc_container|paywall|"
    r"fact-?box|factbox|info-?box|twitter-tweet|instagram-media|tiktok-embed|dialog|alertdialog|"
    r"polls?|quiz|survey|(?:reg|registration|access|login|pay)-?wall|expandable|collapsible|accordion|tooltip|alert"
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
    r"(?:^|[\s_\-])(?:related|newsletter|disclaimer|donation|auth?or[-_]*(?:bio|box|info|tooltip|card|"
    r"description|details|profile|position))",
    re.IGNORECASE,
)
# The same words starting a part of a camelCase name ("ArticleAuthorBio", "InlineDonationPromo").
_JUNK_CAMEL = re.compile(
    r"(?<=[a-z])(?:Related|Newsletter|Disclaimer|Donation|Author(?:Bio|Box|Info|Tooltip|Card|"
    r"Description|Details|Profile|Position))"
)
_WEAK = (
    r"share|shares|widget|widgets|tags|post-tags|promo|advert|ads|ad|print|rating|toolbar|"
    r"skip|also|meta|byline|dateline|entry-meta|post-meta|caption|wp-caption-text|credit|"
    r"hidden|search|header-top|infobox|more|gallery|lightbox|slideshow|carousel"
)
# Caption words inside compound class names ("ImageCaption_wrapper", "bi-image__caption-text").
_CAPTION = re.compile(r"caption", re.IGNORECASE)
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


def _folded(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    """``pattern.search`` as a yes/no, about three times faster on ASCII text.

    A case-insensitive pattern whose letters are all lower-case ASCII matches an ASCII string
    exactly when its case-sensitive twin matches the string lower-cased, and the case-sensitive
    twin skips most of a long alternation on the first letter (the regex engine cannot for
    case-folded literals). Class tokens are nearly all ASCII and too varied to cache well.
    """
    source = pattern.pattern
    as_is = not pattern.flags & re.IGNORECASE or not source.isascii()  # "ſ" folds to "s"
    if as_is or re.search(r"(?<!\\)[A-Z]", source):  # an upper-case letter or escape (\W)
        return lambda text: pattern.search(text) is not None
    plain = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)

    def search(text: str) -> bool:
        if text.isascii():
            return plain.search(text.lower()) is not None
        return pattern.search(text) is not None

    return search


_is_strong = _folded(_JUNK_STRONG)
_is_prefix = _folded(_JUNK_PREFIX)
_is_body = _folded(_BODY_MARK)
_is_layout = _folded(_LAYOUT)
_is_content = _folded(_JUNK_CONTENT)
_is_weak = _folded(_JUNK_WEAK)
_is_caption = _folded(_CAPTION)


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
        return 3 if _is_layout(attrs) and not _is_content(attrs) else 2
    return 1 if mixed or _is_weak(attrs) or _is_caption(attrs) else 0


@functools.lru_cache(maxsize=16384)
def _token_kind(token: str) -> tuple[bool, bool] | None:
    """(names furniture, names the body) for one class token; None for a taxonomy class.

    Cached on its own: tokens repeat across pages far more than whole class strings do.
    """
    if _TAXONOMY.match(token):
        return None
    junk = _is_strong(token) or _is_prefix(token) or _JUNK_CAMEL.search(token) is not None
    return junk, _is_body(token)


@functools.lru_cache(maxsize=4096)
def body_marked(cls: str) -> bool:
    return _is_body(cls)


def _holds_paragraphs(el: etree._Element, wanted: int = 1) -> bool:
    found = 0
    for p in el.iterdescendants("p"):
        if len("".join(p.itertext())) > 100:
            found += 1
            if found >= wanted:
                return True
    return False


_MEDIA = ("img", "picture", "video", "audio", "iframe", "svg")


def _media_figure(el: etree._Element, pictured: set[etree._Element] | None = None) -> bool:
    """A ``<figure>`` around a picture or a video, or a small picture box (a ``<div>`` of at
    most three children around a picture and under 250 characters of text): whatever text it
    holds beside the media is a caption, a credit or a gallery counter. A figure around a
    quotation is the text's own. ``pictured``: the elements holding an img/picture, if known."""
    if el.tag == "div" and (
        len(el) > 3
        or not (el in pictured if pictured is not None else _holds_picture(el))
        or not text_shorter(el, 250)
    ):
        return False
    return el.find(".//blockquote") is None and any(True for _ in el.iter(*_MEDIA))


def _holds_picture(el: etree._Element) -> bool:
    return any(True for _ in el.iter("img", "picture"))


def _pictured(root: etree._Element) -> set[etree._Element]:
    """Every element with an img/picture inside: one walk up from each picture, instead of a
    walk down every small ``<div>`` (nested wrappers made that quadratic)."""
    found: set[etree._Element] = set()
    for media in root.iter("img", "picture"):
        for anc in media.iterancestors():
            if anc in found:
                break  # and so are all of its ancestors
            found.add(anc)
    return found


def text_shorter(el: etree._Element, limit: int) -> bool:
    """Whether the text under ``el`` is shorter than ``limit`` (read no further than that)."""
    total = 0
    for piece in el.itertext():
        total += len(piece.strip())
        if total >= limit:
            return False
    return True


_CANDIDATE_ATTRS = frozenset(("class", "id", "role", "hidden", "style", "aria-hidden"))
_NEVER_JUNK = ("html", "body", "main")


def junk_set(root: etree._Element, keep: list[etree._Element]) -> set[etree._Element]:
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
    pictured = _pictured(root)
    for el in root.iterdescendants():
        if el in fenced:
            continue
        tag = el.tag
        if tag.__class__ is not str:
            continue
        if tag in DROP_TAGS or (tag in ("figure", "div") and _media_figure(el, pictured)):
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
            if verdict == 3:  # a paragraph styled by a layout word ("paywall") is still text
                junk = tag != "p" and not _holds_paragraphs(el, 3)
            else:
                junk = verdict == 2 or not _holds_paragraphs(el)
        elif "hidden" in keys or get("aria-hidden") == "true":
            junk = True
        elif "style" in keys:
            style = get("style")
            junk = bool(style) and "display:none" in style.replace(" ", "")
        else:
            junk = False
        if junk:
            fenced.update(el.iter())
    return fenced


_FORM_BOX = 400  # characters: the prompt and fine print around a sign-up or log-in form
_ACCOUNT_INPUTS = ("email", "password", "text", "")  # the fields of a sign-up or a log-in


def _account_field(field: etree._Element) -> bool:
    """An input a name or an address is typed into: an email, password or text field, not a
    two-digit quantity ("15 Stücke") or a search box."""
    if (field.get("type") or "").strip().lower() not in _ACCOUNT_INPUTS:
        return False
    size = field.get("maxlength") or ""
    return not (size.isdigit() and int(size) < 5)


def form_boxes(container: etree._Element, keep: set) -> set[etree._Element]:
    """The small block around a sign-up, log-in or comment field (an email or password input,
    a text area): its heading and fine print are the form's, not the story's, whatever the
    block's class. Each field is taken with its largest ancestor of under 400 characters, at
    most three levels up."""
    boxes = set()
    for form in container.iterdescendants("input", "textarea"):
        if form.tag == "input" and not _account_field(form):
            continue  # a quantity, a search field or a button is no sign-up
        box = None
        for anc in itertools.islice(form.iterancestors(), 3):
            if anc is container or anc in keep or not text_shorter(anc, _FORM_BOX):
                break
            box = anc
        if box is not None:
            boxes.add(box)
    return boxes


# The permalink of a post on a social platform: the date line of an embedded post links to it.
_POST_LINK = re.compile(
    r"^(?:https?:)?//(?:www\.|mobile\.)?(?:(?:twitter|x)\.com/\w+/status/\d|instagram\.com/(?:p|reel)/"
    r"|tiktok\.com/@[^/]+/video/\d)",
    re.IGNORECASE,
)


def embedded_posts(container: etree._Element, keep: set) -> set[etree._Element]:
    """Quotations that link to a post's permalink on a social platform: an embedded tweet or
    Instagram post before its script runs, whatever its class (the platform's own markup)."""
    return {
        quote
        for quote in container.iterdescendants("blockquote")
        if quote not in keep
        and any(_POST_LINK.match((a.get("href") or "").strip()) for a in quote.iter("a"))
    }
