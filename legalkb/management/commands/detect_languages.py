from django.core.management.base import BaseCommand

from legalkb.ingest import detect_languages
from legalkb.models import Source


class Command(BaseCommand):
    help = (
        "Tell the language of every passage again with the current language detection (for passages "
        "imported by an older version); a language an editor set is kept."
    )

    def handle(self, verbosity=1, **options):
        changed = detect_languages(Source.objects.all())
        if verbosity >= 1:
            self.stdout.write(f"Changed the language of {changed} passages.")
