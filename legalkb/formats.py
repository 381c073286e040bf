"""An uploaded file's bytes into text bytes, whatever its format: .txt, .docx or .pdf.

A .txt file passes as it is (the text pipeline finds its encoding); a .docx or .pdf gives
its text as UTF-8, a PDF's pages separated by form feeds, which the pipeline reads as page
breaks. The text pipeline (legalkb.text.pipeline) takes it from there.

The limits are checked before the costly work: a Word document's unpacked size from its ZIP
directory before any XML is parsed, a PDF's page count before any page is read."""

import io
import zipfile
import zlib
from pathlib import Path

import docx
from docx.opc.exceptions import OpcError
from lxml.etree import LxmlError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from .text.pipeline import SourceFileError
from .text.segment import PAGE_BREAK

MB = 1024 * 1024
MAX_FILE_BYTES = 10 * MB
MAX_UNPACKED_BYTES = 50 * MB  # a Word document's parts, unpacked
MAX_PDF_PAGES = 2000
MAX_TEXT_BYTES = MAX_FILE_BYTES  # text from a .docx or .pdf, as UTF-8: no more than a .txt file may hold
# What the libraries raise on a damaged file.
DAMAGED_DOCX = (zipfile.BadZipFile, zlib.error, KeyError, ValueError, OpcError, LxmlError)
DAMAGED_PDF = (PyPdfError, zlib.error, KeyError, ValueError, TypeError)
PDF_SIGNATURE = b"%PDF-"
ZIP_SIGNATURE = b"PK\x03\x04"


def check_size(size):
    if size > MAX_FILE_BYTES:
        raise SourceFileError("too_large", size=round(size / MB, 1), limit=MAX_FILE_BYTES // MB)


def file_text(data, file_name):
    """The text of a .txt, .docx or .pdf file as bytes (UTF-8 but for a .txt file's own)."""
    check_size(len(data))
    suffix = Path(file_name).suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise SourceFileError("unsupported_format", name=file_name)
    return reader(data)


def txt_text(data):
    if data.startswith(PDF_SIGNATURE):
        raise SourceFileError("pdf_named_txt")
    if data.startswith(ZIP_SIGNATURE):
        raise SourceFileError("zip_named_txt")
    return data


def docx_text(data):
    if not data.startswith(ZIP_SIGNATURE):
        raise SourceFileError("not_docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except DAMAGED_DOCX:
        raise SourceFileError("damaged_docx") from None
    # zipfile never unpacks a file to more than the size its directory declares
    if unpacked > MAX_UNPACKED_BYTES:
        raise SourceFileError(
            "docx_unpacks_too_large", size=round(unpacked / MB, 1), limit=MAX_UNPACKED_BYTES // MB
        )
    try:
        paragraphs = [paragraph.text for paragraph in docx.Document(io.BytesIO(data)).paragraphs]
    except DAMAGED_DOCX:
        raise SourceFileError("damaged_docx") from None
    return _capped_text(paragraphs, "\n\n")


def pdf_text(data):
    if not data.startswith(PDF_SIGNATURE):
        raise SourceFileError("not_pdf")
    try:
        pages = PdfReader(io.BytesIO(data)).pages
        page_count = len(pages)
    except DAMAGED_PDF:
        raise SourceFileError("damaged_pdf") from None
    if page_count > MAX_PDF_PAGES:
        raise SourceFileError("pdf_too_many_pages", pages=page_count, limit=MAX_PDF_PAGES)
    text = _capped_text(_page_texts(pages), PAGE_BREAK)
    if not text.strip():
        raise SourceFileError("pdf_no_text")
    return text


def _page_texts(pages):
    for page in pages:
        try:
            yield page.extract_text()
        except DAMAGED_PDF:
            raise SourceFileError("damaged_pdf") from None


def _capped_text(pieces, separator):
    """The pieces joined by the separator, as UTF-8; refused as soon as they pass MAX_TEXT_BYTES."""
    encoded, size = [], -len(separator)
    for piece in pieces:
        encoded.append(piece.encode())
        size += len(separator) + len(encoded[-1])
        if size > MAX_TEXT_BYTES:
            raise SourceFileError("text_too_large", limit=MAX_TEXT_BYTES // MB)
    return separator.encode().join(encoded)


READERS = {".txt": txt_text, ".docx": docx_text, ".pdf": pdf_text}
