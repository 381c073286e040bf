"""Optimistic locking of edits: a copy of a row carries the version it was read at, and saving
it over a newer version is refused, so that no one's save silently overwrites another's.

The rule for every path that saves: Passage.save claims the next version in one UPDATE
(compare-and-increment, which no race can slip between); the admin's form checks the version
it was read at before saving, to keep the editor's input on the page with the refusal."""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

REFUSED = _("Someone else saved this passage while you were editing; your changes are not saved.")


class StaleVersion(Exception):
    """The row was saved by someone else since this copy of it was read."""

    def __init__(self, instance):
        super().__init__(f"{instance} was saved by someone else since version {instance.version}.")
        self.instance = instance


def check_version(instance, version):
    """Raise StaleVersion unless instance's stored row is still at version."""
    if not _stored_at(instance, version).exists():
        raise StaleVersion(instance)


def claim_next_version(instance):
    """Raise the stored version from instance.version to the next one in one UPDATE, or raise
    StaleVersion when someone else saved since; call it in the transaction that saves."""
    if not _stored_at(instance, instance.version).update(version=F("version") + 1):
        raise StaleVersion(instance)
    instance.version += 1


def _stored_at(instance, version):
    return type(instance)._default_manager.filter(pk=instance.pk, version=version)
