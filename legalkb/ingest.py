"""A source file into the database: legalkb.documents reads it into a Document (parts, notes,
tables, front matter, references), and one transaction saves it, or replaces the file of a source
that exists. preview_import shows what an import would make, saving nothing; error_message tells
an editor, in the interface's language, why a file was refused."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_noop
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from . import acts, annotations, documents, links, works
from .kinds import TAXONOMY
from .models import Abstract, Annotation, Creator, Keyword, Note, Passage, Reference, Source
from .search import reach
from .tagging import build_matcher
from .text.alignment import align, successors
from .text.langid import detect_language
from .text.pipeline import MESSAGES, SourceFileError, checksum, passage_languages
from .text.translit import transliterate

PROGRESS_EVERY = 200  # passages matched between two progress reports
UNTITLED_WORDS = 12  # a document with no title nor heading is titled by its first words

# The bibliographic record an import fills from a title page: Source field ← FrontMatter field
FRONT_MATTER_FIELDS = {
    "title": "title",
    "kind": "kind",
    "year": "year",
    "container": "journal",
    "volume": "volume",
    "issue": "issue",
    "first_page": "first_page",
    "last_page": "last_page",
    "publisher": "institution",
    "city": "city",
    "degree": "degree",
    "speciality": "speciality",
    "speciality_name": "speciality_name",
}
CREATOR_ROLES = {  # FrontMatter's lists of people, by the role they have
    "authors": Creator.Role.AUTHOR,
    "supervisors": Creator.Role.SUPERVISOR,
    "opponents": Creator.Role.OPPONENT,
}
# Why the readers leave a line out of the text (legalkb.documents: Dropped.reason)
DROPPED_REASONS = {
    "header": gettext_noop("running header"),
    "footer": gettext_noop("running footer"),
    "page_number": gettext_noop("page number"),
    "title": gettext_noop("title page"),
    "stamp": gettext_noop("scanner's stamp"),
    "front_matter": gettext_noop("abstract or keywords, kept with the source"),
    "references": gettext_noop("heading of the references, kept with the source"),
}
# What the readers' notices tell the editor (legalkb.documents: Notice.code and its params)
NOTICES = {
    "recognised": gettext_noop(
        "The file's %(pages)s pages are pictures: their text was recognised (OCR). Check the passages "
        "against the file, and the words the recognition was unsure of."
    ),
    "picture_pages": gettext_noop(
        "Pages %(pages)s are pictures (scanned among typed pages): their text was not read. Import "
        "the source as a whole scan, or type those pages in, if their text belongs to it."
    ),
}
RECORD_FIELDS = ["language", *FRONT_MATTER_FIELDS]  # what a record (a dict) sets on a source
# What a re-import changes on a passage it keeps (and its language, unless an editor set it)
REPLACED_FIELDS = [
    "position",
    "text",
    "start",
    "end",
    "kind",
    "level",
    "rows",
    "page_start",
    "page_end",
    "label_start",
    "label_end",
    "version",
]


@dataclass
class ImportResult:
    source: Source
    created: bool
    document: object = None  # the Document read, unless the file was imported already
    replacement: object = None  # a Replacement, when the file replaced a source's


@dataclass
class Replacement:
    """What re-importing a source's file did to its passages and to editors' work on them."""

    kept: int = 0  # passages that continue, at the same address
    added: int = 0
    removed: int = 0
    reanchored: int = 0  # annotations found again in the new text
    orphaned: int = 0  # annotations whose words are gone, flagged for an editor
    links_removed: int = 0  # links of removed passages


@dataclass
class ProposedLink:
    kind: object
    entry: object
    matched: str


@dataclass
class PreviewPart:
    position: int
    part: object  # a legalkb.documents.document.Part
    links: list[ProposedLink]


@dataclass
class ImportPreview:
    record: dict
    document: object
    parts: list[PreviewPart]


def error_message(error):
    """Why the file was refused, in the active language."""
    return gettext(MESSAGES[error.code]) % error.params


def notice_message(code, params):
    """What a reader's notice (legalkb.documents.document.Notice) tells the editor, in the active
    language; a notice no message is written for yet is shown as it is, never dropped."""
    if code not in NOTICES:
        return f"{code} {params or ''}".strip()
    return gettext(NOTICES[code]) % params


def dropped_reason(reason):
    """Why a reader left a line out of the text, in the active language."""
    return gettext(DROPPED_REASONS[reason]) if reason in DROPPED_REASONS else reason


def read_file(data, file_name, progress=None):
    """The Document in a .txt, .docx or .pdf file; scans are recognised unless settings.OCR is off."""
    return documents.read(data, file_name, ocr=settings.OCR, progress=progress)


def found_record(document, title=None, language=None, year=None, kind=None, replaces=None):
    """The bibliographic record (a dict of Source fields and "creators", [(family, given, role)…])
    for a document: what an editor gave (the arguments), else the source it replaces keeps its
    own, else what the title page says."""
    front = document.front
    if replaces is not None:
        record = source_record(replaces)
        record.update({name: value for name, value in front_record(front).items() if not record.get(name)})
    else:
        record = front_record(front)
        record["title"] = record["title"] or document_title(document)
        record["language"] = document.language
    given = {"title": title, "language": language, "year": year, "kind": kind}
    record.update({name: value for name, value in given.items() if value})
    record["kind"] = record["kind"] or Source.Kind.ARTICLE
    return record


def front_record(front):
    record = {name: getattr(front, attribute) or "" for name, attribute in FRONT_MATTER_FIELDS.items()}
    for name in ("year", "first_page", "last_page"):
        record[name] = record[name] or None
    if record["kind"] not in Source.Kind.values:
        record["kind"] = ""
    if record["degree"] not in Source.Degree.values:
        record["degree"] = ""
    record["creators"] = [
        (person.family_name, person.given_names, role)
        for people, role in CREATOR_ROLES.items()
        for person in getattr(front, people)
    ]
    return record


def source_record(source):
    record = {name: getattr(source, name) for name in RECORD_FIELDS}
    record["creators"] = [(c.family_name, c.given_names, c.role) for c in source.creators.all()]
    return record


def document_title(document):
    """The title page's title, else the document's own or its first heading, else its first words:
    never the file's name."""
    if document.front.title or document.title:
        return document.front.title or document.title
    heading = next((part.text for part in document.parts if part.is_heading), None)
    if heading:
        return heading
    words = document.parts[0].text.split()
    return " ".join(words[:UNTITLED_WORDS]) + ("…" if len(words) > UNTITLED_WORDS else "")


