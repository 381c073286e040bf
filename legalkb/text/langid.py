"""Tell Kazakh from Russian.

Hand-written because the choice is only between two languages that share an
alphabet, and Kazakh's own letters decide it; general detectors bring large
models for no gain here.
"""

import re

from .normalize import KAZAKH_LETTERS

# Frequent function words of each language (grammar facts).
KAZAKH_FUNCTION_WORDS = frozenset(
    "және мен бен пен үшін бұл осы ол деп емес бойынша туралы сияқты арқылы "
    "немесе бірақ алайда сондай-ақ яғни бар жоқ тиіс болып табылады".split()
)
RUSSIAN_FUNCTION_WORDS = frozenset(
    "и в во на с со для что по не а также как или это к от из о об при "
    "который которые поэтому есть быть его их был была были".split()
)

_CYRILLIC_WORD = re.compile(r"[а-яёәғқңөұүһі-]+")


def detect_language(text, default="kk"):
    """Return "kk" or "ru" for a piece of Cyrillic text."""
    words = _CYRILLIC_WORD.findall(text.lower())
    if not words:
        return default
    kazakh = sum(1 for w in words if KAZAKH_LETTERS.intersection(w))
    kazakh += sum(1 for w in words if w in KAZAKH_FUNCTION_WORDS)
    russian = sum(1 for w in words if w in RUSSIAN_FUNCTION_WORDS)
    if kazakh == russian == 0:
        return default
    return "kk" if kazakh >= russian else "ru"
