from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from legalkb.backup import RestoreRefused, restore


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database, then rebuild the search index."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)

    def handle(self, archive, **options):
        try:
            restore(archive)
        except RestoreRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {archive}.")
