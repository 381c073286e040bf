"""Saving or deleting a row of a model that search documents hold (legalkb.search.reach)
records the passages it reaches in the indexing outbox, in the same transaction, when a field
the documents hold changed; the worker indexes them (legalkb.search.outbox), so the index never
shows what was rolled back and never misses what was committed."""

from django.db.models import signals
from haystack.signals import BaseSignalProcessor

from .search import reach

BEFORE = "_searched_values"  # on an instance being saved: its searched fields as stored


class PassageSignalProcessor(BaseSignalProcessor):
    HANDLERS = (
        (signals.pre_save, "remember"),
        (signals.post_save, "saved"),
        (signals.pre_delete, "deleting"),
    )

    def setup(self):
        for model in reach.BY_MODEL:
            for signal, handler in self.HANDLERS:
                signal.connect(getattr(self, handler), sender=model)

    def teardown(self):
        for model in reach.BY_MODEL:
            for signal, handler in self.HANDLERS:
                signal.disconnect(getattr(self, handler), sender=model)

    def remember(self, sender, instance, update_fields=None, **kwargs):
        """The searched fields as stored, to tell after the save whether one changed."""
        fields = reach.BY_MODEL[sender].fields
        if instance.pk is not None and (update_fields is None or fields & _attnames(sender, update_fields)):
            stored = sender._default_manager.filter(pk=instance.pk).values(*fields).first()
            setattr(instance, BEFORE, stored)

    def saved(self, sender, instance, created, **kwargs):
        before = instance.__dict__.pop(BEFORE, None)
        fields = reach.BY_MODEL[sender].fields
        if created or before is None:
            changed = None if created else ()
        else:
            changed = [name for name in fields if getattr(instance, name) != before[name]]
        reach.record(sender, [instance.pk], changed)

    def deleting(self, sender, instance, **kwargs):
        reach.record(sender, [instance.pk])


def _attnames(model, names):
    return {model._meta.get_field(name).attname for name in names}
