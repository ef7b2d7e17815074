"""The one Arabic folding table: which code points are the same letter, digit or nothing.

``text.normalize_arabic`` (search and dedupe keys, and through it ``bylines``) and the date
parser's ``dates.words.fold`` both fold with these tables, so that a spelling one of them
reads the other reads too. Each caller adds only what its job needs on top (the date parser:
punctuation, spaces and dashes).
"""

from __future__ import annotations

__all__ = ["DIGITS", "INVISIBLE", "LETTERS", "MARKS", "TATWEEL"]

# Invisible characters: zero-width, bidi embeddings/isolates/marks, BOM, soft hyphen,
# Arabic letter mark, Mongolian vowel separator, word joiner and other format controls.
INVISIBLE = (
    "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064"
    "\u2066\u2067\u2068\u2069\u206a\u206b\u206c\u206d\u206e\u206f\ufeff"
)
TATWEEL = "\u0640"

# Arabic diacritics and Quranic annotation marks (all combining, all dropped from keys).
MARKS: list[int] = [
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

LETTERS: dict[str, str] = {
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

# Arabic-Indic, Persian, NKo and fullwidth digits -> ASCII (code point -> digit).
DIGITS: dict[int, str] = {
    zero + i: str(i) for zero in (0x0660, 0x06F0, 0x07C0, 0xFF10) for i in range(10)
}
