"""Speed-ups that must not change what is extracted: each shortcut gives the same answer as
the slower code it replaces (docs/benchmarks.md, "Session 7: speed")."""

from __future__ import annotations

import re

from lxml import html as lxml_html

from newscrawler.extract import furniture
from newscrawler.extract.html import _xml_safe_utf8, parse_html

PICTURE_BOXES = """<html><body>
<div class="wrap"><div class="inner"><div class="photo"><img src="a.jpg"></div>
<p>Caption of the photo.</p></div></div>
<div class="story"><div><p>Text without any picture at all.</p></div></div>
<figure><picture><source srcset="b.webp"><img src="b.jpg"></picture></figure>
<div><span><em>No picture here either.</em></span></div>
</body></html>"""


def test_pictured_is_every_element_holding_a_picture() -> None:
    root = lxml_html.fromstring(PICTURE_BOXES)
    pictured = furniture._pictured(root)
    for el in root.iter("div", "figure", "body"):
        assert (el in pictured) == furniture._holds_picture(el), el.get("class") or el.tag
    classes = {el.get("class") for el in pictured if el.tag == "div"}
    assert classes == {"wrap", "inner", "photo"}


def test_media_figure_same_with_and_without_the_precomputed_set() -> None:
    root = lxml_html.fromstring(PICTURE_BOXES)
    pictured = furniture._pictured(root)
    verdicts = [furniture._media_figure(el, pictured) for el in root.iter("div", "figure")]
    assert verdicts == [furniture._media_figure(el) for el in root.iter("div", "figure")]
    assert verdicts == [True, True, True, False, False, True, False]


# Class tokens from corpus pages, in the case their themes write them, and a few non-ASCII.
TOKENS = [
    "RelatedArticles", "related-posts", "Article__Related", "td-post-content", "Entry-Content",
    "post_content", "NewsletterSignup", "jp-relatedposts", "sidebar-and-content-body",
    "SocialShare", "ad-slot", "headline", "story__body", "widget_text", "ImageCaption_wrapper",
    "wp-caption-text", "LAYOUT-WITH-SIDEBAR", "Paywall", "Şirket-related", "مقالات-related",
    "ſidebar", "ﬁeld--name-body", "",
]  # fmt: skip


def test_folded_search_answers_as_the_case_insensitive_pattern() -> None:
    patterns = [
        furniture._JUNK_STRONG, furniture._JUNK_PREFIX, furniture._BODY_MARK, furniture._LAYOUT,
        furniture._JUNK_CONTENT, furniture._JUNK_WEAK, furniture._CAPTION,
    ]  # fmt: skip
    for pattern in patterns:
        search = furniture._folded(pattern)
        for token in TOKENS:
            assert search(token) == bool(pattern.search(token)), (pattern.pattern[:30], token)
    # "ſ" (long s) folds to "s" in the regex engine, not in str.lower(): the slow path keeps it.
    assert furniture._folded(furniture._JUNK_STRONG)("ſidebar")


def test_folded_keeps_the_pattern_when_it_names_upper_case_letters() -> None:
    camel = re.compile(r"(?<=[a-z])Related", re.IGNORECASE)
    search = furniture._folded(camel)
    assert search("boxRelated") and search("boxrelated") and not search("Related")
    # A non-ASCII letter in the pattern may fold to an ASCII one ("ſ" to "s"): kept as it is too.
    long_s = re.compile("ſidebar", re.IGNORECASE)
    assert furniture._folded(long_s)("sidebar") == bool(long_s.search("sidebar")) is True


def test_noncharacters_and_control_bytes_are_dropped_before_parsing() -> None:
    # libxml2 rejects U+FFFE/U+FFFF; the one-scan test must still find either, anywhere.
    assert _xml_safe_utf8("<p>a\ufffeb\uffffc\x01d</p>") == b"<p>abcd</p>"
    assert _xml_safe_utf8("<p>x</p>\uffff") == b"<p>x</p>"
    assert _xml_safe_utf8("<p>\ufffd \uff21</p>") == "<p>\ufffd \uff21</p>".encode()
    root = parse_html("<html><body><p>Text\ufffe here</p></body></html>")
    assert root is not None and root.findtext(".//p") == "Text here"
