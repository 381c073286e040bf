"""Kazakh in three scripts: Cyrillic, the Latin alphabet of 2021, and informal ASCII Latin.

A word's *skeleton* spells it in a small ASCII alphabet where the letters that
readers swap between scripts fall together, so that one Kazakh word has one
skeleton however it was typed:

    мемлекеттің  memlekettiñ  memlekettin  мемлекеттин  ->  memlekettin
    жауапкершілік  jauapkerşılık  zhauapkershilik  жауапкершилик  ->  jauapkershilik

Cyrillic goes through its ASCII romanization, Latin letters with diacritics are
folded to ASCII, and both through MERGES. Informal Latin spells a few sounds two
ways (ng, ts): such a word's readings() are its skeleton and the other reading.
The merges lose distinctions Kazakh makes (а/ә, о/ө, у/ұ/ү, ы/і/и/й, к/қ, г/ғ,
н/ң, х/һ): a skeleton is a search key, never shown to a reader. docs/search.md lists
the mapping and what it confuses.
"""

import re
import unicodedata

from .normalize import lowercase

# ASCII romanization of Kazakh and Russian Cyrillic: the 2021 alphabet with its
# diacritics dropped (ж as zh, ш as sh), and Russian letters in common use. Source
# slugs are made with it, so it must not change.
CYRILLIC_TO_LATIN = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e",
    "ё": "io", "ж": "zh", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l",
    "м": "m", "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ұ": "u", "ү": "u", "ф": "f", "х": "h", "һ": "h", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
}

# The Kazakh Latin alphabet the Government presented on 28 January 2021 (31
# letters): the Cyrillic letters it writes otherwise than CYRILLIC_TO_LATIN.
LATIN_2021 = {
    "ә": "ä", "ғ": "ğ", "ж": "j", "і": "ı", "ң": "ñ", "ө": "ö", "ұ": "ū", "ү": "ü", "ш": "ş",
}

# Letters of earlier Kazakh Latin alphabets and romanizations still met in
# queries, folded to ASCII: the 2018 alphabet (á ǵ ń ó ú ý, and ś for ш in some
# of its uses), the 2019 draft (ç ŋ), Kazinform's 2004 romanization (ï é), BGN/PCGN (ī ė).
OTHER_LATIN = {
    "á": "a", "ǵ": "g", "ń": "n", "ó": "o", "ú": "u", "ý": "u", "ś": "sh",
    "ç": "ch", "ŋ": "n", "ï": "i", "ī": "i", "ė": "e", "é": "e",
}

LATIN_TO_ASCII = {LATIN_2021[c]: CYRILLIC_TO_LATIN[c] for c in LATIN_2021} | OTHER_LATIN

# ASCII spellings of one Kazakh sound, and the one skeleton spelling each gets:
# informal zh gh kh for ж ғ х, c for ц, q for қ, y for ы (and й), w for у,
# x for х. ch is listed to stay whole (c alone is ц).
MERGES = {
    "zh": "j", "gh": "g", "kh": "h", "ch": "ch",
    "q": "k", "y": "i", "w": "u", "x": "h", "c": "s",
}
# Informal Latin spellings with two readings (patterns, and the reading besides the
# literal one): ng is ң (zang, заң) or н + г (kongress); ts is ц (konstitutsiya, the
# 2021 alphabet's s) or т + с (jetse, жетсе), but т + ш before h (qyzmetshi).
AMBIGUOUS = {"ng": "n", "ts(?!h)": "s"}
MAX_AMBIGUOUS = 2  # spots of a word read both ways
VOWELS = "aeiou"

# ц is the 2021 alphabet's s; т + с stays ts, as a Latin spelling of it would.
_FROM_CYRILLIC = str.maketrans(CYRILLIC_TO_LATIN | {"ц": "s"})
_FROM_LATIN = str.maketrans(LATIN_TO_ASCII)
_TO_LATIN_2021 = str.maketrans(CYRILLIC_TO_LATIN | LATIN_2021)
_MERGE = re.compile("|".join(sorted(MERGES, key=len, reverse=True)))
_REPEATED_I = re.compile("i{2,}")  # ия, ий, ый spelled ia, i, y by hand


def to_latin_2021(text: str) -> str:
    """Lowercase Cyrillic Kazakh written in the 2021 Latin alphabet."""
    return text.lower().translate(_TO_LATIN_2021)


def skeleton(word: str) -> str:
    """The script-neutral spelling of a word (Cyrillic, Latin or both)."""
    folded = unicodedata.normalize("NFC", lowercase(word)).translate(_FROM_CYRILLIC).translate(_FROM_LATIN)
    # Any other accented letter loses its accent (ê, à), and so does i from a dotted İ.
    ascii_word = "".join(c for c in unicodedata.normalize("NFD", folded) if not unicodedata.combining(c))
    merged = _MERGE.sub(lambda m: MERGES[m.group()], ascii_word)
    return _REPEATED_I.sub("i", merged)


def readings(word: str) -> tuple[str, ...]:
    """The skeletons a typed word may stand for, the literal one first: one, or two for
    each ambiguous informal Latin spelling (AMBIGUOUS; the first MAX_AMBIGUOUS are read
    both ways)."""
    spelled = skeleton(word)
    spots = sorted(
        (match.start(), match.end(), merged)
        for pattern, merged in AMBIGUOUS.items()
        if re.search(pattern, word)
        for match in re.finditer(pattern, spelled)
    )[:MAX_AMBIGUOUS]
    found = [spelled]
    for start, end, merged in reversed(spots):  # from the right: earlier spots keep their place
        found += [r[:start] + merged + r[end:] for r in found]
    return tuple(dict.fromkeys(found))
