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

from newscrawler.normalize.folding import DIGITS as _DIGITS
from newscrawler.normalize.folding import INVISIBLE as _INVISIBLE
from newscrawler.normalize.folding import LETTERS as _LETTERS
from newscrawler.normalize.folding import MARKS as _MARKS
from newscrawler.normalize.folding import TATWEEL as _TATWEEL

__all__ = ["clean_text", "normalize_arabic"]

# Removed before NFKC, so that removing them cannot leave a sequence NFKC would recompose.
_DROP_FIRST = re.compile(f"[{_INVISIBLE}{_TATWEEL}]+")

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
