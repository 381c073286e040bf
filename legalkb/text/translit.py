"""Latin transliteration of Kazakh and Russian Cyrillic, for ASCII slugs."""

from .script import CYRILLIC_TO_LATIN

_TABLE = str.maketrans(CYRILLIC_TO_LATIN)


def transliterate(text):
    return text.lower().translate(_TABLE)
