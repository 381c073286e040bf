"""An uploaded file's bytes into UTF-8 text bytes, whatever its format: .txt, .docx or .pdf.

The text pipeline (legalkb.text.pipeline) takes it from there."""

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

MAX_FILE_BYTES = 10 * 1024 * 1024
PDF_SIGNATURE = b"%PDF-"
ZIP_SIGNATURE = b"PK\x03\x04"


def check_size(size):
    if size > MAX_FILE_BYTES:
        raise SourceFileError(
            f"The file is {size / 1024 / 1024:.1f} MB; files over {MAX_FILE_BYTES // 1024 // 1024} MB "
            "cannot be imported."
        )


def file_text(data, file_name):
    """The text of a .txt, .docx or .pdf file as UTF-8 bytes."""
    check_size(len(data))
    suffix = Path(file_name).suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise SourceFileError(f"«{file_name}» cannot be imported: only .txt, .docx and .pdf files can.")
    return reader(data)


def txt_text(data):
    if data.startswith(PDF_SIGNATURE):
        raise SourceFileError("The file is a PDF, not plain text: name it .pdf.")
    if data.startswith(ZIP_SIGNATURE):
        raise SourceFileError("The file is a ZIP archive (a Word document?), not plain text: name it .docx.")
    return data


def docx_text(data):
    if not data.startswith(ZIP_SIGNATURE):
        raise SourceFileError("The file is not a Word document, whatever its name says.")
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, KeyError, ValueError, OpcError, LxmlError):
        raise SourceFileError("The Word document is damaged and cannot be read.") from None
    return "\n\n".join(paragraph.text for paragraph in document.paragraphs).encode()


def pdf_text(data):
    if not data.startswith(PDF_SIGNATURE):
        raise SourceFileError("The file is not a PDF, whatever its name says.")
    try:
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    except (PyPdfError, zlib.error, KeyError, ValueError, TypeError):
        raise SourceFileError("The PDF is damaged and cannot be read.") from None
    text = "\n\n".join(pages)
    if not text.strip():
        raise SourceFileError(
            "The PDF has no text layer (a scan?): run it through text recognition first, "
            "or import a .txt or .docx version."
        )
    return text.encode()


READERS = {".txt": txt_text, ".docx": docx_text, ".pdf": pdf_text}
