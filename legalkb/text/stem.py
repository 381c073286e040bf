# Hand-written Kazakh stemmer: no maintained library stems Kazakh.
"""Stems for search tokens: Kazakh (suffix stripping) and Russian (Snowball).

Kazakh words are agglutinated: root + derivation + plural + possessive + case,
with verb roots taking voice, negation and a tense or verbal-noun ending before
any nominal endings. stem_kazakh walks that order from the end of the word and
removes inflections only; root_kazakh also removes common derivational suffixes.

A suffix is removed only when Kazakh itself would have chosen it for the stem
that remains: its vowels agree with the stem's vowel harmony and its first
consonant matches the stem's last sound (-тың after a voiceless consonant,
-дың after л р й у ж з, -ның after a vowel or м н ң ...). This is what keeps
roots such as заң, баға or жағдай from being cut.

Words must already be lowercase. Anything that is not purely Kazakh Cyrillic
(digits, Latin, hyphenated tokens) is returned unchanged.
"""

from functools import lru_cache

import Stemmer

CACHE_SIZE = 200_000
MIN_STEM = 3  # shortest stem in general; two-letter roots need the shape of ел, іс, ал

KAZAKH_ALPHABET = frozenset("аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя")
VOWELS = frozenset("аәеёиоөұүыіэюя")
BACK_VOWELS = frozenset("аёоұыюя")
FRONT_VOWELS = frozenset("әеиөүіэ")
# A final у is the glide of -у/-ау and takes the harmony of the vowel before it;
# elsewhere (институт, бюджет) it is a back vowel.
GLIDE = "у"

# Sound classes that choose a suffix's first consonant (Kazakh grammar).
VOICELESS = "бвгдкқпстфхцчшщ"  # б в г д only end loanwords, which take the voiceless forms
VOWEL_END = "аәеёиоөұүыіэюя"
LIQUIDS = "рйу"
VOICED = "лрйумнңжз"
NASALS = "мнң"
CONSONANTS = VOICELESS + VOICED + "ғһ"
POSSESSIVE_3 = "ыі"  # -н, -на, -нда ... follow the third-person possessive
ANY = VOWEL_END + CONSONANTS

# Kazakh voices a final п к қ before a vowel (кітап → кітабы); stems use the voiceless letter.
DEVOICE = {"б": "п", "г": "к", "ғ": "қ"}

# Roots that end in letters which look like a suffix (тұлға is not тұл + -ға).
PROTECTED_ROOTS = frozenset(
    "тұлға баға өзге жеке тәртіп орын көңіл әсіресе жақын тұрғын кейін бүгін".split()
)


def _forms(variants, after):
    """Pair every spelling of one suffix with the letters that may precede it."""
    return [(suffix, after) for suffix in variants.split()]


