"""Export every passage a search finds (up to a cap) as CSV or JSON."""

import csv
import io
import json
from dataclasses import replace

from .search import MAX_PAGE_SIZE, search_passages

EXPORT_LIMIT = 1000
COLUMNS = ["id", "url", "source", "position", "language", "text", "principles", "authors", "reforms"]


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
        "principles": [e.slug for e in hit.principles],
        "authors": [e.slug for e in hit.authors],
        "reforms": [e.slug for e in hit.reforms],
    }


def to_csv(records):
    """CSV text with a header row; taxonomy slugs are joined with "; "."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for record in records:
        writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in record.items()})
    return out.getvalue()


def to_json(records):
    return json.dumps({"count": len(records), "results": records}, ensure_ascii=False, indent=2)
