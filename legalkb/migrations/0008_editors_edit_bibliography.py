"""Editors complete the bibliographic records of sources: they change sources (never delete one)
and add, change and remove their creators."""

from django.db import migrations

from ._editors import editors_permissions

PERMISSIONS = ["change_source", *(f"{action}_creator" for action in ("view", "add", "change", "delete"))]


class Migration(migrations.Migration):
    dependencies = [("legalkb", "0007_source_bibliography")]

    operations = [migrations.RunPython(*editors_permissions(PERMISSIONS))]
