from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from legalkb.ingest import RECORD_FIELDS, dropped_reason, import_source, notice_message
from legalkb.models import Language, Source
from legalkb.text.pipeline import SourceFileError


class Command(BaseCommand):
    help = (
        "Import a source file (.txt, .docx or .pdf; a scan's text is recognised): read its structure "
        "and title page, segment into passages, tag and index. Without --title and the other options, "
        "the record comes from the file's title page; what was found is printed. --replaces SLUG "
        "imports a corrected file in place of a source's."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--title")
        parser.add_argument("--language", choices=Language.values)
        parser.add_argument("--year", type=int)
        parser.add_argument(
            "--kind", choices=Source.Kind.values, help="Default: as the file says, else article."
        )
        parser.add_argument("--replaces", metavar="SLUG", help="The source whose file this one replaces.")
        parser.add_argument("--public", action="store_true", help="Readers may download the file.")

    def handle(self, *args, **options):
        with translation.override("en"):  # what it prints, as every command does
            self.import_file(*args, **options)

    def import_file(self, path, title, language, year, kind, replaces, public, **options):
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        replaced = None
        if replaces:
            replaced = Source.objects.filter(slug=replaces).first()
            if replaced is None:
                raise CommandError(f"No source has the address name «{replaces}».")
        try:
            result = import_source(
                data,
                path.name,
                title=title,
                language=language,
                year=year,
                kind=kind,
                replaces=replaced,
                public=public,
            )
        except SourceFileError as error:
            raise CommandError(f"{path.name}: {error}") from None
        source = result.source
        if result.document is None:
            self.stdout.write(f"Already imported as «{source.title}»; nothing changed.")
            return
        self.describe(result.document, source)
        if result.replacement:
            done = result.replacement
            self.stdout.write(
                f"Replaced the file of «{source.title}»: {done.kept} passages kept at their addresses, "
                f"{done.added} added, {done.removed} removed (with {done.links_removed} links); "
                f"annotations: {done.reanchored} found again, {done.orphaned} flagged as gone."
            )
        else:
            self.stdout.write(f"Imported «{source.title}»: {source.passages.count()} passages.")

    def describe(self, document, source):
        """What was found in the file: the record, the parts, and what was left out of the text."""
        if document.recognised:
            self.stdout.write("The file is a scan: its text was recognised (OCR).")
        for name in RECORD_FIELDS:
            field = Source._meta.get_field(name)
            value = dict(field.flatchoices).get(getattr(source, name), getattr(source, name))
            if value not in ("", None):
                self.stdout.write(f"  {field.verbose_name}: {value}")
        for creator in source.creators.all():
            self.stdout.write(f"  {creator.get_role_display()}: {creator}")
        kinds = [part.kind for part in document.parts]
        notes = sum(len(part.notes) for part in document.parts)
        self.stdout.write(
            f"  {len(kinds)} passages ({kinds.count('heading')} headings, {kinds.count('table')} tables, "
            f"{kinds.count('list_item')} list items), {notes} notes, {len(document.references)} references, "
            f"{len(document.dropped)} lines left out of the text"
        )
        examples = {}
        for line in document.dropped:
            examples.setdefault(line.reason, []).append(line)
        for reason, lines in examples.items():
            self.stdout.write(
                f"    {len(lines)} × {dropped_reason(reason)}, e.g. «{lines[0].text}» (page {lines[0].page})"
            )
        for notice in document.notices:
            self.stdout.write(f"  Check: {notice_message(notice.code, notice.params)}")
