"""Export every passage a search finds (up to a cap) as CSV or JSON."""

import csv
import io
import json
from dataclasses import replace

from .models import TAXONOMY
from .search import MAX_PAGE_SIZE, search_passages

EXPORT_LIMIT = 1000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # spreadsheets would run such a cell as a formula
COLUMNS = ["id", "url", "source", "position", "language", "text", *(kind.plural for kind in TAXONOMY)]


def export_hits(search_request, limit=EXPORT_LIMIT):
    """The hits of every page of a search, in its sort order, at most limit of them."""
    hits, page = [], 1
    while len(hits) < limit:
        response = search_passages(replace(search_request, page=page, page_size=MAX_PAGE_SIZE))
        hits += response.hits
        if page >= response.num_pages:
            break
        page += 1
    return hits[:limit]


def hit_record(hit, absolute_url):
    """One exported row; absolute_url turns a path into a full URL."""
    passage = hit.passage
    return {
        "id": passage.pk,
        "url": absolute_url(passage.get_absolute_url()),
        "source": passage.source.slug,
        "position": passage.position,
        "language": passage.language,
        "text": passage.text,
        **hit.taxonomy_slugs(),
    }


def to_csv(records):
    """CSV text with a header row; taxonomy slugs are joined with "; "."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for record in records:
        writer.writerow({k: _cell(v) for k, v in record.items()})
    return out.getvalue()


def _cell(value):
    """A CSV cell: lists joined with "; ", and text that a spreadsheet would read as a
    formula kept as text by a leading apostrophe."""
    if isinstance(value, list):
        value = "; ".join(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_json(records):
    return json.dumps({"count": len(records), "results": records}, ensure_ascii=False, indent=2)
