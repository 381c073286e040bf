"""Editors follow the imports they and others started (the import jobs' pages)."""

from django.db import migrations

from ._editors import editors_permissions

PERMISSIONS = ["view_importjob"]


class Migration(migrations.Migration):
    dependencies = [("legalkb", "0011_withdrawal_editor_language_import_jobs_names")]

    operations = [migrations.RunPython(*editors_permissions(PERMISSIONS))]
