"""Alphabetical order for Kazakh and Russian text. Code point order puts Kazakh's own letters
(Ә, Ғ, Қ, Ң, Ө, Ұ, Ү, Һ, І) after Я; this key puts every letter in its place."""

# The Kazakh Cyrillic alphabet in order (the Russian alphabet is a subsequence of it).
KAZAKH_ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
# Each letter becomes a code point of the basic Cyrillic block in alphabet order, so Cyrillic
# still sorts after digits and Latin.
_IN_ORDER = str.maketrans({letter: chr(ord("а") + n) for n, letter in enumerate(KAZAKH_ALPHABET)})


def sort_key(text):
    return text.casefold().translate(_IN_ORDER)
