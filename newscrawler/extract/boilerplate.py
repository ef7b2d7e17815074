"""Lines inside the text that are about the page, not the story: "related" labels, photo
credits, "see also" pointers and calls to subscribe or follow.

What changes here: the wordings of such lines, in the languages of the pages we read.
"""

from __future__ import annotations

import re
from collections import Counter

_FURNITURE_TEXT = re.compile(
    r"^\W*(?:مقالات ذات صلة|اقرأ أيضا|اقرأ أيضاً|اقرأ ايضا|اترك تعليقا|اترك تعليقاً|اترك ردا|"
    r"زر الذهاب إلى الأعلى|شارك|شارك هذا|مشاركة|التعليقات|تعليقات|related( posts| articles)?|"
    r"share( this)?( article)?|read more|leave a (reply|comment)|comments?|advertisement|anzeige|"
    r"werbung|publicité|teilen|explore further|(article|story) continues below|"
    r"continue reading below|(comments are|kommentare) (closed|geschlossen)|"
    r"les commentaires sont fermés|التعليقات مغلقة)\W*$",
    re.IGNORECASE,
)


# Lines that are about the page, not the story: photo credits, "see also" pointers, and calls
# to subscribe or follow (a verb of joining and a channel, in a short paragraph).
_CREDIT_LINE = re.compile(
    r"^\(?\s*(?:photo ?credits?|credits? photos?|crédits? photos?|credit|foto|fotos|photo|"
    r"bild|bildquelle|image|quelle foto)\s*:",
    re.IGNORECASE,
)
# A copyright notice: "© 2024 …", "Copyright …", "All rights reserved" in the languages we read.
_COPYRIGHT = re.compile(
    r"^\W{0,2}(?:©|ⓒ|copyright\b)|all rights reserved|alle rechte vorbehalten|"
    r"tous droits réservés|todos los derechos reservados|riproduzione riservata|"
    r"جميع الحقوق محفوظة",
    re.IGNORECASE,
)
# A gallery's slide counter opening a line ("3 of 12 | …", "Bild 3 von 12", "3/12"), set off
# by a separator or alone: "3 of 12 members voted" is a sentence.
_SLIDE = re.compile(
    r"^(?:(?:bild|foto|photo|image|slide)\s+)?\d{1,3}\s*(?:of|von|de|sur|di|/)\s*\d{1,3}"
    r"\s*(?:[|·•–-]|$)",
    re.IGNORECASE,
)
# A production credit closing an agency story: "Reporting by …; Editing by …", "With files from
# The Associated Press", "Mit Material von dpa".
_STAFF_LINE = re.compile(
    r"^\(?(?:(?:additional )?reporting by|writing by|editing by|with files from|"
    r"mit material (?:von|der|des)|con información de|avec l'afp)\b",
    re.IGNORECASE,
)
# Where the story came from, closing it: "First published in The Conversation", "With reports
# from Reforma", "Mit Agenturmaterial", "Dieser Artikel ist zuerst bei … erschienen", "… contributed
# to this report", "Aus dem Englischen von …".
_ORIGIN_NOTE = re.compile(
    r"^\W{0,2}(?:(?:first|originally) published (?:in|on|by|at)\b|with (?:additional )?"
    r"(?:reports?|reporting) (?:from|by)\b|additional reporting (?:from|by)\b|mit agenturmaterial|"
    r"(?:dieser|der) (?:artikel|beitrag|text) (?:ist|wurde|erschien) (?:zuerst|zuerst bei|"
    r"ursprünglich|im original)\b|aus dem (?:englischen|französischen|spanischen|italienischen)"
    r" (?:von|übersetzt)\b|publicado originalmente|publié initialement|cet article a été "
    r"(?:initialement|d'abord) publié)|contributed to this (?:report|story|article)\W*$",
    re.IGNORECASE,
)
# A disclaimer about the page, not the story: the views are the author's, not the editors'
# ("gibt die Meinung des Autors wieder", "do not necessarily reflect the views of …", "is not
# responsible for the opinions … presented by contributors").
_DISCLAIMER = re.compile(
    r"(?:do|does) not necessarily (?:reflect|represent) the (?:views?|opinions?|position)|"
    r"nicht (?:notwendigerweise|unbedingt|zwingend) die meinung|(?:is|are) not responsible for "
    r"the (?:opinions|views|content)|"
    r"(?:gibt|geben|spiegel[nt]?) (?:nicht notwendigerweise |nur )?die (?:persönliche )?meinung des "
    r"autors|views expressed (?:here |in this \w+ )?are (?:those of the author|the author's own)|"
    r"(?:las )?opiniones expresadas .{0,40}(?:autor|autora)|les opinions exprimées .{0,40}auteur",
    re.IGNORECASE,
)
_SEE_ALSO = re.compile(
    r"^(?:mire|lea también|lee también|read (?:also|more)|see also|lesen sie auch|lies auch|"
    r"mehr zum thema|à lire aussi|lire aussi|voir aussi|leggi anche|اقرأ أيضا|اقرأ أيضاً)\b.{0,6}:",
    re.IGNORECASE,
)
_CTA_VERB = re.compile(
    r"\b(?:subscribe|sign up|follow|download|join|submit|únete|síguenos|suscríbete|mira|"
    r"registrarte|abonnier\w*|folg\w*|abonne[zr]?|inscri\w*|sign in|create an account|"
    r"get in touch|check (?:out|our)|ikuti|cek)\b",
    re.IGNORECASE,
)
_CTA_CHANNEL = re.compile(
    r"\b(?:subscription|subscribers?|newsletter|edition|twitter|instagram|facebook|"
    r"whatsapp|telegram|youtube|apps?|ios|android|canal|kanal|this form|full story|"
    r"e-?paper|registrarte|google news|account|news ?team|news page|emailing us)\b",
    re.IGNORECASE,
)
_READER = re.compile(
    r"\b(?:you|your|our|please|du|dich|dir|dein\w*|unser\w*|bitte|tu|tus|debes|puedes|vous|"
    r"votre|nos|nuestr[oa]s?)\b|^for (?:the )?(?:latest|more)\b",
    re.I,
)


