"""Bytes to text to one lxml tree: charset decisions and a parser that never gives up.

Arabic sites still serve windows-1256 pages that declare nothing or declare latin-1, so a
declared charset is only trusted when it is a real one; otherwise the bytes are detected and the
guess is checked on Arabic letters. Everything downstream works on the single tree built here.
"""

from __future__ import annotations

import codecs
import re
import threading

from lxml import etree

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE
)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# Characters no XML tree may hold, dropped before parsing; in UTF-8 the C0 controls are single
# bytes that never occur inside another character, so they go with one bytes.translate.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_NONCHARACTERS = ("\ufffe".encode(), "\uffff".encode())
# One regex scan finds either (about 4x faster than two ``in`` scans of a page's bytes).
_ANY_NONCHARACTER = re.compile(b"\xef\xbf[\xbe\xbf]")
_TAG = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9]*[\s>/]|!)")
_BINARY = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LETTER = re.compile(r"[^\W\d_]")
_LETTERS = re.compile(r"[^\W\d_]+")
_ARABIC_RUN = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+")
# Declarations that are too often wrong to trust when the bytes say otherwise.
_WEAK_CHARSETS = {"cp1252", "latin_1", "iso8859_1", "ascii", "iso8859_15"}
_ARABIC_CHARSETS = ("cp1256", "iso8859_6", "cp720", "mac_arabic")


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None


def _declared_in_page(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:4096])
    return match.group(1).decode("ascii", "ignore") if match else None


def arabic_ratio(text: str) -> float:
    """Share of letters that are Arabic script: a cheap language and mojibake signal."""
    # Counted run by run (a word is one match, not one per letter): the same counts, far fewer
    # match objects.
    sample = text[:20000]
    letters = _letter_count(sample)
    if not letters:
        return 0.0
    return sum(map(len, _ARABIC_RUN.findall(sample))) / letters


# Punctuation that clings to words; none of it is a letter.
_CLINGING = ".,:;!?()[]{}\"'«»،؛؟-–—/…"


def _letter_count(text: str) -> int:
    """``sum(map(len, _LETTERS.findall(text)))``, word by word: a word of letters only (most
    words, once the punctuation around them is off) is counted by ``str.isalpha`` instead of
    the regex, which tests every character against Unicode categories."""
    count = 0
    for word in text.split():  # whitespace is never a letter
        if word.isalpha():
            count += len(word)
            continue
        core = word.strip(_CLINGING)
        if core.isalpha():
            count += len(core)
        elif core:
            count += sum(map(len, _LETTERS.findall(core)))
    return count


def _looks_mojibake(text: str) -> bool:
    # windows-1256 Arabic read as latin-1/cp1252 gives runs of accented Latin letters.
    sample = text[:20000]
    high = sum(1 for ch in sample if "\u00c0" <= ch <= "\u00ff")
    return high > 40 and high > 0.05 * max(1, len(_LETTER.findall(sample)))


