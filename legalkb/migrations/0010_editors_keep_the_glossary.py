"""Editors keep the kk/ru/en glossary: they add, change and remove its terms (with history)."""

from django.db import migrations

from ._editors import editors_permissions

PERMISSIONS = [f"{action}_glossaryterm" for action in ("view", "add", "change", "delete")]


class Migration(migrations.Migration):
    dependencies = [("legalkb", "0009_glossary")]

    operations = [migrations.RunPython(*editors_permissions(PERMISSIONS))]
