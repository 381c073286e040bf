"""Alphabetical order for Kazakh and Russian text. Code point order puts Kazakh's own letters
(Ә, Ғ, Қ, Ң, Ө, Ұ, Ү, Һ, І) after Я; this key puts every letter in its place."""

# The Kazakh Cyrillic alphabet in order (the Russian alphabet is a subsequence of it).
KAZAKH_ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
# Each letter becomes a code point of the basic Cyrillic block in alphabet order, so Cyrillic
# still sorts after digits and Latin.
_IN_ORDER = str.maketrans({letter: chr(ord("а") + n) for n, letter in enumerate(KAZAKH_ALPHABET)})


def sort_key(text: str) -> str:
    """The key every list readers see is sorted by (in Python; database_key in the database)."""
    return text.casefold().translate(_IN_ORDER)


DATABASE_KEY_CHARS = 100  # a database key orders by the first this many letters
_DIGITS = "abcdefghijklmnopqrstuvwxyz"


def database_key(text: str) -> str:
    """sort_key(text) spelled in lowercase ASCII letters, four per character, so a
    database orders it the same way under any collation (a locale's collation would
    reorder the code points sort_key uses, and skips spaces)."""
    return "".join(_letters(ord(c)) for c in sort_key(text)[:DATABASE_KEY_CHARS])


def _letters(number: int) -> str:
    number = min(number, len(_DIGITS) ** 4 - 1)
    return "".join(_DIGITS[number // len(_DIGITS) ** power % len(_DIGITS)] for power in (3, 2, 1, 0))
