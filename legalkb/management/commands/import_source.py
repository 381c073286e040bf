from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from legalkb.ingest import import_source
from legalkb.models import Language, Source
from legalkb.text.pipeline import SourceFileError


class Command(BaseCommand):
    help = "Import a source file (.txt, .docx or .pdf): repair, segment into passages, tag and index."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--title")
        parser.add_argument("--language", choices=Language.values)
        parser.add_argument("--year", type=int)
        parser.add_argument("--kind", choices=Source.Kind.values, default=Source.Kind.ARTICLE)

    def handle(self, path, title, language, year, kind, **options):
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        try:
            result = import_source(data, path.name, title=title, language=language, year=year, kind=kind)
        except SourceFileError as error:
            raise CommandError(f"{path.name}: {error}") from None
        source = result.source
        if result.created:
            self.stdout.write(f"Imported «{source.title}»: {source.passages.count()} passages.")
        else:
            self.stdout.write(f"Already imported as «{source.title}»; nothing changed.")
