from django.core.management.base import BaseCommand, CommandError

from legalkb.search.rebuild import bring_up_to_date
from legalkb.search.storage import RebuildRunning


class Command(BaseCommand):
    help = (
        "Bring the search index up to date: build it if it is missing or was built by another "
        "version, then index every change waiting in the indexing outbox."
    )

    def handle(self, verbosity=1, **options):
        try:
            rebuilt, count = bring_up_to_date()
        except RebuildRunning as error:
            raise CommandError(str(error)) from None
        if verbosity >= 1:
            action = "Built a new index with" if rebuilt else "Indexed"
            self.stdout.write(f"{action} {count} passages.")
