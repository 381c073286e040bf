from django.core.management.base import BaseCommand
from django.db import transaction

from legalkb.acts import cite_all
from legalkb.search import outbox


class Command(BaseCommand):
    help = (
        "Find the acts every passage cites again with the current patterns (after an upgrade that "
        "reads more citation forms); the passages whose citations changed are indexed again."
    )

    def handle(self, verbosity=1, **options):
        with transaction.atomic():
            changed = cite_all()
            outbox.record(changed)
        if verbosity >= 1:
            self.stdout.write(f"The citations of {len(changed)} passages changed.")
