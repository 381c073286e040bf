"""A hyphen at a line's end: a word broken across two lines ("саласын-" "дағы" → саласындағы)
or a compound that happened to end the line ("сондай-" "ақ" → сондай-ақ)?

Decided by, in order: the list of compounds below (paired words of Kazakh and Russian legal
prose, their halves' typical endings, Russian particles); the lexicon, i.e. the words of the
document itself and of the corpus, when it has one of the two forms whole; else the break is
joined, as most line-end hyphens in typeset text are. Hand-written: hyphenation dictionaries
(Hunspell's) say where a word may break, not whether a hyphenated pair is a compound."""

import re

# Compounds written with a hyphen in Kazakh and Russian legal prose (paired words, қос сөздер).
COMPOUNDS = frozenset(
    """
    сондай-ақ осындай-ақ солай-ақ әрі-бері іс-әрекет іс-қимыл жан-жақты мінез-құлық қарым-қатынас
    ғылыми-зерттеу ғылыми-теориялық ғылыми-практикалық ғылыми-техникалық ғылыми-әдістемелік
    әлеуметтік-экономикалық саяси-құқықтық саяси-әлеуметтік қаржы-экономикалық ұйымдық-құқықтық
    мән-жай тыныс-тіршілік бетпе-бет ара-тұра анда-санда әр-түрлі үй-жай ой-пікір әдет-ғұрып
    салт-дәстүр ата-ана бала-шаға қыз-келіншек ақыл-ой күш-жігер жер-су мал-мүлік өнер-білім
    ақша-қаржы жоба-жоспар құжат-қағаз кей-кейде жыл-жыл әр-бір
    кое-кто кое-что кое-какой северо-запад юго-восток научно-исследовательский
    научно-практический социально-экономический организационно-правовой административно-правовой
    конституционно-правовой уголовно-процессуальный гражданско-правовой финансово-экономический
    """.split()
)
# Particles and halves that make a compound whatever the other half.
SECOND_HALVES = ("ақ", "то", "либо", "нибудь", "таки", "де", "ка")
FIRST_HALVES = ("кое", "экс", "вице", "лейб", "обер", "штаб", "пол")
# Both halves adjectives (конституциялық-құқықтық, ғылыми-теориялық, социально-экономический).
KAZAKH_ADJECTIVE = re.compile(r"(лық|лік|дық|дік|тық|тік|ғы|гі|қы|кі|ми|ли|ри|ти|ды|ді|лы|лі)$")
# "конституционно-", "социально-": an adverb of an adjective's stem, which no syllable break makes
RUSSIAN_ADVERB_HALF = re.compile(r"[^\W\d_]{4,}(но|ски|ко|во|ро|ло|то)$")
RUSSIAN_ADJECTIVE = re.compile(r"(ый|ий|ой|ая|яя|ое|ее|ые|ие|ого|его|ому|ему|ым|им|ых|их|ую|юю|ой|ей)$")
NUMBER = re.compile(r"\d$")
WORD = re.compile(r"[^\W\d_]+")


def is_compound(left, right, lexicon=frozenset()):
    """Whether left + "-" + right (the hyphen at the end of left's line) is a compound that
    keeps its hyphen. left and right are the word's halves without punctuation."""
    if not left or not right or NUMBER.search(left) or right[:1].isdigit() or right[:1].isupper():
        return True
    joined_hyphen = f"{left}-{right}".lower()
    if any(joined_hyphen.startswith(compound) for compound in COMPOUNDS):
        return True
    low_left, low_right = left.lower(), right.lower()
    if low_right in SECOND_HALVES or low_left in FIRST_HALVES:
        return True
    whole = low_left + low_right
    if joined_hyphen in lexicon and whole not in lexicon:
        return True
    if whole in lexicon:
        return False
    if KAZAKH_ADJECTIVE.search(low_left) and _kazakh_adjective_start(low_right) and len(low_left) > 4:
        return True
    return bool(RUSSIAN_ADVERB_HALF.search(low_left) and RUSSIAN_ADJECTIVE.search(low_right))


def _kazakh_adjective_start(right):
    """The second half of a pair of adjectives: itself a whole adjective (with endings)."""
    words = WORD.findall(right)
    return bool(words) and bool(re.match(r"[^\W\d_]{3,}(лық|лік|дық|дік|тық|тік|ми|ли)", words[0]))


def lexicon_of(text):
    """The lowercased words of a text, hyphenated ones both as they are and whole."""
    words = set()
    for match in re.finditer(r"[^\W\d_]+(?:-[^\W\d_]+)*", text):
        word = match.group().lower()
        words.add(word)
        words.update(word.split("-"))
    return words
