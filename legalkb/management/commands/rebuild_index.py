from django.core.management.base import BaseCommand, CommandError

from legalkb.search.rebuild import BATCH, rebuild
from legalkb.search.storage import RebuildRunning


class Command(BaseCommand):
    help = (
        "Build a new search index from the database beside the live one and switch to it in one "
        "step; searches keep reading the old index until then."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive",
            help="Accepted for Haystack's command line; the rebuild never asks anything.",
        )
        parser.add_argument(
            "--workers", type=int, help="Processes that analyse passages (default: one per core)."
        )

        parser.add_argument(
            "--batch-size", type=int, default=BATCH, help=f"Passages per writer session (default {BATCH})."
        )

    def handle(self, workers=None, batch_size=BATCH, verbosity=1, **options):
        def progress(done, total):
            if verbosity >= 2:
                self.stdout.write(f"  {done} of {total} passages")

        try:
            count = rebuild(workers, progress, batch_size)
        except RebuildRunning as error:
            raise CommandError(str(error)) from None
        if verbosity >= 1:
            self.stdout.write(f"Indexed {count} passages; the new index is live.")
