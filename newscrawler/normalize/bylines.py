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
from newscrawler.normalize.text import normalize_arabic as _normalize_arabic

# Bylines repeat the same few words (names, labels, places) page after page: fold each once.
normalize_arabic = lru_cache(maxsize=32768)(_normalize_arabic)

__all__ = ["Author", "AuthorKind", "author_key", "clean_authors"]

# --- word lists ----------------------------------------------------------------------------
# Kept as printed; they are compared through ``_fold`` (normalize_arabic, dots and spaces
# removed), so one spelling of each is enough: "أ.ف.ب", "ا ف ب" and "أ ف ب" are one entry.

_AGENCIES = """
و.م.ع ومع MAP أ ف ب ا ف ب فرانس برس الفرنسية AFP رويترز Reuters الأناضول الاناضول Anadolu
بترا Petra واس SPA وام WAM سانا SANA قنا QNA كونا KUNA بنا BNA وفا WAFA معا ونا ناي
أ ش أ د ب أ dpa أسوشيتد برس اسوشييتد برس أ ب AP APA EFE ANSA KNA SDA Keystone-SDA epd
شينخوا Xinhua سبوتنيك Sputnik إرنا IRNA تسنيم مهر واج APS تاب TAP لانا سبأ الأنباء
وكالات وكالات الأنباء وكالة الأنباء وكالات الانباء متابعات مواقع مصادر
CNN سي إن إن BBC بي بي سي LBCI MTV DW RT فرانس 24 France 24 الجزيرة الجزيرة نت العربية
العربية نت سكاي نيوز عربية سكاي نيوز الحرة الميادين المنار الجديد روسيا اليوم
هيئة التحرير فريق التحرير أسرة التحرير المحرر محرر الموقع التحرير قسم الأخبار
المحرر الرياضي المحرر الاقتصادي المحرر السياسي المحرر الثقافي المحرر الفني مكتب التحرير
البيان الخليج الاتحاد الأهرام بوابة الأهرام اليوم السابع المصري اليوم الشروق الوطن
الرياض عكاظ الحياة هسبريس Hespress القدس العربي الشرق الأوسط النهار الأخبار المدينة نيوز
رؤيا عمون الغد الرأي الدستور صدى البلد مصراوي أخبار اليوم الصباح الخبر الشروق أونلاين
Redaktion Staff Newsdesk Editorial Editors Newsroom
"""

# Multi-word entries above are split on whitespace too, so list the multi-word ones again.
_AGENCY_PHRASES = [
    "أ ف ب",
    "ا ف ب",
    "فرانس برس",
    "أ ش أ",
    "د ب أ",
    "أسوشيتد برس",
    "اسوشييتد برس",
    "أ ب",
    "و م ع",
    "وكالات الأنباء",
    "وكالة الأنباء",
    "سي إن إن",
    "بي بي سي",
    "فرانس 24",
    "France 24",
    "الجزيرة نت",
    "العربية نت",
    "سكاي نيوز عربية",
    "سكاي نيوز",
    "روسيا اليوم",
    "هيئة التحرير",
    "فريق التحرير",
    "أسرة التحرير",
    "محرر الموقع",
    "قسم الأخبار",
    "المحرر الرياضي",
    "المحرر الاقتصادي",
    "المحرر السياسي",
    "المحرر الثقافي",
    "المحرر الفني",
    "مكتب التحرير",
    "بوابة الأهرام",
    "اليوم السابع",
    "المصري اليوم",
    "القدس العربي",
    "الشرق الأوسط",
    "المدينة نيوز",
    "صدى البلد",
    "أخبار اليوم",
    "الشروق أونلاين",
    "Al Jazeera",
    "Al Arabiya",
    "Sky News Arabia",
    "Asharq Al-Awsat",
    "Le Monde",
    "Le Figaro",
    "Libération",
    "Associated Press",
    "The Associated Press",
    "Agence France-Presse",
    "Anadolu Agency",
    "Middle East Eye",
    "Arab News",
    "The National",
    "Gulf News",
    "Morocco World News",
    "Reuters Staff",
    "AFP Staff",
    "News Agencies",
    "وكالة المغرب العربي للأنباء",
    "وكالة الأنباء الأردنية",
    "وكالة الأنباء السعودية",
    "وكالة الأنباء القطرية",
    "وكالة الأنباء الكويتية",
    "وكالة أنباء الشرق الأوسط",
    "وكالة الأنباء الفرنسية",
]

