"""One identity per article, whatever the spelling of its link.

The same article reaches the crawl under many URLs: raw Arabic in a listing's href and
percent-encoded in the request Scrapy sends, ``%d9`` or ``%D9``, with or without ``www.``, over
http or https, on the default port or an explicit one, with a trailing slash, tracking
parameters or a fragment, and as its AMP or print variant. ``article_key`` maps all of them to
one string; the archive stores an article once per key (``articles.key``) and remembers every
URL it was seen under (``article_urls``). Pure functions: no network, no database.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|yclid|igshid|_ga|ref|ref_src|share|amp)$",
    re.I,
)

# Path characters kept as they are; everything else is percent-encoded as UTF-8.
_SAFE_PATH = "/:@!$&'()*+,;=-._~%"
_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")
# An escape in lower case, or of a printable ASCII byte (which may be unreserved).
_FIXABLE = re.compile(r"%(?:[2-7][0-9A-Fa-f]|[0-9A-Fa-f][a-f]|[a-f][0-9A-Fa-f])")
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# A last (or first) path segment that only names a rendering of the article beside it.
_VARIANT_SEGMENTS = frozenset({"amp", "print"})
_VARIANT_SUFFIX = re.compile(r"\.amp(?=\.html?$|$)", re.I)
# Query parameters that ask for a rendering, not another article: ?amp, ?amp=1, ?output=amp,
# ?print=1, ?outputType=amp.
_VARIANT_PARAMS = re.compile(r"^(amp|print|output|outputtype|format)$", re.I)
_VARIANT_VALUES = frozenset({"", "1", "true", "yes", "amp", "print"})


def clean_url(url: str) -> str:
    """The URL without fragment and tracking parameters (utm_*, fbclid…), so that one article
    seen under many links is fetched and stored once."""
    parts = urlsplit(url.strip())
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not TRACKING_PARAMS.match(k)
    ]
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, urlencode(query), ""))


def _normal_percent(text: str) -> str:
    """RFC 3986 normalization of one component: non-ASCII encoded as UTF-8, ``%xx`` in upper
    case, unreserved characters (letters, digits, ``-._~``) never encoded."""
    text = quote(text, safe=_SAFE_PATH)
    if not _FIXABLE.search(text):  # the usual case: upper-case escapes of non-ASCII bytes
        return text

    def fix(m: re.Match) -> str:
        byte = int(m.group(1), 16)
        return chr(byte) if byte in _UNRESERVED else f"%{m.group(1).upper()}"

    return _PERCENT.sub(fix, text)


def _host(netloc_host: str | None) -> str:
    host = (netloc_host or "").lower().rstrip(".")
    if host and not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            pass
    return host.removeprefix("www.")


def _path_without_variant(path: str) -> str:
    inner = [s for s in path.split("/") if s]
    if len(inner) > 1 and inner[-1].lower() in _VARIANT_SEGMENTS:
        inner.pop()
    elif len(inner) > 1 and inner[0].lower() == "amp":
        inner.pop(0)
    if inner:
        inner[-1] = _VARIANT_SUFFIX.sub("", inner[-1])
    return "/" + "/".join(inner)


def _query_without_variant(query: str) -> list[tuple[str, str]]:
    return [
        (k, v) for k, v in parse_qsl(query, keep_blank_values=True)
        if not TRACKING_PARAMS.match(k)
        and not (_VARIANT_PARAMS.match(k) and v.lower() in _VARIANT_VALUES)
    ]


@lru_cache(maxsize=8192)  # a link is keyed by the spider, then its page by the writer
def article_key(url: str) -> str:
    """The identity of the article at ``url``: host without ``www.`` and port, path and query
    in one percent-encoding, no scheme, no trailing slash, no fragment, no tracking parameters,
    no AMP or print marker. ``http://www.Ex.ma:80/news/خبر/amp/?utm_source=x`` and
    ``https://ex.ma/news/%D8%AE%D8%A8%D8%B1`` give the same key, ``ex.ma/news/%D8%AE%D8%A8%D8%B1``.
    Query parameters are kept (sorted): on many sites ``?id=123`` is the article."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:  # e.g. a broken IPv6 host: not a URL anything else could spell
        return (url or "").strip()
    path = _path_without_variant(_normal_percent(parts.path or "/")).rstrip("/")
    query = sorted(_query_without_variant(parts.query))
    encoded = urlencode(query, quote_via=quote, safe="-._~") if query else ""
    return _host(parts.hostname) + (path or "/") + (f"?{encoded}" if encoded else "")


def article_url(url: str) -> str:
    """The URL to show and fetch for an article seen at ``url``: ``clean_url`` (no fragment,
    no tracking parameters) without the AMP or print marker, scheme, host and port kept."""
    cleaned = clean_url(url)
    parts = urlsplit(cleaned)
    path = _path_without_variant(_normal_percent(parts.path or "/"))
    if parts.path.endswith("/") and path != "/":
        path += "/"
    query = urlencode(_query_without_variant(parts.query))
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def one_site(url_a: str, url_b: str) -> bool:
    """Whether two URLs are on one site: the same host up to ``www.``, whatever the scheme and
    the port (a site that moved to https, or is reached through a proxy's port, is one site)."""
    a, b = _host(urlsplit(url_a or "").hostname), _host(urlsplit(url_b or "").hostname)
    return bool(a) and a == b


def canonical_is_sane(canonical: str | None, url: str) -> bool:
    """A page's ``<link rel=canonical>`` / ``og:url`` names the article only when it is an
    http(s) URL on the same site with a path: themes often point every page's canonical at the
    home page, and syndicated copies point at another site."""
    if not canonical:
        return False
    parts = urlsplit(canonical)
    return parts.scheme in ("http", "https") and bool(parts.path.strip("/")) and one_site(canonical, url)
