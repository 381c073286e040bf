"""An editor in a separate process, for the concurrency tests: for a number of rounds,
append a marker word to a passage and add, reject or confirm a principle link on it.
Editor "a" works on even passages and "b" on odd ones. Prints the markers it saved."""

import json
import os
import sys

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legalkb.settings")
django.setup()

from legalkb.models import Passage, Principle, PrincipleLink, TaxonomyLink  # noqa: E402

name, rounds = sys.argv[1], int(sys.argv[2])
passage_ids = list(Passage.objects.order_by("pk").values_list("pk", flat=True))[name == "b" :: 2]
principle_ids = list(Principle.objects.order_by("pk").values_list("pk", flat=True))
markers = []
for i in range(rounds):
    passage = Passage.objects.get(pk=passage_ids[i % len(passage_ids)])
    marker = f"белгі{name}{i}"
    passage.text = f"{passage.text} {marker}"
    passage.save()
    markers.append(marker)
    link, created = PrincipleLink.objects.get_or_create(
        passage=passage, principle_id=principle_ids[i % len(principle_ids)]
    )
    if not created:
        rejected = link.status == TaxonomyLink.Status.REJECTED
        link.status = TaxonomyLink.Status.CONFIRMED if rejected else TaxonomyLink.Status.REJECTED
        link.save()
print(json.dumps(markers, ensure_ascii=False))
