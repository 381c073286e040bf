"""Load the curated taxonomy (fixtures/taxonomy.json) without undoing editors' work."""

import json

from .models import Author, Principle, Reform

FIELDS = {
    "principles": (Principle, ["name_kk", "name_ru", "name_en", "description", "aliases"]),
    "authors": (Author, ["full_name", "short_forms", "aliases", "role", "country", "description"]),
    "reforms": (Reform, ["name_kk", "name_ru", "name_en", "year", "kind", "description", "aliases"]),
}


def load_taxonomy(path):
    """Create the entries that do not exist yet; existing ones, which editors may
    have corrected, are left as they are. Returns how many were created."""
    data = json.loads(path.read_text(encoding="utf-8"))
    created = []
    for key, (model, fields) in FIELDS.items():
        for item in data.get(key, []):
            defaults = {f: item[f] for f in fields if item.get(f) is not None}
            entry, was_created = model.objects.get_or_create(slug=item["slug"], defaults=defaults)
            if was_created:
                created.append((item, entry))
    for item, entry in created:
        if item.get("parent"):
            entry.parent = Principle.objects.get(slug=item["parent"])
            entry.save(update_fields=["parent"])
    return len(created)