# Words that make a phrase an organization wherever they occur in it (folded comparison).
_ORG_WORDS_AR = """
وكالة وكالات صحيفة جريدة مجلة موقع قناة نيوز بوابة هيئة فريق مكتب قسم التحرير المحرر محرر
إذاعة تلفزيون التلفزيون شبكة راديو منصة مركز مؤسسة وزارة الأنباء اخبارية الإخبارية
"""
_ORG_WORDS_LATIN = """
redaktion redaktionsteam online-redaktion rédaction redaction staff team desk newsroom editorial editors editor
news press presse agency agence agentur media medien verlag gmbh ag inc ltd llc e.v. foundation
stiftung bund verband verein service services reports report zeitung magazin magazine blog
tv radio fernsehen network institut institute university universität company corp group
"""

_CMS_ACCOUNTS = {"admin", "administrator", "administrateur", "webmaster", "root", "editor"}

_PLACES = """
القاهرة الجيزة الإسكندرية الاسكندرية أسوان الأقصر المنصورة طنطا الزقازيق بورسعيد بور سعيد
السويس الإسماعيلية أسيوط سوهاج المنيا الفيوم بني سويف دمياط كفر الشيخ البحيرة الغردقة
شرم الشيخ العريش مطروح الدقهلية الشرقية الغربية المنوفية القليوبية البحر الأحمر سيناء
الرباط الدار البيضاء فاس مراكش طنجة أكادير اكادير وجدة مكناس تطوان العيون الحسيمة الناظور
القنيطرة آسفي الجديدة بني ملال تازة الداخلة سلا تمارة المحمدية خريبكة سطات الرشيدية ورزازات
الجزائر وهران قسنطينة عنابة تلمسان سطيف البليدة بجاية تونس صفاقس سوسة القيروان بنزرت قابس
نابل المنستير طرابلس بنغازي مصراتة سرت نواكشوط نواذيبو
بيروت صيدا صور طرابلس زحلة جبيل بعلبك النبطية دمشق حلب حمص حماة اللاذقية طرطوس درعا
دير الزور الرقة إدلب ادلب القامشلي الحسكة السويداء عمان عمّان الزرقاء إربد اربد العقبة
الكرك مأدبا السلط معان جرش المفرق القدس رام الله غزة خان يونس رفح نابلس الخليل جنين
طولكرم قلقيلية بيت لحم أريحا الناصرة حيفا يافا تل أبيب الضفة الغربية قطاع غزة
بغداد البصرة الموصل أربيل اربيل النجف كربلاء كركوك السليمانية الرياض جدة مكة مكة المكرمة
المدينة المنورة الدمام الخبر الطائف تبوك أبها الكويت الدوحة المنامة مسقط صلالة دبي أبوظبي
أبو ظبي ابوظبي الشارقة عجمان رأس الخيمة الفجيرة العين صنعاء عدن تعز الحديدة مأرب حضرموت
عواصم القدس المحتلة الأراضي المحتلة الخرطوم أم درمان بورتسودان جوبا مقديشو جيبوتي
مصر المغرب الجزائر تونس ليبيا موريتانيا السودان لبنان سوريا سورية الأردن الاردن فلسطين
العراق السعودية الكويت قطر البحرين الإمارات عمان اليمن الصومال تركيا إيران ايران
واشنطن نيويورك لندن باريس موسكو برلين بروكسل جنيف أنقرة انقرة إسطنبول اسطنبول طهران
بكين طوكيو روما مدريد فيينا كييف نيودلهي إسلام آباد كابول أثينا ستوكهولم أمستردام
الولايات المتحدة فرنسا ألمانيا المانيا بريطانيا روسيا الصين إسبانيا اسبانيا إيطاليا
London Paris Berlin Washington New York Brussels Brüssel Zürich Zurich Wien Vienna Genf Geneva
Bern Moskau Moscow Beirut Cairo Kairo Dubai Rabat Casablanca Tunis Algiers Amman Baghdad
Damascus Jerusalem Gaza Istanbul Ankara Tehran Teheran Riyadh Doha Hamburg München Munich
Frankfurt Köln Rome Rom Madrid Brüssel Bruxelles Genève Lausanne Basel Luzern Tokyo Beijing
Peking Kiew Kyiv
"""
_PLACE_PHRASES = [
    "بور سعيد",
    "كفر الشيخ",
    "بني سويف",
    "البحر الأحمر",
    "شرم الشيخ",
    "الدار البيضاء",
    "بني ملال",
    "دير الزور",
    "رام الله",
    "خان يونس",
    "بيت لحم",
    "تل أبيب",
    "الضفة الغربية",
    "قطاع غزة",
    "القدس المحتلة",
    "الأراضي المحتلة",
    "عواصم عربية",
    "عواصم عالمية",
    "مكة المكرمة",
    "المدينة المنورة",
    "أبو ظبي",
    "رأس الخيمة",
    "أم درمان",
    "إسلام آباد",
    "الولايات المتحدة",
    "New York",
]

