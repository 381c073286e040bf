"""Editors correct the notes of passages and the abstracts, keywords and references of sources."""

from django.db import migrations

from ._editors import editors_permissions

PERMISSIONS = [
    f"{action}_{model}"
    for model in ("note", "abstract", "keyword", "reference")
    for action in ("view", "add", "change", "delete")
]


class Migration(migrations.Migration):
    dependencies = [("legalkb", "0016_document_structure")]

    operations = [migrations.RunPython(*editors_permissions(PERMISSIONS))]
