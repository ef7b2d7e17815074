"""What a piece of a byline is: a person, an organization, a place, or noise."""

from __future__ import annotations

import re

from newscrawler.items import AuthorKind
from newscrawler.normalize.bylines.markers import (
    _ARABIC,
    _DATE_SET,
    _FIRST_NAMES,
    _HAS_LETTER,
    _HONORIFIC_SET,
    _JOB_SET,
    _MARKS,
    _MONTH_SET,
    _NOT_NAME_CHARS,
    _ORG_WORDS,
    _ORGS,
    _PLACE_SET,
    _PROSE_SET,
    _WAW_SET,
    _WEEKDAY_SET,
    _fold,
    _is_marker_only,
    normalize_arabic,
)
from newscrawler.normalize.bylines.words import (
    CMS_ACCOUNTS,
    HONORIFICS_LATIN,
    PARTICLES,
    SUFFIXES_LATIN,
)


def _domain_core(text: str) -> str:
    text = re.sub(r"^(?:https?://)?(?:www\.)?", "", text.strip().lower())
    return re.sub(
        r"\.(?:com|net|org|info|ma|eg|tn|dz|sa|ae|lb|jo|ps|qa|kw|de|fr|co|uk)\b.*$", "", text
    )


def _classify(text: str, site: frozenset[str]) -> list[tuple[str, AuthorKind]]:
    name = _tidy(text)
    if not name or _is_noise(name) or _is_place(name):
        return []
    folded = _fold(name)
    if folded in site:
        return [(name, "organization")]
    if _is_account(name) or _is_marker_only(name) or folded in _HONORIFIC_SET:
        return []
    if _is_org(name, site):
        return [(name, "organization")] if _looks_like_name(name, allow_org=True) else []
    name = _strip_honorifics(name)
    if not name or name.lower() in SUFFIXES_LATIN or not _looks_like_name(name):
        return []
    if " " not in name and _ARABIC.search(name) and _fold(name) not in _FIRST_NAMES:
        # A lone Arabic word that is not a given name is the outlet ("سبق", "عمون").
        return [(name, "organization")]
    return [(name, "person")]


def _is_account(name: str) -> bool:
    """A CMS login, not a person: "admin", "wordpressadmin", "site_admin"."""
    low = normalize_arabic(name).lower()
    return low in CMS_ACCOUNTS or (" " not in low and bool(re.search(r"admin|webmaster", low)))


def _is_org(name: str, site: frozenset[str]) -> bool:
    folded = _fold(name)
    if not folded:
        return False
    if folded in _ORGS or folded in site:
        return True
    if site and _fold(_domain_core(name)) in site:
        return True
    words = normalize_arabic(name).split()
    for w in words:
        if _fold(w) in _ORG_WORDS or w in _ORG_WORDS or w.strip(".") in _ORG_WORDS:
            return True
        if "-" in w and w.rsplit("-", 1)[-1] in _ORG_WORDS:
            return True
        if len(w) >= 4 and w.isascii() and _fold(w) in _ORGS:
            return True  # "Hespress FR", "Reuters Staff"
    # All-caps Latin acronyms of 2-5 letters ("LBCI", "APA", "BBAW") are outlets or agencies.
    return bool(re.fullmatch(r"[A-Z]{3,5}(?:/[A-Z]{2,5})?|[A-Z]{2}/[A-Z]{2,5}", name))


def _is_place(text: str) -> bool:
    folded = _fold(_tidy(text))
    return bool(folded) and folded in _PLACE_SET


def _is_noise(text: str) -> bool:
    words = [normalize_arabic(w).strip(".,:;-()") for w in text.split()]
    words = [w for w in words if w]
    if not words:
        return True
    return all(
        w[0].isdigit()
        or w in _DATE_SET
        or w in _MONTH_SET
        or w in _WEEKDAY_SET
        or not _HAS_LETTER.search(w)
        for w in words
    )