def preview_import(document, record, progress=None):
    """What importing the document would make: its parts with the links the tagger proposes.
    progress(done, total) is called as parts are matched against the taxonomy."""
    matcher = build_matcher()
    entries = {kind: kind.entry_model.objects.in_bulk() for kind in TAXONOMY}
    parts = []
    for position, part in enumerate(document.parts, start=1):
        found = matcher.find(part.text, part.language or document.language).items()
        proposed = [
            ProposedLink(kind, entries[kind][entry_id], " · ".join(part.text[a:b] for a, b in spans))
            for (kind, entry_id), spans in found
        ]
        parts.append(PreviewPart(position, part, proposed))
        if progress and position % PROGRESS_EVERY == 0:
            progress(position, len(document.parts))
    return ImportPreview(record, document, parts)


def import_source(
    data, file_name, title=None, language=None, year=None, kind=None, replaces=None, public=False
):
    """Import a .txt, .docx or .pdf file's bytes, its record from its title page unless given.
    Importing the same bytes again changes nothing; a different file under an existing title is
    refused. With replaces (a source), the file replaces that source's (replace_file)."""
    existing = Source.objects.filter(checksum=checksum(data)).first()
    if existing:
        return ImportResult(existing, created=False)
    document = read_file(data, file_name)
    record = found_record(document, title, language, year, kind, replaces)
    if replaces is not None:
        replacement = replace_file(replaces, document, data, file_name, record, public=public)
        return ImportResult(replaces, created=False, document=document, replacement=replacement)
    source = save_document(document, data, file_name, record, public=public)
    return ImportResult(source, created=True, document=document)