# Honorifics and job descriptors printed before a name (Arabic: may be stacked).
_HONORIFICS_AR = """
د. د الدكتور الدكتورة دكتور دكتورة أ.د. أ.د أ. د. ا.د الأستاذ الأستاذة الاستاذ الاستاذة
أستاذ أستاذة ذ. ذ ذة. ذة الأستاذ الدكتور الصحفي الصحفية الصحافي الصحافية الكاتب الكاتبة الكاتب
الإعلامي الإعلامية الاعلامي الاعلامية الشيخ المهندس المهندسة م. المستشار المستشارة السفير
اللواء العميد الباحث الباحثة الأديب الأديبة الشاعر الشاعرة الروائي الروائية المحامي المحامية
الناقد الناقدة الزميل الزميلة السيد السيدة الحاج الحاجة المحلل المحللة الخبير الخبيرة
الأكاديمي الأكاديمية الفنان الفنانة المفكر المفكرة الداعية الأب الدكتور/ السيد/
"""
_HONORIFICS_LATIN = {
    "dr",
    "dr.",
    "prof",
    "prof.",
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "mme",
    "mme.",
    "mlle",
    "dott.",
    "ing.",
    "dipl.-ing.",
    "sir",
}
_SUFFIXES_LATIN = {"phd", "ph.d.", "ph.d", "md", "m.d.", "msc", "mba", "rd", "rdn", "ma"}

# Name particles that may be lowercase inside a Latin-script name.
_PARTICLES = {
    "von",
    "van",
    "der",
    "den",
    "de",
    "da",
    "del",
    "della",
    "di",
    "du",
    "des",
    "la",
    "le",
    "bin",
    "ibn",
    "al",
    "el",
    "ben",
    "dos",
    "das",
    "y",
    "zu",
    "ter",
    "op",
    "af",
    "bint",
    "abu",
    "ould",
    "ag",
    "e",
}

# Arabic words that never occur in a name but do in prose.
_PROSE_AR = """
في إلى الى عن من التي الذي الذين هذا هذه ذلك تلك أن ان إن قد لقد كان كانت مع بعد قبل
حول خلال عند حيث كما لكن ثم أو او هل ما لا لم لن يوم اليوم أمس
"""

