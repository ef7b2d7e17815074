"""One walk over a page's tree for the elements several extractors look up.

Each whole-document XPath (``//link``, ``//h1``, ``//@rel/parent::a``…) walks every node of the
page again; one tag-filtered ``iter`` (a C-level walk) finds them all at once, in document order.
The index is built on first use, after the page object has stripped scripts, and kept for the
tree it was built from (the extractors change only text, never the tree's shape).
"""

from __future__ import annotations

import threading

from lxml import etree


class PageIndex:
    """``<a>``, ``<link>`` and ``<h1>`` elements of one tree, in document order."""

    __slots__ = ("anchors", "h1s", "links", "rel_anchors", "root")

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        anchors: list = []
        links: list = []
        h1s: list = []
        for el in root.iter("a", "link", "h1"):
            tag = el.tag
            if tag == "a":
                anchors.append(el)
            elif tag == "link":
                links.append(el)
            else:
                h1s.append(el)
        self.anchors = anchors
        self.links = links
        self.h1s = h1s
        self.rel_anchors = [a for a in anchors if a.get("rel") is not None]


_current = threading.local()


def forget() -> None:
    """Drop the kept index (the page object calls this once it has reshaped its tree)."""
    _current.value = None


def index_of(root: etree._Element) -> PageIndex:
    """The index of ``root``, built once per tree."""
    index = getattr(_current, "value", None)
    if index is None or index.root is not root:
        index = PageIndex(root)
        _current.value = index
    return index
