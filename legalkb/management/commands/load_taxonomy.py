from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from legalkb import links
from legalkb.models import Passage
from legalkb.taxonomy import load_taxonomy


class Command(BaseCommand):
    help = "Load the taxonomy (new entries only) and propose automatic links for all passages."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", type=Path, nargs="?", default=settings.BASE_DIR / "fixtures" / "taxonomy.json"
        )

    def handle(self, path, **options):
        created = load_taxonomy(path)
        linked = links.propose(Passage.objects.all())
        self.stdout.write(f"Taxonomy: {created} new entries; tagger: {linked} new links.")
