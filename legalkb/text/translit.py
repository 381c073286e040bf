"""Latin transliteration of Kazakh and Russian Cyrillic, for ASCII slugs."""

from .script import CYRILLIC_TO_LATIN

_TABLE = str.maketrans(CYRILLIC_TO_LATIN)


def transliterate(text: str) -> str:
    """Lowercase Latin ASCII-ish spelling of Kazakh or Russian Cyrillic text (for slugs)."""
    return text.lower().translate(_TABLE)
