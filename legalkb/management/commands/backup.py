from pathlib import Path

from django.core.management.base import BaseCommand

from legalkb.backup import BACKUP_DIR, backup


class Command(BaseCommand):
    help = "Write the database content and the source files into a timestamped archive."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=BACKUP_DIR, help="Folder for the archive.")

    def handle(self, dir, **options):
        self.stdout.write(str(backup(dir)))