_FIRST_NAMES_AR = """
محمد أحمد احمد محمود مصطفى علي عمر عمرو خالد حسن حسين إبراهيم ابراهيم يوسف عبد عبدالله سعيد
سعد سامي سامح سمير طارق هشام هاني كريم ماجد مجدي مروان نبيل ناصر نادر ياسر ياسين يحيى زياد
رامي رضا شريف عادل عماد عصام أشرف أيمن ايمن أسامة اسامة إسلام اسلام إيهاب أنس انس أنور
فاطمة فاطمه مريم آية اية أسماء اسماء إيمان ايمان أميرة اميرة سارة ساره نور نورا نورهان هدى
هبة منى مها ريم رنا رانيا دينا سلمى سلوى ليلى ليلي زينب خديجة عائشة سمر سماح شيماء آمنة
آسيا ياسمين لينا هالة جميلة نادية حنان سناء سهام نجلاء بسمة عبير غادة رحاب إسراء اسراء
منال أمل امل حياة رشا نهى جيهان داليا سهير ميرفت مي لمياء حسناء كوثر فرح رحمة صفاء شيرين
جمال كمال فؤاد رشيد حميد مراد منير بلال جلال فيصل فهد سلطان سلمان راشد حمد حمدي حمزة زكريا
عثمان عباس جعفر صالح صلاح فتحي رفعت شادي تامر باسم حازم حاتم حامد عاطف عاصم رأفت توفيق عزيز
إسماعيل اسماعيل إدريس ادريس عبدالرحمن عبدالرحيم عبدالعزيز عبدالكريم عبدالحميد عبدالمجيد
مصطفي لطفي نزار أنطوان جورج ميشال إلياس الياس طوني بيار شربل جوزيف غسان جهاد ربيع فادي
كلادس غابي زياد أمين امين منصور معتز مؤمن عمار ياسمينة سعاد رجاء نوال حسام أحلام
"""

# Names that begin with و and must not be read as "and" + name.
_WAW_NAMES = """
وليد وليدة وفاء وئام وائل وجدي وجدان وسام وسيم وديع وديعة ودود ودعاء وهبة وهبي وحيد وحيدة
وداد وصفي ولاء ورد وردة وهيب وهيبة وجيه وجيهة وضاح ولد وفيق وصال وعد وسن وصفية وجدة ولي
وهاب وداعة وزير وزان والي وطفة واصف واثق وافي وفيقة ودة وقار وليم ويليام وسيلة ونيس وحيد
وهدان ورداني وهبان وفا وائلة واعظ
"""

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

_DATE_WORDS = """
on am um le à at published publié publiée updated veröffentlicht aktualisiert posted gepostet
erstellt geändert zuletzt last mis modifié modified stand uhr comments comment kommentare
kommentar shares share teilen partager partagez compartir condividi follow folgen lire read more
alle artikel min minute minutes
reading lesezeit datum date gespeichert reviews review sagt says via publiziert publicado
utc gmt cet cest mez mesz est edt pst pdt eet eest pm uhr archives archiv archive file
خاص حصري عاجل حصريا
نشر نشرت بتاريخ آخر تحديث الموافق منذ ساعة ساعات دقيقة دقائق صباحا مساء مساءً صباحاً
"""
# Job titles after a name ("Evan Halper, Staff Writer"): the name ends where they start.
_JOB_WORDS = """
writer writers reporter correspondent contributor contributing columnist redakteur redakteurin
journalist journalistin korrespondent korrespondentin experte expertin chefredakteur
chefredakteurin
"""
_MONTHS = """
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec januar februar märz mai juni juli oktober
dezember jänner janvier février fevrier mars avril juin juillet août aout septembre octobre
novembre décembre enero febrero marzo abril mayo junio julio agosto septiembre octubre
noviembre diciembre
يناير فبراير مارس أبريل ابريل إبريل مايو يونيو يونية يوليو يولية أغسطس اغسطس سبتمبر أكتوبر
اكتوبر نوفمبر ديسمبر كانون شباط آذار اذار نيسان أيار ايار حزيران تموز آب اب أيلول ايلول
تشرين جانفي فيفري أفريل افريل ماي جوان جويلية أوت اوت
"""
_WEEKDAYS = """
monday tuesday wednesday thursday friday saturday sunday montag dienstag mittwoch donnerstag
freitag samstag sonntag lundi mardi mercredi jeudi vendredi samedi dimanche
الأحد الاحد الاثنين الإثنين الثلاثاء الأربعاء الاربعاء الخميس الجمعة السبت
"""


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
_ORGS = _fold_set(_AGENCIES, _AGENCY_PHRASES)
_ORG_WORDS = _fold_set(_ORG_WORDS_AR) | frozenset(_ORG_WORDS_LATIN.split())
_PLACE_SET = _fold_set(_PLACES, _PLACE_PHRASES)
_HONORIFIC_SET = _fold_set(_HONORIFICS_AR)
_PROSE_SET = frozenset(normalize_arabic(w) for w in _PROSE_AR.split())
_FIRST_NAMES = _fold_set(_FIRST_NAMES_AR)
_WAW_SET = _fold_set(_WAW_NAMES)
_DATE_SET = frozenset(normalize_arabic(w) for w in _DATE_WORDS.split())
_JOB_SET = frozenset(_JOB_WORDS.split())
_MONTH_SET = frozenset(normalize_arabic(w).rstrip(".") for w in _MONTHS.split())
_WEEKDAY_SET = frozenset(normalize_arabic(w) for w in _WEEKDAYS.split())

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
_WEAK_VON = re.compile(rf"{_B}(?:von|de|van|door|av|af){_E}\s*:?\s*", re.IGNORECASE)

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
_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
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
    while len(words) > 1 and (_fold(words[0]) in _HONORIFIC_SET or words[0] in _HONORIFICS_LATIN):
        words = words[1:]
    text = re.sub(r"(?<![\w])(عبد|ابو|ابن|بو|ام|بن|ذو|ذي) ", r"\1", " ".join(words))
    return re.sub(r"\s+", " ", text).strip()


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
        for name, kind in _parse_byline(byline, site):
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


