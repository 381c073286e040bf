"""Load the curated taxonomy (fixtures/taxonomy.json) without undoing editors' work."""

import json

from .models import TAXONOMY, Principle

PARENT = "parent"


def load_taxonomy(path):
    """Create the entries that do not exist yet; existing ones, which editors may
    have corrected, are left as they are. Returns how many were created."""
    data = json.loads(path.read_text(encoding="utf-8"))
    created = []
    for kind in TAXONOMY:
        fields = {f.name for f in kind.entry_model._meta.concrete_fields} - {"id", "slug", PARENT}
        for item in data.get(kind.plural, []):
            defaults = {name: value for name, value in item.items() if name in fields and value is not None}
            entry, was_created = kind.entry_model.objects.get_or_create(slug=item["slug"], defaults=defaults)
            if was_created:
                created.append((item, entry))
    for item, entry in created:
        if item.get(PARENT):
            entry.parent = Principle.objects.get(slug=item[PARENT])
            entry.save(update_fields=[PARENT])
    return len(created)
