"""Character-level repairs: Latin look-alike letters, soft hyphens, Kazakh case.

Every function here keeps string length unless its name says otherwise, so that
offsets computed on the repaired text still point into the raw text.
"""

import re

# Latin (and IPA) letters that typists and OCR put in place of Cyrillic ones;
# pairs read off the Unicode charts by shape.
LOOKALIKES = {
    "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у",
    "i": "і", "h": "һ", "ə": "ә", "ɵ": "ө",
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М",
    "O": "О", "P": "Р", "T": "Т", "X": "Х", "Y": "У", "I": "І", "Ə": "Ә", "Ɵ": "Ө",
}
_TO_CYRILLIC = str.maketrans(LOOKALIKES)

SOFT_HYPHEN = "\u00ad"
KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")

_WORD = re.compile(r"[^\W\d_]+")
# C0 and C1 control characters and DEL, but for tab and line feed; and the breaks that end a line
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile("[\t\n\u2028\u2029]+")
_ANY_LOOKALIKE = re.compile(f"[{''.join(LOOKALIKES)}]")


def is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u04ff"


def has_cyrillic(text: str) -> bool:
    return any(is_cyrillic(c) for c in text)


def _only_lookalikes(word: str) -> bool:
    return all(c in LOOKALIKES for c in word)


def fold_lookalikes(text: str) -> str:
    """Replace Latin look-alikes with Cyrillic letters where the word is Cyrillic.

    A mixed word ("қaлыптacтыру") is always repaired. A word made only of
    look-alikes ("ic") is repaired when a neighbouring word is Cyrillic, so
    "іс" typed in Latin is fixed while "Bonn" or "URL" stay Latin.
    """
    if not _ANY_LOOKALIKE.search(text):
        return text
    words = list(_WORD.finditer(text))
    cyrillic = [has_cyrillic(m.group()) for m in words]
    pieces, last = [], 0
    for i, match in enumerate(words):
        word = match.group()
        if cyrillic[i]:
            repair = any(c in LOOKALIKES for c in word)
        else:
            neighbours = cyrillic[max(i - 1, 0) : i] + cyrillic[i + 1 : i + 2]
            repair = _only_lookalikes(word) and any(neighbours)
        if repair:
            pieces.append(text[last : match.start()])
            pieces.append(word.translate(_TO_CYRILLIC))
            last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def lookalike_repairs(text: str) -> list[tuple[str, str]]:
    """List (original, repaired) word pairs that fold_lookalikes would change."""
    folded = fold_lookalikes(text)
    return [
        (m.group(), folded[m.start() : m.end()])
        for m in _WORD.finditer(text)
        if folded[m.start() : m.end()] != m.group()
    ]


def strip_controls(text: str, one_line: bool = False) -> str:
    """Text without control characters: line ends become line feeds (CR LF, CR), the other
    controls but tab and line feed are removed; one_line also turns tabs and line breaks into
    spaces (a title, a name, a journal)."""
    text = _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _LINE_BREAKS.sub(" ", text) if one_line else text


def remove_soft_hyphens(text: str) -> str:
    """Drop soft hyphens (this one changes length)."""
    return text.replace(SOFT_HYPHEN, "")


def lowercase(text: str) -> str:
    """Lowercase for Kazakh: a Turkish dotted İ becomes і, where str.lower would
    give i plus a combining dot. Fold look-alikes first for Latin I to become і."""
    return text.replace("İ", "І").lower()


def has_kazakh_letters(text: str) -> bool:
    return any(c in KAZAKH_LETTERS for c in text)
