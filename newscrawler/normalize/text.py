"""Arabic text normalization: a search/dedupe key, and a light cleanup for display.

Arabic is written with many interchangeable forms of the same word: optional diacritics,
tatweel stretching, several alefs, ى/ي and ة/ه used loosely, Persian and Urdu code points
from some keyboards, presentation forms from old PDFs, invisible bidi marks from CMS editors,
and three sets of digits. ``normalize_arabic`` folds all of them so that equal words compare
equal; ``clean_text`` only removes what is never meant to be seen.

Both run on every article body, so they are built from ``str.translate`` tables and
precompiled regular expressions rather than per-character Python loops.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean_text", "normalize_arabic"]

# Invisible characters: zero-width, bidi embeddings/isolates/marks, BOM, soft hyphen,
# Arabic letter mark, Mongolian vowel separator, word joiner and other format controls.
_INVISIBLE = (
    "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064"
    "\u2066\u2067\u2068\u2069\u206a\u206b\u206c\u206d\u206e\u206f\ufeff"
)
_TATWEEL = "\u0640"

# Removed before NFKC, so that removing them cannot leave a sequence NFKC would recompose.
_DROP_FIRST = re.compile(f"[{_INVISIBLE}{_TATWEEL}]+")

# Arabic diacritics and Quranic annotation marks (all combining, all dropped from keys).
_MARKS = [
    *range(0x0610, 0x061B),  # honorific signs, small high letters
    *range(0x064B, 0x0660),  # tashkeel: fathatan .. wavy hamza below
    0x0670,  # superscript (dagger) alef
    *range(0x06D6, 0x06DD),  # Quranic small high ligatures
    *range(0x06DF, 0x06E5),
    0x06E7,
    0x06E8,
    *range(0x06EA, 0x06EE),
    *range(0x08D3, 0x08E2),  # extended Arabic marks
    *range(0x08E3, 0x0900),
]

_LETTERS = {
    # alef variants -> bare alef
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    "ٵ": "ا",
    # alef maqsura, Farsi yeh and its relatives -> yeh
    "ى": "ي",
    "ی": "ي",
    "ې": "ي",
    "ۍ": "ي",
    "ێ": "ي",
    "ے": "ي",
    # teh marbuta, heh goal, heh doachashmee, ae -> heh
    "ة": "ه",
    "ۃ": "ه",
    "ہ": "ه",
    "ھ": "ه",
    "ە": "ه",
    "ۀ": "ه",
    # keheh, Swash kaf -> kaf
    "ک": "ك",
    "ڪ": "ك",
}

_DIGITS = {}
for _zero in (0x0660, 0x06F0, 0x07C0, 0xFF10):  # Arabic-Indic, Persian, NKo, fullwidth
    for _i in range(10):
        _DIGITS[_zero + _i] = str(_i)

# Regex substitution, not str.translate: CPython's translate does a dict lookup for every
# non-ASCII character, which is several times slower on Arabic bodies than a C regex scan.
_MARKS_RE = re.compile("[" + "".join(chr(m) for m in _MARKS) + "]+")
_FOLD = {**_LETTERS, **{chr(k): v for k, v in _DIGITS.items()}}
_FOLD_RE = re.compile("[" + "".join(_FOLD) + "]")

_BAD_SPACE = re.compile(r"\s\s|[^\S ]")


def _fold_char(match: re.Match[str]) -> str:
    return _FOLD[match.group()]


def _key_pass(text: str) -> str:
    text = _DROP_FIRST.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    text = unicodedata.normalize("NFKC", text.casefold())
    text = _MARKS_RE.sub("", text)
    text = _FOLD_RE.sub(_fold_char, text)
    return " ".join(text.split())


def _is_key(text: str) -> bool:
    """True when another pass would change nothing (cheap C-level checks only)."""
    return (
        unicodedata.is_normalized("NFKC", text)
        and text == text.casefold()
        and not _DROP_FIRST.search(text)
        and not _MARKS_RE.search(text)
        and not _FOLD_RE.search(text)
        and not _BAD_SPACE.search(text)
        and text == text.strip()
    )


def normalize_arabic(text: str) -> str:
    """Fold ``text`` to a search and dedupe key: equal words in any spelling give equal keys.

    Idempotent: ``normalize_arabic(normalize_arabic(s)) == normalize_arabic(s)``.
    """
    if not text:
        return ""
    out = _key_pass(text)
    # Rare inputs (a Latin accent separated from its letter by an Arabic mark, or casefold
    # output NFKC would change again) need another pass; loop to a fixed point.
    for _ in range(8):
        if _is_key(out):
            break
        out = _key_pass(out)
    return out


# --- display cleanup -------------------------------------------------------------------

_CONTROLS = {
    c: None
    for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)]
    if chr(c) not in "\n\t\r\x0b\x0c\x1c\x1d\x1e\x85"
}
_DISPLAY_TABLE = str.maketrans(
    {
        **{ord(c): None for c in _INVISIBLE},
        **_CONTROLS,
        # line and paragraph separators of every flavour become newlines
        0x0B: "\n",
        0x0C: "\n",
        0x1C: "\n",
        0x1D: "\n",
        0x1E: "\n",
        0x85: "\n",
        0x2028: "\n",
        0x2029: "\n\n",
    }
)
# What the table changes, found by one class scan and replaced match by match: translate with
# a dict table costs a lookup per character, and most texts hold nothing to change.
_DISPLAY_CHANGES = re.compile("[" + "".join(re.escape(chr(c)) for c in _DISPLAY_TABLE) + "]")
_NEWLINES = re.compile(r"\r\n?")


def _display_char(match: re.Match) -> str:
    return match.group().translate(_DISPLAY_TABLE)


def clean_text(text: str) -> str:
    """Tidy text for display: drop invisible and control characters, fold spacing.

    Letters and diacritics are kept exactly; paragraphs stay separated by one blank line.
    """
    if not text:
        return ""
    text = _DISPLAY_CHANGES.sub(_display_char, _NEWLINES.sub("\n", text))
    text = unicodedata.normalize("NFC", text)
    # Line by line (str.split is much faster than regexes over the whole text): spaces folded
    # and trimmed, blank lines kept only as one paragraph break.
    out: list[str] = []
    blank = False
    for line in text.split("\n"):
        line = " ".join(line.split())
        if not line:
            blank = True
            continue
        if out:
            out.append("\n\n" if blank else "\n")
        out.append(line)
        blank = False
    return "".join(out)
