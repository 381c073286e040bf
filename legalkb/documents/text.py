"""A text file into a Document: the text pipeline (legalkb.text.pipeline) finds its encoding,
repairs it and cuts it into paragraphs and headings; form feeds are page breaks."""

from ..text.pipeline import build_document, checksum, decode_source
from .document import Document, Part, PartKind


def read_text(data):
    raw_text, encoding = decode_source(data)
    built = build_document(raw_text, checksum(data), encoding)
    parts = list(parts_from_passages(built.passages))
    return Document(
        raw_text=built.raw_text,
        checksum=built.checksum,
        language=built.language,
        parts=parts,
        title=built.title or next((p.text for p in parts if p.is_heading), None),
        repairs=built.repairs,
        encoding=encoding,
    )


def parts_from_passages(passages):
    """Parts from the pipeline's passages: its headings are chapters (it tells no deeper level),
    and each part stands under the last heading before it."""
    section = ()
    for passage in passages:
        if passage.is_heading:
            section = (passage.text,)
        yield Part(
            kind=PartKind.HEADING if passage.is_heading else PartKind.PARAGRAPH,
            text=passage.text,
            start=passage.start,
            end=passage.end,
            language=passage.language,
            level=1 if passage.is_heading else 0,
            section=() if passage.is_heading else section,
            page_start=passage.page_start,
            page_end=passage.page_end,
        )
