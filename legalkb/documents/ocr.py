"""Scans: whether a PDF has usable text, and text recognition for one that has not, with
OCRmyPDF (Debian's ocrmypdf) and Tesseract's Kazakh and Russian models.

A PDF needs recognition when its pages hold far less text than a page of text does, once a
scanner app's stamp ("Scanned with CamScanner") is set aside: a stamp is never the document.
Recognition runs OCRmyPDF in a process of its own, limited in time (per page) and memory
(its address space), one page at a time beside the web server; its progress is the number of
pages Tesseract has finished. Tesseract's own hOCR gives each word's confidence; the words
below LOW_CONFIDENCE are listed for the editor to check."""

import io
import os
import re
import resource
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from lxml import html

from ..text.pipeline import SourceFileError
from .layout import body_size

STAMPS = re.compile(
    r"scanned\s+(?:with|by)|camscanner|adobe\s+scan|genius\s+scan|tapscanner|clear\s?scan|office\s+lens",
    re.IGNORECASE,
)
MIN_CHARS_PER_PAGE = 200  # a page of text holds 1,500 characters or more; a title page 200
LANGUAGES = "kaz+rus"
LOW_CONFIDENCE = 60  # Tesseract's word confidence, 0–100
OCR_SIZE_NOISE = 0.12  # recognised lines' sizes scatter this much around the body's
SECONDS_PER_PAGE = 60
SECONDS_FIXED = 60
MEMORY_BYTES = 2 * 1024**3  # OCRmyPDF and Tesseract together
POLL_SECONDS = 0.5  # how often progress is looked at while recognition runs
HOCR_CONFIG = "tessedit_create_hocr 1\n"  # Tesseract writes its hOCR beside the PDF it makes


@dataclass
class Recognition:
    pdf: bytes  # the scan with a text layer
    low_confidence_words: list


def is_stamp(text):
    return bool(STAMPS.search(text))


def needs_recognition(pages):
    """Whether the pages (layout Pages) hold far less text than their number asks for, stamps
    aside."""
    return sum(map(_chars, pages)) < MIN_CHARS_PER_PAGE * max(len(pages), 1)


def picture_pages(pages):
    """The numbers of the pages of a PDF with text that are pictures holding little text (a
    scanned page among typed ones): they are not recognised, and the editor is told so."""
    return [page.number for page in pages if page.pictured and _chars(page) < MIN_CHARS_PER_PAGE]


def _chars(page):
    return sum(len(line.text) for line in page.lines if not is_stamp(line.text))


def even_line_sizes(pages):
    """An OCR text layer gives each line the type size that fills its box, which varies with
    the letters it holds (10, 11, 12 points in one paragraph): the body's size is the median
    of the lines' sizes (by their characters), and a size within OCR_SIZE_NOISE of it becomes
    it, so that only a real change of type (a heading) ends a block. Returns the body's size."""
    size = _median_size(pages)
    for page in pages:
        for line in page.lines:
            if abs(line.size - size) <= OCR_SIZE_NOISE * size:
                line.size = size
    return size


def _median_size(pages):
    """The size half the characters are set in or below; the layout's default without lines."""
    sizes = sorted((line.size, len(line.text)) for page in pages for line in page.lines)
    half, seen = sum(count for _, count in sizes) / 2, 0
    for size, count in sizes:
        seen += count
        if seen >= half:
            return size
    return body_size(pages)


def recognise(data, page_count, progress=None):
    """The PDF with a text layer recognised by OCRmyPDF (kaz+rus), and its low-confidence
    words. Refused with "ocr_failed" when OCRmyPDF fails, runs out of time or of memory."""
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        source, target, config = work / "scan.pdf", work / "recognised.pdf", work / "hocr.cfg"
        source.write_bytes(without_text(data))
        config.write_text(HOCR_CONFIG)
        command = [
            "ocrmypdf", "--keep-temporary-files", "--quiet", "--force-ocr", "--deskew",
            "--output-type", "pdf", "--language", LANGUAGES, "--tesseract-config", str(config), "--jobs", "1",
            "--tesseract-timeout", str(SECONDS_PER_PAGE), str(source), str(target),
        ]  # fmt: skip
        environment = {**os.environ, "TMPDIR": str(work), "OMP_THREAD_LIMIT": "1"}
        deadline = time.monotonic() + SECONDS_FIXED + SECONDS_PER_PAGE * page_count
        try:
            process = subprocess.Popen(
                command,
                env=environment,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                preexec_fn=_limit_memory,
            )
        except OSError:
            raise SourceFileError("ocr_failed", reason="ocrmypdf is not installed") from None
        _wait(process, work, page_count, deadline, progress)
        if process.returncode != 0 or not target.exists():
            reason = process.stderr.read().decode(errors="replace").strip().splitlines()
            raise SourceFileError("ocr_failed", reason=(reason or ["exit status"])[-1][:200])
        return Recognition(pdf=target.read_bytes(), low_confidence_words=low_confidence_words(work))


def without_text(data):
    """The scan without the little text it draws (a scanner's stamp, read before): OCRmyPDF
    renders a page that draws text at 400 dpi whatever its image's resolution, which makes a
    phone scan's recognition three times slower, and the stamp is never the document."""
    document = pdfium.PdfDocument(data)
    try:
        for page in document:
            for text in list(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_TEXT,), max_depth=1)):
                page.remove_obj(text)
            page.gen_content()
        saved = io.BytesIO()
        document.save(saved)
        return saved.getvalue()
    finally:
        document.close()


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def _wait(process, work, page_count, deadline, progress):
    done = -1
    while process.poll() is None:
        if time.monotonic() > deadline:
            process.kill()
            process.wait()
            raise SourceFileError("ocr_failed", reason="it took too long")
        finished = len(list(work.rglob("*.hocr")))
        if progress and finished != done:
            done = finished
            progress(min(done, page_count), page_count)
        try:
            process.wait(timeout=POLL_SECONDS)
        except subprocess.TimeoutExpired:
            continue
    if progress:
        progress(page_count, page_count)


def low_confidence_words(folder):
    """The words Tesseract was least sure of, in page order, each once."""
    words = {}
    for path in sorted(Path(folder).rglob("*.hocr")):
        for word in html.parse(str(path)).getroot().iterfind(".//span[@class='ocrx_word']"):
            confidence = re.search(r"x_wconf (\d+)", word.get("title", ""))
            text = word.text_content().strip()
            if confidence and int(confidence.group(1)) < LOW_CONFIDENCE and any(c.isalpha() for c in text):
                words.setdefault(text, None)
    return list(words)
