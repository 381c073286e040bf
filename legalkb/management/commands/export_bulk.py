from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from legalkb.bulk import export_bulk


class Command(BaseCommand):
    help = (
        "Write the public knowledge base as JSON Lines (sources, passages, taxonomy, acts) and a "
        "manifest with each file's count, size and SHA-256 into a folder (docs/bulk.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, type=Path, help="A folder (made if need be).")

    def handle(self, output, verbosity=1, **options):
        if output.exists() and not output.is_dir():
            raise CommandError(f"{output} is a file, not a folder: give a folder to write the export into.")
        manifest = export_bulk(output)
        if verbosity >= 1:
            for name, written in manifest["files"].items():
                self.stdout.write(f"{output / name}: {written['records']} records, {written['bytes']} bytes")