def _detect(body: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - declared dependency
        return None
    best = from_bytes(body[:200000], cp_isolation=None).best()
    return _codec(best.encoding) if best else None


def _nearly_utf8(body: bytes) -> str | None:
    """UTF-8 with a few broken bytes (a page cut inside a character, one stray byte) is still
    UTF-8: keep it, with U+FFFD where the bytes are broken, rather than guess another charset."""
    text = body.decode("utf-8", "replace")
    broken = text.count("\ufffd")
    return text if broken <= max(3, len(text) // 2000) else None


# The last page decoded from valid UTF-8, with its bytes: the parser is handed the same bytes
# again instead of re-encoding the text (strict UTF-8 decoding is one-to-one, so they are what
# encoding the text would give).
_last_utf8 = threading.local()


def _utf8_kept(text: str, body: bytes) -> str:
    _last_utf8.value = (text, body)
    return text


def decode_html(body: bytes, declared: str | None = None) -> str:
    """Decode page bytes, trusting a real declared charset and rescuing undeclared Arabic."""
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", "replace")
    if body[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return body.decode("utf-16", "replace")
    codec = _codec(declared) or _codec(_declared_in_page(body))
    if codec and codec not in ("utf-8", *_WEAK_CHARSETS) and not body.isascii():
        # A page saved again as UTF-8 keeps its old declaration. Text in a legacy charset is
        # almost never valid UTF-8 as well, so bytes that are valid UTF-8 are UTF-8.
        try:
            return _utf8_kept(body.decode("utf-8"), body)
        except UnicodeDecodeError:
            pass
    if codec and codec not in _WEAK_CHARSETS:
        try:
            return _utf8_kept(body.decode(codec), body) if codec == "utf-8" else body.decode(codec)
        except (UnicodeDecodeError, LookupError):
            if codec != "utf-8":
                return body.decode(codec, "replace")
    try:
        return _utf8_kept(body.decode("utf-8"), body)
    except UnicodeDecodeError:
        nearly = _nearly_utf8(body)
        if nearly is not None:
            return nearly
    if codec in _WEAK_CHARSETS:
        weak = body.decode(codec, "replace")
        if not _looks_mojibake(weak):
            return weak
    detected = _detect(body)
    for guess in dict.fromkeys([detected, *_ARABIC_CHARSETS]):
        if not guess:
            continue
        try:
            text = body.decode(guess)
        except (UnicodeDecodeError, LookupError):
            continue
        if arabic_ratio(text) > 0.3 or (guess == detected and not _looks_mojibake(text)):
            return text
    return body.decode(codec or "cp1252", "replace")


# The text is handed to libxml2 as UTF-8 bytes: faster than a Python str, which lxml passes on
# as UCS-4 to be converted. The encoding is given, so no meta or XML declaration overrides it.
_PARSER = etree.HTMLParser(
    recover=True,
    huge_tree=True,
    remove_comments=True,
    remove_pis=True,
    no_network=True,
    encoding="utf-8",
)


def _xml_safe_utf8(html: str) -> bytes:
    last = getattr(_last_utf8, "value", None)
    _last_utf8.value = None
    if last is not None and last[0] is html:
        data = last[1]  # the bytes this very text was decoded from
    else:
        data = html.encode("utf-8", "replace")
    data = data.translate(None, _CONTROL_BYTES)
    if _ANY_NONCHARACTER.search(data) is None:
        return data
    for noncharacter in _NONCHARACTERS:
        if noncharacter in data:
            data = data.replace(noncharacter, b"")
    return data


MAX_DEPTH = 512  # nesting kept when a page is too deep for libxml2; real pages nest < 100
_TAG_TOKEN = re.compile(rb"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*>")
_VOID = frozenset(b"area base br col embed hr img input link meta param source track wbr".split())


def _too_deep() -> bool:
    return any(e.type_name == "ERR_RESOURCE_LIMIT" for e in _PARSER.error_log)


def limit_depth(data: bytes, limit: int = MAX_DEPTH) -> bytes:
    """The page without the start tags nested deeper than ``limit`` (and without the end
    tags left unmatched): a hostile page's 20,000 nested elements would otherwise stop
    libxml2, and the article after them would be lost. Text is kept whole."""
    out, stack, last = [], [], 0
    for match in _TAG_TOKEN.finditer(data):
        closing, name = match.group(1), match.group(2).lower()
        keep = True
        if not closing:
            if name not in _VOID and not match.group(0).endswith(b"/>"):
                keep = len(stack) < limit
                if keep:
                    stack.append(name)
        elif name in stack:
            while stack.pop() != name:
                pass
        else:
            keep = False
        if not keep:
            out.append(data[last:match.start()])
            last = match.end()
    out.append(data[last:])
    return b"".join(out)


def parse_html(html: str) -> etree._Element | None:
    """One tolerant parse; None only when there is nothing at all to parse."""
    if not html:
        return None
    head = html[:4096]
    if not _TAG.search(head) or (
        _BINARY.search(head) and len(_BINARY.findall(head)) > 0.05 * len(head)
    ):
        return None  # not HTML: plain text or binary bytes
    if _XML_DECL.match(html):
        html = _XML_DECL.sub("", html, count=1)
    data = _xml_safe_utf8(html)
    if not data.strip():
        return None
    try:
        root = etree.fromstring(data, _PARSER)
        if _too_deep():  # libxml2 gave up at 2,048 levels: what follows them was lost
            root = etree.fromstring(limit_depth(data), _PARSER)
    except (etree.ParserError, ValueError, TypeError):
        root = None
    if root is None:
        try:
            root = etree.fromstring(b"<html><body>" + data + b"</body></html>", _PARSER)
        except (etree.ParserError, ValueError, TypeError):
            return None
    return root


def to_text(html: str | bytes, encoding: str | None = None) -> str:
    """The page as text, whatever it came as."""
    if isinstance(html, bytes | bytearray):
        return decode_html(bytes(html), encoding)
    return html if isinstance(html, str) else ""


def squash(text: str | None) -> str:
    """Whitespace runs (NBSP, newlines, tabs) to one space, ends trimmed.

    ``str.split()`` splits on exactly the characters ``\\s`` matches in a str pattern (both use
    ``str.isspace``), and is several times faster than the regex.
    """
    return " ".join(text.split()) if text else ""


def node_text(el: etree._Element) -> str:
    """Squashed text of an element and its descendants (C-level itertext, no recursion)."""
    return squash("".join(el.itertext()))


_last_following = threading.local()


def following(node: etree._Element, limit: int) -> list[etree._Element]:
    """Up to ``limit`` elements after ``node`` in document order (descendants excluded).

    XPath's ``following::`` axis walks the whole rest of the document before filtering; this
    stops as soon as it has enough. The title, byline, date and section finders all look after
    the headline, so the last answer is kept and sliced (the extractors never move elements).
    """
    last = getattr(_last_following, "value", None)
    if last is not None and last[0] is node and (limit <= last[1] or len(last[2]) < last[1]):
        return last[2][:limit]
    out: list[etree._Element] = []
    current: etree._Element | None = node
    while current is not None and len(out) < limit:
        for sibling in current.itersiblings():
            for el in sibling.iter():
                if isinstance(el.tag, str):
                    out.append(el)
                    if len(out) >= limit:
                        break
            else:
                continue
            break
        current = current.getparent()
    _last_following.value = (node, limit, out)
    return out[:]
