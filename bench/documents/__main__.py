"""python -m bench.documents [--files DIR]: make the sample files (bench.documents.make_files),
read each with legalkb.documents.read, and report per file what came through right against
its ground truth (bench.documents.score), with the time and peak memory of each read."""

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

from legalkb.documents import read
from legalkb.text.pipeline import SourceFileError

from .make_files import make_files
from .score import score


def read_and_score(path):
    truth = json.loads(path.with_name(path.name + ".truth.json").read_text(encoding="utf-8"))
    started = time.perf_counter()
    document = read(path.read_bytes(), path.name)
    seconds = time.perf_counter() - started
    pages = max((p.page_end or 0 for p in document.parts), default=0)
    result = score(document, truth, pages)
    return result, seconds


COLUMNS = (
    "file",
    "pages",
    "paragraphs intact",
    "headings",
    "junk left",
    "hyphens joined",
    "footnotes kept",
    "tables",
    "fields right",
    "pages right",
    "words right",
    "title",
    "s",
)


def table(results):
    """The Markdown table of docs/documents.md: a row per file, "–" where it has nothing to
    count."""
    rows = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for r, seconds in results:
        cells = (
            r.name,
            r.pages or "–",
            _ratio(r.paragraphs_intact, r.paragraphs),
            _ratio(r.headings_right, r.headings),
            r.junk_left,
            _ratio(r.line_end_hyphens - r.hyphens_unjoined, r.line_end_hyphens),
            _ratio(r.notes_kept, r.notes),
            _ratio(r.tables_right, r.tables),
            _ratio(r.fields_right, r.fields),
            _ratio(r.pages_right, r.pages_checked),
            _ratio(r.words_right, r.words),
            "yes" if r.title_right else "no",
            f"{seconds:.2f}",
        )
        rows.append("| " + " | ".join(map(str, cells)) + " |")
    return "\n".join(rows)


def _ratio(right, total):
    return f"{right}/{total}" if total else "–"


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.documents", description=__doc__)
    parser.add_argument("--files", type=Path, help="Read the sample files already made in DIR.")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.files or Path(tmp)
        paths = (
            sorted(p for p in folder.iterdir() if p.suffix in (".pdf", ".docx"))
            if args.files
            else make_files(folder)
        )
        results = []
        for path in paths:
            try:
                result, seconds = read_and_score(path)
            except SourceFileError as error:
                print(f"{path.name}: refused: {error}")
                continue
            result.name = path.name
            results.append((result, seconds))
    print(table(results))
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


if __name__ == "__main__":
    main()
