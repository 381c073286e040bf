"""A source file into the database: its text (legalkb.formats), the text pipeline,
then one transaction. preview_import shows what an import would make, saving nothing;
error_message tells an editor, in the interface's language, why a file was refused."""

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from . import links
from .formats import file_text
from .models import TAXONOMY, Passage, Source
from .search import reach
from .tagging import build_matcher
from .text.pipeline import (
    MESSAGES,
    Document,
    SourceFileError,
    build_document,
    checksum,
    decode_source,
    passage_languages,
)
from .text.segment import PassageSpan
from .text.translit import transliterate

PROGRESS_EVERY = 200  # passages matched between two progress reports


@dataclass
class ImportResult:
    source: Source
    created: bool


@dataclass
class ProposedLink:
    kind: str
    entry: object
    matched: str


@dataclass
class PreviewPassage:
    position: int
    span: PassageSpan
    links: list[ProposedLink]


@dataclass
class ImportPreview:
    title: str
    document: Document
    passages: list[PreviewPassage]


def error_message(error):
    """Why the file was refused, in the active language."""
    return gettext(MESSAGES[error.code]) % error.params


def read_file(data, file_name):
    """Run the pipeline on a .txt, .docx or .pdf file; the checksum is the file's own."""
    text, encoding = decode_source(file_text(data, file_name))
    return build_document(text, checksum(data), encoding)


def preview_import(data, file_name, title=None, progress=None):
    """What importing the file would make: its title, passages, repairs and proposed
    links. A file already imported, or a title already taken, is refused. progress(done,
    total) is called as passages are matched against the taxonomy."""
    document = read_file(data, file_name)
    refuse_if_imported(document.checksum)
    title = source_title(title, document, file_name)
    matcher = build_matcher()
    entries = {kind: kind.entry_model.objects.in_bulk() for kind in TAXONOMY}
    passages = []
    for position, span in enumerate(document.passages, start=1):
        found = matcher.find(span.text, span.language).items()
        links = [
            ProposedLink(kind, entries[kind][entry_id], " · ".join(span.text[a:b] for a, b in spans))
            for (kind, entry_id), spans in found
        ]
        passages.append(PreviewPassage(position, span, links))
        if progress and position % PROGRESS_EVERY == 0:
            progress(position, len(document.passages))
    return ImportPreview(title, document, passages)


def import_source(data, file_name, title=None, language=None, year=None, kind=Source.Kind.ARTICLE):
    """Import a .txt, .docx or .pdf file's bytes. Importing the same bytes again changes
    nothing; a different file under an existing title is refused."""
    existing = Source.objects.filter(checksum=checksum(data)).first()
    if existing:
        return ImportResult(existing, created=False)
    document = read_file(data, file_name)
    return ImportResult(save_document(document, file_name, title, language, year, kind), created=True)


@transaction.atomic
def save_document(
    document, file_name, title=None, language=None, year=None, kind=Source.Kind.ARTICLE, user=None
):
    """Save a document read from a file as a source with its passages and proposed links, in
    one transaction that also records the passages in the indexing outbox. user, the editor
    who imported it, is written in the history."""
    refuse_if_imported(document.checksum)
    title = source_title(title, document, file_name)
    source = Source(
        slug=unique_slug(title),
        title=title,
        language=language or document.language,
        kind=kind,
        year=year,
        file_name=Path(file_name).name,
        raw_text=document.raw_text,
        checksum=document.checksum,
    )
    source._history_user = user  # simple_history's way to name who saved outside a request
    source.save()
    passages = bulk_create_with_history(
        [
            Passage(
                source=source,
                position=position,
                text=span.text,
                start=span.start,
                end=span.end,
                language=span.language,
                is_heading=span.is_heading,
                page_start=span.page_start,
                page_end=span.page_end,
            )
            for position, span in enumerate(document.passages, start=1)
        ],
        Passage,
        default_user=user,
    )
    reach.record(Passage, [p.pk for p in passages])
    links.propose(passages)
    return source


def refuse_if_imported(digest):
    existing = Source.objects.filter(checksum=digest).first()
    if existing:
        raise SourceFileError("already_imported", title=existing.title)


def source_title(title, document, file_name):
    """The title given, else the document's own, else the file's name; refused when taken."""
    title = (title or document.title or Path(file_name).stem).strip()
    if Source.objects.filter(title=title).exists():
        raise SourceFileError("title_taken", title=title)
    return title


def unique_slug(title):
    base = slugify(transliterate(title))[:80].strip("-") or "source"
    slug, n = base, 1
    while Source.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def detect_languages(sources):
    """Tell the language of every passage of the sources again with the current language
    detection, as an import would, except where an editor set it; the changed passages are saved
    with history (a new version) and recorded in the indexing outbox. Returns how many changed."""
    changed = []
    for source in sources:
        passages = list(source.passages.order_by("position"))
        languages = passage_languages(
            [p.text for p in passages],
            [p.is_heading for p in passages],
            [p.language if p.language_set_by_editor else None for p in passages],
        )
        for passage, language in zip(passages, languages, strict=True):
            if passage.language != language:
                passage.language, passage.version = language, passage.version + 1
                changed.append(passage)
    bulk_update_with_history(changed, Passage, ["language", "version"])
    reach.record(Passage, [p.pk for p in changed], ["language"])
    return len(changed)

