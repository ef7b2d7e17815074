"""The words Arabic news sites print around dates, already in the folded form ``dates`` matches.

Folding (``dates.words._fold``, on ``normalize.folding``'s table): lower case, no tatweel or
diacritics, أ/إ/آ/ٱ -> ا, ى -> ي, ة -> ه, Arabic comma -> ",". Every entry here is written the folded way, so one spelling covers many.
"""

from __future__ import annotations

# Gregorian month names: Egypt/Gulf, Morocco, Algeria/Tunisia, Levant/Iraq, English, French,
# German (a few meta values on Arabic pages are in other languages).
GREGORIAN_MONTHS: dict[str, int] = {
    # Egypt / Gulf (and most of the press)
    "يناير": 1,
    "فبراير": 2,
    "فبرائر": 2,
    "مارس": 3,
    "ابريل": 4,
    "ابربل": 4,
    "مايو": 5,
    "يونيو": 6,
    "يونيه": 6,
    "يوليو": 7,
    "يوليه": 7,
    "اغسطس": 8,
    "اغسطوس": 8,
    "سبتمبر": 9,
    "اكتوبر": 10,
    "نوفمبر": 11,
    "ديسمبر": 12,
    "دیسمبر": 12,
    # Morocco
    "ماي": 5,
    "يوليوز": 7,
    "غشت": 8,
    "شتنبر": 9,
    "نونبر": 11,
    "دجنبر": 12,
    # Algeria / Tunisia
    "جانفي": 1,
    "جانفييه": 1,
    "فيفري": 2,
    "فيفريه": 2,
    "افريل": 4,
    "جوان": 6,
    "جويليه": 7,
    "جويلييه": 7,
    "اوت": 8,
    # Levant / Iraq (Syriac names)
    "كانون الثاني": 1,
    "كانون ثاني": 1,
    "شباط": 2,
    "اذار": 3,
    "نيسان": 4,
    "ايار": 5,
    "حزيران": 6,
    "تموز": 7,
    "اب": 8,
    "ايلول": 9,
    "تشرين الاول": 10,
    "تشرين اول": 10,
    "تشرين الثاني": 11,
    "تشرين ثاني": 11,
    "كانون الاول": 12,
    "كانون اول": 12,
    # English
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
    # French
    "janvier": 1,
    "fevrier": 2,
    "février": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "août": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
    "décembre": 12,
    "janv": 1,
    "fevr": 2,
    "févr": 2,
    "avr": 4,
    "juil": 7,
    "déc": 12,
    # German
    "januar": 1,
    "februar": 2,
    "märz": 3,
    "maerz": 3,
    "juni": 6,
    "juli": 7,
    "oktober": 10,
    "dezember": 12,
    "jän": 1,
    "jänner": 1,
    "mär": 3,
    "mrz": 3,
    "okt": 10,
    "dez": 12,
    # Italian and Spanish (news pages quote them; "05 de mayo de 2022")
    "gennaio": 1,
    "febbraio": 2,
    "marzo": 3,
    "aprile": 4,
    "maggio": 5,
    "giugno": 6,
    "luglio": 7,
    "agosto": 8,
    "settembre": 9,
    "ottobre": 10,
    "dicembre": 12,
    "enero": 1,
    "febrero": 2,
    "abril": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "septiembre": 9,
    "setiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
}

# Hijri months, with the spellings in use (جمادى الأولى / جمادى الأول / جمادى الآخرة / الثانية…).
HIJRI_MONTHS: dict[str, int] = {
    "محرم": 1,
    "محرم الحرام": 1,
    "صفر": 2,
    "صفر الخير": 2,
    "ربيع الاول": 3,
    "ربيع اول": 3,
    "ربيع الثاني": 4,
    "ربيع ثاني": 4,
    "ربيع الاخر": 4,
    "ربيع اخر": 4,
    "جمادي الاولي": 5,
    "جمادي الاول": 5,
    "جمادي اولي": 5,
    "جمادي الاخره": 6,
    "جمادي الاخر": 6,
    "جمادي الثانيه": 6,
    "جمادي الثاني": 6,
    "جمادي اخره": 6,
    "رجب": 7,
    "شعبان": 8,
    "رمضان": 9,
    "شوال": 10,
    "ذو القعده": 11,
    "ذي القعده": 11,
    "ذو الحجه": 12,
    "ذي الحجه": 12,
}

# Weekdays by their full names: never a person's name, so bylines drop them too.
WEEKDAY_NAMES: frozenset[str] = frozenset(
    """
    الاحد الاثنين الاتنين الثلاثاء الثلاثا الاربعاء الاربعا الخميس الجمعه السبت
    monday tuesday wednesday thursday friday saturday sunday
    lundi mardi mercredi jeudi vendredi samedi dimanche
    montag dienstag mittwoch donnerstag freitag samstag sonntag
    """.split()
)
# Without the article or shortened: dates only ("جمعه" and "خميس" are also given names).
WEEKDAYS: frozenset[str] = WEEKDAY_NAMES | frozenset(
    """
    احد اثنين ثلاثاء اربعاء خميس جمعه سبت
    mon tue tues wed thu thur thurs fri sat sun
    lun mer jeu ven sam dim
    mo di mi do fr sa so
    """.split()
)

