"""From the bytes of a source file to a repaired, segmented document."""

import codecs
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial

from charset_normalizer import from_bytes

from .langid import detect_language, fill_languages
from .normalize import KAZAKH_LETTERS, LOOKALIKES, fold_lookalikes, lookalike_repairs
from .segment import PassageSpan, split_passages

CONTROL_CHARS_ALLOWED = "\n\r\t\f"
BINARY_CONTROL_RATIO = 0.01  # text files have almost no control characters
FALLBACK_LANGUAGE = "kk"  # the corpus's main language, for a document none of whose words tell

# Python codec names of the encodings a text file may be in, with the names editors know them by.
ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "utf-16-le": "UTF-16 LE",
    "utf-16-be": "UTF-16 BE",
    "cp1251": "Windows-1251",
    "kz1048": "KZ-1048",
}
BYTE_ORDER_MARKS = {
    codecs.BOM_UTF8: "utf-8",
    codecs.BOM_UTF16_LE: "utf-16-le",
    codecs.BOM_UTF16_BE: "utf-16-be",
}
# What charset-normalizer calls a reading of Windows-1251 and its Kazakh variants (PT154 is one too).
CYRILLIC_SINGLE_BYTE = frozenset({"cp1251", "kz1048", "ptcp154"})
# The bytes Windows-1251 and KZ-1048 read differently: Kazakh letters in KZ-1048 (except і, shared),
# Serbian, Macedonian and Ukrainian letters in Windows-1251.
KZ1048_OWN_BYTES = frozenset(
    byte
    for byte in range(0x80, 0x100)
    if bytes([byte]).decode("kz1048", "replace") != bytes([byte]).decode("cp1251", "replace")
)
KAZAKH_WORD_SHARE = 0.9  # see cp1251_or_kz1048
DETECTION_SAMPLE_BYTES = 1024 * 1024  # enough to tell an encoding; the whole of 10 MB takes seconds
UTF16_HIGH_BYTE_SHARE = 0.9  # Latin and Cyrillic text in UTF-16: nearly every other byte is 0x00 or 0x04
LOST_LETTERS_MIN = 3  # "?" standing for a letter an encoding could not hold ("?аза?стан")

KZ1048_LETTERS = frozenset("әғқңөұүһ")  # the Kazakh letters Windows-1251 lacks (it has і)
KAZAKH_ALPHABET = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя" + "".join(KAZAKH_LETTERS).lower())


def gettext_noop(message: str) -> str:
    """Marks a message for translation (makemessages knows this name); the Django layer
    translates it when it shows it (legalkb.ingest.error_message)."""
    return message


# Why a file cannot be imported, by stable code; params fill the %(name)s places.
MESSAGES = {
    "empty": gettext_noop("The file is empty."),
    "binary": gettext_noop("The file is binary, not text: save it as UTF-8 plain text."),
    "unknown_encoding": gettext_noop(
        "The file is not UTF-8, UTF-16, Windows-1251 or KZ-1048 text: save it as UTF-8 and import it again."
    ),
    "ambiguous_encoding": gettext_noop(
        "The file is in a Cyrillic single-byte encoding, but whether Windows-1251 or KZ-1048 cannot be "
        "told: save it as UTF-8 and import it again."
    ),
    "lost_letters": gettext_noop(
        "Letters of this file were lost when it was saved: they show as «?», as in «%(example)s». "
        "Save the original document as UTF-8 and import it again."
    ),
    "no_words": gettext_noop("The file holds no words."),
    "too_large": gettext_noop("The file is %(size)s MB; files over %(limit)s MB cannot be imported."),
    "unsupported_format": gettext_noop("«%(name)s» cannot be imported: only .txt, .docx and .pdf files can."),
    "pdf_named_txt": gettext_noop("The file is a PDF, not plain text: name it .pdf."),
    "zip_named_txt": gettext_noop(
        "The file is a ZIP archive (a Word document?), not plain text: name it .docx."
    ),
    "not_docx": gettext_noop("The file is not a Word document, whatever its name says."),
    "damaged_docx": gettext_noop("The Word document is damaged and cannot be read."),
    "docx_unpacks_too_large": gettext_noop(
        "The Word document unpacks to %(size)s MB; documents that unpack to over %(limit)s MB cannot be "
        "imported: remove its pictures or split it into parts."
    ),
    "not_pdf": gettext_noop("The file is not a PDF, whatever its name says."),
    "damaged_pdf": gettext_noop("The PDF is damaged and cannot be read."),
    "pdf_too_many_pages": gettext_noop(
        "The PDF has %(pages)s pages; PDFs of over %(limit)s pages cannot be imported: split it into parts."
    ),
    "pdf_encrypted": gettext_noop(
        "The PDF is locked with a password: save an unlocked copy and import that."
    ),
    "pdf_page_too_complex": gettext_noop(
        "Page %(page)s of the PDF holds more drawing or text than a page of text can: it cannot be "
        "imported. Print the document to a new PDF and import that."
    ),
    "pdf_scan_without_ocr": gettext_noop(
        "The PDF is a scan (its pages are pictures, without usable text), and text recognition is "
        "turned off on this site: import a .txt, .docx or text PDF version instead."
    ),
    "ocr_failed": gettext_noop(
        "Text recognition could not read the scan (%(reason)s): import a .txt, .docx or text PDF "
        "version instead."
    ),
    "docx_too_many_paragraphs": gettext_noop(
        "The Word document has over %(limit)s paragraphs, more than a document can hold: it cannot "
        "be imported. Remove its empty paragraphs or split it into parts."
    ),
    "text_too_large": gettext_noop(
        "The document holds over %(limit)s MB of text, more than can be imported at once: "
        "split it into parts."
    ),
    "already_imported": gettext_noop("This file is already imported as «%(title)s»."),
    "title_taken": gettext_noop(
        "A different file is already imported under the title «%(title)s». "
        "Give this one another title, or delete the old source first."
    ),
    "same_file": gettext_noop("«%(title)s» was imported from this very file: there is nothing to replace."),
}


