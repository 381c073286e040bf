"""Saving or deleting a passage, or changing one of its links or notes, records the passage in the
indexing outbox in the same transaction; it is indexed once the transaction commits, so
the index never shows what was rolled back and never misses what was committed."""

from django.db.models import signals
from haystack.signals import BaseSignalProcessor

from .models import TAXONOMY, Note, Passage
from .search import outbox


class PassageSignalProcessor(BaseSignalProcessor):
    def watched(self):
        yield Passage, self.passage_changed
        yield Note, self.part_changed
        for kind in TAXONOMY:
            yield kind.link_model, self.part_changed

    def setup(self):
        for model, handler in self.watched():
            signals.post_save.connect(handler, sender=model)
            signals.post_delete.connect(handler, sender=model)

    def teardown(self):
        for model, handler in self.watched():
            signals.post_save.disconnect(handler, sender=model)
            signals.post_delete.disconnect(handler, sender=model)

    def passage_changed(self, sender, instance, **kwargs):
        outbox.record([instance.pk])

    def part_changed(self, sender, instance, **kwargs):
        outbox.record([instance.passage_id])
