from django.core.management.base import BaseCommand, CommandError

from legalkb.search.outbox import backend
from legalkb.search.storage import RebuildRunning


class Command(BaseCommand):
    help = "Remove what killed rebuilds left (folders, Solr collections) and replaced indexes none reads."

    def add_arguments(self, parser):
        parser.add_argument(
            "--grace", type=int, default=600,
            help="Seconds a replaced index is kept for searches that opened it (default 600).",
        )

    def handle(self, grace, verbosity=1, **options):
        try:
            removed = backend().store.clean(grace)
        except RebuildRunning as error:
            raise CommandError(str(error)) from None
        if verbosity >= 1:
            self.stdout.write(f"Removed {len(removed)} index generations: {', '.join(removed) or 'none'}.")