def _domain_core(text: str) -> str:
    text = re.sub(r"^(?:https?://)?(?:www\.)?", "", text.strip().lower())
    return re.sub(
        r"\.(?:com|net|org|info|ma|eg|tn|dz|sa|ae|lb|jo|ps|qa|kw|de|fr|co|uk)\b.*$", "", text
    )


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
        return [(text, "organization")]
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


def _has_marker(text: str) -> bool:
    return bool(_AR_MARKER.search(text) or _LATIN_MARKER.search(text))


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


def _classify(text: str, site: frozenset[str]) -> list[tuple[str, AuthorKind]]:
    name = _tidy(text)
    if not name or _is_noise(name) or _is_place(name):
        return []
    folded = _fold(name)
    if folded in site:
        return [(name, "organization")]
    if normalize_arabic(name) in _CMS_ACCOUNTS or _is_marker_only(name) or folded in _HONORIFIC_SET:
        return []
    if _is_org(name, site):
        return [(name, "organization")] if _looks_like_name(name, allow_org=True) else []
    name = _strip_honorifics(name)
    if not name or name.lower() in _SUFFIXES_LATIN or not _looks_like_name(name):
        return []
    if " " not in name and _ARABIC.search(name) and _fold(name) not in _FIRST_NAMES:
        # A lone Arabic word that is not a given name is the outlet ("سبق", "عمون").
        return [(name, "organization")]
    return [(name, "person")]


def _is_marker_only(name: str) -> bool:
    return any(
        rx.fullmatch(name.strip())
        for rx in (_LATIN_MARKER, _WEAK_VON, _AR_MARKER, _LATIN_NON_AUTHOR, _AR_NON_AUTHOR)
    )


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
        if _fold(first) in _HONORIFIC_SET or first.lower() in _HONORIFICS_LATIN:
            words = words[1:]
            changed = True
        elif len(words) > 2 and _fold(" ".join(words[:2])) in _HONORIFIC_SET:
            words = words[2:]
            changed = True
    while len(words) > 1 and words[-1].lower().strip(",") in _SUFFIXES_LATIN:
        words = words[:-1]
    return _tidy(" ".join(words))


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


def _is_place(text: str) -> bool:
    folded = _fold(_tidy(text))
    return bool(folded) and folded in _PLACE_SET


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
    if all(w in _PARTICLES for w in words):  # "el" left of "Publicado el 11 de mayo"
        return False
    if len(words) == 1:
        return True
    # Latin: every word capitalized, an initial, or a known lowercase particle.
    for w in words:
        if w[:1].isupper() or w.lower() in _PARTICLES or not w[:1].isalpha():
            continue
        return False
    return True
