"""How much of a file the readers take on, checked while they read (never after): the file's
size, a Word document's unpacked size, paragraphs and characters, a PDF's pages and the
objects on a page, and the text any of them gives."""

from ..text.pipeline import SourceFileError

MB = 1024 * 1024
MAX_FILE_BYTES = 10 * MB  # a text or Word file
MAX_PDF_BYTES = 60 * MB  # a PDF: a phone scan of 100 pages is 15–40 MB
MAX_UNPACKED_BYTES = 50 * MB  # a Word document's parts, unpacked
MAX_PDF_PAGES = 2000
MAX_TEXT_CHARS = 10 * MB  # text from any file: no more than a 10 MB text file may hold


def check_size(size, file_name=""):
    """Refuses a file larger than its kind may be: a PDF (a scan's images) may be larger than
    a text or Word file; without a name, the smaller limit holds."""
    limit = MAX_PDF_BYTES if str(file_name).lower().endswith(".pdf") else MAX_FILE_BYTES
    if size > limit:
        raise SourceFileError("too_large", size=round(size / MB, 1), limit=limit // MB)


class TextBudget:
    """Counts the characters a reader takes out of a file as it goes, and refuses the file as
    soon as they pass the limit."""

    def __init__(self, limit=None):
        self.limit = MAX_TEXT_CHARS if limit is None else limit
        self.used = 0

    def take(self, text):
        self.count(len(text))
        return text

    def count(self, chars):
        self.used += chars
        if self.used > self.limit:
            raise SourceFileError("text_too_large", limit=self.limit // MB)
