# Hand-written Kazakh stemmer: no maintained library stems Kazakh.
"""Stems for search tokens: Kazakh (suffix stripping) and Russian (Snowball).

A Kazakh word is root + derivation + plural + possessive + case, and a verb
root takes voice, negation and a verbal ending before any of those nominal
endings. stem_kazakh walks that order back from the end of the word and removes
inflections only; root_kazakh also removes common derivational suffixes.

A suffix is removed only where Kazakh itself would have chosen it for the stem
that remains: its vowels agree with the stem's vowel harmony, and its first
sound fits the stem's last one (-тың after a voiceless consonant, -дың after
л р й у ж з, -ның after a vowel or м н ң, -н only after a possessive ы/і).
That is what keeps roots such as заң, баға or жағдай whole.

Words must already be lowercase. Anything that is not purely Kazakh Cyrillic
(digits, Latin, hyphenated tokens) comes back unchanged.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache

import Stemmer

from .script import VOWELS as SKELETON_VOWELS
from .script import skeleton

CACHE_SIZE = 200_000
MIN_STEM = 3  # two-letter stems only with the shape of ел, іс, ал (vowel + consonant)
VERBALIZER_MIN_STEM = 4  # талда, сақта, ретте keep their -да/-та

KAZAKH_ALPHABET = frozenset("аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя")

# Vowel harmony (Kazakh grammar). A final у is the glide of -у/-ау and takes the
# harmony of the vowel before it; elsewhere (институт) it is a back vowel.
VOWELS = "аәеёиоөұүыіэюя"
BACK_VOWELS = frozenset("аёоұыюяу")
FRONT_VOWELS = frozenset("әеиөүіэ")
GLIDE = "у"

# Sounds that choose a suffix's first consonant (Kazakh grammar). б в г д end
# only loanwords, which take the voiceless forms.
VOICELESS = "бвгдкқпстфхцчшщ"
SONORANTS = "рйу"
NASALS = "мнң"
VOICED = "л" + SONORANTS + NASALS + "жз"
CONSONANTS = VOICELESS + VOICED + "ғһ"
POSSESSIVE_3 = "ыі"  # -н, -на, -нда, -нан follow the third-person possessive
ANY = VOWELS + CONSONANTS

# The possessive -ы/-і, where the letters before it allow it. Not after д (no
# native stem ends in it), a consonant + ш (басшы is бас + -шы), a consonant +
# ғ/г (заманғы is заман + -ғы), or к/қ unless л р й precede (халқы, мүлкі).
POSSESSIVE_I_AFTER = (
    tuple(c for c in CONSONANTS if c not in "шғгкқд")
    + tuple(v + c for v in VOWELS for c in "шғг")
    + tuple(s + c for s in "лрй" for c in "кқ")
)
# The possessive -сы/-сі after a vowel, but after ы/і only when ш ғ г қ к т
# precede (басшысы, тұрғысы, аспектісі), since жұмысы is жұмыс + -ы.
POSSESSIVE_SI_AFTER = tuple(v for v in VOWELS if v not in "ыі") + tuple(c + v for c in "шғгқкт" for v in "ыі")

# Kazakh voices a final п к қ before a vowel (кітап → кітабы); stems use the voiceless letter.
DEVOICE = {"б": "п", "г": "к", "ғ": "қ"}

# Roots whose ending looks like a suffix (тұлға is not тұл + -ға).
PROTECTED_ROOTS = frozenset(
    "тұлға баға өзге жеке тәртіп тақырып орын көңіл әсіресе жақын тұрғын кейін "
    "бүгін мүмкін үшін салдар қазақстан ерекше бірнеше жалпы қарсы белгі "
    "осы екі алты жеті сегіз ірі әлі".split()
)
# Roots whose possessive looks like another suffix on a shorter stem: органы is
# орган + -ы, not орга + -ны; процесі is процес(с) + -і, not проце + -сі. Where a
# word has both readings, the one that leaves a known root wins.
KNOWN_ROOTS = PROTECTED_ROOTS | frozenset(
    "орган нысан мазмұн заман аудан майдан мекен кеден дүкен ұран "
    "процес прогрес конгрес клас интерес бизнес адрес статус консенсус компромис "
    # roots that end like -сы or a voice (арақатынасы is арақатынас + -ы; әкелген is әкел + -ген)
    "қатынас арақатынас байланыс тыныс кеңес күрес кеңсе ұмтыл әкел анықта".split()
)
# Roots that lose their last vowel before a vowel suffix (орын → орны, халық → халқы):
# the stem is spelled whole.
ELIDED = {
    "орн": "орын",
    "халқ": "халық",
    "мүлк": "мүлік",
    "ауз": "ауыз",
    "ойн": "ойын",
    "қалп": "қалып",
    "мұрн": "мұрын",
    "ерн": "ерін",
    "көрк": "көрік",
    "қарн": "қарын",
}
# Words of their own that look like a shorter word and a suffix (Kazakh dictionaries list
# them as headwords): adjectives made with -ды/-лы, postpositions, adverbs and question
# words. Their stem is the whole word, which their inflected forms keep (маңыздысы →
# маңызды); root_kazakh still reaches the word they were made from (маңызды → маңыз).
LEXICALISED = frozenset(
    # adjectives in -ды/-ті/-лы/-лі
    "нақты маңызды белгілі тиімді заңды міндетті негізді тиісті қажетті сенімді дәлелді "
    "қауіпті күшті әділетті тұрақты шартты жауапты кінәлі ақылды қабілетті мәнді тәртіпті "
    "шекті сапалы пайдалы түрлі әртүрлі мүдделі құзыретті құқылы лайықты өкілетті ресми "
    "жеткілікті лауазымды көпжақты ерікті сәтті қорытынды "
    "әділ қатаң толық бірыңғай жоғары арнайы төмен бірлескен "
    # postpositions and adverbs
    "бойынша туралы арқылы сияқты қатысты байланысты қарамастан дейін бері қарай гөрі "
    "сайын бірге арқасында сәйкес сонымен сондықтан сонда мұнда әрі бұрын алдымен қазір "
    "әрдайым әрқашан тіпті кейде әсіресе мысалы себебі өйткені дегенмен алайда бірақ "
    "тиісінше алға осындай сондай мұндай ондай көбінесе немесе "
    "сондай-ақ яғни әлбетте шынында негізінен жалпы түбегейлі "
    # question words
    "қандай қалай қайда қашан қанша қайсы қай неге неліктен кім".split()
)
# Verbs whose converb -а/-е/-й (келе, анықтай) and participle -ар/-ер (болар) end a word:
# nouns end so too (жаза is "punishment", not жаз + -а; сала, қала, жағдай), so these endings
# come off only these verbs (Kazakh dictionaries' common verbs whose such forms are no noun).
CONVERB_VERBS = frozenset(
    "бол кел бер ал көр біл айт жүр тұр отыр жат бар кет кір жет ет төле "
    "жаса анықта сақта қорға талда бағала ретте зертте қолда белгіле шекте айқында "
    "орында тағайында қамта есепте".split()
)
# Pronouns whose stem changes when they are inflected (оны, оның, оған are forms of ол).
PRONOUN_FORMS = {
    "ол": "оны оның оған онда одан онымен оларды олардың оларға оларда олардан олармен олар",
    "бұл": "бұны мұны бұның мұның бұған мұған бұнда бұдан мұдан бұнымен мұнымен "
    "бұлар бұларды бұлардың бұларға бұларда бұлардан",
    "сол": "соны соның соған содан солар соларды солардың соларға соларда",
    "осы": "осыны осының осыған осында осыдан осымен осылар осыларды осылардың осыларға",
    "мен": "мені менің маған менде менен",
    "сен": "сені сенің саған сенде сенен",
    "не": "нені ненің неде неден немен",
}
PRONOUNS = {form: pronoun for pronoun, forms in PRONOUN_FORMS.items() for form in forms.split()}

# Russian surnames (Мәсімов, Сапарғалиев, Мироненко, Пустовалова) take Kazakh
# endings of either harmony: the writer follows the Kazakh part of the name
# (Мәсімовтің) or the Russian one (Сапарғалиевтың), so both are removed.
SURNAME_ENDINGS = ("ов", "ев", "ёв", "ин", "ко", "ова", "ева", "ина")


Row = tuple[str, tuple[str, ...]]  # a suffix, and the endings a stem needs to take it
Slots = tuple[str, ...]  # names of inflection slots (keys of SLOTS)


def _forms(variants: str, after: Iterable[str]) -> list[Row]:
    """Pair every spelling of a suffix with the endings a stem needs to take it."""
    return [(suffix, tuple(after)) for suffix in variants.split()]


# Inflectional suffixes by slot, outermost first (Kazakh grammar).
CASE = (
    _forms("ның нің", VOWELS + NASALS)
    + _forms("дың дің", "л" + SONORANTS + "жз")
    + _forms("тың тің", VOICELESS)
    + _forms("ға ге", VOWELS + VOICED)
    + _forms("қа ке", VOICELESS)
    + _forms("на не", POSSESSIVE_3)
    + _forms("ны ні", VOWELS)
    + _forms("ды ді", VOICED)
    + _forms("ты ті", VOICELESS)
    + _forms("н", POSSESSIVE_3)
    + _forms("да де", VOWELS + VOICED)
    + _forms("та те", VOICELESS)
    + _forms("нда нде", POSSESSIVE_3)
    + _forms("дан ден", VOWELS + "л" + SONORANTS + "жз")
    + _forms("нан нен", NASALS + POSSESSIVE_3)
    + _forms("тан тен", VOICELESS)
    + _forms("мен менен", VOWELS + "л" + SONORANTS + NASALS)
    + _forms("бен бенен", "жз")
    + _forms("пен пенен", VOICELESS)
    + _forms("дағы дегі", VOWELS + VOICED)
    + _forms("тағы тегі", VOICELESS)
    + _forms("ндағы ндегі", POSSESSIVE_3)
    + _forms("дай дей", VOWELS + VOICED)
    + _forms("тай тей", VOICELESS)
    + _forms("ндай ндей", POSSESSIVE_3)
    + _forms("ша ше", ANY)
    + _forms("нша нше", POSSESSIVE_3)
)
# Singular first/second person (-ым, -ың, -м, -ң) is left out: rare in scholarly
# prose, and it would cut білім, шешім, құрылым, заң, кезең.
POSSESSIVE = (
    _forms("ы і", POSSESSIVE_I_AFTER)
    + _forms("сы сі", POSSESSIVE_SI_AFTER)
    + _forms("ымыз іміз ыңыз іңіз", CONSONANTS)
    + _forms("мыз міз ңыз ңіз", VOWELS)
)
PLURAL = (
    _forms("лар лер", VOWELS + SONORANTS)
    + _forms("дар дер", "л" + NASALS + "жз")
    + _forms("тар тер", VOICELESS)
)
# Verbal nouns and participles, which take nominal endings after them.
# The agent noun -ушы/-уші (бұзушы, "violator") is derivation, not a participle.
VERBAL = (
    _forms("у", ANY)
    + _forms("ған ген", VOWELS + VOICED)
    + _forms("қан кен", VOICELESS)
    + _forms("атын етін", CONSONANTS)
    + _forms("йтын йтін", VOWELS)
)
# Finite verbs and converbs, which end a word. The past -ды after a consonant
# is spelled like the accusative and is removed as a case ending.
FINITE = (
    _forms("ып іп", CONSONANTS)
    + _forms("й", ("ма", "ме", "ба", "бе", "па", "пе"))  # the negative converb -май/-мей
    + _forms("са се", ANY)  # conditional
    + _forms("иды иді", CONSONANTS)  # -ы + -йды spelled и (қамтиды)
    + _forms("амыз еміз", CONSONANTS)  # present, first person plural (scholars' "we")
    + _forms("ймыз йміз", VOWELS)
    + _forms("ады еді", tuple(c for c in CONSONANTS if c not in "бгд"))
    + _forms("йды йді", VOWELS)
    + _forms("ды ді", VOWELS)
)
NEGATION = (
    _forms("ма ме", VOWELS + "л" + SONORANTS) + _forms("ба бе", NASALS + "жз") + _forms("па пе", VOICELESS)
)
VOICE = _forms("ыл іл", CONSONANTS) + _forms("л", VOWELS)
CONVERB = _forms("ар ер а е", CONSONANTS) + _forms("й", VOWELS)  # on CONVERB_VERBS only

# Derivational suffixes removed by root_kazakh (Kazakh grammar). The adjective
# -ды/-ты ("with") is already gone: stem_kazakh reads it as the accusative. Its
# twin -лы/-лі (кінәлі, сапалы, түрлі) reaches root_kazakh as a final -л, the
# vowel read as a possessive; the л goes too, but not after ы/і, where it is
# usually the passive or part of the root (ұйымдастырыл, қабыл, көңіл).
# The privative -сыз/-сіз ("without") is never removed: it reverses the meaning,
# so кінәсіздік (innocence) keeps a root apart from кінәлілік (guilt) and кінә.
ADJECTIVE_L_AFTER = tuple(v for v in VOWELS if v not in "ыі") + tuple("рй")
DERIVATIONAL = (
    _forms("лық лік", VOWELS + SONORANTS)
    + _forms("дық дік", "л" + NASALS + "жз")
    + _forms("тық тік", VOICELESS)
    + _forms("шылық шілік шы ші шақ шек", ANY)
    + _forms("кер", VOICELESS)
    + _forms("гер", VOWELS + VOICED)
    + _forms("паз", ANY)
    + _forms("ғы гі", "л" + SONORANTS + NASALS + "жз")
    + _forms("қы кі", VOICELESS)
    + _forms("л", ADJECTIVE_L_AFTER)
)
# Verb-forming -ла/-да/-та, stripped only from stems that carried a verbal ending.
VERBALIZER = (
    _forms("ла ле", VOWELS + SONORANTS) + _forms("да де", "л" + NASALS + "жз") + _forms("та те", VOICELESS)
)
DATIVE = ("ға", "ге", "қа", "ке")
# Suffixes whose vowels do not follow the stem's harmony (заңмен, жауапкер).
DISHARMONIC = frozenset("мен менен бен бенен пен пенен кер гер паз".split())


def _by_length(*tables: Iterable[Row]) -> list[Row]:
    """Merge (suffix, endings) tables into one list, longest suffix first."""
    rows = [row for table in tables for row in table]
    return sorted(rows, key=lambda row: -len(row[0]))


# The inflection walk: the suffixes of each slot and the slots that may come next (inwards).
# Negation is never removed: a negated verb (орындамаған, орындамай) is a word apart from
# the positive one, as the privative -сыз is apart from its noun. A verbal ending removed
# before a negation leaves a stem ending in it (орындама).
SLOTS: dict[str, tuple[list[Row], Slots]] = {
    "case": (_by_length(CASE), ("possessive", "plural", "verbal")),
    "possessive": (_by_length(POSSESSIVE), ("plural", "verbal")),
    "plural": (_by_length(PLURAL), ("verbal",)),
    "verbal": (_by_length(VERBAL), ("voice",)),
    "finite": (_by_length(FINITE), ("voice",)),
    "voice": (_by_length(VOICE), ()),
}
NEGATION_SUFFIXES = _by_length(NEGATION)
NEGATIONS = tuple(suffix for suffix, _ in NEGATION)
VERB_SLOTS = frozenset({"verbal", "finite", "negation", "voice"})
WORD_END = ("case", "possessive", "plural", "verbal", "finite")
INSIDE_WORD = ("case", "possessive", "plural", "verbal")  # after a derivational suffix
DERIVATION_SUFFIXES = _by_length(DERIVATIONAL)
VERBALIZER_SUFFIXES = _by_length(VERBALIZER)

_russian = Stemmer.Stemmer("russian")
_english = Stemmer.Stemmer("english")


def _harmony(text: str) -> str | None:
    """ "back", "front" or None, from the last vowel of text that decides harmony."""
    end = text[:-1] if text.endswith(GLIDE) else text
    for letter in reversed(end):
        if letter in BACK_VOWELS:
            return "back"
        if letter in FRONT_VOWELS:
            return "front"
    return None


def _long_enough(stem: str, minimum: int = MIN_STEM) -> bool:
    if not any(letter in VOWELS for letter in stem):
        return False
    if len(stem) >= minimum:
        return True
    return len(stem) == 2 and stem[0] in VOWELS and stem[1] not in VOWELS


def _strip(word: str, suffix: str, endings: tuple[str, ...], minimum: int = MIN_STEM) -> str | None:
    """word without suffix, if Kazakh would put that suffix on what remains; else None."""
    if not word.endswith(suffix):
        return None
    stem = word[: -len(suffix)]
    fits = stem.endswith(endings) or (stem in LEXICALISED and suffix in ("сы", "сі"))  # маңыздысы
    if not fits or not _long_enough(stem, minimum):
        return None
    wanted = None if suffix in DISHARMONIC or stem.endswith(SURNAME_ENDINGS) else _harmony(suffix)
    if wanted is not None and _harmony(stem) not in (wanted, None):
        return None
    return stem


def _strip_longest(word: str, slots: Slots) -> tuple[str, str] | None:
    """Remove the longest suffix that any of the slots allows: (stem, slot) or None."""
    found: list[tuple[str, str]] = []
    for slot in slots:
        for suffix, endings in SLOTS[slot][0]:
            stem = _strip(word, suffix, endings)
            if stem is not None and not _case_on_case(suffix, slot, stem):
                found.append((stem, slot))
    return _walk_choice(found, KNOWN_ROOTS)


def _case_on_case(suffix: str, slot: str, stem: str) -> bool:
    """Whether removing the accusative would leave a dative before it, which Kazakh never
    writes: орындамағаны is орындама + -ған + -ы, not орындамаға + -ны."""
    return slot == "case" and suffix in ("ны", "ні") and stem.endswith(DATIVE) and stem not in KNOWN_ROOTS


def _walk_choice(found: list[tuple[str, str]], known_roots: frozenset[str]) -> tuple[str, str] | None:
    """The (stem, slot) the walk takes among those found, or None: the shortest stem,
    but a reading that leaves a known root wins over a longer suffix."""
    known = [row for row in found if row[0] in known_roots]
    return min(known or found, key=lambda row: len(row[0]), default=None)


def _canonical(stem: str) -> str:
    """One spelling per stem: кітаб → кітап (Kazakh voices a final п к қ before a
    vowel), процесс → процес (a loan's final double consonant is single before a
    suffix: процесі, класы)."""
    stem = stem.removesuffix("ь") if len(stem) > 3 else stem  # модель, моделі
    if stem in ELIDED:
        return ELIDED[stem]
    if len(stem) > 1 and stem[-1] in DEVOICE:
        return stem[:-1] + DEVOICE[stem[-1]]
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] in CONSONANTS:
        return stem[:-1]
    return stem


def _is_kazakh(word: str) -> bool:
    return bool(word) and all(letter in KAZAKH_ALPHABET for letter in word)


def _inflections_removed(
    word: str, slots: Slots, whole: frozenset[str] = KNOWN_ROOTS | LEXICALISED
) -> tuple[str, bool]:
    """Walk the slots from the end of the word, stopping at a word in whole; return
    (stem, whether it is a verb)."""
    verb = _converb_removed(word) if slots == WORD_END and word not in whole else None
    if verb is not None:
        return verb, True
    is_verb = False
    while slots and word not in whole:
        found = _strip_longest(word, slots)
        if found is None:
            break
        word, slot = found
        is_verb = is_verb or slot in VERB_SLOTS
        slots = SLOTS[slot][1]
    return _canonical(word), is_verb


def _converb_removed(word: str) -> str | None:
    """One of CONVERB_VERBS without its converb or -ар participle (келе, болар), or None."""
    for suffix, endings in CONVERB:
        stem = _strip(word, suffix, endings, minimum=2)
        if stem in CONVERB_VERBS:
            return stem
    return None


def _derivation_removed(word: str, is_verb: bool) -> str | None:
    """Remove one derivational suffix, or return None."""
    for suffix, endings in DERIVATION_SUFFIXES:
        stem = _strip(word, suffix, endings)
        if stem is not None:
            return stem
    if is_verb:
        for suffix, endings in VERBALIZER_SUFFIXES:
            stem = _strip(word, suffix, endings, VERBALIZER_MIN_STEM)
            if stem is not None:
                return stem
    return None


@lru_cache(maxsize=CACHE_SIZE)
def stem_kazakh(word: str) -> str:
    """Remove case, possessive, plural and verbal endings from one Kazakh word.

    The accusative -ды/-ті and the adjective "with" -ды/-ті are spelled alike
    (заңды: "the law" or "legal"); without context both fold to the noun, so
    stem_kazakh("заңды") == "заң".
    """
    if not _is_kazakh(word):
        return word
    if word in PRONOUNS:
        return PRONOUNS[word]
    return _inflections_removed(word, WORD_END)[0]


@lru_cache(maxsize=CACHE_SIZE)
def is_negated(word: str) -> bool:
    """Whether a Kazakh word is a negated verb form (орындамаған, келмейді): its stem
    is a verb ending in the negation -ма/-ме/-ба/-бе/-па/-пе."""
    if not _is_kazakh(word):
        return False
    stem_, is_verb = _inflections_removed(word, WORD_END)
    return is_verb and any(_strip(stem_, suffix, endings) for suffix, endings in NEGATION_SUFFIXES)


@lru_cache(maxsize=CACHE_SIZE)
def root_kazakh(word: str) -> str:
    """stem_kazakh, then derivational suffixes too (жауапкершілік → жауап)."""
    if not _is_kazakh(word):
        return word
    if word in PRONOUNS:
        return PRONOUNS[word]
    root, is_verb = _inflections_removed(word, WORD_END, KNOWN_ROOTS)
    while root not in KNOWN_ROOTS:
        shorter = _derivation_removed(root, is_verb)
        if shorter is None:
            break
        root, is_verb = _inflections_removed(shorter, INSIDE_WORD, KNOWN_ROOTS)
    return root


@lru_cache(maxsize=CACHE_SIZE)
def stem_russian(word: str) -> str:
    """Snowball Russian stem."""
    stemmed: str = _russian.stemWord(word)
    return stemmed


# Script-neutral stems: the inflection walk on skeletons (legalkb.text.script). A
# skeleton has lost vowel harmony and merges letters that choose a suffix's first
# consonant, so a suffix comes off wherever any of its Cyrillic spellings could:
# a word may have several stems, and one of them is the skeleton of its Cyrillic stem.
def _skeleton_table(rows: Iterable[Row], certain: bool = False) -> list[Row]:
    """(suffix, endings) rows spelled as skeletons, longest suffix first. certain: only the
    endings every Cyrillic letter of that skeleton may end with (і never takes the adjective
    -л, so kepil, кепіл, keeps it though kepi may be spelled кепи)."""
    endings_by_suffix: defaultdict[str, set[str]] = defaultdict(set)
    refused: defaultdict[str, set[str]] = defaultdict(set)
    for suffix, endings in rows:
        endings_by_suffix[skeleton(suffix)].update(e for e in map(skeleton, endings) if e)
        if certain:
            refused[skeleton(suffix)].update(skeleton(c) for c in KAZAKH_ALPHABET if c not in endings)
    merged = [
        (suffix, tuple(sorted(endings - refused[suffix]))) for suffix, endings in endings_by_suffix.items()
    ]
    return sorted(merged, key=lambda row: -len(row[0]))


SKELETON_SLOTS = {slot: (_skeleton_table(rows), following) for slot, (rows, following) in SLOTS.items()}
SKELETON_ROOTS = frozenset(map(skeleton, KNOWN_ROOTS))
SKELETON_KNOWN_ROOTS = SKELETON_ROOTS | frozenset(map(skeleton, LEXICALISED))
SKELETON_PRONOUNS = {skeleton(form): skeleton(pronoun) for form, pronoun in PRONOUNS.items()}
SKELETON_DEVOICE = {"b": "p", "g": "k"}
SKELETON_ELIDED = {skeleton(short): skeleton(whole) for short, whole in ELIDED.items()}
SKELETON_CONVERB_VERBS = frozenset(map(skeleton, CONVERB_VERBS))
SKELETON_CONVERBS = sorted({skeleton(suffix) for suffix, _ in CONVERB}, key=len, reverse=True)


def _skeleton_long_enough(stem: str) -> bool:
    if len(stem) >= MIN_STEM:
        return any(letter in SKELETON_VOWELS for letter in stem)
    return len(stem) == 2 and stem[0] in SKELETON_VOWELS


def _skeleton_stripped(word: str, slots: Slots) -> list[tuple[str, str]]:
    """Every (stem, slot) one suffix of the slots leaves."""
    found: list[tuple[str, str]] = []
    for slot in slots:
        for suffix, endings in SKELETON_SLOTS[slot][0]:
            if word.endswith(suffix):
                stem = word[: -len(suffix)]
                if stem.endswith(endings) and _skeleton_long_enough(stem):
                    found.append((stem, slot))
    return found


def _skeleton_canonical(stem: str) -> str:
    """_canonical on a skeleton."""
    if stem in SKELETON_ELIDED:
        return SKELETON_ELIDED[stem]
    if len(stem) > 1 and stem[-1] in SKELETON_DEVOICE:
        return stem[:-1] + SKELETON_DEVOICE[stem[-1]]
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in SKELETON_VOWELS:
        return stem[:-1]
    return stem


@lru_cache(maxsize=CACHE_SIZE)
def skeleton_stems(word: str) -> tuple[str, ...]:
    """The stems a word spelled as a skeleton may have, canonical. The first is the
    one the walk removing the longest suffixes reaches (as stem_kazakh does)."""
    if not word.isascii() or not word.isalpha():
        return (word,)
    if word in SKELETON_PRONOUNS:
        return (SKELETON_PRONOUNS[word],)
    first = _skeleton_converb_removed(word) or _skeleton_walk(word)
    others = sorted(_skeleton_readings(word) - {first}, key=lambda stem: (-len(stem), stem))
    return tuple(dict.fromkeys(_skeleton_canonical(stem) for stem in [first, *others]))


def _skeleton_converb_removed(word: str) -> str | None:
    """_converb_removed on a skeleton."""
    for suffix in SKELETON_CONVERBS:
        if word.endswith(suffix) and word[: -len(suffix)] in SKELETON_CONVERB_VERBS:
            return word[: -len(suffix)]
    return None


def _skeleton_walk(word: str, slots: Slots = WORD_END, whole: frozenset[str] = SKELETON_KNOWN_ROOTS) -> str:
    """_inflections_removed on a skeleton, without the final canonical spelling."""
    while slots and word not in whole:
        found = _walk_choice(_skeleton_stripped(word, slots), whole)
        if found is None:
            break
        word, slot = found
        slots = SKELETON_SLOTS[slot][1]
    return word


def _skeleton_readings(word: str) -> set[str]:
    """Every stem some walk through the slots reaches, the word itself included."""
    reached = {word}
    frontier: list[tuple[str, Slots]] = [(word, WORD_END)]
    while frontier:
        current, slots = frontier.pop()
        if current in SKELETON_KNOWN_ROOTS:
            continue
        for stem, slot in _skeleton_stripped(current, slots):
            reached.add(stem)
            frontier.append((stem, SKELETON_SLOTS[slot][1]))
    return reached


SKELETON_DERIVATION = _skeleton_table(DERIVATIONAL, certain=True)  # a related form is never a guess


@lru_cache(maxsize=CACHE_SIZE)
def skeleton_roots(word: str) -> tuple[str, ...]:
    """root_kazakh on a word spelled as a skeleton: its first stem (in its canonical
    spelling: jauapkershilik, not jauapkershilig), then derivational suffixes removed
    (wherever any of their Cyrillic spellings could be), each followed by the inflections
    a derived word may carry inside."""
    if not word.isascii() or not word.isalpha():
        return (word,)
    root = _skeleton_canonical(_skeleton_walk(word, WORD_END, SKELETON_ROOTS))
    while root not in SKELETON_ROOTS:
        shorter = next(
            (
                root[: -len(suffix)]
                for suffix, endings in SKELETON_DERIVATION
                if root.endswith(suffix)
                and root[: -len(suffix)].endswith(endings)
                and _skeleton_long_enough(root[: -len(suffix)])
            ),
            None,
        )
        if shorter is None:
            break
        root = _skeleton_canonical(_skeleton_walk(shorter, INSIDE_WORD, SKELETON_ROOTS))
    return (root,)


@lru_cache(maxsize=CACHE_SIZE)
def stem_english(word: str) -> str:
    """Snowball English stem, for the English terms of the glossary and taxonomy; British
    -isation is spelled -ization first (individualisation, individualization)."""
    stemmed: str = _english.stemWord(word.replace("isation", "ization"))
    return stemmed


def stem(word: str, language: str) -> str:
    """Inflectional stem of a word in language "kk" or "ru"."""
    return _pick(language, stem_kazakh, stem_russian)(word)


def root(word: str, language: str) -> str:
    """Deepest normal form: the Kazakh root, or the Russian stem."""
    return _pick(language, root_kazakh, stem_russian)(word)


def _pick(language: str, kazakh: Callable[[str], str], russian: Callable[[str], str]) -> Callable[[str], str]:
    if language == "kk":
        return kazakh
    if language == "ru":
        return russian
    raise ValueError(f"unsupported language: {language!r}")
