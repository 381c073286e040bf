"""A source file as structure, not as a string: readers per format (txt, docx, pdf, scans
through OCR) produce the same Document (legalkb.documents.document), which ingest saves.
Pure Python: nothing here imports Django.

    read(data, file_name) -> Document, or SourceFileError saying why the file is refused."""

from pathlib import Path

from ..text.pipeline import SourceFileError
from .limits import check_size
from .pdf import read_pdf
from .text import read_text
from .word import read_word

PDF_SIGNATURE = b"%PDF-"
ZIP_SIGNATURE = b"PK\x03\x04"


def read(data, file_name, *, ocr=True, progress=None):
    """The Document in a file's bytes, read by the reader its name's suffix asks for. ocr:
    whether a PDF without usable text may be recognised (else it is refused); progress(done,
    total) is called as pages are read."""
    check_size(len(data), file_name)
    suffix = Path(file_name).suffix.lower()
    if suffix == ".txt":
        if data.startswith(PDF_SIGNATURE):
            raise SourceFileError("pdf_named_txt")
        if data.startswith(ZIP_SIGNATURE):
            raise SourceFileError("zip_named_txt")
        return read_text(data)
    if suffix == ".docx":
        return read_word(data, progress=progress)
    if suffix == ".pdf":
        return read_pdf(data, ocr=ocr, progress=progress)
    raise SourceFileError("unsupported_format", name=file_name)
