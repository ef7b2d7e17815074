"""A light Arabic stemmer for search: strips the article, common proclitics and suffixes.

Search must find والاتجار, للاتجار and بالاتجار for الاتجار, which a plain token match cannot.
A root stemmer goes too far for search (كتاب, مكتبة and كاتب all become كتب), and Snowball's
Arabic stemmer is uneven for it (it keeps والاتجار whole and cuts فلسطين to لسط). This follows
the "light10" stemmer of Larkey, Ballesteros and Connell (SIGIR 2002), made more conservative:
a single-letter proclitic (ب ك ل ف) is stripped only before the article, where it cannot be the
first letter of the word (بشر, كتاب, لبنان, فلسطين keep theirs), و alone as in light10; every
strip must leave three letters, and only one suffix is removed. Index and query go through the
same function, so what matters is that variants of a word meet, not that the stem is a word.

Input is expected in ``normalize_arabic`` form (ة→ه, ى→ي, no diacritics); words in other
scripts and numbers come back unchanged.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["light_stem", "stem_forms", "stem_words"]

# The article with the proclitics that attach to it, longest first.
_ARTICLES = ("وبال", "وكال", "فبال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال")
# Light10's suffixes, in its order, after normalization (ية→يه, ة→ه).
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a]+")
_MIN = 3  # letters a strip must leave


@lru_cache(maxsize=200_000)
def light_stem(word: str) -> str:
    """The search stem of one normalized word (``والاتجار`` -> ``اتجار``)."""
    if not _ARABIC_WORD.fullmatch(word):
        return word
    core = _without_article(word)
    if core != word:  # an article was taken off
        word = core
    elif word[0] == "و" and len(word) - 1 >= _MIN:
        word = word[1:]
        if word.startswith("ال") and len(word) - 2 >= _MIN - 1:
            word = word[2:]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN:
            return word[: -len(suffix)]
    return word


def _without_article(word: str) -> str:
    """The word without its article and the proclitics on it (the word itself when it has none,
    or when too little would be left)."""
    for article in _ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= _MIN - 1:
            return word[len(article) :]
    return word


@lru_cache(maxsize=20_000)
def stem_forms(word: str) -> tuple[str, ...]:
    """Every stem under which the index may hold the word a query asks for: its own stem
    first, then, for a word whose first letter after the article is و, the stem of the other
    reading of that و.

    The index strips a leading و as the conjunction when no article precedes it (وزارة ->
    زار) and keeps it after one (الوزارة -> وزار, where it can only be the word's first
    letter). So a query must look for both: وزارة and الوزارة each find both spellings, وزير
    finds الوزير, ووزارة finds both. (The ambiguity itself stays: the index cannot tell وزارة
    "ministry" from و + زارة, so وزارة also finds زار "visited".)"""
    stem = light_stem(word)
    if not _ARABIC_WORD.fullmatch(word):
        return (stem,)
    core = _without_article(word)
    if len(core) < _MIN or not core.startswith("و"):
        return (stem,)
    forms = dict.fromkeys((stem, light_stem(core), light_stem("ال" + core)))
    if core == word and len(word) - 1 >= _MIN:  # و as "and" before a word that begins with و
        forms.update(dict.fromkeys(stem_forms(word[1:])))
    return tuple(forms)


_SPLIT = re.compile(r"([\u0621-\u064a]+)")


def stem_words(text: str) -> str:
    """Normalized ``text`` with every Arabic word replaced by its stem, the rest untouched
    (punctuation stays, so the FTS tokenizer splits the result exactly as the original)."""
    parts = _SPLIT.split(text)
    parts[1::2] = map(light_stem, parts[1::2])  # a C-level loop over cached stems
    return "".join(parts)
