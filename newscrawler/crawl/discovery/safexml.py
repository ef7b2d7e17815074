"""XML from the web read as hostile input.

Entities are never expanded (no billion laughs), DTDs and external entities are never loaded
(no XXE: ``file://`` or network reads), huge text nodes are refused and gzip is decompressed up
to a cap (no gzip bombs). Feeds and sitemaps read XML only through here.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator
from html.entities import html5
from typing import Any

from lxml import etree

from newscrawler.crawl.discovery.common import clean_text

MAX_XML_BYTES = 50 * 1024 * 1024  # the sitemap protocol's size limit, and our gzip cap
GZIP_MAGIC = b"\x1f\x8b"

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# One set of options for the tree parser and the streaming one.
_SAFE_OPTIONS: dict[str, bool] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}


def secure_parser(*, recover: bool) -> etree.XMLParser:
    """A parser that never expands entities, loads DTDs or touches the network or disk."""
    return etree.XMLParser(dtd_validation=False, recover=recover, **_SAFE_OPTIONS)


def secure_iterparse(data: bytes) -> etree.iterparse:
    """Start and end events over ``data``, with the same guards as ``secure_parser``."""
    return etree.iterparse(io.BytesIO(data), events=("start", "end"), **_SAFE_OPTIONS)


def xml_bytes(body: bytes | str | None) -> bytes:
    """The body as bytes lxml can parse: str re-encoded without its now-wrong declaration."""
    if body is None:
        return b""
    if isinstance(body, str):
        body = _XML_DECLARATION.sub("", body, count=1).encode("utf-8", "replace")
    elif not isinstance(body, bytes | bytearray | memoryview):
        return b""
    body = bytes(body)
    if body.startswith(b"\xef\xbb\xbf"):
        body = body[3:]
    return body.lstrip(b" \t\r\n")


def gunzip(body: bytes, limit: int) -> tuple[bytes, str | None]:
    """Decompress at most ``limit`` bytes; a bigger payload is cut there (a gzip bomb gives
    only junk, a legitimate oversized sitemap still gives its first entries)."""
    out = io.BytesIO()
    decomp = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = decomp.decompress(body, limit + 1)
        out.write(data)
        while decomp.unconsumed_tail and out.tell() <= limit:
            out.write(decomp.decompress(decomp.unconsumed_tail, limit + 1 - out.tell()))
    except zlib.error as exc:
        return out.getvalue()[:limit], f"bad gzip data: {exc}"
    if out.tell() > limit:
        cut = out.getvalue()[:limit]
        return cut, f"gzip data larger than {limit} bytes; read only the first {limit}"
    return out.getvalue(), None


def parse_tree(body: bytes | str | None, url: str, max_bytes: int) -> tuple[Any, str | None]:
    """The root element of an XML body (recovering from sloppy markup), or (None, why)."""
    data = xml_bytes(body)
    if data.startswith(GZIP_MAGIC):
        data, error = gunzip(data, max_bytes)
        if error:
            return None, error
        data = xml_bytes(data)
    if not data:
        return None, "empty body"
    if len(data) > max_bytes:
        return None, f"body larger than {max_bytes} bytes"
    for recover in (False, True):
        try:
            root = etree.fromstring(data, secure_parser(recover=recover), base_url=url or None)
        except (etree.XMLSyntaxError, ValueError) as exc:
            error = f"not XML: {exc}"
            continue
        if root is None:
            return None, "not XML"
        return root, None
    return None, error


def local_name(tag: Any) -> str:
    """The local name of an element tag ("" for comments, entities, processing instructions)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def namespace(tag: Any) -> str:
    """The namespace URI of an element tag ("" for none)."""
    if isinstance(tag, str) and tag.startswith("{"):
        return tag[1:].split("}", 1)[0]
    return ""


def text_of(el: Any) -> str:
    """Element text without expanding entities: a reference to a known HTML entity (``&nbsp;``
    in a sloppy feed) becomes its character, any other entity reference is dropped."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.text and isinstance(node.tag, str):
            parts.append(node.text)
        for child in node:
            if isinstance(child, etree._Entity):
                parts.append(html5.get(f"{child.name};", ""))
            elif isinstance(child.tag, str):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return "".join(parts)


def children(el: Any, name: str, ns: str | None = None) -> Iterator[Any]:
    """Child elements by local name, in one namespace (``""``: none) or any (None)."""
    for child in el:
        if local_name(child.tag) == name and (ns is None or namespace(child.tag) == ns):
            yield child


def first_text(el: Any, name: str, ns: str | None = None) -> str | None:
    """The first such child's text with white space folded, skipping empty ones."""
    for child in children(el, name, ns):
        text = clean_text(text_of(child))
        if text:
            return text
    return None


def findtext(el: Any, name: str) -> str | None:
    """A child's stripped text, found in C (``{*}``: any namespace): sitemaps are long."""
    return clean_text(el.findtext("{*}" + name))
