"""Byline words and what they mark: "بقلم", "كتبت", "By", "Von", credits that are not
authors ("تصوير", "Foto"), correspondents, dates and counters around a name.

Also the folded word sets every part of ``bylines`` compares with (``_fold``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from newscrawler.normalize._date_words import GREGORIAN_MONTHS, WEEKDAY_NAMES
from newscrawler.normalize.bylines.words import (
    AGENCIES,
    AGENCY_PHRASES,
    DATE_WORDS,
    FIRST_NAMES_AR,
    HONORIFICS_AR,
    JOB_WORDS,
    ORG_WORDS_AR,
    ORG_WORDS_LATIN,
    PARTICLES,
    PLACE_PHRASES,
    PLACES,
    PROSE_AR,
    WAW_NAMES,
)
from newscrawler.normalize.text import normalize_arabic as _normalize_arabic

# Bylines repeat the same few words (names, labels, places) page after page: fold each once.
normalize_arabic = lru_cache(maxsize=32768)(_normalize_arabic)

_BYLINE_AR = (
    r"بقلم|كتب|كتبت|كتبه|كتبته|كتبها|بواسطة|[إا]عداد|حوار|حاوره|حاورته|حاورها|حاورهم"
    r"|[أا]جرى الحوار|[أا]جرت الحوار|[أا]جراه|[أا]جرته|[أا]جرت|[أا]جرى|تقرير|متابعة|متابعه|ترجمة|ترجمه|تحرير|[إا]شراف|رصد"
    r"|تحقيق|[إا]عداد وتقديم|(?:ال)?كاتب[ةه]?\s*(?=[:：])|(?:ال)?مؤلف[ةه]?\s*(?=[:：])"
    r"|(?:ال)?صح[اف]?في[ةه]?\s*(?=[:：])|نقله للعربية|ترجمها|ترجمه للعربية|المحرر المسؤول"
)
_NON_AUTHOR_AR = r"تصوير|صور|[إا]خراج|تصميم|جرافيك|فيديو|مونتاج|تنفيذ"
_CORRESPONDENT_AR = (
    r"مراسلو|مراسلي|مراسل|مراسلة|مراسله|مراسلنا|مراسلتنا|موفد|موفدة|موفدنا|مبعوث|مبعوثة"
)

_STRONG_LATIN = (
    r"by|written by|posted by|reviewed by|reported by|reporting by|report by|text by"
    r"|text and photos by|publicado por|por|words by|story by|par|publié par|écrit par|durch|geschrieben von"
    r"|author|authors|autor|autorin|autoren|auteur|auteurs|auteure|verfasst von|redigiert von"
    r"|text|texte|interview|reportage|mit material von|with reporting by|compiled by"
)
_NON_AUTHOR_LATIN = (
    r"photos?|photographs?|photography|photo by|photos by|foto|fotos|bild|bilder|illustrations?"
    r"|illustration von|grafik|video|kamera|camera|übersetzung|translated by|translation"
    r"|edited by|editing by|datum|date|category|kategorie|tags|source|quelle|lesezeit"
)


@lru_cache(maxsize=32768)
def _fold(text: str) -> str:
    """Comparison form for word lists: key without dots, spaces, hyphens or quotes."""
    return re.sub(r"[\s.\-_'’\"/·]", "", normalize_arabic(text))


def _fold_set(words: str, *phrases: Iterable[str]) -> frozenset[str]:
    items = [*words.split()]
    for group in phrases:
        items.extend(group)
    return frozenset(f for f in (_fold(w) for w in items) if f)


_DESK_HEADS = frozenset(
    _fold(w) for w in "هيئة فريق أسرة مدير رئيس سكرتير مكتب قسم نائب مساعد مدير".split()
)
_ORGS = _fold_set(AGENCIES, AGENCY_PHRASES)
_ORG_WORDS = _fold_set(ORG_WORDS_AR) | frozenset(ORG_WORDS_LATIN.split())
_PLACE_SET = _fold_set(PLACES, PLACE_PHRASES)
_HONORIFIC_SET = _fold_set(HONORIFICS_AR)
_PROSE_SET = frozenset(normalize_arabic(w) for w in PROSE_AR.split())
_FIRST_NAMES = _fold_set(FIRST_NAMES_AR)
_WAW_SET = _fold_set(WAW_NAMES)
_DATE_SET = frozenset(normalize_arabic(w) for w in DATE_WORDS.split())
_JOB_SET = frozenset(JOB_WORDS.split())
_MONTH_SET = frozenset(
    # "كانون الثاني": the first word is the month's ("الثاني" is no date word on its own).
    normalize_arabic(name.split()[0])
    for name in GREGORIAN_MONTHS
)
_WEEKDAY_SET = frozenset(normalize_arabic(w) for w in WEEKDAY_NAMES)

# --- regular expressions -------------------------------------------------------------------

_B = r"(?<![\w])"  # word start (works for Arabic letters too)
_E = r"(?![\w])"
_PUNCT_AFTER = r"[\s:：\-–—ـ/|,،.]*"

_AR_MARKER = re.compile(
    rf"{_B}(?:و\s?)?(?:{_BYLINE_AR})(?:\s*و\s*(?:{_BYLINE_AR}|{_NON_AUTHOR_AR}))*{_E}"
    rf"(?:\s*(?:من(?!\w)|:|-)\s*)?{_PUNCT_AFTER}"
)
_AR_NON_AUTHOR = re.compile(
    rf"{_B}(?:و\s?)?(?:{_NON_AUTHOR_AR})(?:\s*و\s*(?:{_NON_AUTHOR_AR}))*{_E}{_PUNCT_AFTER}"
)
_LATIN_MARKER = re.compile(rf"{_B}(?:{_STRONG_LATIN}){_E}\s*[:\-–—]?\s*", re.IGNORECASE)
_LATIN_NON_AUTHOR = re.compile(rf"{_B}(?:{_NON_AUTHOR_LATIN}){_E}\s*[:\-–—]?\s*", re.IGNORECASE)
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*", re.IGNORECASE)
_WEAK_VON = re.compile(rf"{_B}(?:von|de|van|door|av|af|di){_E}\s*:?\s*", re.IGNORECASE)

# "مراسل الجزيرة نت في غزة:" / "مراسل هسبريس من الرباط -" / "مراسلنا في القاهرة"
_CORRESPONDENT = re.compile(
    rf"{_B}(?:{_CORRESPONDENT_AR}){_E}\s*(?P<outlet>[^:\-–—|،,()]*?)"
    rf"(?:\s+(?:من|في|ب|داخل|لدى)\s*(?P<city>[^:\-–—|،,()]+?))?\s*(?:[:\-–—|،,]+|$)"
)

_URL = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|net|org|de|fr|ma|eg|info|tn)\b/\S*", re.IGNORECASE
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HANDLE = re.compile(r"(?<![\w])@\w+|(?<=[a-z])@\w+")
_PARENS = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_PIPES = re.compile(r"\s*(?:\|+|•|·|\s//\s|\s\\\s|\s‖\s|⋅|∙)\s*")
_DASH = re.compile(r"\s+[-–—‒―−ـ]+\s*|\s*[-–—‒―−]+\s+|^[-–—ـ]+\s*|\s*[-–—ـ]+$|\s*:+-*\s*")
_LIST_SEP = re.compile(
    r"\s*[,،;؛&+]\s*|\s+(?:and|und|et|y|e|&amp;|with|mit|avec|sowie)\s+|\s*/\s+|\s+/\s*|\s+و\s+",
    re.IGNORECASE,
)
_FOR_OUTLET = re.compile(r"\s+(?:for|für|pour|para|for the)\s+[A-Z\u00c0-\u024f].*$", re.IGNORECASE)
_GLUED = re.compile(
    r"(?<=[a-zà-ÿß])(?=(?:Published|Updated|Staff|Follow|Posted|Veröffentlicht|Zuletzt|Kontakt|"
    r"Shares?|Comments?|Kommentare|Read|More|Alle|Januar|Februar|März|April|Mai|Juni|Juli|"
    r"August|September|Oktober|November|Dezember|January|February|March|June|July|October|"
    r"December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s*\d)|(?<=[a-zà-ÿß])(?=\d+[.:/,])"
)
# Combining marks: Latin accents, Arabic harakat, and the vowel signs of the Indic, Thai and
# Myanmar scripts ("दैनिक भास्कर"), which \w does not match.
_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0900-\u109f"
_COUNTERS = re.compile(
    r"(?<![\w])(?:ein|eine|keine|no|\d+)\s+(?:kommentare?|comments?|reviews?|shares?|"
    r"ergänzungen|antworten|replies|views|aufrufe)(?![\w])",
    re.IGNORECASE,
)
# "د. محمد المهدي يكتب: عنوان المقال": the name comes first, the title after.
_WRITES = re.compile(r"\s+(?:يكتب|تكتب|يكتبان|يكتبون)(?![\w])\s*[:：]?.*$", re.DOTALL)
# "هسبريس من الرباط", "عبد الرحيم العسري من الرباط" (applied only when the tail is a place)
_FROM_PLACE = re.compile(r"\s+(?:من|في|ب)\s+([^\s:،,\-][^:،,\-]*?)\s*$")
_GLUED_BY = re.compile(r"(?<![\w])(By|Von|Par)(?=[A-Z][a-z])")
_GLUED_HONORIFIC = re.compile(r"(?<![\w])(أ\.د|ذة|[دذأم])\.(?=[\u0621-\u064a]{2})")
_SLASHED_HONORIFIC = re.compile(  # "د/ محمد أبو الغار", "الأستاذ الدكتور/ أحمد زايد"
    r"(?<![\w])(د|أ|م|ذ|ذة|[اأ]\.د|الدكتور[ةه]?|ال[أا]ستاذ[ةه]?|المهندس[ةه]?|المستشار[ةه]?"
    r"|السيد[ةه]?|الكاتب[ةه]?|الصحفي[ةه]?)\s*/\s*"
)
_NOT_NAME_CHARS = re.compile(rf"[^\w\s.'’/\-{_MARKS}]")
_EDGE_JUNK = re.compile(r"^[\s\W_]+|[\s\W_]+$")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_TATWEEL_SEP = re.compile(r"(?:(?<=\s)|^)\u0640+(?=\s|$)")
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−﹘﹣－"})


def _has_marker(text: str) -> bool:
    return bool(_AR_MARKER.search(text) or _LATIN_MARKER.search(text))


def _is_marker_only(name: str) -> bool:
    return any(
        rx.fullmatch(name.strip())
        for rx in (_LATIN_MARKER, _WEAK_VON, _AR_MARKER, _LATIN_NON_AUTHOR, _AR_NON_AUTHOR)
    )


def _cut_at_markers(piece: str) -> list[str] | None:
    """Split a piece at byline words; keep what follows author words, drop the rest."""
    spans: list[tuple[int, int, bool]] = []  # (start, end, is_author)
    for rx, is_author in (
        (_AR_MARKER, True),
        (_LATIN_MARKER, True),
        (_AR_NON_AUTHOR, False),
        (_LATIN_NON_AUTHOR, False),
        (_COPYRIGHT, True),
    ):
        for m in rx.finditer(piece):
            before = piece[: m.start()].split()
            if before and _fold(before[-1]) in _DESK_HEADS:
                continue  # "هيئة تحرير الموقع", "رئيس التحرير": a desk, not a byline word
            if m.end() > m.start():
                spans.append((m.start(), m.end(), is_author))
    strong_end = min((s[0] for s in spans), default=len(piece))
    for m in _WEAK_VON.finditer(piece):
        before = piece[: m.start()]
        if any(0 <= m.start() - s[1] <= 1 for s in spans):
            spans.append((m.start(), m.end(), True))  # "Text von X": merged below
            continue
        if m.start() >= strong_end:
            continue  # "by Walter von Aachen": part of the name
        if before.strip() and m.group(0)[:1].isupper() and _particle_follows(piece[m.end() :]):
            continue  # "Fouzia Van Der Fort": a capitalized particle inside a name
        if _weak_marker_applies(before, piece[m.end() :]):
            spans.append((m.start(), m.end(), True))
    spans.sort()
    # Drop overlaps (the first, then longest, wins).
    merged: list[tuple[int, int, bool]] = []
    for span in spans:
        if merged and span[0] < merged[-1][1]:
            continue
        if merged and not piece[merged[-1][1] : span[0]].strip():
            # Adjacent words are one credit ("Text von", "Foto: ©"); the first decides.
            merged[-1] = (merged[-1][0], span[1], merged[-1][2])
            continue
        merged.append(span)
    if not merged:
        return [piece]
    chunks: list[str] = []
    prefix = piece[: merged[0][0]]
    if not any(author for _, _, author in merged) and prefix.strip():
        # Only non-author credits ("Foto: X"): the text before them is the byline.
        return [prefix]
    for i, (_, end, is_author) in enumerate(merged):
        stop = merged[i + 1][0] if i + 1 < len(merged) else len(piece)
        if is_author:
            chunks.append(piece[end:stop])
    return chunks


def _particle_follows(after: str) -> bool:
    """After a capitalized "Van"/"De" inside a line: another particle or one surname."""
    words = after.split()
    return len(words) == 1 or (bool(words) and words[0].lower() in PARTICLES)


def _weak_marker_applies(before: str, after: str) -> bool:
    """'von'/'de' is a byline word only at the start, after a date, or before a full name."""
    if not before.strip() or not _strip_dates(before).strip(" ,.-:"):
        return bool(after.strip())
    words = after.split()
    caps = 0
    for w in words:
        if w[:1].isupper():
            caps += 1
        else:
            break
    return caps >= 2


def _strip_dates(text: str) -> str:
    """Drop dates and counters before a name, and cut it at the first one after it."""
    text = _COUNTERS.sub(" ", text)
    words = text.split()
    norm = [normalize_arabic(w).strip(".,:;-،؛()") for w in words]

    def near_number(i: int) -> bool:
        return any(n[:1].isdigit() for n in norm[max(0, i - 1) : i + 2])

    def is_date(i: int) -> bool:
        w = norm[i]
        if i > 0 and _fold(words[i - 1] + words[i]) in _ORGS:
            return False  # "فرانس 24"
        return bool(
            w[:1].isdigit()
            or (w in _MONTH_SET and near_number(i))
            or w in _WEEKDAY_SET
            or (w in _DATE_SET and (words[i].islower() or _ARABIC.search(w) or len(w) > 3))
            or (w in _DATE_SET and near_number(i))
        )

    start = 0
    while start < len(words) and (not norm[start] or is_date(start)):
        start += 1
    for i in range(start + 1, len(words)):
        w = norm[i]
        if not w:
            continue
        job = w in _JOB_SET or (w == "staff" and i + 1 < len(norm) and norm[i + 1] in _JOB_SET)
        if is_date(i) or job:
            return " ".join(words[start:i])
    return " ".join(words[start:])
