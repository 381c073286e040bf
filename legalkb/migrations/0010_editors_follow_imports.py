"""Editors follow the imports they and others started (the import jobs' pages)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = ["view_importjob"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="Editors").permissions.add(
        *Permission.objects.filter(content_type__app_label="legalkb", codename__in=PERMISSIONS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="Editors").permissions.remove(
        *Permission.objects.filter(content_type__app_label="legalkb", codename__in=PERMISSIONS)
    )


class Migration(migrations.Migration):
    dependencies = [("legalkb", "0009_withdrawal_editor_language_import_jobs_names")]

    operations = [migrations.RunPython(grant, revoke)]