@transaction.atomic
def save_document(document, data, file_name, record, user=None, public=False):
    """Save a document read from a file as a new source with its record, passages, notes, parts
    and proposed links, in one transaction that also records the passages in the indexing
    outbox. The original file is kept in the file storage; public: readers may download it.
    user, the editor who imported it, is written in the history."""
    refuse_if_imported(document.checksum)
    title = free_title(record["title"])
    source = Source(slug=unique_slug(title), withdrawn=False)
    fill_source(source, document, data, file_name, record, public)
    source.title = title
    source._history_user = user  # simple_history's way to name who saved outside a request
    source.save()
    set_creators(source, record["creators"])
    save_source_parts(source, document, user)
    passages = bulk_create_with_history(new_passages(source, document), Passage, default_user=user)
    save_notes(passages, document.parts, user)
    reach.record(Passage, [p.pk for p in passages])
    links.propose(passages)
    acts.cite(passages)
    works.match_new_source(source)
    return source


@transaction.atomic
def replace_file(source, document, data, file_name, record, user=None, public=None):
    """Replace a source's file by a corrected one, in one transaction. Passages that continue
    (legalkb.text.alignment) keep their address and are updated with history, their annotations
    re-anchored or flagged orphaned; new passages are added; removed ones are deleted, their
    annotations moved to the passage that took their place. The record, notes, abstracts,
    keywords and references are the new file's; the outbox has every passage touched. public:
    whether readers may download the file (by default, as they could the old one)."""
    source = Source.objects.select_for_update().get(pk=source.pk)
    if document.checksum == source.checksum:
        raise SourceFileError("same_file", title=source.title)
    refuse_if_imported(document.checksum)
    title = record["title"] if record["title"] == source.title else free_title(record["title"])
    old = list(source.passages.select_for_update().order_by("position"))
    fill_source(
        source, document, data, file_name, record, source.original_public if public is None else public
    )
    source.title = title
    source._history_user = user
    source.save()
    set_creators(source, record["creators"])
    for model in (Abstract, Keyword, Reference):
        model.objects.filter(source=source).delete()
    save_source_parts(source, document, user)
    works.match_new_source(source)
    return replace_passages(source, old, document, user)


def replace_passages(source, old, document, user):
    """The passages of the new reading in place of the old ones (see replace_file)."""
    pairs = align([p.text for p in old], [part.text for part in document.parts])
    # Out of the way of the new positions (1…n), and of the old ones while rows move one at a time
    shift = max((p.position for p in old), default=0) + len(document.parts)
    source.passages.update(position=F("position") + shift)
    passages = new_passages(source, document)
    kept = []
    for old_index, new_index in pairs:
        if old_index is not None and new_index is not None:
            passages[new_index] = continued(old[old_index], passages[new_index])
            kept.append(passages[new_index])
    Note.objects.filter(passage__in=kept).delete()
    bulk_update_with_history(kept, Passage, [*REPLACED_FIELDS, "language"], default_user=user)
    added = bulk_create_with_history([p for p in passages if p.pk is None], Passage, default_user=user)
    outcome = Replacement(kept=len(kept), added=len(added))
    for annotation in Annotation.objects.filter(passage__in=kept).select_related("passage"):
        follow_text(annotation, annotation.passage, outcome)
    successor = {old[i].pk: passages[j] for i, j in successors(pairs, len(passages)).items()}
    outcome.removed = len(successor)
    outcome.links_removed = sum(
        kind.link_model.objects.filter(passage_id__in=successor).count() for kind in TAXONOMY
    )
    for annotation in Annotation.objects.filter(passage_id__in=successor):
        follow_text(annotation, successor[annotation.passage_id], outcome)
    Passage.objects.filter(pk__in=successor).delete()
    save_notes(passages, document.parts, user)
    reach.record(Passage, [*successor, *(p.pk for p in passages)])
    links.propose(passages)
    acts.cite(passages)
    return outcome


