"""Arabic (and Latin) bylines to clean author names, people told apart from organizations.

A byline on an Arabic news page is rarely just a name: it carries a byline word ("بقلم:",
"كتبت"), a dateline ("الرباط - ", "(أبوظبي - البيان)"), honorifics ("د.", "الأستاذة"), several
people joined by "و", or only the agency ("و.م.ع", "رويترز"). Latin-script pages add "By",
"Von", "Par", dates, job titles and e-mail addresses. ``clean_authors`` reduces all of that to
the people (and organizations) credited, and ``author_key`` gives the key under which spelling
variants of one person merge in the archive.

Decisions worth knowing:
- a CMS account name ("admin", "Administrator", "webmaster") is neither a person nor an outlet,
  so it is dropped;
- URLs, e-mail addresses, @handles, dates and prose longer than six words are dropped;
- a bare correspondent label ("مراسلنا", "مراسل الجزيرة في غزة" with no name) gives the
  outlet as an organization when one is named, otherwise nothing.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from newscrawler.items import Author, AuthorKind
from newscrawler.normalize.bylines.classification import (
    _classify,
    _domain_core,
    _is_noise,
    _is_org,
    _is_place,
    _is_waw_conjunction,
    _looks_like_name,
    _split_attached_waw,
    _tidy,
)
from newscrawler.normalize.bylines.markers import (
    _AR_NON_AUTHOR,
    _CORRESPONDENT,
    _DASH,
    _DASHES,
    _EMAIL,
    _FOR_OUTLET,
    _FROM_PLACE,
    _GLUED,
    _GLUED_BY,
    _GLUED_HONORIFIC,
    _HANDLE,
    _HAS_LETTER,
    _HONORIFIC_SET,
    _LATIN_NON_AUTHOR,
    _LIST_SEP,
    _ORGS,
    _PARENS,
    _PIPES,
    _SLASHED_HONORIFIC,
    _TATWEEL_SEP,
    _URL,
    _WRITES,
    _cut_at_markers,
    _fold,
    _has_marker,
    _strip_dates,
    normalize_arabic,
)
from newscrawler.normalize.bylines.words import HONORIFICS_LATIN

__all__ = ["Author", "AuthorKind", "author_key", "clean_authors", "is_agency"]


# --- public API ----------------------------------------------------------------------------


def author_key(name: str) -> str:
    """The archive's merge key for a person: spelling variants of one name give one key.

    Folds Arabic letter variants and diacritics (``normalize_arabic``), drops honorifics,
    joins "عبد ال…"/"أبو ال…" compounds and removes Latin accents, so that "د. عبد الله"
    and "عبدالله" merge, as do "Gàbor Muniér" and "Gabor Munier".
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = normalize_arabic(text)
    words = re.sub(r"[.\-'’`\"_]+", " ", text).split()
    while len(words) > 1 and (_fold(words[0]) in _HONORIFIC_SET or words[0] in HONORIFICS_LATIN):
        words = words[1:]
    text = re.sub(r"(?<![\w])(عبد|ابو|ابن|بو|ام|بن|ذو|ذي) ", r"\1", " ".join(words))
    return re.sub(r"\s+", " ", text).strip()


def is_agency(name: str) -> bool:
    """A news agency or outlet of the word lists ("وكالات", "و.م.ع", "dpa"), however spelled."""
    return bool(name) and _fold(_prepare(name)) in _ORGS


def clean_authors(raw: str | Iterable[str] | None, *, site_name: str | None = None) -> list[Author]:
    """Clean one byline (or several) into the people and organizations it credits.

    Order is kept and duplicates (same ``author_key``) are dropped; a label-only, empty or
    unparseable byline gives ``[]``. Never raises on text input.
    """
    if raw is None:
        return []
    bylines = (raw,) if isinstance(raw, str) else tuple(r for r in raw if isinstance(r, str))
    return [Author(name=n, raw=r, kind=k) for n, r, k in _clean(bylines, site_name)]


@lru_cache(maxsize=8192)
def _clean(bylines: tuple[str, ...], site_name: str | None) -> tuple[tuple[str, str, str], ...]:
    """clean_authors' work, remembered: a site prints the same bylines on page after page."""
    site = _site_forms(site_name)
    authors: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for byline in bylines:
        found = _parse_byline(byline, site)
        if any(kind == "person" for _, kind in found):
            # "Name, job, Lrt.lt": the site itself after a person is where they work.
            found = [(n, k) for n, k in found if k == "person" or not _is_site(n, site)]
        for name, kind in found:
            key = author_key(name)
            if not key or key in seen:
                continue
            seen.add(key)
            authors.append((name, byline.strip(), kind))
    return tuple(authors)


# --- parsing -------------------------------------------------------------------------------


def _site_forms(site_name: str | None) -> frozenset[str]:
    """The site's name and its domain form ("hespress.com", "www.hespress.com")."""
    if not site_name:
        return frozenset()
    forms = {_fold(site_name), _fold(_domain_core(site_name))}
    return frozenset(f for f in forms if f)


def _is_site(name: str, site: frozenset[str]) -> bool:
    return bool(site) and (_fold(name) in site or _fold(_domain_core(name)) in site)


def _prepare(text: str) -> str:
    text = html.unescape(text)
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_DASHES)
    text = _TATWEEL_SEP.sub("-", text)
    text = text.replace("\u0640", "")
    text = "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in text)
    text = text.replace("«", '"').replace("»", '"')
    return re.sub(r"\s+", " ", text).strip()


