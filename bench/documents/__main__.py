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

COLUMNS = (
    ("file", "name"),
    ("pages", "pages"),
    ("paragraphs intact", "paragraphs"),
    ("headings", "headings"),
    ("junk left", "junk_left"),
    ("hyphens joined", "hyphens"),
    ("footnotes kept", "notes"),
    ("tables", "tables"),
    ("fields right", "fields"),
    ("pages right", "pages_right"),
    ("title", "title_right"),
)


def read_and_score(path):
    truth = json.loads(path.with_name(path.name + ".truth.json").read_text(encoding="utf-8"))
    started = time.perf_counter()
    document = read(path.read_bytes(), path.name)
    seconds = time.perf_counter() - started
    pages = max((p.page_end or 0 for p in document.parts), default=0)
    result = score(document, truth, pages)
    return result, seconds


def table(results):
    head = "| file | pages | paragraphs intact | headings | junk left | hyphens joined | footnotes kept | tables | fields right | pages right | title | s |"
    rows = [head, "|" + "---|" * (head.count("|") - 1)]
    for result, seconds in results:
        r = result
        joined = r.line_end_hyphens - r.hyphens_unjoined
        rows.append(
            f"| {r.name}{'' if r.name.endswith(('.pdf', '.docx')) else ''} | {r.pages} "
            f"| {r.paragraphs_intact}/{r.paragraphs} | {r.headings_right}/{r.headings} | {r.junk_left} "
            f"| {joined}/{r.line_end_hyphens} ({r.hyphens_unjoined} wrong) | {r.notes_kept}/{r.notes} "
            f"| {r.tables_right}/{r.tables} | {r.fields_right}/{r.fields} | {r.pages_right}/{r.pages_checked} "
            f"| {'yes' if r.title_right else 'no'} | {seconds:.2f} |"
        )
    return "\n".join(rows)


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
