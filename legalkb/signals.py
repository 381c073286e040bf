"""Saving or deleting a passage, or changing its links, updates the index at once
(after the transaction commits, so the index never shows what was rolled back)."""

from django.db import transaction
from django.db.models import signals
from haystack.signals import BaseSignalProcessor
from haystack.utils import get_identifier

from .indexing import index_passages, unindex_passage
from .models import LINK_MODELS, Passage


class PassageSignalProcessor(BaseSignalProcessor):
    def setup(self):
        signals.post_save.connect(self.passage_saved, sender=Passage)
        signals.post_delete.connect(self.passage_deleted, sender=Passage)
        for model in LINK_MODELS.values():
            signals.post_save.connect(self.link_changed, sender=model)
            signals.post_delete.connect(self.link_changed, sender=model)

    def teardown(self):
        signals.post_save.disconnect(self.passage_saved, sender=Passage)
        signals.post_delete.disconnect(self.passage_deleted, sender=Passage)
        for model in LINK_MODELS.values():
            signals.post_save.disconnect(self.link_changed, sender=model)
            signals.post_delete.disconnect(self.link_changed, sender=model)

    def passage_saved(self, sender, instance, **kwargs):
        transaction.on_commit(lambda: index_passages([instance]))

    def passage_deleted(self, sender, instance, **kwargs):
        identifier = get_identifier(instance)  # Django clears the pk once the row is gone
        transaction.on_commit(lambda: unindex_passage(identifier))

    def link_changed(self, sender, instance, **kwargs):
        passage_id = instance.passage_id
        transaction.on_commit(lambda: index_passages([Passage(pk=passage_id)]))