def _looks_like_name(name: str, *, allow_org: bool = False) -> bool:
    words = name.split()
    if not words or not _HAS_LETTER.search(name):
        return False
    limit = 8 if allow_org else 6
    if len(words) > limit:
        return False
    norm = [normalize_arabic(w) for w in words]
    if all(w[:1].isdigit() for w in norm):
        return False
    if allow_org:
        return True
    if any(w in _PROSE_SET for w in norm) and _ARABIC.search(name):
        return False
    if _ARABIC.search(name):
        return len(words) <= 6
    if all(w in PARTICLES for w in words):  # "el" left of "Publicado el 11 de mayo"
        return False
    if len(words) == 1:
        return True
    # Latin: every word capitalized, an initial, or a known lowercase particle.
    for w in words:
        if w[:1].isupper() or w.lower() in PARTICLES or not w[:1].isalpha():
            continue
        if w[:1].lower() == w[:1].upper():
            continue  # a script without case ("大渡 美咲", "박 준석")
        return False
    return True


def _tidy(text: str) -> str:
    text = _NOT_NAME_CHARS.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    # Edges: punctuation goes, but a final initial keeps its dot ("Nicolas Gutierrez C.").
    text = re.sub(rf"^[^\w{_MARKS}]+|^_+", "", text)
    if re.search(r"(?:^|\s)[^\W\d_]\.$", text):
        return text
    return re.sub(rf"[^\w{_MARKS}]+$|_+$", "", text)


def _strip_honorifics(name: str) -> str:
    words = name.split()
    changed = True
    while changed and len(words) > 1:
        changed = False
        first = words[0]
        if _fold(first) in _HONORIFIC_SET or first.lower() in HONORIFICS_LATIN:
            words = words[1:]
            changed = True
        elif len(words) > 2 and _fold(" ".join(words[:2])) in _HONORIFIC_SET:
            words = words[2:]
            changed = True
    while len(words) > 2 and _is_job(words[0]):
        words = words[1:]  # "Redakteur Max Muster", "FOCUS-Online-Experte Robin Tschöpe"
    while len(words) > 1 and words[-1].lower().strip(",") in SUFFIXES_LATIN:
        words = words[:-1]
    return _tidy(" ".join(words))


def _is_job(word: str) -> bool:
    """A job title, alone or ending a compound ("Redakteurin", "Sport-Korrespondent")."""
    return word.lower().rsplit("-", 1)[-1] in _JOB_SET


def _split_attached_waw(text: str) -> list[str]:
    """Split "محمد علي وأحمد حسن" at the attached conjunction, sparing وليد and عبد الوهاب."""
    words = text.split()
    if len(words) < 2 or not _ARABIC.search(text):
        return [text]
    groups: list[list[str]] = [[]]
    for i, word in enumerate(words):
        if i > 0 and _is_waw_conjunction(word, groups[-1], words[i + 1 :]):
            groups.append([word[1:]])
        else:
            groups[-1].append(word)
    return [" ".join(g) for g in groups if g]


def _is_waw_conjunction(word: str, before: list[str], after: list[str]) -> bool:
    if len(word) < 3 or word[0] != "و":
        return False
    folded = _fold(word)
    rest = _fold(word[1:])
    if folded in _WAW_SET and rest in _FIRST_NAMES and len(before) >= 2 and after:
        return True  # "منى الحسيني وهبة عبد الحميد": و + هبة, not the name وهبة
    if folded in _WAW_SET or folded in _PLACE_SET or folded in _ORGS:
        return False
    if before and _fold(before[-1]) in {"عبد", "ابو", "ابن", "بن", "ام", "بنت", "ال"}:
        return False
    if rest in _FIRST_NAMES or rest in _HONORIFIC_SET or rest in _ORGS or rest in _WAW_SET:
        return True
    if rest.startswith("ال") and (rest in _ORGS or _fold(word[1:]) in _PLACE_SET):
        return True
    if word[1] in "أإآ":
        return True
    return len(before) >= 2 and len(after) >= 1
