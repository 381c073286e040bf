from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from legalkb import links
from legalkb.models import Passage
from legalkb.taxonomy import load_glossary, load_taxonomy

FIXTURES = settings.BASE_DIR / "fixtures"


class Command(BaseCommand):
    help = (
        "Load the taxonomy and the kk/ru/en glossary (new entries only) and propose automatic "
        "links for all passages."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, nargs="?", default=FIXTURES / "taxonomy.json")
        parser.add_argument("--glossary", type=Path, default=FIXTURES / "glossary.json")

    def handle(self, path, glossary, **options):
        created = load_taxonomy(path)
        terms = load_glossary(glossary)
        linked = links.propose(Passage.objects.all())
        self.stdout.write(
            f"Taxonomy: {created} new entries; glossary: {terms} new terms; tagger: {linked} new links."
        )
