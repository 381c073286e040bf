"""Saving or deleting a passage, or changing one of its links, records the passage in the
indexing outbox in the same transaction; it is indexed once the transaction commits, so
the index never shows what was rolled back and never misses what was committed."""

from django.db.models import signals
from haystack.signals import BaseSignalProcessor

from .models import TAXONOMY, Passage
from .search import outbox


class PassageSignalProcessor(BaseSignalProcessor):
    def watched(self):
        yield Passage, self.passage_changed
        for kind in TAXONOMY:
            yield kind.link_model, self.link_changed

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

    def link_changed(self, sender, instance, **kwargs):
        outbox.record([instance.passage_id])
