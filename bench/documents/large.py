"""python -m bench.documents.large [--pages 300] [--scan-pages 100]: the time and peak memory of
reading a long PDF (the Russian dissertation's body repeated until it fills 300 pages,
LibreOffice) and a long phone scan (the Kazakh book's pages, photographed as the sample scan
is, 100 pages, recognised with OCRmyPDF), each read by legalkb.documents.read in a process of
its own, and how many of the expected parts came through (a scan's by similarity, as
bench.documents.score counts them). Peak memory is that process's own (ru_maxrss), and, for the scan, the largest of the
processes OCR started (OCRmyPDF, Tesseract, Ghostscript), which ocr.py bounds apart."""

import argparse
import dataclasses
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .make_files import expected_parts, fodt, image_pdf, scan_pages, soffice, write_truth
from .samples import dissertation_ru, scan_kk
from .score import matched_parts


def long_sample(sample, pages, pages_per_copy):
    """The sample with its body repeated until it fills about that many pages."""
    copies = math.ceil(pages / pages_per_copy)
    return dataclasses.replace(
        sample, name=f"{sample.name}-long", blocks=sample.blocks * copies, long_note=""
    )


def make_long_pdf(folder, pages):
    sample = long_sample(dissertation_ru(), pages, pages_per_copy=5.7)
    source = folder / f"{sample.name}.fodt"
    source.write_text(fodt(sample), encoding="utf-8")
    soffice([source], folder, "pdf")
    path = folder / f"{sample.name}.pdf"
    write_truth(path, {"parts": expected_parts(sample)})
    return path


def make_long_scan(folder, pages):
    sample = long_sample(scan_kk("kk-scan"), pages, pages_per_copy=1.13)
    source = folder / f"{sample.name}.fodt"
    source.write_text(fodt(sample, soft_hyphens=False), encoding="utf-8")
    soffice([source], folder, "pdf")
    text_pdf = folder / f"{sample.name}.pdf"
    scan = folder / f"{sample.name}-scan.pdf"
    image_pdf(scan_pages(text_pdf), scan)
    write_truth(scan, {"parts": expected_parts(sample)})
    return scan


def read_once(path):
    """Read the file in this process; the figures as JSON on stdout."""
    from legalkb.documents import read

    started = time.perf_counter()
    document = read(path.read_bytes(), path.name)
    seconds = time.perf_counter() - started
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    expected = json.loads(path.with_name(path.name + ".truth.json").read_text(encoding="utf-8"))["parts"]
    matched = matched_parts(document.parts, expected, recognised=document.recognised)
    return {
        "file": path.name,
        "megabytes": round(path.stat().st_size / 2**20, 1),
        "pages": max(part.page_end or 0 for part in document.parts),
        "parts": len(document.parts),
        "expected": len(expected),
        "right": sum(1 for part in matched if part is not None),
        "seconds": round(seconds, 1),
        "cpu_seconds": round(own.ru_utime + own.ru_stime, 1),
        "ocr_cpu_seconds": round(children.ru_utime + children.ru_stime, 1),
        "peak_mb": own.ru_maxrss // 1024,
        "ocr_peak_mb": children.ru_maxrss // 1024,
        "recognised": document.recognised,
    }


def measure(path):
    """read_once in a process of its own, so that its peak memory is its own."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.documents.large", "--read", str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.documents.large", description=__doc__)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--scan-pages", type=int, default=100)
    parser.add_argument("--read", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.read:
        print(json.dumps(read_once(args.read)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results = [
            measure(make_long_pdf(folder, args.pages)),
            measure(make_long_scan(folder, args.scan_pages)),
        ]
    print(table(results))


COLUMNS = "file, MB, pages, parts right, wall s, CPU s (reader), CPU s (OCR), peak MB (reader), peak MB (OCR)"


def table(results):
    rows = ["| " + COLUMNS.replace(", ", " | ") + " |", "|" + "---|" * len(COLUMNS.split(", "))]
    for r in results:
        ocr = r["recognised"]
        cells = (
            r["file"],
            r["megabytes"],
            r["pages"],
            f"{r['right']}/{r['expected']} ({r['parts']} read)",
            r["seconds"],
            r["cpu_seconds"],
            r["ocr_cpu_seconds"] if ocr else "–",
            r["peak_mb"],
            r["ocr_peak_mb"] if ocr else "–",
        )
        rows.append("| " + " | ".join(map(str, cells)) + " |")
    return "\n".join(rows)


if __name__ == "__main__":
    main()
