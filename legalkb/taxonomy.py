"""Load the curated vocabularies (fixtures/taxonomy.json, fixtures/glossary.json)
without undoing editors' work."""

import json

from simple_history.utils import bulk_create_with_history

from .kinds import TAXONOMY
from .models import GlossaryTerm, Principle

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


def load_glossary(path):
    """Add the glossary's kk/ru/en term triples that are not there yet; terms editors
    changed or removed are left as they are. Returns how many were added."""
    notes = {
        (item["kk"], item.get("ru", ""), item.get("en", "")): item.get("note", "")
        for item in json.loads(path.read_text(encoding="utf-8"))
    }
    existing = set(GlossaryTerm.objects.values_list("kk", "ru", "en"))
    new = [
        GlossaryTerm(kk=kk, ru=ru, en=en, note=notes[kk, ru, en])
        for kk, ru, en in sorted(notes.keys() - existing)
    ]
    for term in new:
        term.set_collation_key()
    bulk_create_with_history(new, GlossaryTerm)
    return len(new)
