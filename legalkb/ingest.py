"""A source file into the database: the text pipeline, then one transaction."""

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from .indexing import index_passages
from .models import Passage, Source
from .tagging import tag_passages
from .text.pipeline import SourceFileError, checksum, read_document
from .text.translit import transliterate


@dataclass
class ImportResult:
    source: Source
    created: bool


def import_source(data, file_name, title=None, language=None, year=None, kind=Source.Kind.ARTICLE):
    """Import a file's bytes. Importing the same bytes again changes nothing; a
    different file under an existing title is refused."""
    digest = checksum(data)
    existing = Source.objects.filter(checksum=digest).first()
    if existing:
        return ImportResult(existing, created=False)
    document = read_document(data)
    title = (title or document.title or Path(file_name).stem).strip()
    if Source.objects.filter(title=title).exists():
        raise SourceFileError(
            f"A different file is already imported under the title «{title}». "
            "Give this one another title, or delete the old source first."
        )
    with transaction.atomic():
        source = Source.objects.create(
            slug=unique_slug(title),
            title=title,
            language=language or document.language,
            kind=kind,
            year=year,
            file_name=Path(file_name).name,
            raw_text=document.raw_text,
            checksum=digest,
        )
        passages = Passage.objects.bulk_create(
            Passage(
                source=source,
                position=position,
                text=span.text,
                start=span.start,
                end=span.end,
                language=span.language,
                is_heading=span.is_heading,
            )
            for position, span in enumerate(document.passages, start=1)
        )
        tag_passages(passages)
        transaction.on_commit(lambda: index_passages(passages))
    return ImportResult(source, created=True)


def unique_slug(title):
    base = slugify(transliterate(title))[:80].strip("-") or "source"
    slug, n = base, 1
    while Source.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
