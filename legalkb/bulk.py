"""The public knowledge base in bulk (`manage.py export_bulk --output DIR`): JSON Lines files,
one record a line (sources, passages, taxonomy, acts), and manifest.json with each file's
record count, size and SHA-256, and the date. docs/bulk.md gives the schema.

Streamed: rows are read in batches by primary key, each batch's links and acts in one query
per kind, and written as they come, so memory stays bounded whatever the size
(docs/benchmarks.md measures it at 1,000,000 passages). Only what the public site shows: no
withdrawn source or passage, no rejected link (nor unreviewed ones when the site hides them),
no editor's note, no imported file. Each file is written under a temporary name and renamed
when complete, the manifest last, so DIR never holds a half-written file under its name.
"""

import hashlib
import json
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.db.models import Count
from django.utils import timezone, translation

from . import citation
from .kinds import TAXONOMY
from .models import Act, ActCitation, Creator, Note, Passage, Reference, Source
from .text.acts import official_url

FORMAT_VERSION = 1
BATCH = 2000
PASSAGE_FIELDS = ("id", "position", "kind", "level", "language", "page_start", "page_end")
PASSAGE_FIELDS += ("label_start", "label_end", "text", "rows")
NOTE_FIELDS = ("mark", "kind", "offset", "text")
REFERENCE_FIELDS = ("source_id", "position", "text", "match", "cited_source__slug", "cited_source__withdrawn")


def export_bulk(folder, now=None):
    """Write the four files and the manifest into folder (created if need be); returns the
    manifest."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "sources.jsonl": sources(),
        "passages.jsonl": passages(),
        "taxonomy.jsonl": taxonomy(),
        "acts.jsonl": acts(),
    }
    manifest = {
        "format_version": FORMAT_VERSION,
        "created": (now or timezone.now()).isoformat(timespec="seconds"),
        "site": settings.SITE_URL,
        "files": {name: write_lines(folder / name, records) for name, records in files.items()},
    }
    write_atomically(folder / "manifest.json", [json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"])
    return manifest


def write_lines(path, records):
    """Write records as JSON Lines; {"records", "bytes", "sha256"} of the file."""
    digest, size, count = hashlib.sha256(), 0, 0

    def lines():
        nonlocal size, count
        for record in records:
            line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
            digest.update(line)
            size, count = size + len(line), count + 1
            yield line

    write_atomically(path, lines())
    return {"records": count, "bytes": size, "sha256": digest.hexdigest()}


def write_atomically(path, chunks):
    partial = path.with_name(f".{path.name}.partial")
    with open(partial, "wb") as out:
        for chunk in chunks:
            out.write(chunk if isinstance(chunk, bytes) else chunk.encode("utf-8"))
    partial.replace(path)


def in_batches(queryset):
    """The rows of queryset in primary-key order, BATCH at a time (one query per batch)."""
    last = 0
    while batch := list(queryset.filter(pk__gt=last).order_by("pk")[:BATCH]):
        yield batch
        last = batch[-1].pk


def site_url(obj):
    return settings.SITE_URL + obj.get_absolute_url()


def sources():
    for batch in in_batches(Source.objects.public().with_passage_counts()):
        creators = defaultdict(list)
        for creator in Creator.objects.filter(source__in=batch):
            creators[creator.source_id].append(creator.as_dict())
        references, cited_by = references_of(batch), cited_by_counts(batch)
        for source in batch:
            yield {
                "slug": source.slug,
                "url": site_url(source),
                "title": source.title,
                "kind": source.kind,
                "language": source.language,
                **source.record_fields(),
                "creators": creators[source.pk],
                "passages": source.passage_count,
                "references": references[source.pk],
                "cited_by": cited_by.get(source.pk, 0),
            }


def references_of(sources):
    """{source id: [{"text", "cites": the cited source's slug or None}, …]} in list order."""
    references = defaultdict(list)
    listed = Reference.objects.filter(source__in=sources).select_related("cited_source")
    for entry in listed.only(*REFERENCE_FIELDS).order_by("source_id", "position"):
        references[entry.source_id].append({"text": entry.text, "cites": entry.cites and entry.cites.slug})
    return references


def cited_by_counts(sources):
    """{source id: how many public sources cite it}."""
    citing = Reference.objects.filter(cited_source__in=sources, match__in=Reference.LINKED)
    citing = citing.filter(source__withdrawn=False).order_by().values_list("cited_source")
    return dict(citing.annotate(n=Count("source", distinct=True)))


def passages():
    rows = Passage.objects.public().select_related("source").only(*PASSAGE_FIELDS, "source__slug")
    for batch in in_batches(rows):
        chosen = Passage.objects.filter(pk__in=[p.pk for p in batch])
        tags = chosen.tag_slugs()
        notes, cited = defaultdict(list), defaultdict(list)
        for note in Note.objects.filter(passage__in=chosen).order_by("passage_id", "position"):
            notes[note.passage_id].append({name: getattr(note, name) for name in NOTE_FIELDS})
        citations = ActCitation.objects.filter(passage__in=chosen).order_by("passage_id", "start")
        for passage_id, act, article in citations.values_list("passage_id", "act__slug", "article"):
            cited[passage_id].append({"act": act, "article": article})
        for passage in batch:
            yield {
                "id": passage.pk,
                "url": site_url(passage),
                "source": passage.source.slug,
                **{name: getattr(passage, name) for name in PASSAGE_FIELDS if name != "id"},
                "notes": notes[passage.pk],
                **tags[passage.pk],
                "acts": cited[passage.pk],
            }


def taxonomy():
    for kind in TAXONOMY:
        model = kind.entry_model
        fields = [f for f in model._meta.concrete_fields if f.name not in ("id", "parent")]
        rows = model.objects.select_related("parent") if hasattr(model, "parent") else model.objects.all()
        for batch in in_batches(rows):
            for entry in batch:
                record = {"kind": kind.name, "url": site_url(entry)}
                record.update((field.name, getattr(entry, field.name)) for field in fields)
                if hasattr(entry, "parent"):
                    record["parent"] = entry.parent.slug if entry.parent else None
                yield record


def acts():
    for batch in in_batches(Act.objects.with_passage_counts().filter(passage_count__gt=0)):
        for act in batch:
            ref = act.ref()
            labels = {}
            for language in citation.LANGUAGES:
                with translation.override(language):
                    labels[language] = act.label
            yield {
                "slug": act.slug,
                "url": site_url(act),
                "kind": act.kind,
                "code": act.code,
                "title": act.title,
                "number": act.number,
                "date": act.date.isoformat() if act.date else None,
                "year": act.year,
                "labels": labels,
                "official_url": {language: official_url(ref, language) for language in ("kk", "ru")},
                "passages": act.passage_count,
            }