# Inflectional suffixes by slot, outermost first (Kazakh grammar).
CASE = (
    _forms("ның нің", VOWEL_END + NASALS)
    + _forms("дың дің", LIQUIDS + "лжз")
    + _forms("тың тің", VOICELESS)
    + _forms("ға ге", VOWEL_END + VOICED)
    + _forms("қа ке", VOICELESS)
    + _forms("на не", POSSESSIVE_3)
    + _forms("ны ні", VOWEL_END)
    + _forms("ды ді", VOICED)
    + _forms("ты ті", VOICELESS)
    + _forms("н", POSSESSIVE_3)
    + _forms("да де", VOWEL_END + VOICED)
    + _forms("та те", VOICELESS)
    + _forms("нда нде", POSSESSIVE_3)
    + _forms("дан ден", VOWEL_END + LIQUIDS + "лжз")
    + _forms("нан нен", NASALS + POSSESSIVE_3)
    + _forms("тан тен", VOICELESS)
    + _forms("мен менен", VOWEL_END + LIQUIDS + "л" + NASALS)
    + _forms("бен бенен", "жз")
    + _forms("пен пенен", VOICELESS)
    + _forms("дағы дегі", VOWEL_END + VOICED)
    + _forms("тағы тегі", VOICELESS)
    + _forms("ндағы ндегі", POSSESSIVE_3)
    + _forms("дай дей", VOWEL_END + VOICED)
    + _forms("тай тей", VOICELESS)
    + _forms("ндай ндей", POSSESSIVE_3)
    + _forms("ша ше", ANY)
    + _forms("нша нше", POSSESSIVE_3)
)
# Singular first/second person (-ым, -ың, -м, -ң) is left out: it is rare in
# scholarly prose and would cut білім, шешім, құрылым, заң, кезең.
POSSESSIVE = (
    _forms("ы і ымыз іміз ыңыз іңіз", CONSONANTS)
    + _forms("сы сі мыз міз ңыз ңіз", VOWEL_END)
)
PLURAL = (
    _forms("лар лер", VOWEL_END + LIQUIDS)
    + _forms("дар дер", "л" + NASALS + "жз")
    + _forms("тар тер", VOICELESS)
)
# Past -ды/-ті is spelled like the accusative and is removed as a case ending.
VERBAL = (
    _forms("у ушы уші", ANY)
    + _forms("ған ген", VOWEL_END + VOICED)
    + _forms("қан кен", VOICELESS)
    + _forms("атын етін ады еді ып іп", CONSONANTS)
    + _forms("йтын йтін йды йді", VOWEL_END)
)
NEGATION = (
    _forms("ма ме", VOWEL_END + LIQUIDS + "л")
    + _forms("ба бе", NASALS + "жз")
    + _forms("па пе", VOICELESS)
)
VOICE = _forms("ыл іл", CONSONANTS) + _forms("л", VOWEL_END)

# Derivational suffixes removed by root_kazakh (Kazakh grammar). The lone -л is
# what is left of the adjectival -лы/-лі (жүйелі) once stem_kazakh has read its
# vowel as a possessive; it needs a longer remainder.
DERIVATIONAL = (
    _forms("лық лік лы лі", VOWEL_END + LIQUIDS)
    + _forms("дық дік ды ді", "л" + NASALS + "жз")
    + _forms("тық тік ты ті", VOICELESS)
    + _forms("шылық шілік шы ші сыз сіз шақ шек", ANY)
    + _forms("кер", VOICELESS)
    + _forms("гер", VOWEL_END + VOICED)
    + _forms("паз", ANY)
    + _forms("ғы гі", VOWEL_END + VOICED)
    + _forms("қы кі", VOICELESS)
)
VERBALIZER = (
    _forms("ла ле", VOWEL_END + LIQUIDS)
    + _forms("да де", "л" + NASALS + "жз")
    + _forms("та те", VOICELESS)
    + _forms("л", VOWEL_END)
)
VERBALIZER_MIN_STEM = 4  # талда, сақта, ретте keep their -да/-та
# Suffixes that keep their own vowels whatever the stem (жауапкер, өнерпаз).
DISHARMONIC = frozenset({"кер", "гер", "паз"})


def _by_length(*tables):
    """Merge (suffix, allowed-before) tables into one list, longest suffix first."""
    rows = [(suffix, frozenset(after)) for table in tables for suffix, after in table]
    return sorted(rows, key=lambda row: -len(row[0]))


# Slots of the inflection walk: which suffixes each slot removes and which slots may follow.
SLOTS = {
    "case": (_by_length(CASE), ("possessive", "plural", "verbal")),
    "possessive": (_by_length(POSSESSIVE), ("plural", "verbal")),
    "plural": (_by_length(PLURAL), ("verbal",)),
    "verbal": (_by_length(VERBAL), ("negation", "voice")),
    "negation": (_by_length(NEGATION), ("voice",)),
    "voice": (_by_length(VOICE), ()),
}
DERIVATION_SUFFIXES = _by_length(DERIVATIONAL)
VERBALIZER_SUFFIXES = _by_length(VERBALIZER)

_russian = Stemmer.Stemmer("russian")