def continued(passage, new):
    """The old passage with the new reading's text, place and structure, as its next version;
    its language too, unless an editor set it."""
    for name in REPLACED_FIELDS:
        setattr(passage, name, getattr(new, name))
    if not passage.language_set_by_editor:
        passage.language = new.language
    passage.version += 1
    return passage


def follow_text(annotation, passage, outcome):
    """An annotation moved onto passage (unless it is there), its quoted words found again in the
    passage's text or flagged as gone; outcome counts which."""
    moved = annotation.passage_id != passage.pk
    annotation.passage = passage
    changed = bool(annotation.quote) and annotations.follow_text(annotation, passage.text)
    if annotation.quote:
        outcome.orphaned += annotation.is_orphaned
        outcome.reanchored += not annotation.is_orphaned
    if moved or changed:
        annotation.save()


def fill_source(source, document, data, file_name, record, public):
    """Set a source's record, text and original file from an import."""
    for name in RECORD_FIELDS:
        setattr(source, name, record[name])
    source.file_name = Path(file_name).name
    source.raw_text = document.raw_text
    source.checksum = document.checksum
    source.original = store_original(data, file_name, document.checksum)
    source.original_public = public


def store_original(data, file_name, digest):
    """The file kept in the storage, named by its checksum (so a retried import writes it once);
    the name Source.original takes."""
    field = Source._meta.get_field("original")
    name = field.generate_filename(None, digest + Path(file_name).suffix.lower())
    if not field.storage.exists(name):
        name = field.storage.save(name, ContentFile(data))
    return name


def set_creators(source, creators):
    source.creators.all().delete()
    Creator.objects.bulk_create(
        Creator(source=source, position=n, family_name=family, given_names=given, role=role)
        for n, (family, given, role) in enumerate(creators, start=1)
    )


def save_source_parts(source, document, user):
    """The abstracts, keywords and references of the document, as parts of the source."""
    front = document.front
    abstracts = [
        Abstract(source=source, position=n, language=language, text=text)
        for n, (language, text) in enumerate(front.abstracts.items(), start=1)
    ]
    keywords = [
        Keyword(source=source, position=n, language=language, text=text[:200])
        for n, (language, text) in enumerate(
            ((language, word) for language, words in front.keywords.items() for word in words), start=1
        )
    ]
    references = [
        Reference(source=source, position=n, text=text) for n, text in enumerate(document.references, start=1)
    ]
    for model, objects in ((Abstract, abstracts), (Keyword, keywords), (Reference, references)):
        bulk_create_with_history(objects, model, default_user=user)


def new_passages(source, document):
    """Unsaved passages of the document's parts, numbered from 1."""
    return [
        Passage(
            source=source,
            position=position,
            kind=part.kind,
            text=part.text,
            start=part.start,
            end=part.end,
            language=part.language or document.language,
            level=part.level,
            rows=[list(row) for row in part.rows],
            page_start=part.page_start,
            page_end=part.page_end,
            label_start=part.label_start or "",
            label_end=part.label_end or "",
        )
        for position, part in enumerate(document.parts, start=1)
    ]


def save_notes(passages, parts, user):
    """The notes of each part, on its saved passage; a note's language is told from its words."""
    notes = [
        Note(
            passage=passage,
            position=n,
            kind=note.kind,
            mark=note.mark[:20],
            offset=min(note.offset, len(passage.text)),
            text=note.text,
            language=detect_language(note.text) or passage.language,
            page=note.page,
        )
        for passage, part in zip(passages, parts, strict=True)
        for n, note in enumerate(part.notes, start=1)
    ]
    bulk_create_with_history(notes, Note, default_user=user)


def refuse_if_imported(digest):
    existing = Source.objects.filter(checksum=digest).first()
    if existing:
        raise SourceFileError("already_imported", title=existing.title)


def free_title(title):
    """The title, refused when another source has it."""
    title = title.strip()
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
