"""Documents built by hand (legalkb.documents.document is plain dataclasses), the smallest that
show what ingest and the pages make of a reader's structure, whatever the readers can do yet."""

import hashlib

from legalkb.documents.document import Document, FrontMatter, Note, Part, PartKind


def part(kind, text, **fields):
    return Part(kind=kind, text=text, start=0, end=len(text), language="kk", **fields)


def paragraph(text, **fields):
    return part(PartKind.PARAGRAPH, text, **fields)


def heading(text, level=1, **fields):
    return part(PartKind.HEADING, text, level=level, **fields)


def table(*rows, **fields):
    return part(PartKind.TABLE, " ".join(" ".join(row) for row in rows), rows=tuple(rows), **fields)


def footnote(mark, text, offset):
    return Note(mark=mark, text=text, offset=offset)


def document(*parts, front=None, references=(), **fields):
    """A Document of the parts; its raw text (and so its checksum) is theirs."""
    raw_text = "\n\n".join(p.text for p in parts)
    return Document(
        raw_text=raw_text,
        checksum=hashlib.sha256(raw_text.encode()).hexdigest(),
        language="kk",
        parts=list(parts),
        front=front or FrontMatter(),
        references=list(references),
        **fields,
    )


def file_bytes(document):
    """The bytes of the file a document was read from: its raw text."""
    return document.raw_text.encode()