class SourceFileError(ValueError):
    """A file that cannot be imported. code says why (a key of MESSAGES) and params fill its
    message; str() is the message in English, for logs and the command line."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params

    def __str__(self) -> str:
        return MESSAGES[self.code] % self.params

    def __reduce__(self) -> tuple[partial["SourceFileError"], tuple[()]]:
        """Pickled with its keyword params (background jobs pickle what they raise)."""
        return partial(SourceFileError, self.code, **self.params), ()


@dataclass(frozen=True)
class Encoding:
    """The encoding a file was read in. certain: the bytes say so themselves (valid UTF-8, a
    byte-order mark); otherwise it was detected, and the editor confirms it in the preview."""

    name: str
    certain: bool

    @property
    def label(self) -> str:
        """The encoding's name as editors know it (Windows-1251)."""
        return ENCODING_LABELS[self.name]


UTF8 = Encoding("utf-8", certain=True)


@dataclass
class Document:
    """A source file read: its text, its passages and what was repaired on the way."""
    raw_text: str
    checksum: str
    title: str | None
    language: str
    passages: list[PassageSpan]
    repairs: Counter[tuple[str, str]] = field(default_factory=Counter)  # (original, repaired) words
    encoding: Encoding = UTF8


def decode_source(data: bytes) -> tuple[str, Encoding]:
    """The text of a text file and the encoding it was read in: UTF-8 or UTF-16 (with or
    without a byte-order mark), Windows-1251 or KZ-1048. Empty, binary and undecidable files,
    and files whose letters were lost to an encoding, are refused."""
    if not data.strip():
        raise SourceFileError("empty")
    text, encoding = _decode(data)
    controls = sum(1 for c in text if ord(c) < 32 and c not in CONTROL_CHARS_ALLOWED)
    if controls > len(text) * BINARY_CONTROL_RATIO:
        raise SourceFileError("binary")
    if not any(c.isalpha() for c in text):
        raise SourceFileError("no_words")
    lost = _LOST_LETTER.findall(text)
    if len(lost) >= LOST_LETTERS_MIN:
        raise SourceFileError("lost_letters", example=lost[0])
    return text, encoding


def _decode(data: bytes) -> tuple[str, Encoding]:
    for mark, marked in BYTE_ORDER_MARKS.items():
        if data.startswith(mark):
            return _strict(data[len(mark) :], marked), Encoding(marked, certain=True)
    if b"\x00" in data:
        name = utf16_without_bom(data)
        if name is None:
            raise SourceFileError("binary")
        return _strict(data, name), Encoding(name, certain=False)
    try:
        return data.decode("utf-8"), Encoding("utf-8", certain=True)
    except UnicodeDecodeError as error:
        head = data[: error.start]
        # a UTF-8 file cut inside its last letter: the rest is UTF-8 with letters beyond ASCII
        if error.reason == "unexpected end of data" and len(data) - error.start < 4 and not head.isascii():
            return head.decode("utf-8"), Encoding("utf-8", certain=True)
    if not reads_as_cyrillic_single_byte(data):
        raise SourceFileError("unknown_encoding")
    name = cp1251_or_kz1048(data)
    if name is None:
        raise SourceFileError("ambiguous_encoding")
    return _strict(data, name), Encoding(name, certain=False)


def _strict(data: bytes, name: str) -> str:
    try:
        return data.decode(name)
    except UnicodeDecodeError:
        raise SourceFileError("unknown_encoding") from None


def utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when the bytes are UTF-16 text in Latin or Cyrillic script,
    else None. Hand-written: charset-normalizer rejects UTF-16 text whose words mix scripts, as
    the Latin look-alike letters typed into these sources make them."""
    if len(data) % 2:
        return None
    low_first, high_first = data[0::2], data[1::2]
    for name, high, low in (("utf-16-le", high_first, low_first), ("utf-16-be", low_first, high_first)):
        if _high_byte_share(high) >= UTF16_HIGH_BYTE_SHARE > _high_byte_share(low):
            return name
    return None


def _high_byte_share(data: bytes) -> float:
    return (data.count(0) + data.count(4)) / len(data)


def reads_as_cyrillic_single_byte(data: bytes) -> bool:
    """Whether charset-normalizer's best reading of the bytes is Windows-1251 or a Kazakh
    variant of it. Latin look-alike letters inside words with non-ASCII letters (typed in place
    of Cyrillic ones) are left out of what it sees: it takes such mixed words for garbage."""
    best = from_bytes(_MIXED_WORD.sub(_drop_lookalikes, data[:DETECTION_SAMPLE_BYTES])).best()
    return best is not None and best.encoding in CYRILLIC_SINGLE_BYTE


def _drop_lookalikes(word: re.Match[bytes]) -> bytes:
    return word.group().translate(None, _ASCII_LOOKALIKES)


def cp1251_or_kz1048(data: bytes) -> str | None:
    """Windows-1251 or KZ-1048, which read bytes alike except where KZ-1048 has Kazakh letters
    (Windows-1251 has Serbian, Macedonian and Ukrainian ones there): "cp1251" when no such byte
    occurs; "kz1048" when, read as KZ-1048, words with those Kazakh letters make nine in ten of
    the words that tell, the others being words with a letter of neither language; else None.
    Hand-written: charset-normalizer weighs letter frequencies and often picks Windows-1251
    for Kazakh text."""
    if KZ1048_OWN_BYTES.isdisjoint(data):
        return "cp1251"
    text = fold_lookalikes(data.decode("kz1048", "replace")).lower()
    kazakh = foreign = 0
    for word in _CYRILLIC_WORD.findall(text):
        if not KAZAKH_ALPHABET.issuperset(word):
            foreign += 1
        elif not KZ1048_LETTERS.isdisjoint(word):
            kazakh += 1
    return "kz1048" if kazakh >= (kazakh + foreign) * KAZAKH_WORD_SHARE else None


_MIXED_WORD = re.compile(rb"[A-Za-z]*(?:[\x80-\xff]+[A-Za-z]*)+")
_ASCII_LOOKALIKES = bytes(ord(c) for c in LOOKALIKES if c.isascii())
_CYRILLIC_WORD = re.compile("[\u0400-\u04ff]+")
_LOST_LETTER = re.compile(r"[\w?]*\?[а-яёәғқңөұүһі][\w?]*")


def checksum(data: bytes) -> str:
    """The file's SHA-256, in hex: a source imported twice is known by it."""
    return hashlib.sha256(data).hexdigest()


def read_document(data: bytes) -> Document:
    """Run the whole pipeline on a text file's bytes."""
    raw_text, encoding = decode_source(data)
    return build_document(raw_text, checksum(data), encoding)


def build_document(raw_text: str, digest: str, encoding: Encoding = UTF8) -> Document:
    """Repair and segment the text; a passage whose words do not tell its language takes
    its neighbours', or the document's."""
    folded = fold_lookalikes(raw_text)
    passages = split_passages(folded)
    title = passages[0].text if passages and passages[0].is_heading and passages[0].start == 0 else None
    body = " ".join(p.text for p in passages if not p.is_heading)
    language = detect_language(body) or FALLBACK_LANGUAGE
    languages = fill_languages([p.language for p in passages], [p.is_heading for p in passages], language)
    return Document(
        raw_text=raw_text,
        checksum=digest,
        title=title,
        language=language,
        passages=[replace(p, language=lang) for p, lang in zip(passages, languages, strict=True)],
        repairs=Counter(lookalike_repairs(raw_text)),
        encoding=encoding,
    )


def passage_languages(
    texts: Sequence[str], is_heading: Sequence[bool], fixed: Iterable[str | None]
) -> list[str]:
    """The language of each passage told again from its words, as for a new document: a passage
    whose words do not tell takes its neighbours', then the document's. fixed holds a language
    for a passage whose language is settled (an editor's correction), else None; it is kept."""
    body = " ".join(text for text, heading in zip(texts, is_heading, strict=True) if not heading)
    language = detect_language(body) or FALLBACK_LANGUAGE
    told = [known or detect_language(text) for text, known in zip(texts, fixed, strict=True)]
    return fill_languages(told, is_heading, language)

