"""The date parser's spelling: one folded form of the text, and the words a date may stand among.

Folding uses the normalize package's one Arabic table (``normalize.folding``), plus what only
dates need: Arabic punctuation, odd spaces and dashes made plain. ``_date_words`` lists are
written in this folded form.
"""

from __future__ import annotations

import html
import re
import unicodedata

from newscrawler.normalize._date_words import (
    AMPM_WORDS,
    FILLER,
    GREGORIAN_MONTHS,
    HIJRI_MONTHS,
    WEEKDAYS,
    ZONE_ABBREVIATIONS,
    ZONE_WORDS,
)
from newscrawler.normalize.folding import DIGITS, INVISIBLE, LETTERS, MARKS, TATWEEL

MAX_UNKNOWN_WORDS = 3  # words around a date that we do not know, before we call it a sentence

_MAP = {
    **DIGITS,
    **{ord(k): v for k, v in LETTERS.items()},
    ord("،"): ",",
    ord("؛"): ";",
    ord("٬"): ",",
    **{c: " " for c in (0x00A0, 0x2007, 0x2009, 0x200A, 0x202F, 0x205F, 0x3000, 0x0009)},
    **{c: "-" for c in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212)},
    **{ord(c): None for c in TATWEEL + INVISIBLE},
    **{c: None for c in MARKS},
}
_TABLE = str.maketrans(_MAP)
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")
_SPACES = re.compile(r"\s+")


def _fold(text: str) -> str:
    if "&" in text:
        text = html.unescape(text)
    if _PRESENTATION_FORMS.search(text):
        text = unicodedata.normalize("NFKC", text)
    return _SPACES.sub(" ", text.translate(_TABLE)).strip().lower()


# ---------------------------------------------------------------------------------------------
# Patterns. ``_L`` is "a letter", so (?<!_L) and (?!_L) are word edges that, unlike \b, also
# hold between a digit and a letter ("2020م", "ديسمبر2018").

_L = r"[^\W\d_]"


def _alternation(words) -> str:
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


_MONTHS = {**GREGORIAN_MONTHS, **{k: 100 + v for k, v in HIJRI_MONTHS.items()}}  # 100+ = Hijri
_TOKENS = re.compile(r"[^\W\d_]+|\d+")
_KNOWN_WORDS = (
    FILLER
    | WEEKDAYS
    | {w for name in _MONTHS for w in name.split()}
    | {w for name in ZONE_WORDS for w in name.split()}
    | {w for name in AMPM_WORDS for w in _TOKENS.findall(name)}
    | set(ZONE_ABBREVIATIONS)
    | {"ال", "بال", "ب", "ل", "لل", "t", "واحد", "واحده"}
)


def _unknown_words(folded: str, consumed: list[tuple[int, int]]) -> int:
    """How many words are left that we cannot account for, once the date parts are taken out."""
    gaps = []
    at = 0
    for s, e in sorted(consumed):
        if s > at:
            gaps.append(folded[at:s])
        at = max(at, e)
    gaps.append(folded[at:])
    return sum(1 for t in _TOKENS.findall(" ".join(gaps)) if t not in _KNOWN_WORDS)