# A stamp: a date (31.12.2024, 2024-12-31, 31/12/2024, "13. 10. 2025") or a clock (17:41, 15.59).
_STAMP = re.compile(
    r"\b(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|"
    r"\d{1,2}[:.]\d{2}(?:\s?[ap]\.?m\.?)?)\b",
    re.IGNORECASE,
)
_READING_TIME = re.compile(
    r"^(?:(?:lesedauer|lesezeit|reading time|temps de lecture|tiempo de lectura)\s*:?\s*)?"
    r"\d+\s*(?:min\.?|minutes?|minuten)\s*(?:read|lesezeit|lesedauer|de lectura|de lecture)?$",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[^\W\d_]+")


def is_stamp(text: str) -> bool:
    """A line that is only a date or time stamp (with a label or two, "Stand:", "Updated",
    a month or weekday name) or a reading time: page data about the article, not its text."""
    if len(text) > 70:
        return False
    if _READING_TIME.match(text):
        return True
    return bool(_STAMP.search(text)) and len(_WORDS.findall(text)) <= 4


def is_boilerplate(text: str) -> bool:
    """A credit line, a "see also" pointer or a call to subscribe/follow."""
    if _FURNITURE_TEXT.match(text):
        return True
    if len(text) < 120 and (_CREDIT_LINE.match(text) or _SEE_ALSO.match(text)):
        return True
    if len(text) < 250 and _COPYRIGHT.search(text):
        return True
    if len(text) < 250 and (_STAFF_LINE.match(text) or _ORIGIN_NOTE.search(text)):
        return True
    if len(text) < 300 and _DISCLAIMER.search(text):
        return True
    if _SLIDE.match(text):
        return True  # "3 of 12 | Republican presidential nominee …": a gallery's caption
    if len(text) >= 260 or not _CTA_CHANNEL.search(text):
        return False
    verb = _CTA_VERB.search(text)
    # Addressed to the reader: the verb opens the line, or the line says "you"/"our".
    return bool(verb) and (verb.start() < 15 or bool(_READER.search(text)))


_ANY_WORD = re.compile(r"\w+")
_REPEAT_WORDS = 4  # a repeated label or chorus line ("Repeat Chorus", "At a Glance") may stay


def without_repeats(blocks: list[str], levels: list[int]) -> tuple[list[str], list[int]]:
    """Without the blocks whose text stands again and again in the body: a line repeated
    through the text (three times or more: "Story continues below advertisement") or a box
    shown twice (two or more blocks in a row, each repeated: a subscription offer in a header
    and a footer) is page furniture, whatever its class says. A lone block shown twice is a
    pull quote: its first copy stays."""
    seen = Counter(blocks)
    if max(seen.values(), default=0) < 2:
        return blocks, levels

    def repeated(i: int) -> bool:
        return 0 <= i < len(blocks) and seen[blocks[i]] >= 2 and _long(blocks[i])

    kept, kept_levels, shown = [], [], set()
    for i, (block, level) in enumerate(zip(blocks, levels, strict=True)):
        if repeated(i) and (
            seen[block] >= 3 or repeated(i - 1) or repeated(i + 1) or block in shown
        ):
            shown.add(block)
            continue
        shown.add(block)
        kept.append(block)
        kept_levels.append(level)
    return kept, kept_levels


def _long(block: str) -> bool:
    return len(_ANY_WORD.findall(block)) >= _REPEAT_WORDS
