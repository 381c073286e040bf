"""From the bytes of a source file to a repaired, segmented document."""

import hashlib
from collections import Counter
from dataclasses import dataclass, field, replace

from .langid import detect_language, fill_languages
from .normalize import fold_lookalikes, lookalike_repairs
from .segment import PassageSpan, split_passages

CONTROL_CHARS_ALLOWED = "\n\r\t\f"
BINARY_CONTROL_RATIO = 0.01  # text files have almost no control characters
FALLBACK_LANGUAGE = "kk"  # the corpus's main language, for a document none of whose words tell


class SourceFileError(ValueError):
    """A file that cannot be imported; the message tells the editor why."""


@dataclass
class Document:
    raw_text: str
    checksum: str
    title: str | None
    language: str
    passages: list[PassageSpan]
    repairs: Counter = field(default_factory=Counter)


def decode_source(data):
    """Decode UTF-8 bytes, refusing empty, binary and non-UTF-8 files."""
    if not data.strip():
        raise SourceFileError("The file is empty.")
    if b"\x00" in data:
        raise SourceFileError("The file is binary, not text: save it as UTF-8 plain text.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SourceFileError(
            f"The file is not UTF-8 (byte 0x{data[error.start]:02x} at position {error.start}): "
            "save it as UTF-8 plain text."
        ) from None
    text = text.removeprefix("\ufeff")
    controls = sum(1 for c in text if ord(c) < 32 and c not in CONTROL_CHARS_ALLOWED)
    if controls > len(text) * BINARY_CONTROL_RATIO:
        raise SourceFileError("The file is binary, not text: save it as UTF-8 plain text.")
    if not any(c.isalpha() for c in text):
        raise SourceFileError("The file holds no words.")
    return text


def checksum(data):
    return hashlib.sha256(data).hexdigest()


def read_document(data):
    """Run the whole pipeline on a file's bytes."""
    raw_text = decode_source(data)
    return build_document(raw_text, checksum(data))


def build_document(raw_text, digest):
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
    )