# Words that may stand around a date without making the text something else than a date:
# labels ("نشر في", "آخر تحديث"), era markers (م, هـ), connectors, "on"/"at"/"le"/"à".
FILLER: frozenset[str] = frozenset(
    """
    نشر نشرت نشره ينشر تم في بتاريخ تاريخ التاريخ النشر اخر اخري تحديث التحديث محدثه محدث حدث
    تعديل التعديل عدل اضيف اضافه الاضافه كتب بواسطه يوم اليوم الموافق موافق الساعه ساعه علي على
    عند الى منذ م ه هجري هجريه ميلادي ميلاديه الميلادي الهجري للهجره للميلاد ت غ توقيت بتوقيت
    التوقيت بالتوقيت المحلي محلي و ب ل ال تاريخ_النشر نشر_في
    posted published updated modified last update on at date time the of le à a publié publie
    mis jour mise le la du créé cree am pm
    """.split()
)

# Words after a clock: which half of the day it is (noon, late night and dawn read apart).
AMPM_WORDS: dict[str, str] = {
    "am": "am",
    "a.m.": "am",
    "a.m": "am",
    "pm": "pm",
    "p.m.": "pm",
    "p.m": "pm",
    "ص": "am",
    "صباحا": "am",
    "صباح": "am",
    "صباحاً": "am",
    "قبل الظهر": "am",
    "فجرا": "night",
    "فجر": "night",
    "م": "pm",
    "مساء": "pm",
    "مساءا": "pm",
    "مسائا": "pm",
    "عصرا": "pm",
    "عصر": "pm",
    "بعد الظهر": "pm",
    "ظهرا": "noon",
    "ظهر": "noon",
    "الظهر": "noon",
    "ليلا": "late",
    "ليل": "late",
}

# Named places whose clock a site may print beside a time ("بتوقيت مكة").
ZONE_WORDS: dict[str, str] = {
    "مكه": "Asia/Riyadh",
    "مكه المكرمه": "Asia/Riyadh",
    "الرياض": "Asia/Riyadh",
    "السعوديه": "Asia/Riyadh",
    "القاهره": "Africa/Cairo",
    "مصر": "Africa/Cairo",
    "بيروت": "Asia/Beirut",
    "لبنان": "Asia/Beirut",
    "دمشق": "Asia/Damascus",
    "سوريا": "Asia/Damascus",
    "بغداد": "Asia/Baghdad",
    "العراق": "Asia/Baghdad",
    "الكويت": "Asia/Kuwait",
    "الدوحه": "Asia/Qatar",
    "قطر": "Asia/Qatar",
    "دبي": "Asia/Dubai",
    "ابوظبي": "Asia/Dubai",
    "ابو ظبي": "Asia/Dubai",
    "الامارات": "Asia/Dubai",
    "المنامه": "Asia/Bahrain",
    "البحرين": "Asia/Bahrain",
    "مسقط": "Asia/Muscat",
    "القدس": "Asia/Jerusalem",
    "فلسطين": "Asia/Hebron",
    "غزه": "Asia/Gaza",
    "الرباط": "Africa/Casablanca",
    "المغرب": "Africa/Casablanca",
    "تونس": "Africa/Tunis",
    "الجزائر": "Africa/Algiers",
    "طرابلس": "Africa/Tripoli",
    "ليبيا": "Africa/Tripoli",
    "الخرطوم": "Africa/Khartoum",
    "السودان": "Africa/Khartoum",
    "صنعاء": "Asia/Aden",
    "اليمن": "Asia/Aden",
    "غرينتش": "UTC",
    "جرينتش": "UTC",
    "غرينيتش": "UTC",
    "جرينيتش": "UTC",
}

# Zone abbreviations seen after times. Ambiguous ones (AST, IST, CST) are left out on purpose.
ZONE_ABBREVIATIONS: dict[str, int] = {
    "gmt": 0,
    "utc": 0,
    "z": 0,
    "wet": 0,
    "west": 60,
    "bst": 60,
    "cet": 60,
    "cest": 120,
    "mez": 60,
    "mesz": 120,
    "eet": 120,
    "eest": 180,
    "msk": 180,
    "est": -300,
    "edt": -240,
    "cdt": -300,
    "mst": -420,
    "mdt": -360,
    "pst": -480,
    "pdt": -420,
}

# Small numbers written as words in relative dates ("منذ ثلاث ساعات").
NUMBER_WORDS: dict[str, int] = {
    "واحد": 1,
    "واحده": 1,
    "اثنين": 2,
    "اثنتين": 2,
    "ثلاث": 3,
    "ثلاثه": 3,
    "اربع": 4,
    "اربعه": 4,
    "خمس": 5,
    "خمسه": 5,
    "ست": 6,
    "سته": 6,
    "سبع": 7,
    "سبعه": 7,
    "ثماني": 8,
    "ثمان": 8,
    "ثمانيه": 8,
    "تسع": 9,
    "تسعه": 9,
    "عشر": 10,
    "عشره": 10,
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
