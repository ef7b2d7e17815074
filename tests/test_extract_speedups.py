"""Speed-ups that must not change what is extracted: each shortcut gives the same answer as
the slower code it replaces (docs/benchmarks.md, "Session 7: speed")."""

from __future__ import annotations

from lxml import html as lxml_html

from newscrawler.extract import furniture

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
