"""Tell Kazakh from Russian, word by word.

Hand-written because the choice is only between two languages that share an
alphabet, and Kazakh's own letters decide it; general detectors bring large
models for no gain here.

A word counts for Kazakh when it has a Kazakh-only letter or is a Kazakh function
word; for Russian when it is a Russian function word or, having no Kazakh letter,
has a letter or an ending that Kazakh words do not have. Letters and endings that
Kazakh legal prose does use in loanwords are left out: ъ (субъект), э (экономика),
ь (мораль), ц (конституция), -ия (философия, Германия), bare -ий (критерий).
"""

import re
from collections.abc import Sequence
from itertools import accumulate

from .normalize import KAZAKH_LETTERS

# Frequent function words of each language (grammar facts).
KAZAKH_FUNCTION_WORDS = frozenset(
    "және мен бен пен үшін бұл осы ол олар сол деп деген емес бойынша туралы сияқты арқылы "
    "немесе бірақ алайда сондай-ақ яғни бар жоқ тиіс болып болады болса болатын табылады "
    "егер тек ал".split()
)
RUSSIAN_FUNCTION_WORDS = frozenset(
    "и в во на с со для что чтобы по не но а также как или это этот эта эти этого этой этих к от из о об "
    "при который которая которое которые которых поэтому есть быть его её их был была были будет "
    "только уже если чем где когда между через после под над более может могут должен должны "
    "является являются все всех".split()
)
RUSSIAN_LETTERS = frozenset("ёщ")
# Russian inflections and suffixes (grammar facts), none of which ends a Kazakh word.
RUSSIAN_ENDINGS = tuple(
    "ость ости остью остей ение ению ением ении ений ание анию анием аний "
    "ство ства ству ством стве ого его ому ему ться тся ает яет ует ают яют уют "
    "ый ой ая ое ые ых ую юю ыми ими кий ний ший ии".split()
)
ENDING_MIN_STEM = 2  # letters before an ending: "бой", "той" are Kazakh words

_CYRILLIC_WORD = re.compile(r"[а-яёәғқңөұүһі-]+")
_INITIAL = re.compile(r"(?<!\w)\w\.")  # "Н.А. Назарбаев": not the Russian words "а", "с", "в"


def detect_language(text: str) -> str | None:
    """"kk" or "ru" for a piece of Cyrillic text, or None when its words do not tell
    (numbers, a name, a loanword, as many words for each language)."""
    kazakh = russian = 0
    for word in _CYRILLIC_WORD.findall(_INITIAL.sub(" ", text.lower())):
        if not KAZAKH_LETTERS.isdisjoint(word) or word in KAZAKH_FUNCTION_WORDS:
            kazakh += 1
        elif word in RUSSIAN_FUNCTION_WORDS or is_russian_word(word):
            russian += 1
    if kazakh == russian:
        return None
    return "kk" if kazakh > russian else "ru"


def is_russian_word(word: str) -> bool:
    """A word without Kazakh letters that has a letter or an ending Kazakh words lack."""
    return not RUSSIAN_LETTERS.isdisjoint(word) or word[ENDING_MIN_STEM:].endswith(RUSSIAN_ENDINGS)


def fill_languages(languages: Sequence[str | None], is_heading: Sequence[bool], fallback: str) -> list[str]:
    """Give each undecided (None) passage the language of its nearest decided neighbour:
    the one before it, or for a heading, which belongs to what follows, the one after it;
    the other way when there is none that way; the fallback when no passage is decided."""
    before = list(accumulate(languages, _decided))
    after = list(accumulate(reversed(languages), _decided))[::-1]
    return [
        language or ((after[i] or before[i]) if is_heading[i] else (before[i] or after[i])) or fallback
        for i, language in enumerate(languages)
    ]


def _decided(last: str | None, language: str | None) -> str | None:
    return language or last