def _harmony(text):
    """Return "back", "front" or None from the last vowel that decides harmony."""
    for i in range(len(text) - 1, -1, -1):
        letter = text[i]
        if letter == GLIDE and i == len(text) - 1:
            continue
        if letter in BACK_VOWELS or letter == GLIDE:
            return "back"
        if letter in FRONT_VOWELS:
            return "front"
    return None


def _long_enough(stem):
    """A stem keeps a vowel and three letters, or is a two-letter root like ел, іс, ал."""
    if not VOWELS.intersection(stem):
        return False
    if len(stem) >= MIN_STEM:
        return True
    return len(stem) == 2 and stem[0] in VOWELS and stem[1] not in VOWELS


def _can_strip(word, suffix, after, min_stem=0):
    if not word.endswith(suffix):
        return False
    stem = word[: -len(suffix)]
    if not stem or stem[-1] not in after or len(stem) < min_stem or not _long_enough(stem):
        return False
    wanted = _harmony(suffix)
    return wanted is None or suffix in DISHARMONIC or _harmony(stem) in (wanted, None)


def _strip_once(word, slots):
    """Remove the longest suffix any of the slots allows; return (word, slot) or None."""
    best = None
    for slot in slots:
        for suffix, after in SLOTS[slot][0]:
            if best is not None and len(suffix) <= len(best[1]):
                break
            if _can_strip(word, suffix, after):
                best = (slot, suffix)
                break
    if best is None:
        return None
    slot, suffix = best
    return word[: -len(suffix)], slot


def _devoice(stem):
    return stem[:-1] + DEVOICE[stem[-1]] if stem[-1] in DEVOICE else stem


def _is_kazakh(word):
    return bool(word) and all(letter in KAZAKH_ALPHABET for letter in word)


def _inflectional_stem(word):
    slots = tuple(SLOTS)
    while slots and word not in PROTECTED_ROOTS:
        stripped = _strip_once(word, slots)
        if stripped is None:
            break
        word, slot = stripped
        slots = SLOTS[slot][1]
    return _devoice(word)


def _strip_derivation(word):
    """Remove one derivational suffix, or return None."""
    for suffix, after in DERIVATION_SUFFIXES:
        if _can_strip(word, suffix, after):
            return word[: -len(suffix)]
    for suffix, after in VERBALIZER_SUFFIXES:
        if _can_strip(word, suffix, after, VERBALIZER_MIN_STEM):
            return word[: -len(suffix)]
    return None


@lru_cache(maxsize=CACHE_SIZE)
def stem_kazakh(word: str) -> str:
    """Remove case, possessive, plural and verbal endings from one Kazakh word.

    The accusative -ды/-ті and the adjective "with" -ды/-ті (заңды = "the law"
    or "legal") are spelled alike; without context both fold to the noun, so
    stem_kazakh("заңды") == "заң".
    """
    if not _is_kazakh(word):
        return word
    return _inflectional_stem(word)


@lru_cache(maxsize=CACHE_SIZE)
def root_kazakh(word: str) -> str:
    """stem_kazakh, then derivational suffixes too (жауапкершілік → жауап)."""
    if not _is_kazakh(word):
        return word
    root = _inflectional_stem(word)
    while root not in PROTECTED_ROOTS:
        shorter = _strip_derivation(root)
        if shorter is None:
            break
        root = _inflectional_stem(shorter)
    return root


@lru_cache(maxsize=CACHE_SIZE)
def stem_russian(word: str) -> str:
    """Snowball Russian stem."""
    return _russian.stemWord(word)


def stem(word: str, language: str) -> str:
    """Inflectional stem of a word in language "kk" or "ru"."""
    return _pick(language, stem_kazakh, stem_russian)(word)


def root(word: str, language: str) -> str:
    """Deepest normal form: Kazakh root, or the Russian stem."""
    return _pick(language, root_kazakh, stem_russian)(word)


def _pick(language, kazakh, russian):
    if language == "kk":
        return kazakh
    if language == "ru":
        return russian
    raise ValueError(f"unsupported language: {language!r}")