def _parse_byline(byline: str, site: frozenset[str]) -> list[tuple[str, AuthorKind]]:
    text = _prepare(byline)
    if not text or len(text) > 400:
        return []
    if site and _fold(_domain_core(text)) in site:
        return [(_tidy(text) or text, "organization")]  # "- البيان": the outlet, not the dash
    text = _EMAIL.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    text = _GLUED.sub(" ", text)
    text = _GLUED_BY.sub(r"\1 ", text)
    text = _GLUED_HONORIFIC.sub(r"\1. ", text)
    text = _SLASHED_HONORIFIC.sub(r"\1 ", text)
    if not _HAS_LETTER.search(text):
        return []

    found: list[tuple[str, AuthorKind]] = []
    # Parenthesised parts: "(أبوظبي - البيان)" is a dateline naming the outlet.
    parens: list[str] = []

    def _take_paren(m: re.Match[str]) -> str:
        parens.append(m.group(1) if m.group(1) is not None else m.group(2))
        return " - "

    outside = _PARENS.sub(_take_paren, text)
    for piece in _choose_pieces(outside):
        found.extend(_parse_piece(piece, site))
    for inner in parens:
        found.extend(_parse_paren(inner, site))
    return found


def _choose_pieces(text: str) -> list[str]:
    """Of "name | date | section", keep the pieces that carry the byline."""
    pieces = [p for p in _PIPES.split(text) if p and p.strip()]
    if len(pieces) <= 1:
        return pieces
    marked = [p for p in pieces if _has_marker(p)]
    if marked:
        return marked
    for p in pieces:
        if _parse_piece(p, frozenset()):
            return [p]
    return []


def _parse_paren(inner: str, site: frozenset[str]) -> list[tuple[str, AuthorKind]]:
    if _AR_NON_AUTHOR.search(inner) or _LATIN_NON_AUTHOR.search(inner):
        return []  # "(صور: منير امحيمدات)", "(Foto: dpa)"
    parts = [p for p in _DASH.split(inner) if p.strip()]
    had_place = any(_is_place(p) for p in parts)
    out: list[tuple[str, AuthorKind]] = []
    for part in parts:
        if _is_place(part) or _is_noise(part):
            continue
        name = _tidy(part)
        if not name:
            continue
        if had_place or _is_org(name, site):
            if _looks_like_name(name, allow_org=True):
                out.append((name, "organization"))
        # Anything else in brackets (a job title, a section) is not an author.
    return out


def _parse_piece(piece: str, site: frozenset[str]) -> list[tuple[str, AuthorKind]]:
    text = _cut_at_markers(piece)
    if text is None:
        return []
    out: list[tuple[str, AuthorKind]] = []
    for chunk in text:
        out.extend(_parse_names(chunk, site))
    return out


def _parse_names(chunk: str, site: frozenset[str]) -> list[tuple[str, AuthorKind]]:
    chunk = _WRITES.sub("", chunk)
    chunk = _FROM_PLACE.sub(lambda m: "" if _is_place(m.group(1)) else m.group(0), chunk)
    chunk = _strip_dates(chunk)
    if not chunk.strip():
        return []
    chunk = _FOR_OUTLET.sub("", chunk)
    out: list[tuple[str, AuthorKind]] = []
    chunk, outlet = _strip_correspondent(chunk)
    for sub in _DASH.split(chunk):
        if not sub or not sub.strip() or _is_place(sub) or _is_noise(sub):
            continue
        out.extend(_parse_list(sub, site))
    if outlet and not any(kind == "person" for _, kind in out):
        # "الرباط - مراسل هسبريس": no name is given, so the outlet is credited.
        name = _tidy(outlet)
        if name and _looks_like_name(name, allow_org=True):
            out.append((name, "organization"))
    return out


def _parse_list(text: str, site: frozenset[str]) -> list[tuple[str, AuthorKind]]:
    """Split "A، B و C" into names; an outlet name containing "و" or "and" stays whole."""
    found: list[tuple[str, AuthorKind]] = []
    for index, part in enumerate(_LIST_SEP.split(text)):
        if not part or not part.strip() or _is_place(part) or _is_noise(part):
            continue
        part = part.strip()
        if index and _is_waw_conjunction(part.split()[0], [], []):
            part = part[1:]  # "أحمد علي، وسارة محمود"
        if "/" in part and " " not in part.strip():
            found.extend(_slash_credits(part, site))  # "dpa/AFP/tim", "AFP/Archives"
            continue
        for name in _split_attached_waw(part):
            found.extend(_classify(name, site))
    whole = _tidy(text)
    if (
        whole
        and _is_org(whole, site)
        and not any(kind == "person" for _, kind in found)
        and not all(_fold(name) in _ORGS for name, _ in found)
        and _looks_like_name(whole, allow_org=True)
    ):
        return [(whole, "organization")]
    return found


def _slash_credits(part: str, site: frozenset[str]) -> list[tuple[str, AuthorKind]]:
    bits = [b for b in part.strip().split("/") if b]
    orgs = [b for b in bits if _fold(b) in _ORGS or _fold(b) in site]
    if len(orgs) == len(bits):
        return [(_tidy(part), "organization")]
    if orgs:
        return [(b, "organization") for b in orgs]
    return _classify(part.replace("/", " "), site)


def _strip_correspondent(chunk: str) -> tuple[str, str]:
    m = _CORRESPONDENT.search(chunk)
    if not m:
        return chunk, ""
    outlet = (m.group("outlet") or "").strip()
    if outlet and (_is_place(outlet) or _fold(outlet) in {"", "ل", "لل"}):
        outlet = ""
    outlet = re.sub(r"^(?:ل|لـ)\s*", "", outlet) if outlet.startswith("لـ") else outlet
    rest = (chunk[: m.start()] + " - " + chunk[m.end() :]).strip(" -")
    return rest, outlet
