"""Export every passage a search finds (up to a cap): CSV for people to read in a spreadsheet,
JSON for programs, and the hits' citations for reference managers."""

import csv
import io
import json
from dataclasses import replace

from django.utils.translation import gettext_lazy as _

from . import citation
from .kinds import TAXONOMY
from .models import Source
from .search import Tier, search_passages
from .text.collate import sort_key

EXPORT_LIMIT = 1000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # spreadsheets would run such a cell as a formula
BYTE_ORDER_MARK = "\ufeff"  # tells Excel the CSV is UTF-8; without it, Cyrillic shows as mojibake
CSV_HEADERS = {
    "id": _("ID"),
    "url": _("Address"),
    "source": _("Source"),
    "citation": _("Citation"),
    "page": _("Page"),
    "position": _("Passage"),
    "language": _("Language"),
    "text": _("Text"),
    "match": _("Match"),
    "related_forms": _("Related forms"),
    "notes": _("Notes to the text"),
    **{kind.plural: kind.title for kind in TAXONOMY},
}


def export_hits(search_request, limit=EXPORT_LIMIT):
    """The first limit hits of a search, in its sort order, in one search, with their notes, and
    their sources' whole records and creators loaded for citing (results load a source's slug
    and title alone)."""
    hits = search_passages(replace(search_request, page=1, page_size=limit)).hits
    sources = Source.objects.prefetch_related("creators").in_bulk({hit.passage.source_id for hit in hits})
    for hit in hits:
        hit.passage.source = sources[hit.passage.source_id]
    return hits


def hit_citations(hits, absolute_url, accessed):
    """Each hit's passage as cited at its permalink; absolute_url turns a path into a full URL."""
    return [hit.passage.cited(absolute_url(hit.passage.get_absolute_url()), accessed) for hit in hits]


def to_csv(hits, absolute_url, accessed, language):
    """CSV for people: a byte-order mark, headers in the interface language, the source's title,
    the passage's GOST citation and (printed) page, the group the hit is listed in (every word, a
    related form, some of the words) and the related forms it holds, its notes, and entry labels
    joined with "; "."""
    out = io.StringIO()
    out.write(BYTE_ORDER_MARK)
    writer = csv.writer(out)
    writer.writerow([str(header) for header in CSV_HEADERS.values()])
    for hit, cited in zip(hits, hit_citations(hits, absolute_url, accessed), strict=True):
        passage = hit.passage
        row = {
            "id": passage.pk,
            "url": cited.url,
            "source": passage.source.title,
            "citation": citation.gost(cited, language),
            "page": citation.page_range(passage.printed_pages, "–"),
            "position": passage.position,
            "language": passage.get_language_display(),
            "text": passage.text,
            "match": str(Tier.LABELS[hit.tier]),
            "related_forms": hit.related_forms,
            "notes": [f"{note.mark} {note.text}" for note in passage.note_list()],
            **{
                kind.plural: sorted((entry.label for entry in entries), key=sort_key)
                for kind, entries in tagged(hit)
            },
        }
        writer.writerow([_cell(row[column]) for column in CSV_HEADERS])
    return out.getvalue()


def tagged(hit):
    """(kind, entries) for every kind, empty lists included."""
    tags = dict(hit.tags)
    return [(kind, tags.get(kind, [])) for kind in TAXONOMY]


def _cell(value):
    """A CSV cell: lists joined with "; ", and text that a spreadsheet would read as a
    formula kept as text by a leading apostrophe."""
    if isinstance(value, list):
        value = "; ".join(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_json(hits, absolute_url, accessed, language):
    """JSON for programs: slugs for sources and entries, plus the source's title, the
    passage's GOST citation in the interface language, its printed pages and its notes, and
    the hit's group as the API names it."""
    records = [
        {
            "id": hit.passage.pk,
            "url": cited.url,
            "source": hit.passage.source.slug,
            "source_title": hit.passage.source.title,
            "citation": citation.gost(cited, language),
            "position": hit.passage.position,
            "page_start": hit.passage.page_start,
            "page_end": hit.passage.page_end,
            "pages": citation.page_range(hit.passage.printed_pages, "–"),
            "language": hit.passage.language,
            "text": hit.passage.text,
            "holds_all_words": hit.holds_all_words,
            "match": Tier.NAMES[hit.tier],
            "related_forms": hit.related_forms,
            "notes": [
                {"mark": note.mark, "kind": note.kind, "offset": note.offset, "text": note.text}
                for note in hit.passage.note_list()
            ],
            **hit.taxonomy_slugs(),
            "acts": hit.passage.cited_act_slugs(),
        }
        for hit, cited in zip(hits, hit_citations(hits, absolute_url, accessed), strict=True)
    ]
    return json.dumps({"count": len(records), "results": records}, ensure_ascii=False, indent=2)


def to_bibtex(hits, absolute_url, accessed, language):
    """BibTeX for reference managers: one entry per passage, cited at its permalink."""
    return citation.bibtex(hit_citations(hits, absolute_url, accessed), language)


def to_ris(hits, absolute_url, accessed, language):
    """RIS for reference managers: one record per passage, cited at its permalink."""
    return citation.ris(hit_citations(hits, absolute_url, accessed), language)
