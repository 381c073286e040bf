from django.core.management.base import BaseCommand

from legalkb.models import Reference
from legalkb.works import match


class Command(BaseCommand):
    help = (
        "Match every reference no editor has decided on against the sources of the knowledge base "
        "again (after sources were imported, corrected or withdrawn)."
    )

    def handle(self, verbosity=1, **options):
        matched = match(Reference.objects.all())
        if verbosity >= 1:
            self.stdout.write(f"{matched} references cite a source they did not cite before.")
