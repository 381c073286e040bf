"""Run by tests/test_search_index.py in separate processes: save passages (each save
updates the index through the signal processor) with a marker word in their text."""

import os
import sys

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legalkb.settings")
django.setup()

from legalkb.models import Passage  # noqa: E402

writer, count = sys.argv[1], int(sys.argv[2])
passages = list(Passage.objects.order_by("pk"))
for i in range(count):
    passage = passages[(i * 2 + (writer == "b")) % len(passages)]
    passage.text = f"{passage.text} белгі{writer}{i}"
    passage.save()
print("done", writer)
