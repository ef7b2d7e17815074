"""The word lists bylines are read with: outlets, places, honorifics, given names, labels.

Pure data, kept as printed; ``markers`` folds them (``normalize_arabic``, dots and spaces
removed), so one spelling of each is enough: "أ.ف.ب", "ا ف ب" and "أ ف ب" are one entry.
Month and weekday names come from ``normalize._date_words``, shared with the date parser.
"""

AGENCIES = """
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
AGENCY_PHRASES = [
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
ORG_WORDS_AR = """
وكالة وكالات صحيفة جريدة مجلة موقع قناة نيوز بوابة هيئة فريق مكتب قسم التحرير المحرر محرر
إذاعة تلفزيون التلفزيون شبكة راديو منصة مركز مؤسسة وزارة الأنباء اخبارية الإخبارية
"""
ORG_WORDS_LATIN = """
redaktion redaktionsteam online-redaktion rédaction redaction staff team desk newsroom editorial editors editor
news press presse agency agence agentur agencies agences agenturen agencias agenzie media medien verlag gmbh ag inc ltd llc e.v. foundation
stiftung bund verband verein service services reports report zeitung magazin magazine blog
tv radio fernsehen network institut institute university universität company corp group
"""

CMS_ACCOUNTS = {"admin", "administrator", "administrateur", "webmaster", "root", "editor"}

PLACES = """
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
PLACE_PHRASES = [
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
HONORIFICS_AR = """
د. د الدكتور الدكتورة دكتور دكتورة أ.د. أ.د أ. د. ا.د الأستاذ الأستاذة الاستاذ الاستاذة
أستاذ أستاذة ذ. ذ ذة. ذة الأستاذ الدكتور الصحفي الصحفية الصحافي الصحافية الكاتب الكاتبة الكاتب
الإعلامي الإعلامية الاعلامي الاعلامية الشيخ المهندس المهندسة م. المستشار المستشارة السفير
اللواء العميد الباحث الباحثة الأديب الأديبة الشاعر الشاعرة الروائي الروائية المحامي المحامية
الناقد الناقدة الزميل الزميلة السيد السيدة الحاج الحاجة المحلل المحللة الخبير الخبيرة
الأكاديمي الأكاديمية الفنان الفنانة المفكر المفكرة الداعية الأب الدكتور/ السيد/
"""
HONORIFICS_LATIN = {
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
SUFFIXES_LATIN = {"phd", "ph.d.", "ph.d", "md", "m.d.", "msc", "mba", "rd", "rdn", "ma"}

# Name particles that may be lowercase inside a Latin-script name.
PARTICLES = {
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
PROSE_AR = """
في إلى الى عن من التي الذي الذين هذا هذه ذلك تلك أن ان إن قد لقد كان كانت مع بعد قبل
حول خلال عند حيث كما لكن ثم أو او هل ما لا لم لن يوم اليوم أمس
"""

FIRST_NAMES_AR = """
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
WAW_NAMES = """
وليد وليدة وفاء وئام وائل وجدي وجدان وسام وسيم وديع وديعة ودود ودعاء وهبة وهبي وحيد وحيدة
وداد وصفي ولاء ورد وردة وهيب وهيبة وجيه وجيهة وضاح ولد وفيق وصال وعد وسن وصفية وجدة ولي
وهاب وداعة وزير وزان والي وطفة واصف واثق وافي وفيقة ودة وقار وليم ويليام وسيلة ونيس وحيد
وهدان ورداني وهبان وفا وائلة واعظ
"""

DATE_WORDS = """
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
JOB_WORDS = """
writer writers reporter correspondent contributor contributing columnist redakteur redakteurin
journalist journalistin korrespondent korrespondentin experte expertin chefredakteur
chefredakteurin
기자 특파원 記者 记者 特派員 特派员
"""
